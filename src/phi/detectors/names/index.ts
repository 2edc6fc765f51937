/**
 * NAME detection in free text: a table of named rules (src/phi/detectors/rules.ts), run in this order.
 * Order matters: a rule skips tokens that an earlier rule has already named (`taken`), and the list
 * rules at the end extend names found before them. Each rule, with its examples, is in one of:
 * rules-context.ts (sentence context), rules-cues.ts (cue words and layouts), rules-dict.ts (name
 * lists and capitalised shapes), rules-shape.ts (word shapes), rules-lists.ts (lists around names), rules-forms.ts (written forms in
 * any case: cue phrases, inverted names, credentials, initials).
 */
import type { Candidate } from '../../types.js';
import type { Tok } from '../tokens.js';
import { runRules } from '../rules.js';
import { createNameCtx, type NameRule } from './context.js';
import { contactVerb, dialogueSpeakers, indirectObject, pluralSubject, possessive, speech, subject, vocative } from './rules-context.js';
import { family, formLabel, lineSpeaker, relation, signature, signoff, title, verb } from './rules-cues.js';
import { dictNamePair, foreignWord, fullName, given, initialName, namePair, surname, worldName } from './rules-dict.js';
import { lowerInitialName, lowerName, particleName, subjectMid, surnameSuffix } from './rules-shape.js';
import { credentialName, cuePhrase, inverted, runInitials } from './rules-forms.js';
import { andBefore, commaBefore, givenList, listAfter } from './rules-lists.js';

export { EPONYM_NEXT, NOT_NAME_SUFFIX, inFirst, inLast, isCommon, veryCommon } from '../name-words.js';
export type { NameCtx, NameRule } from './context.js';
export { createNameCtx } from './context.js';

export const NAME_RULES: readonly NameRule[] = Object.freeze([
  speech, possessive, // one walk ('speech')
  indirectObject,
  subject,
  dialogueSpeakers,
  pluralSubject,
  vocative,
  contactVerb,
  title, relation, // one walk ('cue')
  verb,
  signature,
  formLabel,
  lineSpeaker,
  cuePhrase,
  inverted,
  credentialName,
  runInitials,
  family, signoff, // one walk ('line')
  initialName,
  namePair,
  fullName, dictNamePair, given, surname, foreignWord, worldName, // one walk ('dict')
  subjectMid, particleName, surnameSuffix, lowerName, lowerInitialName, // one walk ('shape')
  givenList,
  listAfter,
  andBefore,
  commaBefore,
]);

export function detectNames(text: string, toks: Tok[], out: Candidate[], rules: readonly NameRule[] = NAME_RULES): void {
  runRules(rules, createNameCtx(text, toks, out));
}
