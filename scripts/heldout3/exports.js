// Set 3: machine-ish text: HL7 v2 messages, delimited reports, key: value dumps, engine logs, fixed-width rows.
import { Doc, S, join } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';
import { person, relative, provider, address, D } from './people.js';

const N = (v) => S(v, 'NAME'), PN = (v) => S(v, 'PROVIDER_NAME');
const up = (s) => s.toUpperCase();
const xpn = (p) => [N(up(p.last)), '^', N(up(p.first)), '^', N(up(p.middle[0]))];
const xcn = (r, p) => [p.npi, '^', PN(up(p.last)), '^', PN(up(p.first)), '^^^', r.pick(['MD', 'DO', 'NP'])];
const xad = (r, a) => [S(a.street, 'LOCATION'), '^', a.unit ? S(a.unit, 'LOCATION') : '', '^', S(up(a.city), 'LOCATION'), '^', S(a.st, 'NOT_PHI:STATE'), '^', S(a.zip, 'ZIP'), '^USA'];
const ph = (r, a) => S(I.phone(r, a.areas, 'hl7'), 'PHONE');

function hl7(r, i) {
  const when = I.date(r, 2024, 2026), ts = I.hl7ts(r, when), pt = person(r), a = address(r), doc = provider(r, undefined, true);
  const fac = r.pick(['SBMC', 'MERCY', 'TRICO', 'GSH', 'RRMC']);
  const type = r.pick(['ADT^A01', 'ADT^A04', 'ADT^A08', 'ORU^R01', 'SIU^S12', 'DFT^P03']);
  const d = new Doc(), sep = r.chance(0.5) ? '\r\n' : '\n';
  const seg = [];
  seg.push(['MSH|^~\\&|EPIC|', fac, '|', r.pick(['RHAP', 'CLOVERLEAF', 'LAB']), '|', fac, '|', S(ts, 'DATE'), '||', type, '|', `MSG${r.digits(8)}`, '|P|2.', r.pick(['3', '5.1', '4'])]);
  seg.push(['EVN|', type.slice(4), '|', S(ts, 'DATE')]);
  const mrn = I.mrn(r).replace(/\W/g, '');
  seg.push(['PID|1||', S(mrn, 'MRN'), '^^^', fac, '^MR', r.chance(0.5) ? ['~', S(I.ssn(r, 'bare'), 'SSN'), '^^^SSA^SS'] : null,
    r.chance(0.4) ? ['~', S(I.memberId(r), 'HEALTH_PLAN_ID'), '^^^', r.pick(['HUM', 'AET', 'MCD', 'UHC']), '^MB'] : null, '||',
    xpn(pt), r.chance(0.3) ? ['~', N(up(pt.last)), '^', N(up(pt.first)), '^^^^^A'] : null, '|', r.chance(0.5) ? N(up(relative(r, pt, 'F').last)) : '', '|',
    S(I.fmtDate(r, pt.dob, 'hl7'), 'DATE'), '|', pt.sex, '||', r.pick(['2106-3', '2054-5', '2028-9']), '|', xad(r, a), '||', ph(r, a), r.chance(0.4) ? ['~^NET^Internet^', S(`${pt.first}.${pt.last}@gmail.com`.toLowerCase().replace(/[^a-z.@]/g, ''), 'EMAIL')] : null,
    '|||', r.pick(['M', 'S', 'W']), '||', S(I.account(r).replace(/\D/g, ''), 'ACCOUNT'), r.chance(0.3) ? ['|', S(I.ssn(r), 'SSN')] : null]);
  if (r.chance(0.6)) { const k = relative(r, pt); seg.push(['NK1|1|', xpn(k), '|', r.pick(['SPO^Spouse', 'DAU^Daughter', 'SON^Son']), '|', xad(r, a), '|', ph(r, a)]); }
  seg.push(['PV1|1|', r.pick(['I', 'O', 'E']), '|', r.pick(['4W', 'ED', 'ICU']), '^', r.digits(3), '^', r.int(1, 2), '^', fac, '||||', xcn(r, doc), '|||', r.pick(['MED', 'SUR', 'CAR']), '||||||||', S(`V${r.digits(9)}`, 'ACCOUNT'), '|||||||||||||||||||||||||', S(ts, 'DATE')]);
  if (type.startsWith('ADT') && r.chance(0.6)) seg.push(['IN1|1|', r.pick(['HUM01', 'AET22', 'MCR']), '|', r.digits(5), '|', S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION'), '||||', S(I.groupNo(r), 'HEALTH_PLAN_ID'), '||||||', xpn(pt), '|01|', S(I.fmtDate(r, pt.dob, 'hl7'), 'DATE'), '|||||||||||||||||||', S(I.memberId(r), 'HEALTH_PLAN_ID')]);
  if (type.startsWith('ORU')) {
    seg.push(['ORC|RE|', S(r.digits(10), 'OTHER_ID'), '|', S(I.accession(r), 'OTHER_ID'), '|||||||||', xcn(r, doc)]);
    seg.push(['OBR|1|||', r.pick(['80053^CMP', '85025^CBC W DIFF', '83036^HGB A1C', '84443^TSH']), '|||', S(ts, 'DATE')]);
    for (let k = 0; k < r.int(1, 4); k++) seg.push(['OBX|', k + 1, '|NM|', r.pick(['2345-7^Glucose^LN', '2160-0^Creatinine^LN', '718-7^Hemoglobin^LN', '6690-2^WBC^LN']), '||', String(r.int(3, 300) / 10), '|', r.pick(['mg/dL', 'g/dL', 'K/uL']), '|||||F']);
    if (r.chance(0.4)) seg.push(['NTE|1||Called to ', PN(pt.first === 'X' ? 'X' : provider(r).first), ' ', r.pick(['RN', 'at desk']), ' at ', S(I.time(r, 'mil'), 'NOT_PHI:TIME'), ', read back \\T\\ verified']);
  }
  if (type.startsWith('SIU')) seg.push(['SCH|', S(r.digits(8), 'OTHER_ID'), '||||', r.pick(['FU^Follow up', 'NEW^New patient']), '|||30|MIN|^^30^', S(I.hl7ts(r, I.date(r, when.y, when.y + 1)), 'DATE')], ['AIL|1||', S(r.pick(P.CLINICS).toUpperCase(), 'LOCATION')]);
  if (type.startsWith('DFT')) seg.push(['FT1|1|', S(r.digits(9), 'OTHER_ID'), '||', S(I.fmtDate(r, when, 'hl7'), 'DATE'), '||CG|', r.pick(['99214', '93000', '71046']), '|||1|', String(r.int(40, 900)), '.00']);
  seg.forEach((s, k) => { if (k) d.add(sep); d.add(s); });
  return d.record(`exports-${String(i).padStart(4, '0')}`);
}

function delimited(r, i) {
  const d = new Doc(), del = r.pick([',', '\t', '|']), rows = r.int(1, 12);
  const phiCols = r.chance(0.85);
  const cols = phiCols ? r.pick([
    ['mrn', 'last_name', 'first_name', 'dob', 'zip', 'payer', 'admit_dt'], ['PatientID', 'Name', 'DOB', 'Phone', 'City', 'Provider'],
    ['acct', 'pt_name', 'svc_date', 'cpt', 'charge', 'member_id'], ['Accession', 'Patient', 'Age', 'Collected', 'Test', 'Result'],
  ]) : r.pick([['unit', 'census', 'admits', 'discharges'], ['cpt', 'description', 'count', 'total_charges'], ['drug', 'doses_dispensed', 'waste_ml']]);
  d.add(cols.join(del));
  for (let k = 0; k < rows; k++) {
    const pt = person(r), a = address(r), dt = I.date(r, 2024, 2026);
    const cell = (c) => {
      switch (c) {
        case 'mrn': case 'PatientID': return S(I.mrn(r), 'MRN');
        case 'last_name': return N(pt.last); case 'first_name': return N(pt.first);
        case 'Name': case 'pt_name': case 'Patient': return del === ',' ? ['"', N(up(pt.last)), ', ', N(up(pt.first)), '"'] : [N(up(pt.last)), ', ', N(up(pt.first))];
        case 'dob': case 'DOB': return S(I.fmtDate(r, pt.dob, r.pick(['mdy', 'iso'])), 'DATE');
        case 'zip': return S(a.zip, 'ZIP'); case 'payer': return S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION');
        case 'admit_dt': case 'svc_date': case 'Collected': return S(I.fmtDate(r, dt, r.pick(['mdy', 'iso'])), 'DATE');
        case 'Phone': return S(I.phone(r, a.areas, 'dash'), 'PHONE'); case 'City': return S(a.city, 'LOCATION');
        case 'Provider': { const p = provider(r); return [PN(p.last), ' ', PN(p.first[0])]; }
        case 'acct': return S(I.account(r).replace(/\s/g, ''), 'ACCOUNT'); case 'cpt': return r.pick(['99213', '99214', '36415', '80053']);
        case 'charge': case 'total_charges': return `${r.int(10, 9000)}.${I.p2(r.int(0, 99))}`;
        case 'member_id': return S(I.memberId(r), 'HEALTH_PLAN_ID'); case 'Accession': return S(I.accession(r), 'OTHER_ID');
        case 'Age': return S(String(I.ageOn(pt.dob, dt)), 'AGE'); case 'Test': return r.pick(['CBC', 'BMP', 'TSH', 'UA']);
        case 'Result': return r.pick(['NEG', '4.2', 'H 11.8', 'see note']);
        case 'unit': return r.pick(['4W', '5E', 'ICU', 'PEDS']); case 'description': return r.pick(['Office visit est', 'Venipuncture', 'ECG']);
        case 'drug': return S(r.pick(P.DRUGS), 'NOT_PHI:DRUG');
        default: return String(r.int(0, 60));
      }
    };
    d.add('\n'); d.add(join(cols.map(cell), del));
  }
  return d.record(`exports-${String(i).padStart(4, '0')}`);
}

function kv(r, i) {
  const d = new Doc(), pt = person(r), a = address(r), when = I.date(r, 2024, 2026);
  const sep = r.pick([': ', '=', ' : ']);
  const f = [['patient_name', [N(pt.first), ' ', N(pt.last)]], ['dob', S(I.fmtDate(r, pt.dob, 'iso'), 'DATE')], ['mrn', S(I.mrn(r), 'MRN')],
    ['ssn', S(I.ssn(r), 'SSN')], ['address', [S(a.street, 'LOCATION'), ', ', S(a.city, 'LOCATION'), ' ', S(a.st, 'NOT_PHI:STATE'), ' ', S(a.zip, 'ZIP')]],
    ['home_phone', S(I.phone(r, a.areas), 'PHONE')], ['email', S(`${pt.first[0]}${pt.last}${r.int(1, 99)}@yahoo.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''), 'EMAIL')],
    ['member_id', S(I.memberId(r), 'HEALTH_PLAN_ID')], ['payer', S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION')], ['encounter_date', S(I.fmtDate(r, when, 'iso'), 'DATE')],
    ['attending', [PN(provider(r).last)]], ['drivers_license', S(I.dl(r, a.st), 'LICENSE')], ['vehicle_vin', S(I.vin(r), 'VEHICLE')],
    ['device_serial', S(r.pick(P.DME)[1](r), 'DEVICE')], ['client_ip', S(I.ip(r), 'IP')], ['portal_user', S(`${pt.first}${pt.last[0]}${r.int(1, 999)}`.toLowerCase().replace(/[^a-z0-9]/g, ''), 'OTHER_ID')],
    ['status', r.pick(['ACTIVE', 'DISCHARGED', 'PENDING'])], ['encounter_type', r.pick(['OP', 'IP', 'ED'])], ['card', S(I.card(r), 'ACCOUNT')]];
  const pickF = r.sample(f, r.int(3, 12));
  const upper = r.chance(0.3);
  pickF.forEach(([k, v], j) => { if (j) d.add('\n'); d.add([upper ? up(k) : k, sep, v]); });
  return d.record(`exports-${String(i).padStart(4, '0')}`);
}

function logs(r, i) {
  const d = new Doc(), n = r.int(1, 8);
  for (let k = 0; k < n; k++) {
    const when = I.date(r, 2025, 2026), pt = person(r);
    const ts = [S(I.fmtDate(r, when, 'iso'), 'DATE'), r.pick(['T', ' ']), S(`${I.time(r, '24')}:${I.p2(r.int(0, 59))}`, 'NOT_PHI:TIME')];
    const lvl = r.pick(['INFO', 'WARN', 'ERROR', 'DEBUG']);
    const msg = r.pick([
      () => ['inbound conn from ', S(I.ip(r), 'IP'), ':', String(r.int(1024, 65000)), ' channel=ADT_IN'],
      () => ['ACK AE for MRN ', S(I.mrn(r), 'MRN'), ': PID-7 invalid (', S(I.fmtDate(r, pt.dob, 'hl7'), 'DATE'), ')'],
      () => ['user=', S(`${pt.first[0]}${pt.last}`.toLowerCase().replace(/[^a-z]/g, ''), 'OTHER_ID'), ' opened chart of ', N(up(pt.last)), ',', N(up(pt.first))],
      () => ['POST ', S(`https://fhir.${r.pick(['mercyhealth.org', 'trico-ehr.net', 'sbmc.org'])}/Patient/${r.digits(7)}`, 'URL'), ' 201 ', String(r.int(20, 900)), 'ms'],
      () => ['retry ', String(r.int(1, 5)), '/5 msg ', `MSG${r.digits(8)}`, ' to LAB_OUT: timeout'],
      () => ['queue depth=', String(r.int(0, 400)), ' throughput=', String(r.int(1, 90)), '/s'],
    ])();
    if (k) d.add('\n');
    d.add([ts, ' ', lvl, ' [', r.pick(['mirth', 'rhapsody', 'iface-07', 'cloverleaf']), '] ', msg]);
  }
  return d.record(`exports-${String(i).padStart(4, '0')}`);
}

function fixed(r, i) {
  const d = new Doc(), n = r.int(1, 10);
  const pad = (s, w) => s.padEnd(w).slice(0, w);
  d.add('MRN       NAME                     DOB       SEX ZIP   ');
  for (let k = 0; k < n; k++) {
    const pt = person(r), a = address(r), m = I.mrn(r).replace(/\W/g, '').slice(0, 9), nm = `${up(pt.last)},${up(pt.first)}`.slice(0, 24);
    const comma = nm.indexOf(',');
    d.add('\n');
    d.add([S(m, 'MRN'), ' '.repeat(10 - m.length), N(nm.slice(0, comma)), ',', nm.length > comma + 1 ? N(nm.slice(comma + 1).trim()) : '', ' '.repeat(25 - nm.length),
      S(I.fmtDate(r, pt.dob, 'hl7'), 'DATE'), '  ', pt.sex, '   ', S(a.zip.slice(0, 5), 'ZIP'), ' ']);
    void pad;
  }
  return d.record(`exports-${String(i).padStart(4, '0')}`);
}

export function generateExports(r, n) {
  const gens = [[4, hl7], [3, delimited], [2, kv], [2, logs], [1, fixed]];
  const out = []; for (let i = 0; i < n; i++) out.push(r.weighted(gens)(r, i)); return out;
}
