/** Plain-text tables for the benchmark summaries. */

export const fmt = {
  ms: (v) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)),
  rps: (v) => (v === null || v === undefined || Number.isNaN(v) ? '-' : Math.round(v).toLocaleString('en-US')),
  ratio: (v) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : `${v.toFixed(2)}x`),
  mb: (bytes) => (bytes === null || bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(1)),
  us: (v) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(0)),
};

/** Renders rows (arrays of strings) as aligned columns; `align` per column: 'l' or 'r'. */
export function table(header, rows, align = []) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r
      .map((c, i) => {
        const s = String(c ?? '');
        return (align[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
