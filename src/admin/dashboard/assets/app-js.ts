/** The dashboard's script (served as /assets/app.js; no build step, no framework, DOM text only: never innerHTML). */
export const APP_JS = String.raw`'use strict';
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function row(cells) { var tr = document.createElement('tr'); cells.forEach(function (c) { var td = el('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c); tr.appendChild(td); }); return tr; }
  function api(path, opts) {
    opts = opts || {};
    var headers = { accept: 'application/json' };
    if (opts.body !== undefined) { headers['content-type'] = 'application/json'; headers['x-csrf-token'] = csrf; }
    return fetch(path, { method: opts.method || 'GET', headers: headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 401) { location.href = '/login'; throw new Error('login required'); }
        return r.json().then(function (j) { if (!r.ok) { var e = new Error(j && j.error ? j.error.code + ': ' + j.error.message + (j.error.where ? ' (' + j.error.where.name + ')' : '') : 'HTTP ' + r.status); throw e; } return j; });
      });
  }
  function isoOf(v) { if (!v) return ''; var d = new Date(v); return isNaN(d.getTime()) ? v : d.toISOString(); }
  function query(form, extra) {
    var p = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || !f.value) return;
      p.set(f.name, f.type === 'datetime-local' ? isoOf(f.value) : f.value);
    });
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p;
  }

  // --- live feed (server-sent events) ---
  var feedList = $('feed-list');
  function feedItem(ev) {
    var li;
    if (ev.kind === 'alert') li = el('li', ev.time + '  ALERT ' + ev.severity + '  ' + ev.alert + '  ' + ev.code + (ev.route ? '  route ' + ev.route : '') + (ev.principal ? '  user ' + ev.principal : ''), 'alert');
    else li = el('li', ev.time + '  ' + ev.method + ' ' + ev.route + '  ' + ev.status + '  ' + ev.outcome + '  ' + ev.code + (ev.user ? '  user ' + ev.user : '') + '  id ' + ev.requestId, ev.outcome === 'denied' ? 'denied' : 'allowed');
    li.setAttribute('data-kind', ev.kind);
    feedList.insertBefore(li, feedList.firstChild);
    while (feedList.children.length > 100) feedList.removeChild(feedList.lastChild);
  }
  var es = new EventSource('/api/feed');
  es.addEventListener('open', function () { $('feed-status').textContent = 'connected'; });
  es.addEventListener('error', function () { $('feed-status').textContent = 'reconnecting...'; });
  ['decision', 'alert'].forEach(function (k) { es.addEventListener(k, function (m) { try { feedItem(JSON.parse(m.data)); } catch (e) { /* ignore a bad event */ } }); });

  // --- audit explorer ---
  var cursor = null;
  function loadExplorer(append) {
    var form = $('explorer-form');
    var p = query(form, append && cursor ? { cursor: cursor } : {});
    $('explorer-status').textContent = 'loading...';
    api('/api/audit?' + p.toString()).then(function (j) {
      var body = $('explorer-table').tBodies[0];
      if (!append) body.textContent = '';
      j.rows.forEach(function (r) { body.appendChild(row([r.index, r.date, r.type, r.user, r.patients.join(' '), r.route, r.outcome, r.status, r.description])); });
      cursor = j.next;
      $('explorer-next').hidden = !cursor;
      $('explorer-status').textContent = body.rows.length + ' record(s) shown' + (cursor ? '; more available' : '') + (j.refs && j.refs.patient ? '; patient filter = ' + j.refs.patient : '') + (j.refs && j.refs.user ? '; user filter = ' + j.refs.user : '');
    }).catch(function (e) { $('explorer-status').textContent = 'Error: ' + e.message; });
  }
  $('explorer-form').addEventListener('submit', function (e) { e.preventDefault(); cursor = null; loadExplorer(false); });
  $('explorer-next').addEventListener('click', function () { loadExplorer(true); });

  // --- disclosures ---
  $('disclosures-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var p = query(e.target);
    $('disclosures-status').textContent = 'loading...';
    api('/api/disclosures?' + p.toString()).then(function (j) {
      var body = $('disclosures-table').tBodies[0];
      body.textContent = '';
      j.rows.forEach(function (r) { body.appendChild(row([r.index, r.date, (r.user || '') + (r.roles.length ? ' (' + r.roles.join(', ') + ')' : ''), r.purpose, r.description, r.outcome])); });
      $('disclosures-status').textContent = j.rows.length + ' disclosure(s) for ' + j.patient + (j.truncated ? ' (truncated)' : '');
      ['csv', 'fhir'].forEach(function (f) { var a = $('disclosures-' + f); var q = new URLSearchParams(p); q.set('format', f); a.href = '/api/disclosures?' + q.toString(); a.hidden = false; });
    }).catch(function (err) { $('disclosures-status').textContent = 'Error: ' + err.message; });
  });

  // --- break-glass review ---
  function loadQueue() {
    api('/api/breakglass').then(function (j) {
      var body = $('breakglass-table').tBodies[0];
      body.textContent = '';
      j.open.forEach(function (r) {
        var f = el('form', undefined, 'review');
        var lab = el('label', 'Note '); var note = el('input'); note.name = 'note'; note.maxLength = 280; note.required = true; lab.appendChild(note);
        var ok = el('button', 'Approve'); ok.type = 'submit'; ok.value = 'approve';
        var flag = el('button', 'Flag'); flag.type = 'submit'; flag.value = 'flag';
        f.appendChild(lab); f.appendChild(ok); f.appendChild(flag);
        f.addEventListener('submit', function (e) {
          e.preventDefault();
          var decision = e.submitter && e.submitter.value === 'flag' ? 'flag' : 'approve';
          api('/api/breakglass/review', { method: 'POST', body: { entry: r.index, decision: decision, note: note.value } })
            .then(function (res) { $('breakglass-status').textContent = 'Recorded: entry ' + res.entry + ' ' + res.decision + ' (audit entry ' + res.index + ')'; loadQueue(); })
            .catch(function (err) { $('breakglass-status').textContent = 'Error: ' + err.message; });
        });
        body.appendChild(row([r.index, r.date, r.user, r.patients.join(' '), r.breakGlass, r.route, f]));
      });
      var rb = $('reviewed-table').tBodies[0];
      rb.textContent = '';
      j.reviewed.forEach(function (v) { rb.appendChild(row([v.entry, v.decision, v.note, v.date])); });
      if (!$('breakglass-status').textContent) $('breakglass-status').textContent = j.open.length + ' open';
    }).catch(function (e) { $('breakglass-status').textContent = 'Error: ' + e.message; });
  }

  // --- integrity ---
  function loadIntegrity() {
    api('/api/integrity').then(function (j) {
      var dl = $('integrity-list'); dl.textContent = '';
      function item(k, v) { dl.appendChild(el('dt', k)); dl.appendChild(el('dd', v)); }
      item('Store', j.store);
      item('Entries', j.size);
      item('Latest checkpoint', j.checkpoint ? 'size ' + j.checkpoint.size + (j.checkpoint.time ? ' at ' + j.checkpoint.time : '') + (j.checkpoint.root ? ', root ' + j.checkpoint.root.slice(0, 16) + '...' : '') : 'none yet');
      item('Last verification', j.verify ? (j.verify.ok ? 'intact' : 'FAILED') + ' at ' + j.verify.at + ' (' + j.verify.ageSeconds + ' s ago)' : 'not run yet');
      item('Periodic verification', j.periodic ? 'on' : 'off');
    }).catch(function (e) { $('integrity-status').textContent = 'Error: ' + e.message; });
  }
  $('verify-now').addEventListener('click', function () {
    $('integrity-status').textContent = 'verifying...';
    api('/api/integrity/verify', { method: 'POST', body: {} }).then(function (r) { $('integrity-status').textContent = r.ok ? 'Intact: ' + r.entries + ' entries' : 'Verification FAILED'; loadIntegrity(); })
      .catch(function (e) { $('integrity-status').textContent = 'Error: ' + e.message; });
  });

  // --- charts: SVG bars drawn from server buckets, with the table as the accessible fallback ---
  var SVG = 'http://www.w3.org/2000/svg';
  function loadCharts() {
    api('/api/charts?hours=24').then(function (j) {
      var max = 1; j.buckets.forEach(function (b) { if (b.requests > max) max = b.requests; });
      var w = 24, h = 120, svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + (j.buckets.length * w) + ' ' + h); svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', 'Requests (grey) and violations (red) per hour; the table below has the numbers');
      var tb = $('chart-table').tBodies[0]; tb.textContent = '';
      j.buckets.forEach(function (b, i) {
        [['requests', 'bar-req', 0], ['denied', 'bar-den', w / 2]].forEach(function (s) {
          var r = document.createElementNS(SVG, 'rect'); var bh = Math.round((b[s[0]] / max) * (h - 10));
          r.setAttribute('x', String(i * w + s[2] + 1)); r.setAttribute('y', String(h - bh)); r.setAttribute('width', String(w / 2 - 2)); r.setAttribute('height', String(bh)); r.setAttribute('class', s[1]);
          svg.appendChild(r);
        });
        tb.appendChild(row([b.start.slice(0, 13) + ':00', b.requests, b.denied, b.breakGlass]));
      });
      var c = $('chart'); c.textContent = ''; c.appendChild(svg);
    }).catch(function () { /* the table stays empty */ });
  }

  loadExplorer(false); loadQueue(); loadIntegrity(); loadCharts();
  setInterval(function () { loadIntegrity(); loadCharts(); }, 30000);
})();
`;
