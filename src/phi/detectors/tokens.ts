/** Word tokens with the features the name and location detectors need. */
export interface Tok {
  start: number;
  end: number;
  /** lower-cased, possessive 's stripped */
  low: string;
  /** Title case: upper then lower (Mary, McDonald, O'Neil) */
  cap: boolean;
  /** ALL CAPS word of 2+ letters */
  upper: boolean;
  /** first letter lower-case */
  lower: boolean;
  /** Single capital letter followed by '.' */
  initial: boolean;
  /** Has letters outside ASCII (diacritics, other scripts) */
  foreign: boolean;
  /** Followed by '.' */
  dot: boolean;
  /** First word of a sentence or line */
  sentStart: boolean;
  /** First word on its line */
  lineStart: boolean;
  /** Text around is mostly upper case (caps-lock notes) */
  capsZone: boolean;
}

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

export function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastEnd = 0;
  let upperRun = 0, lowerRun = 0;
  while ((m = WORD.exec(text)) !== null) {
    let w = m[0];
    while (w.endsWith('-') || w.endsWith("'") || w.endsWith('’')) w = w.slice(0, -1);
    const start = m.index, end = start + w.length;
    if (end === start) continue;
    const gap = text.slice(lastEnd, start);
    const sentStart = toks.length === 0 || /[.!?:;\n]/.test(gap) || /^\s*[-*•]\s*$/.test(gap);
    const low = w.toLowerCase().replace(/['’]s$/, '');
    const upper = w.length >= 2 && w === w.toUpperCase() && w !== low;
    const cap = !upper && /^\p{Lu}/u.test(w);
    if (upper) { upperRun++; lowerRun = Math.max(0, lowerRun - 1); } else if (w.length > 1) { lowerRun++; upperRun = Math.max(0, upperRun - 1); }
    const initial = w.length === 1 && /\p{Lu}/u.test(w) && text[end] === '.';
    toks.push({
      start, end, low, cap, upper, lower: /^\p{Ll}/u.test(w), initial,
      // eslint-disable-next-line no-control-regex
      foreign: /[^\x00-\x7f]/.test(w), dot: text[end] === '.', sentStart,
      lineStart: toks.length === 0 ? !/\S/.test(text.slice(0, start).replace(/[-*•]/g, '')) : /\n[\s\-*•]*$/.test(gap),
      capsZone: upperRun > lowerRun + 1,
    });
    lastEnd = end;
  }
  return toks;
}
