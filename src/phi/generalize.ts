import type { Finding } from './types.js';

/** 3-digit ZIP prefixes with 20,000 or fewer people (2000 Census), replaced by 000 under Safe Harbor. */
export const RESTRICTED_ZIP3 = Object.freeze(new Set([
  '036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893',
]));

/** ZIP (5 or 9 digits) → initial 3 digits, or "000" for restricted prefixes. */
export function generalizeZip(zip: string): string | undefined {
  const m = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(zip);
  if (!m) return undefined;
  return RESTRICTED_ZIP3.has(m[1]!) ? '000' : m[1]!;
}

/** A date → its year (4 digits), when one can be read from it. */
export function generalizeDate(s: string): string | undefined {
  const y4 = /(?<!\d)(1[89]\d{2}|2[01]\d{2})(?!\d)/.exec(s);
  if (y4) return y4[1]!;
  const t = s.trim();
  const y2 = /^\d{1,2}[/.-]\d{1,2}[/.-](\d{2})\b/.exec(t) ?? /\p{L}[-\s]'?(\d{2})$/u.exec(t) ?? /^'(\d{2})$|^(\d{2})'$/.exec(t)
    ?? (/^\d{1,2}\/(\d{2})$/.exec(t)?.[1] && Number(/^\d{1,2}\/(\d{2})$/.exec(t)![1]) > 31 ? /\/(\d{2})$/.exec(t) : null);
  if (y2) {
    const n = Number(y2[1] ?? y2[2]);
    return String(n > 30 ? 1900 + n : 2000 + n);
  }
  return undefined;
}

/** Age → "90+" when over 89, unchanged otherwise; undefined when no number. */
export function generalizeAge(s: string): string | undefined {
  const m = /\d{1,3}/.exec(s);
  if (!m) return undefined;
  return Number(m[0]) > 89 ? s.replace(m[0], '90+') : s;
}

/**
 * Safe Harbor generalization of one finding's text. Returns undefined when the value cannot be
 * generalized safely (the caller then masks it).
 */
export function generalize(f: Pick<Finding, 'type' | 'detector'>, value: string): string | undefined {
  switch (f.type) {
    case 'DATE': {
      if (f.detector === 'regex:year') return value; // a year alone is already Safe Harbor
      return generalizeDate(value);
    }
    case 'AGE': return generalizeAge(value);
    case 'LOCATION': {
      const z = generalizeZip(value);
      if (z !== undefined) return z;
      // States and countries are allowed under Safe Harbor.
      if (f.detector === 'dict:state' || f.detector === 'dict:country' || f.detector === 'json:state') return value;
      return undefined;
    }
    default: return undefined;
  }
}
