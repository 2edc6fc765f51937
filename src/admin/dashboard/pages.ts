/**
 * The dashboard's two HTML pages, plain and accessible (landmarks, labels, captions, a live region
 * for the feed). No inline script or style: the CSP allows only /assets/app.js and /assets/app.css.
 * The only value interpolated is the session's CSRF token (base64url, escaped anyway).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const head = (title: string, csrf?: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${csrf ? `<meta name="csrf-token" content="${esc(csrf)}">\n` : ''}<title>${esc(title)}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>`;

export function loginPage(failed: boolean): string {
  return `${head('phiguard admin: log in')}
<body>
<main class="login">
<h1>phiguard admin</h1>
<p>Log in with the admin token (<code>npm start</code> prints it on stderr, or set <code>PHIGUARD_ADMIN_TOKEN</code>).</p>
${failed ? '<p class="error" role="alert" id="login-error">The token was not accepted.</p>\n' : ''}<form method="post" action="/login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="512"${failed ? ' aria-describedby="login-error"' : ''}>
<button type="submit">Log in</button>
</form>
</main>
</body>
</html>
`;
}

const filterFields = `
<label>Patient reference <input name="patient" maxlength="128" placeholder="Patient/123"></label>
<label>User <input name="user" maxlength="256" placeholder="issuer|subject"></label>
<label>Route id <input name="route" maxlength="80"></label>
<label>Reason code <input name="reason" maxlength="64" placeholder="PG_AUTHZ_ROLE"></label>
<label>Outcome <select name="outcome"><option value="">any</option><option>allowed</option><option>denied</option><option value="would-deny">would deny (monitor)</option></select></label>
<label>Since <input name="since" type="datetime-local"></label>
<label>Until <input name="until" type="datetime-local"></label>`;

export function appPage(csrf: string): string {
  return `${head('phiguard compliance dashboard', csrf)}
<body>
<header>
<h1>phiguard compliance dashboard</h1>
<nav aria-label="Sections"><a href="#feed">Live feed</a> <a href="#explorer">Audit explorer</a> <a href="#disclosures">Disclosures</a> <a href="#breakglass">Break-glass review</a> <a href="#integrity">Integrity</a> <a href="#charts">Charts</a></nav>
<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">Log out</button></form>
</header>
<main>
<p class="note">Patients and users appear as keyed references (HMAC with the audit key), never as values. Type a raw reference into a filter and the server turns it into its keyed form.</p>

<section id="feed" aria-labelledby="feed-h">
<h2 id="feed-h">Live feed</h2>
<p>Decisions and alerts as they happen (server-sent events). <span id="feed-status" role="status">connecting...</span></p>
<ol id="feed-list" aria-live="polite" aria-relevant="additions"></ol>
</section>

<section id="explorer" aria-labelledby="explorer-h">
<h2 id="explorer-h">Audit explorer</h2>
<form id="explorer-form" class="filters">${filterFields}
<button type="submit">Search</button>
</form>
<p id="explorer-status" role="status"></p>
<table id="explorer-table"><caption>Audit records (oldest first)</caption>
<thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Type</th><th scope="col">User</th><th scope="col">Patients</th><th scope="col">Route</th><th scope="col">Outcome</th><th scope="col">Status</th><th scope="col">Description</th></tr></thead>
<tbody></tbody></table>
<button type="button" id="explorer-next" hidden>Next page</button>
</section>

<section id="disclosures" aria-labelledby="disclosures-h">
<h2 id="disclosures-h">Accounting of disclosures (45 CFR 164.528)</h2>
<form id="disclosures-form" class="filters">
<label>Patient reference <input name="patient" maxlength="128" required placeholder="Patient/123"></label>
<label>Since <input name="since" type="datetime-local"></label>
<label>Until <input name="until" type="datetime-local"></label>
<button type="submit">Show</button>
<a id="disclosures-csv" class="download" hidden download>Download CSV</a>
<a id="disclosures-fhir" class="download" hidden download>Download FHIR Bundle</a>
</form>
<p>Every report viewed or downloaded is itself recorded in the audit log.</p>
<p id="disclosures-status" role="status"></p>
<table id="disclosures-table"><caption>Disclosures</caption>
<thead><tr><th scope="col">#</th><th scope="col">Date</th><th scope="col">Recipient</th><th scope="col">Purpose</th><th scope="col">Description</th><th scope="col">Outcome</th></tr></thead>
<tbody></tbody></table>
</section>

<section id="breakglass" aria-labelledby="breakglass-h">
<h2 id="breakglass-h">Break-glass review queue</h2>
<p>Emergency accesses not reviewed yet. Record a decision with a short note (no patient details; at most 280 characters). Each decision is appended to the audit log.</p>
<p id="breakglass-status" role="status"></p>
<table id="breakglass-table"><caption>Open break-glass accesses</caption>
<thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">User</th><th scope="col">Patients</th><th scope="col">Reason</th><th scope="col">Route</th><th scope="col">Decision</th></tr></thead>
<tbody></tbody></table>
<table id="reviewed-table"><caption>Recent decisions</caption>
<thead><tr><th scope="col">Entry</th><th scope="col">Decision</th><th scope="col">Note</th><th scope="col">Recorded at</th></tr></thead>
<tbody></tbody></table>
</section>

<section id="integrity" aria-labelledby="integrity-h">
<h2 id="integrity-h">Audit integrity</h2>
<dl id="integrity-list"></dl>
<button type="button" id="verify-now">Verify now</button>
<p id="integrity-status" role="status"></p>
</section>

<section id="charts" aria-labelledby="charts-h">
<h2 id="charts-h">Traffic and violations, last 24 hours</h2>
<div id="chart" class="chart"></div>
<table id="chart-table"><caption>Requests and violations per hour (denied or would-deny)</caption>
<thead><tr><th scope="col">Hour (UTC)</th><th scope="col">Requests</th><th scope="col">Violations</th><th scope="col">Break-glass</th></tr></thead>
<tbody></tbody></table>
</section>
</main>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}
