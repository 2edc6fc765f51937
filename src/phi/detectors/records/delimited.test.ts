import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../types.js';
import { detectDelimited } from './delimited.js';
import { headerType } from './header-types.js';

function found(text: string): Array<[string, string]> {
  const out: Candidate[] = [];
  detectDelimited(text, out);
  return out.map((c) => [c.type, text.slice(c.start, c.end)]);
}

describe('column headers', () => {
  it('maps the headers exports use, in any case and spelling', () => {
    const cases: Array<[string, string | undefined]> = [
      ['Patient ID', 'MRN'], ['pt_id', 'MRN'], ['MRN', 'MRN'], ['Med Rec #', 'MRN'], ['Chart No.', 'MRN'],
      ['Member ID', 'HEALTH_PLAN_ID'], ['Subscriber No', 'HEALTH_PLAN_ID'], ['Policy Number', 'HEALTH_PLAN_ID'],
      ['Guarantor #', 'ACCOUNT'], ['Acct No', 'ACCOUNT'], ['Encounter ID', 'OTHER_ID'], ['Claim Number', 'OTHER_ID'],
      ['DOB', 'DATE'], ['Patient DOB', 'DATE'], ['Date of Service', 'DATE'], ['Admit Date', 'DATE'],
      ['Last Name', 'NAME'], ['FIRST_NAME', 'NAME'], ['Patient Name', 'NAME'], ['Emergency Contact', 'NAME'], ['Attending', 'NAME'],
      ['Home Phone', 'PHONE'], ['Cell', 'PHONE'], ['Contact Phone', 'PHONE'], ['Fax', 'FAX'], ['E-mail', 'EMAIL'],
      ['Street Address', 'LOCATION'], ['City', 'LOCATION'], ['ZIP', 'LOCATION'], ['Zip Code', 'LOCATION'], ['Hospital', 'LOCATION'],
      ['SSN', 'SSN'], ['Patient SSN', 'SSN'], ['Last4SSN', 'SSN'], ['NPI', 'LICENSE'],
      ['Drug Name', undefined], ['Facility Code', undefined], ['Test', undefined], ['Result', undefined], ['Units', undefined],
      ['State', undefined], ['Gender', undefined], ['Diagnosis', undefined], ['Provider ID', undefined], ['Status', undefined],
      ['Qty', undefined], ['Dose', undefined], ['Order Status', undefined], ['Plan Name', undefined], ['Payer', undefined],
    ];
    for (const [h, t] of cases) expect(headerType(h), h).toBe(t);
  });
});

describe('delimited tables', () => {
  it('reads CSV rows by column, with quoted cells holding commas and quotes', () => {
    const csv = 'patient_id,last_name,first_name,dob,state,diagnosis\n' +
      '88213,Marquez,Lucia,1971-04-02,MA,asthma\n' +
      '"88214","O""Neil, Jr.","Brian",03/14/1966,NY,"hypertension, stage 2"\n';
    expect(found(csv)).toEqual([
      ['MRN', '88213'], ['NAME', 'Marquez'], ['NAME', 'Lucia'], ['DATE', '1971-04-02'],
      ['MRN', '88214'], ['NAME', 'O""Neil, Jr.'], ['NAME', 'Brian'], ['DATE', '03/14/1966'],
    ]);
  });

  it('reads TSV, semicolon and Markdown tables, skipping the rule row and empty or null cells', () => {
    expect(found('Member ID\tPlan\tPhone\r\nW2291\tGold\t555 201 7788\r\nN/A\tSilver\t\r\n')).toEqual([['HEALTH_PLAN_ID', 'W2291'], ['PHONE', '555 201 7788']]);
    expect(found('Name;Ward;Admit Date\nJan Novak;4B;2024-02-11\n')).toEqual([['NAME', 'Jan Novak'], ['DATE', '2024-02-11']]);
    const md = '| MRN | Test | Result |\n|-----|:----:|-------:|\n| 7788123 | HbA1c | 7.2 |\n| null | LDL | 130 |\n';
    expect(found(md)).toEqual([['MRN', '7788123']]);
  });

  it('ends the table at a blank line or a row of another shape', () => {
    const text = 'MRN,Result\n1234567,positive\n\nThe next paragraph, with commas, is prose.\n';
    expect(found(text)).toEqual([['MRN', '1234567']]);
    const changed = 'MRN,Result\n1234567,positive\nsummary line without the same cells\n9999,x,y\n';
    expect(found(changed)).toEqual([['MRN', '1234567']]);
  });

  it('reads tab and pipe key/value listings', () => {
    expect(found('MRN:\t4477120\nDiagnosis\tasthma\nDOB\t1958-03-12\n| Member # | W22918800 |\n')).toEqual([
      ['MRN', '4477120'], ['DATE', '1958-03-12'], ['HEALTH_PLAN_ID', 'W22918800'],
    ]);
  });

  it('leaves tables without PHI columns and prose with commas alone', () => {
    expect(found('test,value,unit,flag\nglucose,182,mg/dL,H\nsodium,139,mmol/L,\n')).toEqual([]);
    expect(found('Name, date of birth and phone were confirmed.\nShe was seen, examined, and discharged.\n')).toEqual([]);
    expect(found('Phone, email, or text\nall work, thanks\n')).toEqual([]);
  });
});
