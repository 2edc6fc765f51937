import { describe, expect, it } from 'vitest';
import { scanText } from '../../scan.js';
import type { Candidate } from '../../types.js';
import { detectHl7 } from './hl7.js';

/** One segment from numbered fields, so the positions in the test are the standard's, not counted pipes. */
function seg(id: string, fields: Record<number, string>, sep = '|'): string {
  const max = Math.max(...Object.keys(fields).map(Number));
  const out: string[] = [id];
  for (let i = 1; i <= max; i++) out.push(fields[i] ?? '');
  return out.join(sep);
}
const MSH = 'MSH|^~\\&|ADT1|GENHOSP|LAB|GENHOSP|202311041530||ADT^A01|MSG00017|P|2.5.1';

function found(text: string): Array<[string, string]> {
  const out: Candidate[] = [];
  detectHl7(text, out);
  return out.map((c) => [c.type, text.slice(c.start, c.end)]);
}

describe('HL7 v2 reader', () => {
  const msg = [
    MSH,
    seg('EVN', { 1: 'A01', 2: '202311041530' }),
    seg('PID', {
      1: '1', 3: '4477120^^^GENHOSP^MR~123456789^^^SSA^SS', 5: 'OKONKWO^ADAEZE^N^^MRS', 6: 'EZE^NGOZI', 7: '19580312', 8: 'F',
      10: '2106-3', 11: '77 BIRCH LANE^APT 4^SPRINGVALE^OH^45322^USA', 13: '(937)555-0142^PRN^PH~^NET^Internet^ada.ok@example.org',
      14: '^WPN^PH^^1^937^5550177', 18: '90012231', 19: '123-45-6789', 20: 'O1234567^OH', 29: '20231201',
    }),
    seg('NK1', { 1: '1', 2: 'OKONKWO^CHIDI', 3: 'SPO', 4: '77 BIRCH LANE^^SPRINGVALE^OH^45322', 5: '9375550199' }),
    seg('PV1', { 1: '1', 2: 'I', 3: '3W^312^B', 7: '1234567893^HALVORSEN^ERIK^^^DR', 10: 'MED', 19: 'V7781203', 44: '202311041500' }),
    seg('IN1', { 1: '1', 2: 'BCBS01', 4: 'BLUE SHIELD', 8: 'GRP4411', 12: '20230101', 16: 'OKONKWO^ADAEZE', 17: 'SEL', 18: '19580312', 36: 'XQH882910045', 49: 'W22918800^^^BCBS^MB' }),
    seg('GT1', { 1: '1', 2: 'G55120', 3: 'OKONKWO^CHIDI', 6: '937-555-0199', 12: '987654321' }),
    seg('OBX', { 1: '1', 2: 'NM', 3: '2345-7^GLUCOSE^LN', 5: '182', 6: 'mg/dL', 7: '70-99', 8: 'H', 11: 'F', 14: '202311041610' }),
  ].join('\r');
  const f = found(msg);
  const has = (type: string, v: string): boolean => f.some(([t, x]) => t === type && x === v);

  it('marks the patient identification fields by their meaning', () => {
    for (const [t, v] of [
      ['MRN', '4477120'], ['SSN', '123456789'], ['NAME', 'OKONKWO'], ['NAME', 'ADAEZE'], ['NAME', 'EZE'], ['DATE', '19580312'],
      ['LOCATION', '77 BIRCH LANE'], ['LOCATION', 'APT 4'], ['LOCATION', 'SPRINGVALE'], ['LOCATION', '45322'],
      ['PHONE', '(937)555-0142'], ['EMAIL', 'ada.ok@example.org'], ['PHONE', '937'], ['PHONE', '5550177'],
      ['ACCOUNT', '90012231'], ['SSN', '123-45-6789'], ['LICENSE', 'O1234567'], ['DATE', '20231201'],
    ] as const) expect(has(t, v), `${t} ${v}`).toBe(true);
  });

  it('marks next of kin, clinicians, visit numbers, insurance and guarantor fields', () => {
    for (const [t, v] of [
      ['NAME', 'CHIDI'], ['PHONE', '9375550199'], ['NAME', 'HALVORSEN'], ['NAME', 'ERIK'], ['OTHER_ID', 'V7781203'],
      ['DATE', '202311041500'], ['HEALTH_PLAN_ID', 'XQH882910045'], ['HEALTH_PLAN_ID', 'W22918800'], ['DATE', '20230101'],
      ['ACCOUNT', 'G55120'], ['PHONE', '937-555-0199'], ['SSN', '987654321'], ['DATE', '202311041610'], ['DATE', '202311041530'],
    ] as const) expect(has(t, v), `${t} ${v}`).toBe(true);
  });

  it('leaves codes, the state, administrative sex, results and facility codes alone', () => {
    for (const v of ['OH', 'F', 'MRS', '2106-3', 'SPO', 'MED', 'BCBS01', 'BLUE SHIELD', 'GRP4411', 'GLUCOSE', '182', '70-99', 'GENHOSP', 'MSG00017', 'USA', 'SEL', '3W']) {
      expect(f.some(([, x]) => x === v), v).toBe(false);
    }
  });

  it('reads segments separated by CR, LF or CRLF, indented, with the delimiters MSH declares', () => {
    const pid = seg('PID', { 3: '55512^^^H^MR', 5: 'RUIZ^ANA' });
    for (const sep of ['\n', '\r\n', '\r']) expect(found(MSH + sep + '  ' + pid).filter(([t]) => t !== 'DATE')).toEqual([['MRN', '55512'], ['NAME', 'RUIZ'], ['NAME', 'ANA']]);
    const custom = 'MSH#*~\\&#A#B#C#D#20230101##ADT*A01#1#P#2.5\r' + seg('PID', { 3: '8812*X*Y', 5: 'LEE*KIM' }, '#');
    expect(found(custom).filter(([t]) => t !== 'DATE')).toEqual([['MRN', '8812'], ['NAME', 'LEE'], ['NAME', 'KIM']]);
  });

  it('skips HL7 nulls, empty components and lines that only look like segments', () => {
    expect(found(seg('PID', { 3: '""', 5: '^^', 7: '""' }))).toEqual([]);
    expect(found('The PID|value column and OBX|5 are explained in the guide.')).toEqual([]);
    expect(found('Timestamp 20231399 is not a date: ' + seg('OBX', { 5: '20231399' }))).toEqual([]);
  });

  it('a timestamp must be a calendar date', () => {
    expect(found(seg('OBX', { 14: '20231301' }))).toEqual([]);
    expect(found(seg('OBX', { 14: '20231231235959.1234-0500' }))).toEqual([['DATE', '20231231235959.1234-0500']]);
  });

  it('works through scanText on a message with no cue words at all', () => {
    const types = new Set(scanText(msg).map((x) => x.type));
    for (const t of ['MRN', 'NAME', 'DATE', 'LOCATION', 'PHONE', 'SSN', 'ACCOUNT', 'HEALTH_PLAN_ID', 'OTHER_ID']) expect(types.has(t as never), t).toBe(true);
  });
});
