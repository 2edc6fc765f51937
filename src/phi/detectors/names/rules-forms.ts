/**
 * Name rules for the written forms of a name in any case: a name phrase after a title, role or relation
 * ("dr. j smith", "DR. P DE VRIES", "NP Okafor", "attending: patel", "daughter (Ann)"), the inverted
 * form ("SMITH, JOHN", "Smith, John A."), a name before a credential mid-sentence ("priya patel, rn
 * will"), and run-together initials with a person cue ("per J.S.", "W.B. states").
 */
import type { Tok } from '../tokens.js';
import { CLINICAL, US_STATES } from '../lexicon.js';
import { push } from '../util.js';
import { LABEL_WORDS, NOT_NAME_SUFFIX, PARTICLES, clinical, inFirst, inLast, isCommon, spaceOnly, veryCommon } from '../name-words.js';
import type { NameCtx, NameRule } from './context.js';

/** Cue strength: a title reads any name-shaped word; a role or relation a known or foreign-shaped one; the patient only a two-part name. */
const TITLE_CUES = new Set(['dr', 'doctor', 'drs', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor']);
const ROLE_CUES = new Set(['np', 'rn', 'pa', 'md', 'lpn', 'cna', 'attending', 'resident', 'fellow', 'intern', 'nurse', 'physician', 'surgeon', 'hospitalist',
  'intensivist', 'pcp', 'cardiologist', 'oncologist', 'neurologist', 'nephrologist', 'radiologist', 'anesthesiologist', 'psychiatrist', 'therapist', 'pharmacist', 'sw', 'chaplain']);
const RELATION_CUES = new Set(['wife', 'husband', 'spouse', 'partner', 'daughter', 'dtr', 'son', 'mother', 'mom', 'father', 'dad', 'sister', 'brother',
  'niece', 'nephew', 'aunt', 'uncle', 'cousin', 'grandson', 'granddaughter', 'grandmother', 'grandfather', 'friend', 'neighbor', 'neighbour',
  'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'hcp', 'proxy', 'guardian', 'caregiver', 'stepson', 'stepdaughter']);
const PATIENT_CUES = new Set(['pt', 'patient']);
/** Cue word -> kind (1 title, 2 role, 3 relation, 4 patient): one lookup per token. */
const CUE_KIND = new Map<string, number>([...[...PATIENT_CUES].map((w) => [w, 4] as const), ...[...RELATION_CUES].map((w) => [w, 3] as const),
  ...[...ROLE_CUES].map((w) => [w, 2] as const), ...[...TITLE_CUES].map((w) => [w, 1] as const)]);
/** Particles that may begin a family name after a title ("Dr. al-Hassan" is one token; "Dr. de la Cruz" is not). */
const NAME_PARTICLES = PARTICLES;
/** Two-letter run-together initials that are abbreviations, not a person ("A.M.", "U.S.", "D.C."). */
const NOT_INITIALS = new Set(['am', 'pm', 'us', 'uk', 'dc', 'md', 'rn', 'np', 'pa', 'or', 'ed', 'er', 'iv', 'im', 'po', 'pr', 'qd', 'bid', 'tid', 'qid', 'npo', 'dnr', 'dni',
  'ot', 'pt', 'st', 'ok', 'eg', 'ie', 'vs', 'co', 'mg', 'ml', 'hs', 'ac', 'pc', 'os', 'od', 'ou', 'prn', 'nb', 'ps', 'rip', 'usa', 'aka', 'bs', 'ba', 'ma', 'ms', 'do', 'dds', 'id', 'ad', 'bc', 'nos', 'nyd', 'wnl']);
const PERSON_NEXT = new Set(['states', 'stated', 'called', 'reports', 'reported', 'aware', 'visited', 'asked', 'agrees', 'agreed', 'notified', 'was', 'is', 'will', 'to', 'at', 'says', 'said', 'requests', 'requested', 'updated', 'present', 'here', 'consented', 'signed']);
const INITIALS_PREV = new Set(['by', 'per', 'with', 'to', 'for', 'from', 'w', 'cc', 'dr', 'mr', 'mrs', 'ms', 'np', 'rn', 'pa', 'md', 'attending', 'pt', 'patient']);

/** Frequent words that are also frequent names ("Young", "Hall", "Brown", "Grant"): a name right after a title. */
const NOT_WORD_NAME = new Set(['will', 'may', 'hope', 'can', 'long', 'well', 'said', 'still', 'just', 'even', 'call', 'see', 'saw', 'note', 'care', 'order', 'plan']);
export function wordName(t: Tok, anyCase = false): boolean {
  return t.low.length > 2 && t.wordRank >= 300 && (t.lastRank < 1000 || t.firstRank < 1000) && !clinical(t) && !NOT_WORD_NAME.has(t.low) && (anyCase || !(t.upper && t.capsZone && t.english && t.firstRank > 1000));
}
/** ctx.emit, but a leading particle stays ("Dos Santos": "dos" is also a label word, date of service). */
function emitName(ctx: NameCtx, a: number, b: number, score: number, det: string): void {
  const t = ctx.toks[a]!;
  if (a < b && NAME_PARTICLES.has(t.low) && LABEL_WORDS.has(t.low)) {
    const e = ctx.toks[b]!;
    push(ctx.out, 'NAME', t.start, e.initial ? e.end + 1 : e.end, score, det);
    for (let k = a; k <= b; k++) ctx.taken[k] = 1;
    ctx.emits++;
    return;
  }
  ctx.emit(a, b, score, det);
}
const letters = (s: string): boolean => /^[\p{L}'’-]+$/u.test(s);
/** A word that may be (part of) a name in a phrase: known to a name list, or foreign-shaped and no English word. */
function nameWord(t: Tok, first: boolean): boolean {
  if (t.low.length < 2 || LABEL_WORDS.has(t.low) || TITLE_CUES.has(t.low) || ROLE_CUES.has(t.low) || !letters(t.low)) return false;
  if (t.clinical && !(t.cap && inLast(t) && !CLINICAL.has(t.low))) return false;
  if (clinical(t) && !t.cap) return false;
  const known = inFirst(t) || inLast(t) || t.worldName || /^(?:al|el)-\p{L}{3}/u.test(t.low);
  if (isCommon(t)) return false;
  // a frequent English word ("call", "care") in a text without case to tell: no name unless a name list ranks it high
  if (!t.cap && t.english && t.wordRank < 1000 && t.firstRank === Infinity && t.lastRank > 500) return false;
  if (known) return !(t.lower && NOT_NAME_SUFFIX.test(t.low) && t.firstRank === Infinity && t.lastRank === Infinity);
  return !t.english && t.wordRank === Infinity && t.low.length >= (first ? 3 : 4) && (!NOT_NAME_SUFFIX.test(t.low) || PINYIN.test(t.low)) && !t.place;
}
/** One to three Mandarin syllables in pinyin without tones ("xiaoming", "zhiwei", "mingyu"): a given name's shape, "-ing" or not. */
const PINYIN = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|a|e|i|o|u)){1,3}$/;
const isInitialAt = (ctx: NameCtx, k: number): boolean => {
  const t = ctx.toks[k]!;
  if (t.low.length !== 1 || !/\p{L}/u.test(t.low)) return false;
  const nx = ctx.toks[k + 1];
  return nx !== undefined && /^\.?[ \t]+$|^\.$/.test(ctx.text.slice(t.end, nx.start));
};

/**
 * The name phrase starting at token i (up to 5 tokens: initials, given, particles, family), in the case
 * mode of its first word. Returns [first, last] token indexes of the name, or undefined.
 */
export function namePhrase(ctx: NameCtx, i: number, strong: boolean): [number, number] | undefined {
  const { text, toks, n } = ctx;
  const t0 = toks[i];
  if (!t0) return undefined;
  // the case mode is the first word's that is no initial: "DR. P DE VRIES" is upper-case text
  let w0 = t0;
  for (let k = i; k < n && k < i + 3 && w0.low.length === 1; k++) w0 = toks[k]!;
  const mixed = w0.cap || (w0.upper && !w0.capsZone && !strong);
  let last = -1, words = 0;
  for (let k = i; k < n && k < i + 5; k++) {
    const t = toks[k]!;
    if (k > i) {
      const gap = text.slice(toks[k - 1]!.end, t.start);
      const prevInitial = toks[k - 1]!.low.length === 1;
      if (!(/^[ \t]+$/.test(gap) || (prevInitial && /^\.[ \t]*$/.test(gap)))) break;
      if (mixed && t.lower && !NAME_PARTICLES.has(t.low)) break;
    }
    if (isInitialAt(ctx, k) && (strong || t.initial) && !(t.lower && /^[ai]$/.test(t.low) && text.charCodeAt(t.end) !== 46)) {
      if (!toks[k + 1] || k + 1 >= i + 5) break;
      continue; // an initial counts once a name word follows it
    }
    if (NAME_PARTICLES.has(t.low) && !(mixed && t.upper && k > i)) {
      // "de la cruz", "van der berg": particles, then a name word
      let q = k + 1;
      while (q < n && q < k + 3 && NAME_PARTICLES.has(toks[q]!.low) && spaceOnly(text, toks[q - 1]!.end, toks[q]!.start)) q++;
      if (q < n && spaceOnly(text, toks[q - 1]!.end, toks[q]!.start) && nameWord(toks[q]!, false)) continue;
    }
    // "thomas r. miller", "GRANT S. BROWN": after a given name or an initial, a surname that is also a word
    const afterGiven = k > i && (toks[k - 1]!.low.length === 1 || inFirst(toks[k - 1]!)) && wordName(t, true);
    if (!nameWord(t, k === i || words === 0) && !afterGiven) break;
    last = k;
    words++;
    // mixed-case text: a name ends before a word that is not capitalised
    if (mixed && toks[k + 1] && !(toks[k + 1]!.cap || toks[k + 1]!.initial || toks[k + 1]!.upper || NAME_PARTICLES.has(toks[k + 1]!.low))) break;
  }
  return last >= i && words > 0 ? [i, last] : undefined;
}

export const cuePhrase: NameRule = {
  id: 'name.cue-phrase',
  description: 'a name phrase in any case after a title, role, relation or "pt": "dr. j smith called", "DR. P DE VRIES", "NP Okafor", "attending: patel", "daughter (Ann)"',
  type: 'NAME', detectors: ['ctx:cue-phrase'],
  examples: {
    finds: [['dr. j smith called', 'j smith'], ['Consent obtained by DR. P DE VRIES.', 'P DE VRIES'], ['daughter (Ann) called', 'Ann'], ['per attending: patel, continue', 'patel'], ['mr klaus van der berg visited', 'klaus van der berg']],
    ignores: ['RN will continue to monitor.', 'MS intact, no deficits', 'son will call back', 'pt ambulating in hall'],
  },
  run(ctx) {
    const { text, toks, n } = ctx;
    for (let c = 0; c + 1 < n; c++) {
      const cue = toks[c]!;
      const low = cue.low;
      const kind = CUE_KIND.get(low) ?? 0;
      if (kind === 0) continue;
      const nt = toks[c + 1]!;
      // "pt" needs a two-part name ("pt Mary Smith", "patient J. Doe"): a cheap look at the next two tokens first
      if (kind === 4 && !(toks[c + 2] && toks[c + 2]!.start - nt.end <= 2 && (nt.low.length === 1 || !nt.clinical))) continue;
      const gap = text.slice(cue.end, nt.start);
      if (!(kind === 1 ? /^\.?[ \t]+$/.test(gap) : kind === 3 ? /^['’]?s?[ \t]*(?:[,:(-][ \t]*)?$|^[ \t]+\([ \t]*$/.test(gap) : /^[ \t]*:?[ \t]+$/.test(gap))) continue;
      // "12 Oak Dr Springfield": the street abbreviation, not a doctor
      if (low === 'dr' && /\d[^\n\d]{0,24}$/.test(text.slice(Math.max(0, cue.start - 24), cue.start)) && !cue.dot) continue;
      // "MS intact", "MR moderate", "PA and lateral", "MD aware": the abbreviation unless a listed name follows it
      const ambiguous = (low === 'ms' || low === 'mr' || low === 'pa' || low === 'md' || low === 'miss' || low === 'fellow' || low === 'resident' || low === 'intern' || low === 'nurse') && !(cue.cap && cue.dot);
      let ph = namePhrase(ctx, c + 1, kind === 1);
      // "Dr. Young", "dr brown", "NP Hall, to see": a surname that is also a word, right after a title (or a capitalised role cue)
      if (!ph && kind <= 2 && wordName(nt, kind === 1 && (cue.dot || cue.upper)) && (kind === 1 || nt.cap || /^[ \t]*[,.;)]/.test(text.slice(nt.end, nt.end + 3)))) {
        ph = [c + 1, c + 1];
        const nn = toks[c + 2];
        if (nn && spaceOnly(text, nt.end, nn.start) && (nn.cap === nt.cap && nn.upper === nt.upper) && (inLast(nn) && !clinical(nn) && (!isCommon(nn) || wordName(nn)))) ph = [c + 1, c + 2];
      }
      // "daughter (Ann)", "Son, Ed,", "RN Hope, ": a frequent given name that is also a word, set off by punctuation
      if (!ph && kind !== 4 && inFirst(nt) && nt.firstRank < 1500 && (!veryCommon(nt) || wordName(nt)) && !clinical(nt) && !nt.lower
        && /^[ \t]*[,.;)]/.test(text.slice(nt.end, nt.end + 3)) && !(nt.upper && nt.capsZone && kind !== 3)) ph = [c + 1, c + 1];
      if (!ph) continue;
      const [a, b] = ph;
      let f0 = a;
      while (f0 < b && NAME_PARTICLES.has(toks[f0]!.low)) f0++;
      const first = toks[f0]!;
      const known = (k: number): boolean => ((inFirst(toks[k]!) || inLast(toks[k]!) || toks[k]!.worldName || /^(?:al|el)-\p{L}{3}/u.test(toks[k]!.low)) && !isCommon(toks[k]!)) || wordName(toks[k]!);
      let anyKnown = false, nameTokens = 0;
      for (let k = a; k <= b; k++) { if (toks[k]!.low.length > 1 && !NAME_PARTICLES.has(toks[k]!.low)) { nameTokens++; if (known(k)) anyKnown = true; } }
      if ((ambiguous || kind === 4) && !anyKnown) continue;
      // "PA catheter", "MS stable", "np swab": an ambiguous cue only before a Title-case name that is no English word
      if (ambiguous && (low === 'ms' || low === 'mr' || low === 'miss' ? first.english : !(first.cap && (!first.english || first.lastRank < 5000 || first.firstRank < 1000)))) continue;
      if (kind === 2 && !anyKnown && !first.cap) continue;
      // without case to tell, a role, relation or "pt" needs a name that is no English word (or a frequent given name/surname)
      const caseless = !first.cap && !(first.upper && !first.capsZone && kind !== 3);
      if (kind >= 2 && caseless) {
        let plain = false;
        for (let k = f0; k <= b; k++) { const x = toks[k]!; if (x.low.length > 1 && !NAME_PARTICLES.has(x.low) && x.english && x.wordRank < 20000 && x.lastRank > 500 && x.firstRank > 500) plain = true; }
        if (plain) continue;
        // lower case: a listed given name; caps-lock: no "SISTER" (also a religious title) before an unsure word
        if (kind === 3 && !((first.firstRank < 3000 || (first.worldName && first.wordRank === Infinity && first.lastRank === Infinity)) && !first.english && !(low === 'sister' && first.upper))) continue;
        if (kind === 2 && first.english && !wordName(first)) continue;
      }
      if (kind === 4 && nameTokens + (b > a ? 1 : 0) < 2) continue;
      if (kind === 3 && first.lower && !(inFirst(first) || first.worldName || (!first.english && first.wordRank === Infinity))) continue;
      if (kind >= 2 && !anyKnown && first.upper && first.capsZone) continue;
      if (kind === 3 && gap.includes('(') && text[toks[b]!.end] !== ')') continue;
      if (veryCommon(first) && !wordName(first)) continue;
      emitName(ctx, a, b, kind === 1 ? 0.9 : 0.85, 'ctx:cue-phrase');
      c = b;
    }
  },
};

export const inverted: NameRule = {
  id: 'name.inverted',
  description: 'a family name, a comma and a given name (and an initial), in any case: "SMITH, JOHN", "Smith, John A.", "NWOSU, CHINEDU C."',
  type: 'NAME', detectors: ['dict:inverted'],
  examples: { finds: [['SMITH, JOHN', 'SMITH, JOHN'], ['letter for Nwosu, Chinedu C. today', 'Nwosu, Chinedu C.']], ignores: ['heparin, insulin and lasix', 'Towson, Maryland', 'CHEST, ABDOMEN AND PELVIS'] },
  run(ctx) {
    const { text, toks, n } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const a = toks[i]!;
      if (text.charCodeAt(a.end) !== 44 || !(a.cap || a.upper)) continue;
      const b = toks[i + 1]!;
      if (!/^,[ \t]+$/.test(text.slice(a.end, b.start)) || !(b.cap || b.upper) || (a.upper !== b.upper)) continue;
      // a list of words ("CHEST, ABDOMEN, PELVIS") is no name: not after a comma, not before another
      if (i > 0 && /,[ \t]*$/.test(text.slice(toks[i - 1]!.end, a.start))) continue;
      let j = i + 1;
      if (toks[j + 1] && toks[j + 1]!.low.length === 1 && /^[ \t]+$/.test(text.slice(b.end, toks[j + 1]!.start)) && /^\p{Lu}$/u.test(text[toks[j + 1]!.start]!)) j++;
      const tail = text.slice(toks[j]!.end + (j > i + 1 ? 1 : 0), toks[j]!.end + 3);
      if (j === i + 1 && /^[ \t]*,/.test(tail)) continue;
      const family = (inLast(a) || a.worldName || /^(?:al|el)-/.test(a.low)) && !clinical(a) && (!veryCommon(a) || wordName(a));
      const givenOk = (inFirst(b) || (b.worldName && (!b.english || b.wordRank === Infinity))) && !clinical(b) && !veryCommon(b) && b.low.length > 1 && !(b.place && !(inFirst(b) && b.firstRank < 1000 && !US_STATES.has(b.low))) && !(a.place && US_STATES.has(b.low));
      if (!family || !givenOk) continue;
      if (((isCommon(a) && !wordName(a)) || (isCommon(b) && !wordName(b))) && j === i + 1) continue;
      if (a.upper && a.capsZone && j === i + 1 && (a.firstRank < a.lastRank || b.lastRank < b.firstRank) && !(a.lastRank < 5000 && b.firstRank < 2000)) continue;
      // "DE LA CRUZ, JUAN": the particles of the family name before it
      let h = i;
      while (h > 0 && i - h < 3 && NAME_PARTICLES.has(toks[h - 1]!.low) && spaceOnly(text, toks[h - 1]!.end, toks[h]!.start) && toks[h - 1]!.upper === a.upper) h--;
      emitName(ctx, h, j, 0.8, 'dict:inverted');
      i = j;
    }
  },
};

const SPACE_CRED = /^[ \t]+(?:rn|lpn|lvn|cna|np|np-c|fnp|fnp-c|aprn|crna|crnp|pa-c|pharmd|lcsw|msw|rrt|dnp)(?![\w-])\.?/i;
const CRED_WORD = /^,[ \t]*(?:md|rn|np|pa|pa-c|do|lpn|cna|crnp|aprn|fnp|rrt|lcsw|msw|pharmd|dpt|ot|slp)\b\.?/i;
export const credentialName: NameRule = {
  id: 'name.credential-name',
  description: 'one to three name words before a credential anywhere in a line: "priya patel, rn will follow up", "T. Vo, NP, to see"',
  type: 'NAME', detectors: ['ctx:credential-name'],
  examples: { finds: [['priya patel, rn will follow up', 'priya patel'], ['Per T. Vo, NP, continue', 'T. Vo']], ignores: ['Pt seen by team, MD aware', 'discussed with cardiology, md to follow'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const t = toks[i]!;
      // "jane doe rn at 0800", "beth cohen msw to see": given + family name, a space, a credential that is no English word
      if (!taken[i] && i > 0 && SPACE_CRED.test(text.slice(t.end, t.end + 10))) {
        const p = toks[i - 1]!;
        if (!taken[i - 1] && spaceOnly(text, p.end, t.start) && inFirst(p) && (inLast(t) || inFirst(t)) && !clinical(p) && !clinical(t) && !veryCommon(p) && !veryCommon(t)) { emitName(ctx, i - 1, i, 0.8, 'ctx:credential-name'); continue; }
      }
      if (taken[i] || text.charCodeAt(t.end) !== 44 || !CRED_WORD.test(text.slice(t.end, t.end + 10))) continue;
      const prevGiven = i > 0 && inFirst(toks[i - 1]!) && spaceOnly(text, toks[i - 1]!.end, t.start);
      if (!(nameWord(t, true) || wordName(t, prevGiven)) || t.low.length < 2) continue;
      let k = i;
      while (k > 0 && i - k < 3) {
        const p = toks[k - 1]!;
        const g = text.slice(p.end, toks[k]!.start);
        if (!(/^[ \t]+$/.test(g) || (p.low.length === 1 && /^\.[ \t]*$/.test(g)))) break;
        if (p.low.length === 1 ? !/^\p{Lu}$/u.test(text[p.start]!) && g[0] !== '.' : !(nameWord(p, true) || wordName(p) || (NAME_PARTICLES.has(p.low) && k > 0))) break;
        k--;
      }
      const known = (x: Tok): boolean => ((inFirst(x) || inLast(x) || x.worldName || /^(?:al|el)-\p{L}{3}/u.test(x.low)) && !isCommon(x)) || wordName(x, prevGiven);
      let ok = false;
      for (let q = k; q <= i; q++) if (known(toks[q]!)) ok = true;
      // one word in lower case or caps-lock: no English word ("team, md aware")
      if (k === i && !t.cap && (t.english || (t.upper && t.capsZone && !(inLast(t) && t.lastRank < 5000)))) ok = false;
      if (ok) emitName(ctx, k, i, 0.8, 'ctx:credential-name');
    }
  },
};

export const runInitials: NameRule = {
  id: 'name.run-initials',
  description: 'run-together initials, or an initial and a listed family name, after a person cue or before a person verb: "per J.S.", "W.B. states", "J. Smith called"',
  type: 'NAME', detectors: ['shape:initials'],
  examples: { finds: [['note reviewed by J.S., agrees', 'J.S.'], ['W.B. states pt slept', 'W.B.'], ['J. Kowalski called back', 'J. Kowalski']], ignores: ['seen at 10 A.M. today', 'moved to the U.S. in 2001'] },
  run(ctx) {
    const { text, toks, n } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const t = toks[i]!;
      if (!t.initial) continue;
      const s1 = toks[i + 1]!;
      // "J. Smith called", "per J. Okafor": an initial and a listed family name, with a person cue before or a person verb after
      if (!ctx.taken[i + 1] && s1.cap && s1.low.length > 2 && /^\.[ \t]+$/.test(text.slice(t.end, s1.start)) && inLast(s1) && !isCommon(s1) && !clinical(s1) && !s1.place) {
        const p0 = toks[i - 1], n0 = toks[i + 2];
        const cue0 = p0 !== undefined && INITIALS_PREV.has(p0.low) && /^[ \t:]+$/.test(text.slice(p0.end, t.start));
        const verb0 = n0 !== undefined && /^[ \t]+$/.test(text.slice(s1.end, n0.start)) && PERSON_NEXT.has(n0.low);
        if (cue0 || verb0) { emitName(ctx, i, i + 1, 0.8, 'shape:initials'); i++; continue; }
      }
      if (text.charCodeAt(t.end + 1) < 65 || text.charCodeAt(t.end + 1) > 90) continue;
      let j = i;
      while (j + 1 < n && j - i < 3 && toks[j + 1]!.initial && toks[j + 1]!.start === toks[j]!.end + 1) j++;
      if (j === i) continue;
      let abbr = '';
      for (let q = i; q <= j; q++) abbr += toks[q]!.low;
      const nx = toks[j + 1];
      if (NOT_INITIALS.has(abbr) || CLINICAL.has(abbr)) { i = j; continue; }
      const prev = toks[i - 1];
      const cue = prev !== undefined && INITIALS_PREV.has(prev.low) && /^[ \t:/.]+$/.test(text.slice(prev.end, t.start));
      const verb = nx !== undefined && /^\.?[ \t]+$/.test(text.slice(toks[j]!.end, nx.start)) && PERSON_NEXT.has(nx.low);
      const closes = /^\.?(?:[ \t]*[,;)]|[ \t]*$|[ \t]*\n|[ \t]+(?:today|yesterday|tonight|this|at|on|in|and|who|for)\b)/.test(text.slice(toks[j]!.end, toks[j]!.end + 12));
      // "per J.S.", "W.B. states": a cue before and the sentence going on as after a person, or a person verb at a sentence start
      if ((cue && (verb || closes)) || (verb && t.sentStart)) ctx.emit(i, j, 0.75, 'shape:initials');
      i = j;
    }
  },
};
