export type InputKind = 'json' | 'ndjson' | 'text';

/** JSON when the first non-space character opens an object/array; NDJSON when several lines each hold one. */
export function sniffKind(text: string): InputKind {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return 'text';
  let lines = 0;
  let start = 0;
  for (;;) {
    const nl = t.indexOf('\n', start);
    const line = (nl < 0 ? t.slice(start) : t.slice(start, nl)).trim();
    if (line) {
      lines++;
      if (!/^[{[]/.test(line) || !/[}\]]$/.test(line)) return 'json';
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines > 1 ? 'ndjson' : 'json';
}
