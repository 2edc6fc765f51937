/** Structured records written as text: HL7 v2 messages and delimited tables (their fields carry no cue words). */
import type { Candidate } from '../../types.js';
import { detectDelimited } from './delimited.js';
import { detectHl7 } from './hl7.js';

/** Cheap gate: a line break and a delimiter, or an HL7 segment on its own. */
const GATE = /[,\t|;]/;

export function detectRecords(text: string, out: Candidate[]): void {
  if (!GATE.test(text)) return;
  detectHl7(text, out);
  if (/[\r\n]/.test(text) || text.includes('\t')) detectDelimited(text, out);
}
