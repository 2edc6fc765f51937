// Text assembly with exact span bookkeeping. A template is a string with {slot} placeholders; a slot
// resolves to parts: a plain string (unlabelled text) or { t: TYPE, v: value } (a labelled span). The
// record's case style (as written / upper / lower) is applied piece by piece, so offsets stay exact;
// a piece whose length would change under the case mapping is kept as written.
const mapCase = (s, mode) => {
  if (mode === 'asis') return s;
  const m = mode === 'upper' ? s.toUpperCase() : s.toLowerCase();
  return m.length === s.length ? m : s;
};

export class Doc {
  constructor(caseMode = 'asis') { this.caseMode = caseMode; this.text = ''; this.spans = []; this.sources = []; }
  lit(s) { this.text += mapCase(s, this.caseMode); return this; }
  span(type, value, keepCase = false) {
    const v = keepCase ? value : mapCase(value, this.caseMode);
    const start = this.text.length;
    this.text += v;
    this.spans.push({ start, end: this.text.length, type });
    this.sources.push({ type, value: v });
    return this;
  }
  /** Append parts (string | {t, v} | nested arrays). */
  add(parts) {
    if (parts == null) return this;
    if (typeof parts === 'string') return this.lit(parts);
    if (Array.isArray(parts)) { for (const p of parts) this.add(p); return this; }
    return this.span(parts.t, parts.v, parts.keep === true);
  }
  /** Fill a template: `slots[name](ctx)` gives the parts of {name}. Unknown slot names throw (fail closed). */
  fill(template, slots, ctx) {
    const re = /\{(\w+)\}/g;
    let last = 0, m;
    while ((m = re.exec(template))) {
      this.lit(template.slice(last, m.index));
      const fn = slots[m[1]];
      if (!fn) throw new Error(`heldout: unknown template slot {${m[1]}}`);
      this.add(fn(ctx));
      last = re.lastIndex;
    }
    this.lit(template.slice(last));
    return this;
  }
  record(id) {
    return { id, text: this.text, spans: this.spans.map((s) => ({ ...s })), sources: this.sources.map((s) => ({ ...s })) };
  }
}
