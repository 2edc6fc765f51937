import { describe, expect, it } from 'vitest';
import { detectJson } from './json/redact-json.js';
import { scanText } from './scan.js';

/** Findings covering `needle` (first occurrence). */
function at(text: string, needle: string) {
  const s = text.indexOf(needle);
  if (s < 0) throw new Error('needle not in text');
  return scanText(text).filter((x) => x.start < s + needle.length && x.end > s);
}

describe('review: label words are never names', () => {
  it('SSN/DOB/MRN after a name list are labels, not names', () => {
    const t = 'Pt John Smith, SSN 536-22-1234, seen 3/4/2024';
    expect(at(t, 'John Smith')[0]?.type).toBe('NAME');
    expect(at(t, 'SSN')).toEqual([]);
    expect(at(t, '536-22-1234')[0]?.type).toBe('SSN');
    expect(at('Mary Jones, DOB 1/2/1950, MRN 12345', 'DOB')).toEqual([]);
    expect(at('Pt Smith, MRN 1234567, phone 617-555-1212', 'MRN')).toEqual([]);
  });
  it('label words in lists, after titles and relations', () => {
    for (const [t, w] of [
      ['Ann Lee, Phone, Fax and Email on file', 'Phone'],
      ['Ann Lee, Phone, Fax and Email on file', 'Fax'],
      ['Ann Lee, Phone, Fax and Email on file', 'Email'],
      ['Ann Lee, Address 12 Elm St', 'Address'],
      ['daughter Mary, DOB 1/2/1950', 'DOB'],
      ['Dr Ngata, NPI 1234567893', 'NPI'],
      ['Contact Jim Beam, Tel 555-123-4567', 'Tel'],
      ['Patient Ann Lee, Pt ID 4411', 'Pt'],
    ] as const) expect(at(t, w), `${w} in ${t}`).toEqual([]);
  });
});

describe('review: explicitly labelled identifiers are reported even when a validator rejects them', () => {
  it('SSN in the 9xx area (Synthea) after an SSN label', () => {
    for (const t of ['SSN: 999-59-2277', 'SSN 999592277', 'Social Security Number: 999-59-2277', 'ss# 900-12-3456']) {
      const f = scanText(t);
      expect(f.length, t).toBe(1);
      expect(f[0]!.type, t).toBe('SSN');
      expect(f[0]!.score, t).toBeGreaterThanOrEqual(0.9);
    }
  });
  it('no label: a 9xx number is still not an SSN', () => {
    expect(scanText('lot 999-59-2277').some((f) => f.type === 'SSN')).toBe(false);
  });
  it('IBAN after a label even when the check digits fail', () => {
    const f = scanText('IBAN: DE00 3704 0044 0532 0130 01');
    expect(f[0]?.type).toBe('ACCOUNT');
  });
  it('MBI label without "number"', () => {
    expect(scanText('Medicare: 1EG4-TE5-MK7Z')[0]?.type).toBe('HEALTH_PLAN_ID');
  });
});

describe('review: codes and protocol tokens are not PHI, patient dates are', () => {
  it('HTTP-ish tokens, LOINC, SNOMED, UCUM', () => {
    for (const t of [
      'HTTP/1.1 200 OK Content-Type: application/json',
      'GET /api/v1/patients/123 HTTP/2',
      'LOINC 8867-4 heart rate 72 /min',
      'LOINC 85354-9 blood pressure panel; 8480-6 systolic',
      'SNOMED CT 44054006 diabetes mellitus type 2',
      'value 5.4 mmol/L, 120 mm[Hg], 22.1 kg/m2, 98.6 [degF]',
      'Cache-Control: max-age=3600, ETag: W/"33a64df5"',
      'ICD-10 E11.9, I10, Z00.00; CPT 99213; NDC 0002-8215-01',
      'version 2024.03.1, build 2024.3.12, port 8080',
      'Pneumococcal conjugate PCV 13',
    ]) expect(scanText(t), t).toEqual([]);
  });
  it('FHIR: meta.lastUpdated is server metadata; birthDate and effectiveDateTime are dates', () => {
    const doc = JSON.stringify({
      resourceType: 'Bundle', meta: { lastUpdated: '2024-03-04T10:11:12.123Z' },
      entry: [
        { resource: { resourceType: 'Observation', meta: { lastUpdated: '2024-03-04T10:11:12Z', versionId: '3' },
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          effectiveDateTime: '2019-02-01T09:00:00-05:00',
          valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } } },
        { resource: { resourceType: 'Patient', birthDate: '1961-04-12',
          identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-59-2277' }] } },
      ],
    });
    const f = detectJson(doc);
    const paths = f.map((x) => x.path);
    expect(paths.some((p) => p?.includes('meta'))).toBe(false);
    expect(paths).toContain('$.entry[0].resource.effectiveDateTime');
    expect(paths).toContain('$.entry[1].resource.birthDate');
    expect(f.find((x) => x.path === '$.entry[1].resource.identifier[0].value')?.type).toBe('SSN');
  });
});

describe('review: general name mechanisms', () => {
  const names = (t: string) => scanText(t).filter((f) => f.type === 'NAME').map((f) => t.slice(f.start, f.end));
  it('relations and "named him"', () => {
    expect(names('I would like to remove my kid Lukas from the will.')).toEqual(['Lukas']);
    expect(names('She named him Frank')).toEqual(['Frank']);
  });
  it('surname morphology and lower-case given + surname', () => {
    expect(names('We met Kovalenko yesterday')).toEqual(['Kovalenko']);
    expect(names('olga krylova was sentenced')).toEqual(['olga krylova']);
    expect(names('the verses from eric g. samoylova about')).toEqual(['eric g. samoylova']);
  });
  it('a title run stops at a lower-case word in mixed-case text', () => {
    expect(names('Dr. Smith gave Lovenox and Coumadin')).toEqual(['Smith']);
  });
  it('drug and clinical words are not surnames', () => {
    expect(names('pt received heparin and insulin overnight, started on Lovenox')).toEqual([]);
  });
});

describe('review: clinical shorthand that is not PHI', () => {
  it('m/d pairs in a ventilation note are settings; dates with a date word stay', () => {
    expect(scanText('RESP: on CPAP. Pt remained on 5/5, 40% till 4PM').filter((f) => f.type === 'DATE')).toEqual([]);
    expect(at('admitted 5/5 to MICU on cpap', '5/5')[0]?.type).toBe('DATE');
  });
  it('misspelt words after to/at/from are not places; real places are', () => {
    expect(scanText('ABG STABLE AT BASLINE S/P EXTUBATION')).toEqual([]);
    expect(scanText('TRANSFERRED TO THE MCIU. ON ARRIVAL')).toEqual([]);
    expect(at('we returned to kiel by helicopter', 'kiel')[0]?.type).toBe('LOCATION');
    expect(at('TRANSFERRED FROM PEMBERTON TODAY', 'PEMBERTON')[0]?.type).toBe('LOCATION');
  });
});

describe('review: street layouts', () => {
  it('house number + name + numbered street, and a house number before a Nordic street', () => {
    expect(at('the bus drops you off at 74678 midtvollen 130 st.', '74678')[0]?.type).toBe('LOCATION');
    expect(at('The bus drops you off at 07576 Magasinsgatan 7 St.', '07576')[0]?.type).toBe('LOCATION');
    expect(scanText('took 3 days 2 st')).toEqual([]);
  });
});

describe('review: more name contexts', () => {
  const names = (t: string) => scanText(t).filter((f) => f.type === 'NAME').map((f) => t.slice(f.start, f.end));
  it('particles, clause subjects, strong verbs, lower-case speakers', () => {
    expect(names('Willemine ten Pas will be talking')).toEqual(['Willemine ten Pas']);
    expect(names('He said that Kaczmarek was influenced')).toEqual(['Kaczmarek']);
    expect(names('sometimes people call me višeslav')).toEqual(['višeslav']);
    expect(names('mika: "who are you?"\ntracy: "i\'m here"')).toEqual(['mika', 'tracy']);
  });
  it('drugs after and/on are not subjects', () => {
    expect(names('given Lasix and Diamox was held')).toEqual([]);
    expect(names('pt on Precedex was weaned')).toEqual([]);
  });
});

describe('review: new rules stay linear on hostile input', () => {
  const shapes: Record<string, (n: number) => string> = {
    'numbered street': (n) => '1 ab '.repeat(n / 5) + '2 st',
    'digits and words': (n) => '12 ab 3 '.repeat(n / 8),
    'labelled ssn': (n) => 'SSN '.repeat(n / 4) + '999-59-2277',
    'iban label': (n) => 'iban DE00 '.repeat(n / 10),
    'surname endings': (n) => 'Petrova ten Kovalenko '.repeat(n / 22),
    'hex colons': (n) => 'a:b:'.repeat(n / 4),
    'vent m/d': (n) => 'cpap on 5/5, 40% '.repeat(n / 17),
  };
  // Sized so a super-linear rule cannot finish before the per-test timeout (a hang guard, not a
  // speed threshold); growth exponents are measured by `npm run bench` (bench/redos.js).
  for (const [name, make] of Object.entries(shapes)) {
    it(name, () => {
      expect(Array.isArray(scanText(make(400_000))), name).toBe(true);
    }, 60_000);
  }
});

describe('review: grouped phone digits without a phone word', () => {
  it('reads "at 699 956 915" as a phone, not ranges, times or amounts', () => {
    expect(at("They're not answering at 699 956 915", '699 956 915')[0]?.type).toBe('PHONE');
    expect(at('text me on 99 668472 tonight', '99 668472')[0]?.type).toBe('PHONE');
    for (const t of ['NURSING NOTE 1900-0700', 'I/O at 1200 800 600 today', 'BP 120 80 HR 60']) expect(scanText(t), t).toEqual([]);
  });
});

describe('review: named streets and place-name heads', () => {
  it('finds them without a house number', () => {
    expect(at('these early shows on Tarsicio Isle Street were important', 'Tarsicio Isle Street')[0]?.type).toBe('LOCATION');
    expect(at('songwriters from around the world to Port Paien to share', 'Port Paien')[0]?.type).toBe('LOCATION');
    expect(scanText('put on Passy Muir Valve')).toEqual([]);
  });
});

describe('review: regions and campuses', () => {
  it('"the X Shore", "North Campus"', () => {
    expect(at('FAMILY ARRIVED AT 2 AM FROM THE EASTERN SHORE- DAUGHTER', 'EASTERN SHORE')[0]?.type).toBe('LOCATION');
    expect(at('radiation planning on North Campus followed by', 'North Campus')[0]?.type).toBe('LOCATION');
    expect(scanText('PT FROM THE SAME VALLEY')).toEqual([]);
  });
});
