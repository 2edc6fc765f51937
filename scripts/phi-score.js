// Scoring convention shared by scripts/eval.js and bench/phi.js (see ../shared/data/README.md):
// a labelled span is found when any finding overlaps it (type-agnostic: a leak is a leak); DATE_YEAR
// and NOT_PHI:* spans are neutral; a finding overlapping no labelled span is a false positive.

export const neutral = (t) => t === 'DATE_YEAR' || t.startsWith('NOT_PHI');

// Safe Harbor (45 CFR 164.514(b)(2)) does not require removing an age of 89 or less, a year alone or a
// weekday alone. The deid set labels years DATE_YEAR and none of its 61 weekdays; the synthetic set
// labels all three (DATE/AGE), so they count in "all labels" recall and are neutral in Safe Harbor recall.
const WEEKDAY = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?$/i;
export function notSafeHarbor(span, text) {
  const v = text.slice(span.start, span.end).trim();
  return (span.type === 'AGE' && /^\d{1,3}$/.test(v) && Number(v) <= 89) || (span.type === 'DATE' && (/^(?:19|20)\d{2}$/.test(v) || WEEKDAY.test(v)));
}

/** Kind of a labelled span: 'neutral', 'provider', 'outside' (labelled, not a Safe Harbor identifier) or 'safe-harbor'. */
export function spanKind(span, text) {
  if (neutral(span.type)) return 'neutral';
  if (span.type === 'PROVIDER_NAME') return 'provider';
  return notSafeHarbor(span, text) ? 'outside' : 'safe-harbor';
}

/** Recall (Safe Harbor and all labels but providers) and precision of `detect` over labelled docs. */
export function score(docs, detect) {
  let sh = 0, shFound = 0, all = 0, allFound = 0, tp = 0, fp = 0;
  for (const d of docs) {
    const fs = detect(d.text);
    for (const s of d.spans) {
      const kind = spanKind(s, d.text);
      if (kind === 'neutral' || kind === 'provider') continue;
      const hit = fs.some((x) => x.start < s.end && x.end > s.start);
      all++; if (hit) allFound++;
      if (kind === 'safe-harbor') { sh++; if (hit) shFound++; }
    }
    for (const x of fs) if (d.spans.some((s) => x.start < s.end && x.end > s.start)) tp++; else fp++;
  }
  return { recall: sh ? shFound / sh : 1, recallAllLabels: all ? allFound / all : 1, precision: tp + fp ? tp / (tp + fp) : 1 };
}
