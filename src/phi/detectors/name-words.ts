/** Word lists and word-level predicates for the name detector (general English and clinical knowledge). */
import type { Tok } from './tokens.js';
import { FIRST, LAST, TITLES } from './lexicon.js';

export const CREDENTIAL = /^[ \t,]*(?:,\s*)?(?:rn|rrt|crt|md|np|pa-c|lpn|bsn|msn|cna|phd|pharmd|lcsw|msw|slp|rpt|crnp|aprn|fnp|cnm)\b\.?/i;
/** Word shapes that are rarely names: verb/adverb/noun suffixes. */
export const NOT_NAME_SUFFIX = /(?:ed|ing|ly|tion|sion|ment|ness|ity|ous|ive|able|ible|ful|less|ize|ise|ant|ent)$/;
export const COMMON_LIMIT = 6000; // words this frequent in English are names only with support

export const LABEL = /(?:\b(?:name|patient\s+name|pt\s+name|full\s+name|last\s+name|first\s+name|surname|directed\s+by|written\s+by|performed\s+by|produced\s+by|authored\s+by|signed\s+by|reported\s+by|contact\s+person|next\s+of\s+kin|emergency\s+contact|beneficiary|recipient|sender|author)\s*(?:is\s*)?[:?]|\b(?:attn|attention|from|to|guardian|spouse)\s*:|\bname\s+is)[ \t]*\n?[ \t]*$/i;
export function spaceOnly(text: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) { const c = text.charCodeAt(k); if (c !== 32 && c !== 9) return false; }
  return b > a;
}
/** Words after a surname that make it an eponym, not a person: "Hickman catheter", "Foley catheter". */
export const EPONYM_NEXT = new Set(['cath', 'catheter', 'line', 'drain', 'tube', 'port', 'valve', 'procedure', 'sign', 'maneuver', 'manoeuvre', 'syndrome', 'disease', 'test', 'score', 'scale', 'criteria', 'classification', 'fracture', 'operation', 'repair', 'shunt', 'bag', 'mask', 'filter', 'pump', 'stockings', 'boots', 'bed', 'mattress', 'dressing', 'gtt', 'drip', 'protocol', 'method', 'technique', 'reflex', 'phenomenon']);
export const PLURAL_VERBS = new Set(['were', 'are', 'have', 'had', 'met', 'married', 'founded', 'wrote', 'sang', 'played', 'said', 'told']);
export const PERSON_VERBS = new Set(['spent', 'shouted', 'said', 'says', 'lives', 'lived', 'works', 'worked', 'told', 'asked', 'wants', 'wanted', 'loves', 'loved', 'likes', 'liked', 'grew', 'moved', 'married', 'studied', 'joined', 'became', 'replied', 'smiled', 'laughed', 'cried', 'thinks', 'believes', 'feels', 'knows', 'wrote', 'sang', 'shouts', 'whispered', 'answered', 'explained', 'admitted', 'complained', 'reported', 'began', 'started', 'decided', 'tried', 'refused', 'agreed', 'promised']);
/**
 * Verbs that organisations, drugs and devices take as readily as people ("Aetna refused", "Precedex
 * started", "Optum has sent"): their subject is a name only when a name list knows the word.
 */
export const AGENT_VERBS = new Set(['began', 'started', 'decided', 'tried', 'refused', 'agreed', 'promised', 'given', 'sent']);
/** Participles after "had"/"has" that need a person as subject: "Gerth had given". */
export const PERSON_PARTICIPLES = new Set(['given', 'told', 'asked', 'written', 'sent', 'promised', 'married', 'lived', 'worked', 'studied', 'grown', 'moved']);
export const FOLLOWERS = new Set(['called', 'calls', 'visited', 'visits', 'visiting', 'phoned', 'phones', 'in', 'is', 'was', 'has', 'had', 'here', 'at', 'updated', 'and', 'who', 'notified', 'aware', 'spoke', 'came', 'left', 'arrived', 'consented', 'agrees', 'agreed', 'states', 'stated', 'reports', 'reported', 'present', 'with']);
function parts(t: Tok): string[] { return t.low.split(/[-'’]/).filter((p) => p.length > 1); }
export function inFirst(t: Tok): boolean { return t.firstRank !== Infinity || (t.low.includes('-') && parts(t).some((p) => FIRST.has(p))); }
export function inLast(t: Tok): boolean {
  if (t.lastRank !== Infinity) return true;
  // "o'brien", "d'angelo": family-name lists spell them without the apostrophe
  const c1 = t.low.charCodeAt(1);
  if ((c1 === 39 || c1 === 0x2019) && t.low.length > 3 && LAST.has(t.low.slice(0, 1) + t.low.slice(2))) return true;
  return t.low.includes('-') && parts(t).every((p) => LAST.has(p) || FIRST.has(p));
}
/**
 * Web word-frequency lists are full of names (john, smith, taylor). A frequent word that is also a
 * prominent given name or surname counts as a name, unless it is a genuinely common English word.
 */
export const WORD_NAMES = new Set(`will may mark bill rich art frank grant young brown white green black gray grey long west
east north south price rose hope joy june april august hall king wood woods stone ford lane bell cook hunt hunter rice
fox ray pat sue bob dawn grace faith chance christian summer autumn amber ruby pearl crystal page case chase wade
miles love major sharp little small short strong early day hill park street field church new power key bishop judge
marshall porter sawyer baker carpenter mason miller turner walker fisher butler weaver cooper carter parker potter
shepherd gardner golden rivers banks brooks waters lake pool bush berry mills wells cash best good noble rush
swift moss reed ward wise worth head heart hand foot bone blood nurse doctor house home bed chair floor bath door
sun star sky rain snow frost storm wind may-be lee don jack jean ann sam max van von de la le di del`.split(/\s+/));
function nameProminent(t: Tok): boolean {
  if (t.wordRank < 250 || WORD_NAMES.has(t.low)) return false;
  return t.firstRank < 1200 || t.lastRank < 2000;
}
export function isCommon(t: Tok): boolean { return t.wordRank < COMMON_LIMIT && !nameProminent(t); }
/** Function words and the like: never a name on their own. */
export function veryCommon(t: Tok): boolean { return t.wordRank < 1000 && !nameProminent(t); }
export const WEAK_CTX = new Set(['pt', 'patient', 'resident', 'attending', 'nurse', 'rn', 'np', 'md', 'doc', 'physician', 'surgeon', 'fellow', 'intern', 'staff', 'sw', 'coordinator', 'manager', 'rep', 'liaison']);
export const LOWER_OK = new Set(['daughter', 'dtr', 'son', 'wife', 'husband', 'spouse', 'mother', 'father', 'sister', 'brother', 'niece', 'nephew', 'grandson', 'granddaughter', 'grandaughter', 'friend', 'hcp', 'proxy', 'named', 'boyfriend', 'girlfriend', 'partner', 'aunt', 'uncle', 'cousin']);
/**
 * Form and context labels: the words that introduce an identifier ("SSN 536-…", "DOB:", "Pt", "Fax").
 * They are never part of a name, whatever list, title or shape surrounds them.
 */
export const LABEL_WORDS = new Set(`ssn ss dob mrn pt pts dx hx rx tx sx fx id ids npi dea dl mbi hicn vin ip url
phone ph tel telephone cell mobile pager fax email e-mail address addr zip zipcode postcode d.o.b dod doa dos
sex gender ethnicity surname acct account routing iban policy insurance insurer payer medicaid medicare license
licence passport serial device udi imei admit admitted admission discharge discharged encounter accession specimen
attn bcc ext extension`.split(/\s+/));
/**
 * Surname endings that are characteristic of a language's family names (Slavic -ova/-ov/-ski/-vić, Greek
 * -poulos/-idis, Romanian -escu, Georgian -shvili/-dze, Armenian -yan, Turkish -oğlu, Nordic -sson/-qvist,
 * German -mann/-stein/-berg). Applied only to words that are not English, not places and not clinical.
 */
export const SURNAME_SUFFIX = /(?:[^aeiou]ova|[^aeiou]eva|skaya|[^aeiou]ov|[^aeiou]ev|sky|ski|vić|vic|čić|ić|enko|chuk|escu|poulos|idis|akis|shvili|dze|yan|oğlu|oglu|sson|qvist|kvist|ström|strom|mann|stein|berg|wicz|czyk|ewski|owski|ovich|evich|ovna|evna)$/;
/** The most distinctive of those endings: enough even in lower-case text ("olga krylova"). */
export const SURNAME_SUFFIX_STRONG = /(?:[^aeiou]ova|[^aeiou]eva|skaya|enko|escu|poulos|shvili|wicz|czyk|ovich|evich|ovna|evna)$/;
/** Lower-case particles inside family names. */
export const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ten', 'ter', 'te', 'af', 'av', 'zu', 'bin', 'ibn', 'al', 'el', 'ben', 'y', "d'"]);
/** Words after a sentence subject that make an unknown capitalised word a person ("Kastner is", "Akifumi just"). */
export const SUBJECT_NEXT = new Set(['was', 'is', 'has', 'had', 'just', 'will', 'would', 'could', 'did', 'does', 'never', 'always', 'himself', 'herself']);
export const CLAUSE_OPENERS = new Set(['that', 'but', 'when', 'while', 'because', 'though', 'although', 'whereas', 'unless', 'until', 'if', 'so', 'whether', 'whom']);
/** Last two or three letters of every SURNAME_SUFFIX ending, as numbers: a cheap test before the regex. */
// 10 bits per letter keeps the keys small integers (no allocation); letters above U+03FF never match
const tailKey = (w: string): number => w.length === 2 ? (w.charCodeAt(0) << 10) | w.charCodeAt(1) : (w.charCodeAt(0) << 20) | (w.charCodeAt(1) << 10) | w.charCodeAt(2);
export const SUFFIX_TAILS = new Set<number>(['ov', 'ev', 'ić', 'ova', 'eva', 'aya', 'sky', 'ski', 'vic', 'nko', 'huk', 'scu', 'los', 'dis', 'kis', 'ili', 'dze', 'yan', 'glu', 'ğlu', 'son', 'ist', 'röm', 'rom', 'ann', 'ein', 'erg', 'icz', 'zyk', 'ich', 'vna'].map(tailKey));
/** Does `low` end in one of SUFFIX_TAILS? (no allocation) */
export function hasSurnameTail(low: string): boolean {
  const L = low.length;
  const a = low.charCodeAt(L - 3), b = low.charCodeAt(L - 2), c = low.charCodeAt(L - 1);
  if ((a | b | c) >= 1024) return false;
  const k2 = (b << 10) | c;
  return SUFFIX_TAILS.has(k2) || SUFFIX_TAILS.has((a << 20) | k2);
}

/** Titles and label words: never (part of) a name. One hash lookup. */
const NEVER_NAME = new Set([...TITLES, ...LABEL_WORDS]);
/** Clinical vocabulary, a title or label word, or a single letter: never (part of) a name on its own. */
export function clinical(t: Tok): boolean { return t.clinical || t.low.length < 2 || NEVER_NAME.has(t.low); }
export function rawWord(text: string, t: Tok): string { return text.slice(t.start, t.end); }

/** Species written after a genus initial ("s. aureus", "E. Coli", "a. fib" for atrial fibrillation): no surname after an initial. */
export const SPECIES = new Set(('aureus epidermidis lugdunensis coli diff difficile pylori aeruginosa pneumoniae fragilis albicans glabrata ' +
  'vaginalis gonorrhoeae meningitidis monocytogenes faecalis faecium pyogenes agalactiae influenzae trachomatis marcescens cloacae ' +
  'mirabilis baumannii perfringens jirovecii carinii fumigatus neoformans burgdorferi pallidum tuberculosis avium typhi enteritidis ' +
  'sonnei jejuni cholerae vulnificus pestis anthracis botulinum tetani immitis capsulatum dermatitidis fib flutter').split(' '));
