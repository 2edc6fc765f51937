// Record builder. A part is a string (plain text), S(value, type) (a labelled span),
// an array of parts (a fragment), null/undefined/false (nothing) or a number (plain).
export const S = (value, type) => ({ span: true, v: String(value), type });

export const TYPES = new Set([
  'NAME', 'PROVIDER_NAME', 'LOCATION', 'ZIP', 'DATE', 'DATE_YEAR', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN',
  'HEALTH_PLAN_ID', 'ACCOUNT', 'LICENSE', 'VEHICLE', 'DEVICE', 'URL', 'IP', 'OTHER_ID',
  'NOT_PHI:STATE', 'NOT_PHI:COUNTRY', 'NOT_PHI:TIME', 'NOT_PHI:DRUG', 'NOT_PHI:ORGANIZATION', 'NOT_PHI:NPI', 'NOT_PHI:TOLL_FREE',
]);

export class Doc {
  constructor() { this.text = ''; this.spans = []; }
  add(p) {
    if (p === null || p === undefined || p === false) return this;
    if (typeof p === 'string' || typeof p === 'number') { this.text += String(p); return this; }
    if (Array.isArray(p)) { for (const q of p) this.add(q); return this; }
    if (p.span) {
      if (!TYPES.has(p.type)) throw new Error(`heldout3: unknown span type ${p.type}`);
      if (p.v.length === 0 || p.v.trim() !== p.v) throw new Error(`heldout3: span of type ${p.type} is empty or has outer blanks`);
      const start = this.text.length;
      this.text += p.v;
      this.spans.push({ start, end: this.text.length, type: p.type });
      return this;
    }
    throw new Error('heldout3: bad part');
  }
  /** Tagged template: d.tp`Seen ${S(x, 'NAME')} today`. */
  tp(strings, ...vals) {
    strings.forEach((s, i) => { this.text += s; if (i < vals.length) this.add(vals[i]); });
    return this;
  }
  line(...parts) { if (this.text.length && !this.text.endsWith('\n')) this.text += '\n'; this.add(parts); return this; }
  record(id) {
    // trailing blanks / newlines off the end (never inside a span: spans have no outer blanks)
    const trimmed = this.text.replace(/\s+$/, '');
    const spans = this.spans.filter((s) => s.end <= trimmed.length).sort((a, b) => a.start - b.start);
    return { id, text: trimmed, spans };
  }
}

/** Join fragments with a separator (a plain string). */
export function join(parts, sep) {
  const out = [];
  parts.filter((p) => p !== null && p !== undefined && p !== false).forEach((p, i) => { if (i) out.push(sep); out.push(p); });
  return out;
}
