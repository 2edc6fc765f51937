import { CITIES, COMMON_WORDS, ENGLISH_BLOOM, ENGLISH_BLOOM_K, FIRST_NAMES, NAME_BLOOM, SURNAMES } from '../data/dict.js';
import { CompactWords } from './compact-words.js';

// Compact form (see compact-words.ts): the list strings plus an index table, not a Map per list.
// get(w) is the rank (position in the list), has(w) membership, as Map/Set over split('|') gave.
export const FIRST = new CompactWords(FIRST_NAMES);
export const LAST = new CompactWords(SURNAMES);
export const CITY = new CompactWords(CITIES);
export const COMMON = new CompactWords(COMMON_WORDS);

/**
 * Clinical vocabulary and abbreviations that collide with census names or look like proper
 * nouns in notes (general medical knowledge, not derived from any evaluation text).
 */
export const CLINICAL = new Set(`
pt pts patient patients bp hr rr sat sats temp tmax afeb resp neuro cv gi gu id heme renal skin
abd ext pulm lungs ls bs cta rhonchi crackles wheezes edema pedal foley ngt ogt ett trach peg picc
swan ganz cvp pap pcwp map abg vbg cbc chem lytes bun cr creat k na mg ca phos hct hgb plt wbc inr
ptt pt/inr lasix heparin insulin coumadin vanco vancomycin zosyn levo levophed neo neosynephrine
dopa dopamine dobutamine propofol fentanyl versed ativan haldol morphine dilaudid tylenol motrin
kcl nacl d5w ns lr ivf prbc ffp plts albumin solumedrol protonix pepcid carafate reglan zofran
colace senna dulcolax lactulose flagyl cipro levaquin bactrim keflex ancef ceftriaxone cefepime
gent tobra amp unasyn timentin imipenem meropenem fluconazole acyclovir lopressor metoprolol
captopril lisinopril norvasc hydralazine nitro ntg amiodarone dig digoxin diltiazem cardizem
aspirin asa plavix lovenox flovent atrovent albuterol combivent xopenex mucomyst ceftaz
ccu micu sicu csru icu ed er or pacu ekg ecg cxr ct mri echo eeg emg tee tte cath ir kub lp
npo prn qd bid tid qid qhs hs po iv im sc sq sl pr pv ng og ac pc od os ou
dnr dni cmo fc full code mae perrl perla rrr nsr st sb afib aflutter vt vf pea svt pvc pac
ck ckmb trop tropn cpk ldh ast alt alk bili amylase lipase tsh bnp lfts ua ucx bcx scx
suction suctioned suctioning sputum secretions stool urine diuresis diuresed voiding
cxr ivc svc ra rv la lv avr mvr cabg ptca stent pci mi chf copd cad dm htn esrd cri arf ards
uti pna sob cp doe pnd ams loc gcs rass cam bipap cpap peep psv imv simv ac vc fio2 tv rsbi
ue le rle lle rue lue rll rml rul lul lll
tele floor unit bed room ward pod am pm noc eve days nights
afebrile febrile stable unstable intact alert oriented lethargic sedated arousable
family wife husband son daughter mother father sister brother friend friends neighbor
feb apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun approx midnoc antecubital lipline baseline bedtime lima svg lad rca lcx pda om brady tachy bradycardia tachycardia passy muir passy-muir aloe cor pulmonale gm peptam cvvh cvvhd cvvhdf crrt hemovac jp tpn ppn ivpb rt lt cts mechen nepro promote jevity glucerna ensure dermatology neurology nephrology urology oncology psychiatry psych surgery pulmonary pulmonology hematology endocrine endocrinology infectious podiatry nutrition pharmacy anesthesia anesthesiology gastroenterology rheumatology ophthalmology ent ent neurosurgery neurosurg hospitalist intensivist nursing monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december english spanish french german italian russian chinese japanese polish portuguese american british irish canadian mexican catholic jewish christian muslim protestant baptist methodist medicare medicaid rn md ho a-line c-line oett vent angio ortho cardiology pcu fmv micu sicu tsicu nicu picu radiology endoscopy lab labs xray x-ray ir gi aline mds ceo osh hosp wean tlc rij lij nrb rehab snf ltc hospice ew rns docs md's rn's np pa rrt crt lpn cna sw pcp doc docs team staff resident intern fellow attending
`.trim().split(/\s+/));

/** Honorifics and titles that introduce a person's name. */
export const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'doctor', 'prof', 'professor', 'sister', 'rev', 'father', 'fr']);

/** Words that, immediately before a capitalised or dictionary word, signal a person. */
export const PERSON_CTX = new Set([
  'daughter', 'dtr', 'son', 'wife', 'husband', 'spouse', 'partner', 'fiance', 'fiancee', 'girlfriend',
  'boyfriend', 'mother', 'mom', 'father', 'dad', 'sister', 'sis', 'brother', 'bro', 'niece', 'nephew',
  'aunt', 'uncle', 'cousin', 'grandson', 'granddaughter', 'grandaughter', 'grandmother', 'grandfather',
  'grandma', 'grandpa', 'friend', 'neighbor', 'neighbour', 'hcp', 'proxy', 'guardian', 'sibling',
  'stepson', 'stepdaughter', 'caregiver', 'named', 'staff', 'caseworker', 'sw', 'coordinator', 'chaplain', 'therapist', 'rep', 'liaison', 'manager', 'translator', 'interpreter', 'sitter', 'companion', 'landlord', 'roommate', 'pt', 'resident', 'attending', 'nurse',
  'rn', 'np', 'md', 'doc', 'physician', 'surgeon', 'fellow', 'intern', 'dtrs', 'sons', 'daughters',
  'kid', 'child', 'grandchild', 'stepmother', 'stepfather', 'stepmom', 'stepdad', 'stepsister', 'stepbrother',
  'godmother', 'godfather', 'godson', 'goddaughter', 'mum', 'mommy', 'daddy', 'hubby', 'fiancé', 'fiancée',
  'granddad', 'grandmom', 'grandad', 'granny', 'nanny', 'babysitter', 'housemate', 'flatmate', 'classmate', 'coworker', 'co-worker', 'colleague', 'boss', 'tenant',
]);
/** Verb phrases that are followed by a name. */
export const PERSON_VERB = /\b(?:follow(?:ed|ing)?[\s-]+up\s+with|appointment\s+with|meeting\s+with|visit\s+with|married\s+to|called\s+by|spoke\s+(?:with|to)|talked\s+(?:with|to)|per|seen\s+by|paged|informed|notified|discussed\s+with|met\s+with|visited\s+by|name\s+is|named(?:\s+(?:him|her|them))?|call\s+me|i\s+am|i'm|this\s+is|dear|hi|hello|thanks|thank\s+you|signed\s+by|cc|attn)\s*:?\s*$/i;

export const US_STATES = new Map<string, string>(Object.entries({
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO',
  connecticut: 'CT', delaware: 'DE', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID',
  illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA',
  maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI', minnesota: 'MN',
  mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV',
  'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY',
  'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR',
  pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD',
  tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA',
  'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'district of columbia': 'DC',
  'puerto rico': 'PR', guam: 'GU',
}));
export const STATE_ABBR = new Set(US_STATES.values());

/** Country names (English). Not Safe Harbor identifiers by themselves; reported at low score. */
export const COUNTRIES = new Set(`afghanistan albania algeria andorra angola argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil
brunei bulgaria burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus
czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia
germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq
ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon
lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia
nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau panama paraguay peru philippines
poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia
spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey
turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe
england scotland wales usa u.s.a. uk`.split(/\s+/));
export const COUNTRY_PHRASES = /\b(?:united\s+states(?:\s+of\s+america)?|united\s+kingdom|new\s+zealand|south\s+africa|south\s+korea|north\s+korea|czech\s+republic|dominican\s+republic|costa\s+rica|el\s+salvador|saudi\s+arabia|sri\s+lanka|united\s+arab\s+emirates|great\s+britain|hong\s+kong|puerto\s+rico)\b/gi;

/** Everything known about one lower-cased word, so each token costs a single hash lookup. */
/** Role bits: which context lists a word belongs to (so hot loops test a bit, not a Set). */
export const R = Object.freeze({ TITLE: 1, PERSON_CTX: 2, VERB_LAST: 4, CONTACT: 8, SPEECH_PREV: 16, LOC_PREV: 32, PLACE_PREV: 64, CRED: 128 });
export const ROLE_WORDS: ReadonlyArray<[number, readonly string[]]> = [
  [R.VERB_LAST, ['by', 'with', 'to', 'per', 'paged', 'informed', 'notified', 'is', 'named', 'him', 'her', 'them', 'me', 'am', "i'm", 'im', 'dear', 'hi', 'hello', 'thanks', 'you', 'cc', 'attn']],
  [R.CONTACT, ['called', 'phoned', 'visited', 'telephoned', 'emailed', 'texted']],
  [R.SPEECH_PREV, ['says', 'said', 'asked', 'told', 'wrote', 'him', 'her', 'me', 'starring', 'featuring']],
  [R.LOC_PREV, ['to', 'from', 'at', 'into', 'in']],
  [R.PLACE_PREV, ['in', 'from', 'of', 'to', 'near', 'visiting', 'visit', 'visited', 'is', 'at', 'the', 'city']],
  [R.CRED, ['rn', 'rrt', 'crt', 'md', 'np', 'pa-c', 'lpn', 'bsn', 'msn', 'cna', 'phd', 'pharmd', 'lcsw', 'msw', 'slp', 'rpt', 'crnp', 'aprn', 'fnp', 'cnm', 'pa']],
];

export interface LexEntry {
  role: number;
  firstRank: number;
  lastRank: number;
  wordRank: number;
  clinical: boolean;
  /** a one-word city, US state or country */
  place: boolean;
  /** first word of a multi-word city or state */
  multiFirst: boolean;
  /** keyword-gate bits (util.gate) of this word, so a text's gate mask reuses the token's lookup */
  gates: number;
}

const blank = (): LexEntry => ({ role: 0, firstRank: Infinity, lastRank: Infinity, wordRank: Infinity, clinical: false, place: false, multiFirst: false, gates: 0 });

/** A fresh entry holding `w`'s ranks in the given-name, surname and word lists. */
function ranked(w: string): LexEntry {
  const e = blank();
  e.firstRank = FIRST.get(w) ?? Infinity;
  e.lastRank = LAST.get(w) ?? Infinity;
  e.wordRank = COMMON.get(w) ?? Infinity;
  return e;
}

/**
 * Everything known about one lower-cased word. Words with a role, clinical or place flags, gate bits,
 * or an English rank under 3,000 have an entry of their own (a few thousand); any other word of the
 * name and word lists (~100,000: the bulk of the old Map, ~39 MB of heap per thread) gets an entry
 * built from the compact lists when looked up, with the same values.
 */
class Lexicon {
  readonly #own = new Map<string, LexEntry>();
  /** The entry a word has of its own, created (with its ranks) on first use. */
  own(w: string): LexEntry {
    let e = this.#own.get(w);
    if (!e) this.#own.set(w, (e = ranked(w)));
    return e;
  }
  get(w: string): LexEntry | undefined {
    const e = this.#own.get(w);
    if (e) return e;
    if (!FIRST.has(w) && !LAST.has(w) && !COMMON.has(w)) return undefined;
    return ranked(w);
  }
  has(w: string): boolean {
    return this.#own.has(w) || FIRST.has(w) || LAST.has(w) || COMMON.has(w);
  }
  ownEntries(): IterableIterator<[string, LexEntry]> {
    return this.#own.entries();
  }
}

function buildLex(): Lexicon {
  const m = new Lexicon();
  const get = (w: string): LexEntry => m.own(w);
  for (const w of COMMON_WORDS.split('|').slice(0, 3000)) get(w);
  for (const w of CLINICAL) get(w).clinical = true;
  for (const w of TITLES) get(w).role |= R.TITLE;
  for (const w of PERSON_CTX) get(w).role |= R.PERSON_CTX;
  for (const [bit, ws] of ROLE_WORDS) for (const w of ws) get(w).role |= bit;
  for (const k of [...CITIES.split('|'), ...US_STATES.keys(), ...COUNTRIES]) {
    const sp = k.indexOf(' ');
    if (sp < 0) get(k).place = true; else get(k.slice(0, sp)).multiFirst = true;
  }
  return m;
}
export const LEX = buildLex();
/**
 * The most frequent words (English top 3,000, clinical shorthand, context words) in a small map of
 * their own: most tokens of a note are among them, and a small table stays in the CPU cache where the
 * 100,000-entry one does not. Same entry objects as LEX.
 */
export const HOT_LEX: ReadonlyMap<string, LexEntry> = (() => {
  const hot = new Map<string, LexEntry>();
  for (const [w, e] of LEX.ownEntries()) if (e.wordRank < 3000 || e.clinical || e.role !== 0) hot.set(w, e);
  return hot;
})();

// Decoded straight into bytes (no per-character array: that transient cost ~7 MB of RSS at start-up).
const BLOOM = new Uint8Array(Buffer.from(ENGLISH_BLOOM, 'base64'));
const BLOOM_BITS = BLOOM.length * 8;
const NBLOOM = new Uint8Array(Buffer.from(NAME_BLOOM, 'base64'));
const NBLOOM_BITS = NBLOOM.length * 8;
function fnv(str: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  return h >>> 0;
}
function inBloom(bits: Uint8Array, size: number, low: string): boolean {
  const h1 = fnv(low, 2166136261), h2 = fnv(low, 0x9747b28c) | 1;
  for (let i = 0; i < ENGLISH_BLOOM_K; i++) {
    const bit = ((h1 + Math.imul(i, h2)) >>> 0) % size;
    if ((bits[bit >> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
/** Is `low` (lower-case, 3+ letters) a given or family name somewhere in the world? (Bloom filter, ~1% false positives.) */
export function isWorldName(low: string): boolean {
  return low.length >= 3 && inBloom(NBLOOM, NBLOOM_BITS, low);
}
/** Is `low` (lower-case) an English dictionary word of 3+ letters? (Bloom filter: ~1% false positives, no false negatives.) */
export function isEnglishWord(low: string): boolean {
  if (low.length < 3) return false;
  const h1 = fnv(low, 2166136261), h2 = fnv(low, 0x9747b28c) | 1;
  for (let i = 0; i < ENGLISH_BLOOM_K; i++) {
    const bit = ((h1 + Math.imul(i, h2)) >>> 0) % BLOOM_BITS;
    if ((BLOOM[bit >> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

/**
 * A typo of a known word ("BASLINE", "APPRROX", "MCIU"): one deletion, insertion, substitution or
 * transposition away from an English word of rank < 20,000 or a clinical word. For rare candidates only
 * (up to ~60 lookups per letter).
 */
export function nearKnownWord(w: string): boolean {
  if (w.length < 4 || w.length > 14) return false;
  if (w.length === 4) {
    // short words are one edit from too many others: only a transposed clinical abbreviation ("mciu")
    for (let i = 0; i + 1 < 4; i++) if (CLINICAL.has(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2))) return true;
    return false;
  }
  const known = (x: string): boolean => x !== w && (CLINICAL.has(x) || (COMMON.get(x) ?? Infinity) < 20000);
  const abc = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length && known(w.slice(0, i) + w.slice(i + 1))) return true;
    if (i + 1 < w.length && known(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2))) return true;
    for (let c = 0; c < 26; c++) {
      if (known(w.slice(0, i) + abc[c] + w.slice(i))) return true;
      if (i < w.length && known(w.slice(0, i) + abc[c] + w.slice(i + 1))) return true;
    }
  }
  return false;
}

/** OR keyword-gate bits into a word's entry (creating it for words not otherwise known). */
export function addGateBits(w: string, bits: number): void {
  LEX.own(w).gates |= bits;
}
