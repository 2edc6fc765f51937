// Document builder: appends plain text and labelled values, tracking each span's value.
export class Doc {
  constructor(mode = 'none') {
    this.text = '';
    this.spans = [];
    this.mode = mode; // 'none' | 'upper' | 'lower': applied to everything appended
  }
  cs(s) {
    if (this.mode === 'upper') { const u = s.toUpperCase(); return u.length === s.length ? u : s; }
    if (this.mode === 'lower') { const l = s.toLowerCase(); return l.length === s.length ? l : s; }
    return s;
  }
  t(s) { this.text += this.cs(s); return this; }
  p(type, value) {
    if (value === undefined || value === null || value === '') return this;
    const v = this.cs(String(value));
    const start = this.text.length;
    this.text += v;
    this.spans.push({ start, end: this.text.length, type, value: v });
    return this;
  }
  np(kind, value) { return this.p('NOT_PHI:' + kind, value); }
  nl() { this.text += '\n'; return this; }
  record(id) {
    return {
      id,
      text: this.text,
      spans: this.spans.map(({ start, end, type }) => ({ start, end, type })),
      values: this.spans.map((s) => s.value),
    };
  }
}
