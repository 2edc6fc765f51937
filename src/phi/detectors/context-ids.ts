/**
 * "Any other unique identifying number" (164.514(b)(2)(i)(R)) after the cue words US clinical and
 * billing text writes them with, in any case and abbreviation: medical record numbers ("MRN#1234567",
 * "med rec # 7789123", "unit no 3345122"), health-plan ids ("mbr # 88213477", "ins id 99AB1234"),
 * claim, authorization, referral, case, encounter, visit and accession numbers ("clm 558812349",
 * "prior auth # PA-445512", "FIN 123456789", "the reference number for this claim is 4455667788").
 *
 * Strong cues (MRN, claim, clm, ICN, FIN, CSN, encounter, accession, member, subscriber, medicaid...)
 * take a value right after them; weak ones, which are also ordinary words or clinical abbreviations
 * (pt, unit, case, auth, PA, ref, plan, group, visit, ins, id), need a number word, `#` or `:` between
 * cue and value. The value must hold digits (4+, or 5+ after a bare cue), be 5-20 characters, and not
 * be a date, a time, a phone number, a decimal or a dose (a unit after it).
 * One linear regex pass over the text (bounded repeats only).
 */
import type { Candidate, PhiType } from '../types.js';
import { push } from './util.js';

/** The cue words, as regex source (no groups); shared with the spoken-number detector (spoken-numbers.ts). */
export const ID_CUE_SOURCE =
  'mrn|mr|med(?:ical)?\\.?[ \\t]?rec(?:ord)?s?|rec(?:ord)?|hosp(?:ital)?|unit|chart|pt|patient' +
  '|member|mbr|subscriber|subscr|sub|policy|pol|ins(?:urance)?|group|grp|medicaid|mcd|medicare|mcr|plan|id' +
  '|claim|clm|icn|dcn|tcn|(?:prior[ \\t])?auth(?:ori[sz]ation)?|pa|pre-?cert(?:ification)?|referral|ref(?:erence)?' +
  '|case|acct|account|encounter|enc|fin|csn|har|visit|accession|acc|confirmation|conf|tracking|ticket|prescription|rx|statement|stmt|invoice|inv|hicn|hic';
const CUE = new RegExp(
  '(?<![\\w-])(' + ID_CUE_SOURCE + ')(?![a-z])\\.?' +
  // number words: "#", "no.", "id", "number", twice at most ("member id #", "policy no. #")
  '((?:[ \\t]{0,3}(?:id(?![a-z])|no(?![a-z])|nbr(?![a-z])|num(?![a-z])|number(?![a-z])|code(?![a-z])|control(?=[ \\t]+(?:no|number|#))|#)\\.?){0,2})' +
  // "the reference number for this claim is ..."
  '(?:[ \\t]+(?:for|on|of)[ \\t]+(?:this|the|that|your|his|her|their|my)[ \\t]+[a-z]{2,12})?' +
  '[ \\t]{0,3}(is[ \\t]|was[ \\t]|[:=#-]{1,2})?[ \\t]{0,3}#?[ \\t]{0,3}' +
  '((?:[A-Z]{1,3}(?= \\d)|[A-Z0-9][A-Z0-9./-]{2,24})(?: \\d{3,8}){0,3})',
  'gid',
);

const MRN_CUES = /^(?:mrn|mr|med|rec|hosp|unit|chart|pt|patient)/;
const PLAN_CUES = /^(?:member|mbr|subscr|sub|pol|ins|group|grp|medica|mcd|mcr|plan|hic)/;
const ACCOUNT_CUES = /^(?:acct|account|fin|har)$/;
/** Cues that are an identifier label on their own ("MRN 1234567", "clm 558812349"). */
const STRONG = /^(?:mrn|med.*rec.*|medical.*|member|mbr|subscriber|subscr|medicaid|medicare|claim|clm|icn|dcn|tcn|acct|account|encounter|csn|fin|accession|policy|hicn)$/;
const UNIT_AFTER = /^[ \t]*(?:mg|mcg|g|kg|ml|l|cc|units?|u|iu|%|mm|cm|mmhg|meq|mmol|cells|copies|x|times|hrs?|hours?|min|minutes|days?|weeks?|lbs?|pounds|dollars|usd)\b/i;
const DATE_OR_TIME = /^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{4}|\d{1,4}(?:\.\d+)?-\d{1,4}(?:\.\d+)?)$/;
const PHONE_SHAPE = /^\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}$/;

/** The identifier type a cue word (lower case, blanks collapsed) stands for. */
export function idCueType(cue: string): PhiType {
  return MRN_CUES.test(cue) ? 'MRN' : PLAN_CUES.test(cue) ? 'HEALTH_PLAN_ID' : ACCOUNT_CUES.test(cue) ? 'ACCOUNT' : 'OTHER_ID';
}
/** A cue that labels an identifier on its own; weak cues need a number word, `#` or `:` after them. */
export function isStrongIdCue(cue: string): boolean {
  return STRONG.test(cue.replace(/ /g, ''));
}

/** User names and logins ("my user id is jsmith1987", "portal username: carla.m"): an identifying code. */
const USER = /\b(?:user[ \t]?name|user[ \t]?id|log[ \t]?in(?:[ \t]?id)?|screen[ \t]?name|handle)[ \t]{0,3}(?:is[ \t]|was[ \t]|[:=#-])?[ \t]{0,3}([A-Za-z0-9][A-Za-z0-9._-]{2,40})/gid;

export function detectContextIds(text: string, out: Candidate[]): void {
  CUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CUE.exec(text)) !== null) {
    const ix = m.indices?.[4];
    if (!ix) continue;
    // resume right after the cue: the value may itself hold the next cue
    CUE.lastIndex = m.index + m[1]!.length;
    const cue = m[1]!.toLowerCase().replace(/[ \t]+/g, ' ');
    const numWord = m[2]!.trim() !== '';
    const sep = m[3] ?? '';
    const strong = isStrongIdCue(cue);
    // weak cues need a number word, "#" or ":"; "is" alone does not make "pt is 95" an id
    if (!strong && !numWord && !/[#:=]/.test(sep)) continue;
    // "FIN" and "ICN" as bare cues only in capitals (they are not words, but "fin"/"icn" can be typos)
    if ((cue === 'fin' || cue === 'icn' || cue === 'csn' || cue === 'mr') && !numWord && sep === '' && m[1] !== m[1]!.toUpperCase()) continue;
    let v = m[4]!;
    let start = ix[0];
    if (UNIT_AFTER.test(text.slice(start + v.length, start + v.length + 9))) {
      const sp = v.lastIndexOf(' ');
      if (sp < 0) continue;
      v = v.slice(0, sp);
    }
    v = v.replace(/[./-]+$/, '');
    // "W 2291 8800": a letter prefix set apart counts only in capitals ("the 12345" is no id)
    const lead = /^[A-Za-z]{1,3}(?= )/.exec(v);
    if (lead && lead[0] !== lead[0].toUpperCase()) continue;
    if (v.startsWith('#')) { v = v.slice(1); start++; }
    const alnum = v.replace(/[^A-Za-z0-9]/g, '').length;
    const digits = v.replace(/\D/g, '').length;
    if (alnum < 5 || alnum > 20 || digits < (numWord || sep !== '' ? 4 : 5)) continue;
    if (DATE_OR_TIME.test(v) || PHONE_SHAPE.test(v) || /^\d+\.\d{1,2}$/.test(v)) continue;
    // a letter run longer than 4 is a word glued to digits ("2units"), not an id
    if (/[A-Za-z]{5}/.test(v)) continue;
    const type = idCueType(cue);
    push(out, type, start, start + v.length, strong || numWord ? 0.9 : 0.85, 'ctx:cued-id');
  }
}

/** Runs on every text (a user name may hold no digit); identifiers.ts calls it before its digit gate. */
export function detectUserNames(text: string, out: Candidate[]): void {
  if (!/user|log[ \t]?in|screen|handle/i.test(text)) return;
  USER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = USER.exec(text)) !== null) {
    const ix = m.indices?.[1];
    if (!ix) continue;
    const v = m[1]!.replace(/[._-]+$/, '');
    // a user name has a digit or a separator in it: "is the same", "is working" are words
    if (!/[\d._]/.test(v) || text[ix[0] + m[1]!.length] === '@') continue;
    push(out, 'OTHER_ID', ix[0], ix[0] + v.length, 0.85, 'ctx:user-name');
  }
}
