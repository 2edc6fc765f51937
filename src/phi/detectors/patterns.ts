import type { Candidate } from '../types.js';
import {
  isAbaRouting, isCardNumber, isDea, isIban, isIpv4, isItin, isIpv6, isMbi, isNpi, isSsn, isVin, luhn,
} from '../validators.js';
import { ethAddress, isBase58CheckAddress, isSegwitAddress } from '../wallets.js';
import { detectPhoneForms } from './phones.js';
import { gate, before, each, push } from './util.js';

// All patterns are linear: no nested quantifiers over the same characters.
const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
const URL_RE = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'`]{2,2048}/gi;
const BARE_DOMAIN = /\b[A-Za-z0-9-]{2,63}\.(?:com|org|net|edu|gov|io|info|biz|us|co\.uk)(?:\/[^\s<>"'`]{0,512})?(?![A-Za-z0-9@])/g;
const IPV4 = /(?<![\d.]|\bv)(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)/g;
const IPV6 = /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,15}(?![0-9A-Fa-f:])/g;
const MAC = /\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b/g;
const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;
const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const PHONE_US = /(?<![\w+]|\d-)(?:(?:\+?1|001)[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w-])/gi;
const PHONE_US_COMPACT = /(?<![\w+-])\(\d{3}\)\d{3}-?\d{4}(?![\w-])/g;
const PHONE_INTL = /(?<![\w+])(?:\+\d{1,6}|00[1-9]\d{0,2})(?:[ .-]?\(\d{1,4}\)\d{0,5}|[ .-]\d{1,5}){1,6}(?![\w]|-\d)|\+\d{9,15}\b/g;
// Spaced digit groups ("612 448 309", "4821 7733") when phone words are near
const PHONE_GROUPS = /(?<![\w+.,/-])\d{2,4}(?:[ .-]\d{2,6}){1,4}(?![\w.,/]\d|\w)/g;
const PHONE_BARE_GROUPS = /(?=\d\d)(?<=\b(?:at|to|on|is|was|number|dial|call|text|reach|me|us|line)[ \t]{1,3})(?<![\w+.,/:-]|[\d.,][ -])\d{2,4}(?:[ -]\d{2,6}){1,3}(?![\w.,/:-]|[ -]\d)/gi;
const PHONE_PAREN = /\((\d[\d -]{8,14}\d)\)/gd;
const PHONE_NEAR_BEFORE = /\b(?:call(?:ing)?\s+(?:me\s+)?(?:on|at)|reach\s+(?:me\s+)?(?:on|at)|text\s+(?:me\s+)?(?:on|at)|sms|phone|tel|mobile|cell|desk|office|fax|dial|number|ring\s+me\s+on|whatsapp)\b[^\n\d]{0,6}$/i;
// A phone cue ending right before a number ("call me on", "not answering at", "my registered", "Desk:")
// (not "number" or "registered" alone: "error number 2147024891", "invoice number 48213377", "registered 2019-2021")
const PHONE_CUE = /\b(?:call(?:ing)?\s+(?:me\s+)?(?:on|at)|reach(?:ed)?\s+(?:me\s+|us\s+)?(?:on|at)|text\s+(?:me\s+)?(?:on|at)|(?:not\s+)?answering\s+(?:at|on)|registered\s+(?:mobile|phone|cell|number)|(?:my|your|our|his|her|their)\s+registered|my\s+(?:number|cell|mobile|phone)(?:\s+is)?|contact\s+(?:me\s+)?(?:on|at)|ring\s+me\s+on|sms|phone|tel|mobile|cell|desk|office|fax|dial|whatsapp)\b[^\n\d(+]{0,6}/gi;
const PHONE_AT = /(?:\+?\(\d{1,4}\)[ .-]?)?\d{2,12}(?:[ .-]\d{2,8}){0,4}(?!\w|[.,/-]\d)/y;
// ... or right after it ("3660170548-Fax", "085 175 7641 office")
const PHONE_CUE_AFTER = /(?<![\w+.,/-])((?:\+?\(\d{1,4}\)[ .-]?)?\d{2,12}(?:[ .-]\d{2,8}){0,4})[ \t]*-?[ \t]*(?:office|fax|mobile|home|work|cell|desk|direct|ext)\b/gid;
const HHMM_PAIR = /^(?:[01]\d|2[0-3])[0-5]\d[ -](?:[01]\d|2[0-3])[0-5]\d$/;
const STRONG_PHONE_WORD = /\b(?:phone|tel|telephone|mobile|cell|fax|call|dial|sms|whatsapp|number)\b/i;
const PHONE_NEAR_AFTER = /^[ \t]*-?[ \t]*(?:office|fax|mobile|home|work|cell|desk|direct|ext)\b/i;
const IBAN_CTX = /\biban\b[^\n]{0,12}?\b([a-z]{2}\d{2}[a-z0-9 ]{11,40}?)(?=[\s.,;]|$)/gid;
const PHONE_EU = /(?<![\w+.-])(?:\(\d{2,4}\) ?\d{3}[ .-]\d{3,4}|0\d{2,4}(?:[ .]\d{2,4}){2,4}|0\d(?:\.\d{2}){4})(?!\w|-\d)/g;
const PHONE_LABEL = /\b(?:phone|tel|telephone|mobile|cell|fax|contact\s+number|ph)\b\s*(?:number|no\.?|#)?\s*[:=]?\s*(\+?[\d(][\d ().-]{5,20}\d)(?![\d-])/gid;
const PHONE_SHORT = /(?<![\w-])\d{3}-\d{4}(?![\w-])/g;
const PHONE_CTX = /\b(?:phone|ph|tel|telephone|cell|mobile|home|work|office|contact|call|pager|page|pg|beeper|fax|number|#)\b/;
const FAX_CTX = /\bfax\b|\bfacsimile\b|\bf:\s*$/;

const VIN = /\b[A-HJ-NPR-Z0-9]{17}\b/g;
const MBI = /\b[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}\b/g;
const DEA = /\b[A-Z]{2}\d{7}\b/g;
// Wallet addresses (validated by their checksums in ../wallets.ts) and IMEIs written in groups.
const ETH = /\b0x[0-9a-fA-F]{40}\b/g;
const BTC_B58 = /\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b/g;
const BTC_BECH32 = /\b(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}\b/g;
const IMEI_GROUPED = /(?<![\d-])\d{2}([- ])\d{6}\1\d{6}\1\d(?![\d-])/g;
const UDI_GS1 = /\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]{1,20}){0,5}/g;
const UDI_HIBCC = /\+[A-Z]\d{3}[A-Z0-9]{1,18}(?:\/[A-Z0-9$+%]{1,30})?/g;

export const HAS_DIGIT = /\d/;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isWordCode = (c: number): boolean => isHex(c) || (c >= 71 && c <= 90) || (c >= 103 && c <= 122) || c === 95;
/** Same as /\b[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/.test(text), visiting only the colons. */
export function hexColonChain(text: string): boolean {
  let prev = -2, chain = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let k = i - 1, h = 0;
    while (k >= 0 && h < 5 && isHex(text.charCodeAt(k))) { k--; h++; }
    if (h >= 1 && h <= 4 && chain > 0 && k === prev) chain++;
    else if (h >= 1 && h <= 4 && (k < 0 || !isWordCode(text.charCodeAt(k)))) chain = 1;
    else chain = 0;
    if (chain >= 3) return true;
    prev = i;
  }
  return false;
}
/** An explicit SSN label right before a number (not the bare word "social"). */
const SSN_LABEL = /\b(?:ssn|ss#|ss\s?no\.?|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is|:|#|=)?\s*#?\s*$/;
/** 9 digits in 3-2-4 that are not a placeholder (all zeros in a part, or one repeated digit). */
function ssnShaped(s: string): boolean {
  const d = s.replace(/\D/g, '');
  return d.length === 9 && !/^(\d)\1{8}$/.test(d) && !d.startsWith('000') && d.slice(3, 5) !== '00' && !d.endsWith('0000');
}

/** Keyword-anchored identifiers: keyword, optional filler, then the identifier token. */
const KEYED: ReadonlyArray<[RegExp, Candidate['type'], number, string, readonly string[]]> = [
  [/\b(?:mrn|mr#|mr\s?no\.?|medical\s+record(?:\s+(?:number|no\.?|#))?|chart\s*(?:#|no\.?|number)|unit\s+no\.?|patient\s+id|pt\s+id|hospital\s+(?:number|#))\s*(?:is|was|:|#|=|-)?\s*:?\s*#?\s*([A-Z]{0,3}[-\d][\d-]{3,19}[A-Z]?)\b/gid, 'MRN', 0.95, 'ctx:mrn', ['mrn', 'mr', 'medical', 'chart', 'id', 'number']],
  [/\b(?:ssn|ss#|ss\s?no\.?|social\s+security(?:\s+(?:number|no\.?|#))?|social)\s*(?:is|:|#|=)?\s*#?\s*(\d{3}[- ]?\d{2}[- ]?\d{4}|\d{9})\b/gid, 'SSN', 0.98, 'ctx:ssn', ['ssn', 'ss', 'social']],
  [/\bcc\s*#?\s*(\d{12,19})\b/gid, 'ACCOUNT', 0.8, 'ctx:card', ['cc']],
  [/\b(?:patient|pt|member|client|customer|subscriber|record)\s*(?:#|no\.?|number|id)?\s*:?\s*([A-Z]{0,3}\d[\d-]{5,20}\d)\b/gid, 'MRN', 0.7, 'ctx:patient-number', ['patient', 'pt', 'member', 'client', 'customer', 'subscriber', 'record']],
  [/\b(?:acct|account|iban|routing|aba|card|credit\s+card|debit\s+card|bank)\s*(?:number|no\.?|num|#)?\s*(?:is|:|#|=|ending\s+in)?\s*#?\s*([A-Z]{0,4}\d[\d -]{3,30}\d)\b/gid, 'ACCOUNT', 0.9, 'ctx:account', ['acct', 'account', 'a', 'iban', 'routing', 'aba', 'card', 'credit', 'debit', 'bank']],
  [/\b(?:(?:member|subscriber|policy|insurance|medicaid|medicare|health\s+plan|beneficiary|group|plan|hicn|mbi)\s*(?:id|number|no\.?|#)|(?:medicaid|medicare|hicn|mbi)\s*:)\s*(?:is|:|#|=)?\s*#?\s*([A-Z0-9][A-Z0-9-]{4,20})\b/gid, 'HEALTH_PLAN_ID', 0.9, 'ctx:plan', ['member', 'subscriber', 'policy', 'insurance', 'medicaid', 'medicare', 'health', 'beneficiary', 'group', 'plan', 'hicn', 'mbi']],
  [/\b(?:driver'?s?\s+licen[cs]e|licen[cs]e|lic|dl|passport|certificate|npi|dea|state\s+id)\s*(?:number|no\.?|num|#)?\s*(?:is|:|#|=)?\s*#?\s*([A-Z]{0,3}\d[A-Z0-9-]{3,18})\b/gid, 'LICENSE', 0.85, 'ctx:license', ['driver', 'drivers', 'license', 'licence', 'lic', 'dl', 'passport', 'certificate', 'npi', 'dea', 'state']],
  [/\b(?:license\s+plate|plate|tag|vin|vehicle\s+(?:id|identification\s+number))\s*(?:number|no\.?|#)?\s*(?:is|:|#|=)?\s*#?\s*([A-Z0-9][A-Z0-9 -]{1,16}[A-Z0-9])\b/gid, 'VEHICLE', 0.8, 'ctx:vehicle', ['license', 'plate', 'tag', 'vin', 'vehicle']],
  [/\b(?:serial|s\/n|sn|device\s+id|udi|imei|model\s+no\.?|lot)\s*(?:number|no\.?|#)?\s*(?:is|:|#|=)?\s*#?\s*([A-Z0-9][A-Z0-9-]{3,30})\b/gid, 'DEVICE', 0.8, 'ctx:device', ['serial', 'sn', 'device', 'udi', 'imei', 'model', 'lot']],
  [/\b(?:pager|pgr|pg|beeper|page|bpr|ext|extension|x)\s*(?:#|no\.?|number)?\s*:?\s*#?\s*(\d{4,6})\b/gid, 'PHONE', 0.8, 'ctx:pager', ['pager', 'pgr', 'pg', 'beeper', 'page', 'bpr', 'ext', 'extension', 'x']],
  [/\b(?:id|identifier|ref|reference|case|claim|record|file|order|encounter|visit|accession|specimen|sample|requisition|employee|badge)\s*(?:number|no\.?|num|#)\s*(?:is|:|#|=)?\s*#?\s*([A-Z]{0,4}\d[A-Z0-9-]{3,20})\b/gid, 'OTHER_ID', 0.75, 'ctx:id', ['id', 'identifier', 'ref', 'reference', 'case', 'claim', 'record', 'file', 'order', 'encounter', 'visit', 'accession', 'specimen', 'sample', 'requisition', 'employee', 'badge']],
];

export function detectPatterns(text: string, out: Candidate[], words: number = -1): void {
  if (text.includes('@')) each(EMAIL, text, (m) => push(out, 'EMAIL', m.index, m.index + m[0].length, 0.98, 'regex:email'));
  if (/:\/\/|www\./i.test(text)) each(URL_RE, text, (m) => {
    const s = m[0].replace(/[.,;:!?)\]}]+$/, '');
    push(out, 'URL', m.index, m.index + s.length, 0.9, 'regex:url');
  });
  if (/\.(?:com|org|net|edu|gov|io|info|biz|us|co\.uk)\b/i.test(text)) each(BARE_DOMAIN, text, (m) => {
    if (text[m.index - 1] === '@' || text[m.index - 1] === '.') return;
    const s = m[0].replace(/[.,;:!?)\]}]+$/, '');
    push(out, 'URL', m.index, m.index + s.length, 0.7, 'regex:domain');
  });
  if (!HAS_DIGIT.test(text)) return; // everything below needs a digit
  each(IPV4, text, (m) => {
    if (!isIpv4(m[0])) return;
    push(out, 'IP', m.index, m.index + m[0].length, /\bip\b|address|host|server/.test(before(text, m.index)) ? 0.98 : 0.85, 'regex:ipv4');
  });
  if (text.includes('::') || hexColonChain(text)) each(IPV6, text, (m) => {
    const s = m[0];
    if (!s.includes('::') && s.split(':').length < 6) return;
    if (isIpv6(s)) push(out, 'IP', m.index, m.index + s.length, 0.9, 'regex:ipv6');
  });
  if (/[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}/.test(text)) each(MAC, text, (m) => push(out, 'DEVICE', m.index, m.index + m[0].length, 0.95, 'regex:mac'));
  each(SSN, text, (m) => {
    if (!isSsn(m[0])) {
      // An explicit label right before ("SSN: 999-59-2277", Synthea's 9xx area): a leak is a leak.
      if (SSN_LABEL.test(before(text, m.index, 40)) && ssnShaped(m[0])) push(out, 'SSN', m.index, m.index + m[0].length, 0.96, 'ctx:ssn-label');
      // ITIN (9xx with a valid group): a taxpayer id, with separators or after a tax-id word
      else if (isItin(m[0]) && (m[2] !== '' || /\b(?:itin|tin|taxpayer|tax\s+id)\b/.test(before(text, m.index, 40)))) push(out, 'OTHER_ID', m.index, m.index + m[0].length, 0.9, 'regex:itin');
      return;
    }
    const ctx = /\b(?:ssn|ss#|social|security)\b/.test(before(text, m.index, 40));
    const sep = m[2] !== '';
    if (!sep && !ctx) return; // bare 9 digits: leave to other detectors
    push(out, 'SSN', m.index, m.index + m[0].length, ctx ? 0.98 : 0.8, 'regex:ssn');
  });
  each(CARD, text, (m) => {
    const s = m[0].replace(/[ -]+$/, '');
    if (/^\d{2}([- ])\d{6}\1\d{6}\1\d$/.test(s)) return; // the 2-6-6-1 grouping of an IMEI (DEVICE, below)
    if (isCardNumber(s)) push(out, 'ACCOUNT', m.index, m.index + s.length, 0.95, 'regex:card');
    else if (/^\d{13,19}$/.test(s) && luhn(s)) push(out, 'ACCOUNT', m.index, m.index + s.length, 0.6, 'regex:luhn');
  });
  each(IBAN, text, (m) => {
    if (isIban(m[0])) push(out, 'ACCOUNT', m.index, m.index + m[0].length, 0.97, 'regex:iban');
  });
  const phone = (m: RegExpExecArray, base: number, det: string): void => {
    const ctx = before(text, m.index, 24);
    const fax = FAX_CTX.test(ctx) || /^[ \t]*-?[ \t]*fax\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8));
    const score = PHONE_CTX.test(ctx) ? Math.max(base, 0.95) : base;
    push(out, fax ? 'FAX' : 'PHONE', m.index, m.index + m[0].length, score, fax ? det.replace('phone', 'fax') : det);
  };
  each(PHONE_US, text, (m) => phone(m, 0.85, 'regex:phone'));
  each(PHONE_US_COMPACT, text, (m) => phone(m, 0.85, 'regex:phone'));
  each(PHONE_INTL, text, (m) => { if (m[0].replace(/\D/g, '').length >= 7) phone(m, 0.8, 'regex:phone-intl'); });
  each(PHONE_EU, text, (m) => { if (m[0].replace(/\D/g, '').length >= 8) phone(m, 0.6, 'regex:phone-eu'); });
  each(PHONE_GROUPS, text, (m) => {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 7 || digits > 13) return;
    const b = text.slice(Math.max(0, m.index - 30), m.index);
    if (!PHONE_NEAR_BEFORE.test(b) && !PHONE_NEAR_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) return;
    // "Front desk 0700-1900", "office 1400 1600": two 24-hour times are opening hours, unless a word
    // that only phones have comes before them
    if (HHMM_PAIR.test(m[0]) && !STRONG_PHONE_WORD.test(b)) return;
    phone(m, 0.8, 'regex:phone-groups');
  });
  // Grouped digits with no phone word ("699 956 915", "71-33-52-22", "99 668472"): one separator throughout,
  // 8-12 digits, no decimals, units or neighbouring numbers
  if (/\d \d\d/.test(text)) each(PHONE_BARE_GROUPS, text, (m) => {
    const g = m[0];
    const digits = g.replace(/\D/g, '').length;
    if (digits < 8 || digits > 12) return;
    if (g.split(' ').every((x) => x.endsWith('0'))) return; // round amounts: "1200 800 600"
    if (g.includes('-')) return; // hyphenated groups are ranges and times ("1900-0700", "10-20-30-40")
    // only where a phone number reads naturally: "answering at 699 956 915", "text me on 99 668472"
    if (!/\b(?:at|to|on|is|was|number|dial|call|text|reach|me|us|line)[ \t]+$/i.test(text.slice(Math.max(0, m.index - 10), m.index))) return;
    if (/^\s*(?:mg|mcg|ml|cc|kg|g|mm|cm|units?|%|x\b|mmhg|meq|l\b)/i.test(text.slice(m.index + g.length, m.index + g.length + 6))) return;
    phone(m, 0.6, 'regex:phone-grouped');
  });
  // Any digit-group shape (7-13 digits) right after or before a phone cue on the same line:
  // "call me on (64) 3591-3246", "not answering at 71-33-52-22", "Desk: 5403926876", "3660170548-Fax"
  const cued = (start: number, value: string, cue: string): void => {
    const digits = value.replace(/\D/g, '').length;
    if (digits < 7 || digits > 13) return;
    if (HHMM_PAIR.test(value) && !STRONG_PHONE_WORD.test(cue)) return; // "desk 0700-1900": opening hours
    // a measurement: a unit or a rate after the number ("1250000 copies/mL", "2400000 cells/uL")
    if (/^\s*(?:mg|mcg|ml|cc|kg|g|mm|cm|units?|%|x\b|mmhg|meq|l\b|copies|cells|iu\b|\/)/i.test(text.slice(start + value.length, start + value.length + 7))) return;
    const m = Object.assign([value], { index: start, input: text }) as unknown as RegExpExecArray;
    phone(m, 0.8, 'ctx:phone-cue');
  };
  if (/\d\d/.test(text)) {
    each(PHONE_CUE, text, (c) => {
      const at = c.index + c[0].length;
      if (/[\w+.,/-]/.test(text[at - 1] ?? ' ')) return;
      PHONE_AT.lastIndex = at;
      const m = PHONE_AT.exec(text);
      if (m) cued(at, m[0], c[0]);
    });
    each(PHONE_CUE_AFTER, text, (m) => { const ix = m.indices?.[1]; if (ix) cued(ix[0], m[1]!, m[0].slice(m[1]!.length)); });
  }
  detectPhoneForms(text, out); // separator, spacing and glue forms (phones.ts)
  each(PHONE_PAREN, text, (m) => {
    const ix = m.indices?.[1];
    const n = m[1]!.replace(/\D/g, '').length;
    if (ix && (n === 10 || n === 11) && /^[2-9]/.test(m[1]!)) push(out, 'PHONE', ix[0], ix[1], 0.75, 'regex:phone-paren');
  });
  if (((words & GATE_1) !== 0)) each(IBAN_CTX, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const v = m[1]!.toUpperCase();
    if (isIban(v)) push(out, 'ACCOUNT', ix[0], ix[1], 0.95, 'ctx:iban');
    else if (/^[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}$/.test(v.trim())) push(out, 'ACCOUNT', ix[0], ix[0] + v.trim().length, 0.85, 'ctx:iban-label');
  });
  each(PHONE_SHORT, text, (m) => {
    if (PHONE_CTX.test(before(text, m.index, 24))) phone(m, 0.8, 'regex:phone-local');
  });
  if (((words & GATE_2) !== 0)) each(PHONE_LABEL, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix || m[1]!.replace(/\D/g, '').length < 7) return;
    const fax = /^fax/i.test(m[0]);
    push(out, fax ? 'FAX' : 'PHONE', ix[0], ix[1], 0.9, fax ? 'ctx:fax' : 'ctx:phone');
  });
  if (text.length <= 64 || (words & GATE_VIN) !== 0) each(VIN, text, (m) => { if (isVin(m[0])) push(out, 'VEHICLE', m.index, m.index + 17, 0.95, 'regex:vin'); });
  each(MBI, text, (m) => { if (isMbi(m[0])) push(out, 'HEALTH_PLAN_ID', m.index, m.index + m[0].length, 0.85, 'regex:mbi'); });
  each(DEA, text, (m) => { if (isDea(m[0])) push(out, 'LICENSE', m.index, m.index + 9, 0.8, 'regex:dea'); });
  if (text.includes('0x')) each(ETH, text, (m) => {
    const v = ethAddress(m[0]);
    if (v !== 'invalid') push(out, 'ACCOUNT', m.index, m.index + 42, v === 'valid' ? 0.97 : 0.75, 'regex:eth');
  });
  each(BTC_B58, text, (m) => { if (isBase58CheckAddress(m[0])) push(out, 'ACCOUNT', m.index, m.index + m[0].length, 0.97, 'regex:btc'); });
  if (/(?:bc|tb)1/i.test(text)) each(BTC_BECH32, text, (m) => { if (isSegwitAddress(m[0])) push(out, 'ACCOUNT', m.index, m.index + m[0].length, 0.97, 'regex:bech32'); });
  each(IMEI_GROUPED, text, (m) => { if (luhn(m[0].replace(/\D/g, ''))) push(out, 'DEVICE', m.index, m.index + m[0].length, 0.85, 'regex:imei'); });
  if (text.includes('(01)')) each(UDI_GS1, text, (m) => push(out, 'DEVICE', m.index, m.index + m[0].length, 0.95, 'regex:udi-gs1'));
  if (text.includes('+')) each(UDI_HIBCC, text, (m) => { if (m[0].length >= 8) push(out, 'DEVICE', m.index, m.index + m[0].length, 0.8, 'regex:udi-hibcc'); });
  for (let ki = 0; ki < KEYED.length; ki++) {
    const [re, type, score, det] = KEYED[ki]!;
    if ((words & KEYED_GATES[ki]!) === 0) continue;
    const pre = KEYED_PRE[ki];
    if (pre && !pre.test(text)) continue;
    each(re, text, (m) => {
      const ix = m.indices?.[1];
      if (!ix) return;
      const val = m[1]!.trim();
      if (!/\d/.test(val)) return;
      let t = type;
      let s = score;
      if (type === 'LICENSE' && isNpi(val)) { s = 0.95; }
      if (type === 'ACCOUNT' && isAbaRouting(val)) { s = 0.97; }
      if (type === 'SSN' && !isSsn(val)) {
        // explicit label: report what the validator rejects (9xx areas) at a lower score
        if (!/^social\s*(?:is|:|#|=)?\s*#?\s*\d/i.test(m[0]) && ssnShaped(val)) s = 0.96; else return;
      }
      if (type === 'PHONE' && FAX_CTX.test(before(text, ix[0], 16))) t = 'FAX';
      push(out, t, ix[0], ix[0] + val.length, s, det);
    });
  }
}


// Keyword gates (registered at module load, before any scan)
const GATE_1 = gate(['iban']);
const GATE_2 = gate(['phone', 'tel', 'telephone', 'mobile', 'cell', 'fax', 'contact', 'ph']);
const KEYED_GATES = KEYED.map((k) => gate(k[4]));
/** Cheap value-shape pre-checks (digit-led, so fast to scan) for the keyed rules whose keywords are everywhere in notes. */
const KEYED_PRE: ReadonlyArray<RegExp | undefined> = KEYED.map((k) => k[3] === 'ctx:patient-number' ? /\d[\d-]{6}/ : k[3] === 'ctx:pager' ? /\d{4}/ : undefined);

const GATE_VIN = gate(['vin', 'vehicle', 'car', 'truck', 'auto', 'motorcycle', 'van', 'plate', 'registration']);
