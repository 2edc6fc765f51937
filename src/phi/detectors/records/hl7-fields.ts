/**
 * What each field of the HL7 v2 segments that carry a person's data means (HL7 v2.5.1, chapters 2, 3, 4,
 * 6, 7 and 10; the fields kept the same position and data type in 2.3 through 2.8). Only fields whose
 * meaning is an identifier of a person are listed; everything else in a message is left to the text
 * detectors (OBX-5 and NTE-3 free text, for instance).
 *
 * Data types: `XPN` person name (family^given^middle), `XCN` clinician (id^family^given^middle),
 * `XAD` address (street^other^city^state^zip^country^type^other^county), `XTN` telecom (number, or
 * ^use^equipment^email^country^area^local), `CX` identifier (id^check^scheme^authority^type code),
 * `TS` timestamp, `ST` the whole value.
 */
import type { PhiType } from '../../types.js';

export type Hl7Kind = 'XPN' | 'XCN' | 'XAD' | 'XTN' | 'CX' | 'TS' | 'ST';
export interface Hl7Field { kind: Hl7Kind; type: PhiType }

const F = (kind: Hl7Kind, type: PhiType = 'OTHER_ID'): Hl7Field => ({ kind, type });
const NAME = F('XPN', 'NAME');
const CLIN = F('XCN', 'NAME');
const ADDR = F('XAD', 'LOCATION');
const TEL = F('XTN', 'PHONE');
const TS = F('TS', 'DATE');

/** segment → field number (SEG-n, MSH-1 being the field separator) → meaning. */
export const HL7_FIELDS: ReadonlyMap<string, ReadonlyMap<number, Hl7Field>> = new Map(Object.entries({
  MSH: { 7: TS },
  EVN: { 2: TS, 3: TS, 5: CLIN, 6: TS },
  PID: {
    2: F('CX', 'MRN'), 3: F('CX', 'MRN'), 4: F('CX', 'MRN'), 5: NAME, 6: NAME, 7: TS, 9: NAME, 11: ADDR,
    12: F('ST', 'LOCATION'), 13: TEL, 14: TEL, 18: F('CX', 'ACCOUNT'), 19: F('ST', 'SSN'), 20: F('CX', 'LICENSE'),
    21: F('CX', 'MRN'), 23: F('ST', 'LOCATION'), 29: TS,
  },
  PD1: { 4: CLIN },
  NK1: {
    2: NAME, 4: ADDR, 5: TEL, 6: TEL, 8: TS, 9: TS, 12: F('CX'), 16: TS, 30: NAME, 31: TEL, 32: ADDR, 33: F('CX'),
    37: F('ST', 'SSN'),
  },
  PV1: {
    7: CLIN, 8: CLIN, 9: CLIN, 17: CLIN, 19: F('CX'), 44: TS, 45: TS, 50: F('CX'), 52: CLIN,
  },
  PV2: { 8: TS, 9: TS, 13: CLIN },
  MRG: { 1: F('CX', 'MRN'), 2: F('CX', 'MRN'), 3: F('CX', 'ACCOUNT'), 4: F('CX', 'MRN'), 5: F('CX'), 6: F('CX'), 7: NAME },
  IN1: {
    6: NAME, 12: TS, 13: TS, 16: NAME, 18: TS, 19: ADDR, 36: F('ST', 'HEALTH_PLAN_ID'), 49: F('CX', 'HEALTH_PLAN_ID'),
  },
  IN2: {
    1: F('CX'), 2: F('ST', 'SSN'), 6: F('ST', 'HEALTH_PLAN_ID'), 8: F('ST', 'HEALTH_PLAN_ID'), 61: F('CX', 'HEALTH_PLAN_ID'),
    63: TEL,
  },
  GT1: {
    2: F('CX', 'ACCOUNT'), 3: NAME, 4: NAME, 5: ADDR, 6: TEL, 7: TEL, 8: TS, 12: F('ST', 'SSN'), 19: F('CX'),
    30: NAME, 45: NAME, 46: TEL, 47: ADDR,
  },
  ORC: { 2: F('CX'), 3: F('CX'), 4: F('CX'), 9: TS, 10: CLIN, 11: CLIN, 12: CLIN, 14: TEL, 19: CLIN, 23: TEL },
  OBR: { 2: F('CX'), 3: F('CX'), 6: TS, 7: TS, 8: TS, 14: TS, 16: CLIN, 17: TEL, 22: TS, 28: CLIN, 32: CLIN, 33: CLIN, 34: CLIN, 35: CLIN },
  OBX: { 14: TS, 16: CLIN, 19: TS },
  TXA: { 4: TS, 5: CLIN, 6: TS, 7: TS, 8: TS, 9: CLIN, 10: CLIN, 11: CLIN, 12: F('CX'), 22: CLIN },
  SCH: { 12: CLIN, 13: TEL, 16: CLIN, 17: TEL },
  AIP: { 3: CLIN },
  ROL: { 4: CLIN, 11: ADDR, 12: TEL },
  PR1: { 5: TS, 8: CLIN, 11: CLIN, 12: CLIN },
  DG1: { 5: TS, 16: CLIN, 19: TS },
  ACC: { 1: TS },
}).map(([seg, fields]) => [seg, new Map(Object.entries(fields).map(([n, f]) => [Number(n), f]))]));

/** v2 table 0203 identifier type codes (CX.5) that say more than the field does. */
export const CX_TYPE_CODES: ReadonlyMap<string, PhiType> = new Map(Object.entries({
  MR: 'MRN', MRT: 'MRN', PI: 'MRN', PT: 'MRN', SS: 'SSN', SB: 'SSN', DL: 'LICENSE', PPN: 'LICENSE', SL: 'LICENSE',
  MD: 'LICENSE', NPI: 'LICENSE', DEA: 'LICENSE', LN: 'LICENSE', MB: 'HEALTH_PLAN_ID', SN: 'HEALTH_PLAN_ID',
  MA: 'HEALTH_PLAN_ID', MC: 'HEALTH_PLAN_ID', NIIP: 'HEALTH_PLAN_ID', NI: 'HEALTH_PLAN_ID', AN: 'ACCOUNT',
  BA: 'ACCOUNT', BC: 'ACCOUNT', VN: 'OTHER_ID', ACSN: 'OTHER_ID', PN: 'OTHER_ID',
} satisfies Record<string, PhiType>));
