/**
 * Identifier families by their published formats (issue 14), beside the older rules in patterns.ts:
 * payment cards in any usual digit grouping (Luhn), IBANs in any case and with trailing words
 * (ISO 13616), ABA routing numbers (3-7-1 checksum + Federal Reserve prefix) and NPIs (Luhn over
 * 80840 + NPI) with or without a cue, DEA numbers with a `9` second character, SSNs/ITINs written
 * with dots, IMEIs as TAC-SNR-CD, Cisco-style MACs, VINs in any sentence, wallet addresses of other
 * Base58Check / Bech32 coins, and values after bank-account, health-plan, driver's-licence and
 * professional-licence cues.
 *
 * Bare values (no cue) are reported only where a check digit makes a random number unlikely to pass
 * (ABA 1 in ~28, NPI 1 in 50 for 10-digit numbers) and never right after a code-system word
 * (SNOMED, LOINC, CPT, NDC, ...). Numbers with no check digit (SSN or ITIN run together, passports,
 * account and member numbers, licences) are reported only after a cue.
 * Every pattern is linear: bounded repeats, no nested quantifiers over the same characters.
 */
import type { Candidate } from '../types.js';
import { ibanLength, isAbaRouting, isDea, isIban, isItin, isNpi, isSsn, isVin, luhn } from '../validators.js';
import { base58CheckVersion, isSegwitAddress } from '../wallets.js';
import { detectContextIds, detectUserNames } from './context-ids.js';
import { before, each, push } from './util.js';

/** Card groupings 4-4-4-4(-1..3), 4-6-5, 4-6-4, 6-13, 4-4-5, 4-3-3-3 (the character before is checked in code). */
const CARD_GROUPED = /\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?!\d|[ -]\d)|\d{4}([ -])\d{6}\2\d{4,5}(?!\d|[ -]\d)|\d{6}([ -])\d{13}(?!\d|[ -]\d)|\d{4}([ -])\d{4}\4\d{5}(?!\d|[ -]\d)|\d{4}([ -])\d{3}\5\d{3}\5\d{3}(?!\d|[ -]\d)/g;
const IBAN_ANY = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b/g;
/** 9 digits (or 4-4-1) for ABA, 10 for NPI; not inside a longer number, a decimal, a date or a code (the character before is checked in code). */
const NINE_TEN = /\d{9,10}(?![\w-]|[.,]\d)|\d{4}-\d{4}-\d(?![\w-]|[.,]\d)/g;
const NOT_BEFORE_NUMBER = /[\w.,/-]/;
const DEA9 = /\b[A-Z][A-Z9]\d{7}\b/g;
const SSN_DOTS = /(?<![\w.])\d{3}\.\d{2}\.\d{4}(?![\w]|\.\d)/g;
const IMEI_TAC = /(?<![\d-])\d{8}([- ])\d{6}\1\d(?![\d-])/g;
/** Cisco dotted MAC, matched from its first dot (fast); the 4 hex digits before it are checked in code. */
const MAC_DOT = /\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w]|\.\w)/g;
/** ISO 3779: the last four VIN characters are numeric; found from them (fast), the 13 before checked in code. */
const VIN_TAIL = /\d{4}(?![A-Za-z0-9])/g;
const VIN_HEAD = /^[A-HJ-NPR-Z0-9]{13}$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const B58_ALT = /\b[LMDT29Amnr][1-9A-HJ-NP-Za-km-z]{25,34}\b/g;
const LTC_BECH32 = /\b(?:ltc|LTC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}\b/g;
const XRP_ALPHABET = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
/** Base58Check version bytes by leading character: Litecoin (L, M), Dogecoin (D, 9/A), Tron (T), Bitcoin testnet (m/n, 2). */
const B58_VERSIONS: Readonly<Record<string, readonly number[]>> = { L: [0x30], M: [0x32], D: [0x1e], 9: [0x16], A: [0x16], T: [0x41], m: [0x6f], n: [0x6f], 2: [0xc4] };

/** A clinical code-system word right before a number: the number is a code, not an identifier. */
const CODE_BEFORE = /\b(?:snomed(?:\s+ct)?|sct(?:id)?|loinc|cpt|hcpcs|icd(?:-?1[01])?(?:-cm|-pcs)?|ndc|rxnorm|rxcui|cui|concept|code)\b[^\n\d]{0,12}$/;
const ABA_CUE = /\b(?:routing|aba|rtn|transit|bank|ach|wire)\b/;
const NPI_CUE = /\b(?:npi|national\s+provider|provider|prescriber|prescribing|rendering|ordering|referring|attending|billing)\b/;

/** Values after cues (the value is group 1); runs of spaces are bounded (no backtracking blow-up on long blanks). */
const ACCOUNT_CUE = /\b(?:a\/c|acct|account|checking|chequing|savings)\b\.?(?:\s{1,3}(?:acct|account)\b\.?)?\s{0,8}(?:number|no\.?|num|#)?\s{0,8}(?:is|to|[:#=]{1,2})?\s{0,8}#?\s{0,8}(\d[\d -]{4,22}\d)(?![\w-])/gid;
const PLAN_CUE = /\b(?:(?:medi-?cal|medicaid|medicare|hicn|mbi)\s{0,8}(?:id\b|number|no\.?|#|:)|(?:member|subscriber|policy|insurance|group|plan|beneficiary)\s{0,8}(?:id\b|number|no\.?|#))\s{0,8}(?:is|to|[:#=]{1,2})?\s{0,8}#?\s{0,8}([A-Z0-9][A-Z0-9-]{4,20})\b/gid;
const DL_CUE = /(?:\bdriver'?s?\s{1,3}licen[cs]e|\bdrivers?\s{1,3}lic\b\.?|(?<![/\w])DL\b|\bstate\s{1,3}id\b|\blicen[cs]e\s{1,3}(?:number|no\.?|#))(?:\s{0,8}(?:number|no\.?|num)\b\.?)?\s{0,8}(?:is|to|[:#=]{1,2})?\s{0,8}#?\s{0,8}(?:\(?[A-Z]{2}\)?[\s-]{1,2})?([A-Z0-9*]{4,19}|\d{3} \d{3} \d{3})(?![\w*-])/gid;
const CERT_CUE = /\b(?:cert(?:ificate|ification)?|licen[cs]e|lic)\b\.?\s{0,8}(?:number|no\.?|num|#)?\s{0,8}(?:is|to|[:#=]{1,2})?\s{0,8}#?\s{0,8}([A-Z]{0,4}[-.]?\d[A-Z0-9.-]{2,18})(?![\w-])/gid;

const group = (m: RegExpExecArray): [number, string] | undefined => {
  const ix = m.indices?.[1];
  return ix ? [ix[0], m[1]!] : undefined;
};

export function detectIdentifiers(text: string, out: Candidate[]): void {
  // wallet addresses may have no digit at all; everything else needs one
  walletsAlt(text, out);
  detectUserNames(text, out);
  if (!/\d/.test(text)) return;
  // runs shaped like an IBAN or a grouped card number, for suppressInsideIds: [start, end, iban]
  const runs: Array<[number, number, boolean]> = [];
  if (/\d[ -]\d/.test(text)) each(CARD_GROUPED, text, (m) => {
    if (/[\d-]/.test(text[m.index - 1] ?? ' ')) return;
    runs.push([m.index, m.index + m[0].length, false]);
    if (luhn(m[0])) push(out, 'ACCOUNT', m.index, m.index + m[0].length, 0.9, 'regex:card-grouped');
  });
  if (/[A-Za-z]{2}\d\d/.test(text)) each(IBAN_ANY, text, (m) => {
    const s = m[0];
    const len = ibanLength(s.slice(0, 2));
    if (len === undefined || s.replace(/ /g, '').length < len) return;
    runs.push([m.index, m.index + s.length, true]);
    // the longest prefix ending at a group boundary that is an IBAN ("de89 3704 ... 00 on Monday")
    for (let end = s.length; end >= 15; end = s.lastIndexOf(' ', end - 1)) {
      if (isIban(s.slice(0, end))) { push(out, 'ACCOUNT', m.index, m.index + end, 0.97, 'regex:iban-any'); break; }
    }
  });
  each(NINE_TEN, text, (m) => {
    if (NOT_BEFORE_NUMBER.test(text[m.index - 1] ?? ' ')) return;
    const v = m[0];
    const aba = v.length !== 10 && isAbaRouting(v), npi = v.length === 10 && isNpi(v);
    if (!aba && !npi) return;
    const b = before(text, m.index, 40);
    if (CODE_BEFORE.test(b)) return;
    if (aba) push(out, 'ACCOUNT', m.index, m.index + v.length, ABA_CUE.test(b) ? 0.97 : 0.85, 'regex:aba');
    else push(out, 'LICENSE', m.index, m.index + 10, NPI_CUE.test(b) ? 0.96 : 0.8, 'regex:npi');
  });
  each(DEA9, text, (m) => { if (isDea(m[0])) push(out, 'LICENSE', m.index, m.index + 9, 0.92, 'regex:dea'); });
  if (text.includes('.')) {
    each(SSN_DOTS, text, (m) => {
      const b = before(text, m.index, 40);
      if (isSsn(m[0])) push(out, 'SSN', m.index, m.index + 11, /\b(?:ssn|ss#|social|security)\b/.test(b) ? 0.98 : 0.85, 'regex:ssn-dots');
      else if (isItin(m[0])) push(out, 'OTHER_ID', m.index, m.index + 11, 0.9, 'regex:itin-dots');
    });
    each(MAC_DOT, text, (m) => {
      const s = m.index - 4;
      if (s < 0 || !HEX4.test(text.slice(s, m.index)) || isAlnum(text.charCodeAt(s - 1)) || text[s - 1] === '.') return;
      if (/[a-f]/i.test(text.slice(s, m.index + 10))) push(out, 'DEVICE', s, m.index + 10, 0.95, 'regex:mac-dot');
    });
  }
  each(IMEI_TAC, text, (m) => { if (luhn(m[0])) push(out, 'DEVICE', m.index, m.index + m[0].length, 0.9, 'regex:imei'); });
  // VINs anywhere (patterns.ts looks only in short texts or near vehicle words)
  each(VIN_TAIL, text, (m) => {
    const s = m.index + 4 - 17;
    if (s < 0 || isAlnum(text.charCodeAt(s - 1)) || !VIN_HEAD.test(text.slice(s, m.index))) return;
    const v = text.slice(s, s + 17);
    if (isVin(v)) push(out, 'VEHICLE', s, s + 17, 0.95, 'regex:vin-any');
  });
  cued(text, out);
  detectContextIds(text, out); // ids after MRN, member, claim, auth, case, encounter... cues (context-ids.ts)
  if (runs.length > 0) suppressInsideIds(out, runs);
}

function walletsAlt(text: string, out: Candidate[]): void {
  each(B58_ALT, text, (m) => {
    const s = m[0];
    const v = s[0] === 'r' ? (base58CheckVersion(s, XRP_ALPHABET) === 0 ? 0 : -1) : base58CheckVersion(s);
    if (v >= 0 && (s[0] === 'r' || B58_VERSIONS[s[0]!]?.includes(v))) push(out, 'ACCOUNT', m.index, m.index + s.length, 0.97, 'regex:b58-wallet');
  });
  if (/ltc1/i.test(text)) each(LTC_BECH32, text, (m) => { if (isSegwitAddress(m[0], ['ltc'])) push(out, 'ACCOUNT', m.index, m.index + m[0].length, 0.97, 'regex:bech32'); });
}

function cued(text: string, out: Candidate[]): void {
  each(ACCOUNT_CUE, text, (m) => {
    const g = group(m);
    if (!g) return;
    const v = g[1].trim(), n = v.replace(/\D/g, '').length;
    if (n >= 6 && n <= 17 && !/\d \d{1,3}$/.test(v)) push(out, 'ACCOUNT', g[0], g[0] + v.length, 0.96, 'ctx:bank-account');
  });
  each(PLAN_CUE, text, (m) => {
    const g = group(m);
    if (g && /\d/.test(g[1]) && /\d{3}|[A-Z]\d{2}/i.test(g[1])) push(out, 'HEALTH_PLAN_ID', g[0], g[0] + g[1].length, 0.96, 'ctx:health-plan');
  });
  each(DL_CUE, text, (m) => {
    const g = group(m);
    if (g && /\d/.test(g[1])) push(out, 'LICENSE', g[0], g[0] + g[1].length, 0.96, 'ctx:driver-licence');
  });
  each(CERT_CUE, text, (m) => {
    const g = group(m);
    if (!g) return;
    const v = g[1].replace(/[.-]+$/, '');
    if (v.replace(/\D/g, '').length >= 4) push(out, 'LICENSE', g[0], g[0] + v.length, 0.92, 'ctx:licence');
  });
}

/**
 * Digit groups inside a run shaped like an IBAN (registry country code and length) or a grouped card
 * number are not phone numbers or stray Luhn runs: when the run fails its checksum it is left clean
 * rather than half-masked as a "phone" (a valid run is reported whole above).
 */
function suppressInsideIds(out: Candidate[], runs: ReadonlyArray<[number, number, boolean]>): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i]!;
    const card = c.detector === 'regex:card' || c.detector === 'regex:card-grouped';
    if (!(c.type === 'PHONE' || c.type === 'FAX' || c.detector === 'regex:luhn' || card)) continue;
    if (runs.some(([s, e, iban]) => (iban || !card) && c.start >= s && c.end <= e && c.end - c.start < e - s)) out.splice(i, 1);
  }
}
