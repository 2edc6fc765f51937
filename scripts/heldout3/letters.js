// Set 1: letters (consult/referral letters, letters to patients, billing letters, school/work notes).
import { Doc, S } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';
import { person, relative, name, titled, provider, prov, address, addressBlock, cityLine, streetLine, D, PH, email, orgDomain } from './people.js';
import { bodies } from './letter-bodies.js';

function org(r) {
  const kind = r.weighted([[4, 'clinic'], [3, 'hosp'], [1, 'nh']]);
  const nm = kind === 'clinic' ? r.pick(P.CLINICS) : kind === 'hosp' ? P.hospital(r) : r.pick(P.NURSING_HOMES);
  const a = address(r);
  a.unit = r.chance(0.4) ? r.pick(['Suite 200', 'Ste 110', 'Suite 4B', 'Building C', '2nd Floor']) : null;
  return { nm, a, domain: orgDomain(r, nm), areas: a.areas };
}

function letterhead(r, o) {
  const L = [];
  const nm = r.chance(0.3) ? o.nm.toUpperCase() : o.nm;
  if (r.chance(0.5)) L.push([S(nm, 'LOCATION')], [streetLine(o.a), r.chance(0.5) ? [' | ', cityLine(r, o.a, 'std')] : null]);
  else L.push([S(nm, 'LOCATION'), ' \u2022 ', streetLine(o.a), ' \u2022 ', cityLine(r, o.a, 'std')]);
  const tel = r.pick(['Tel ', 'Phone: ', 'P: ', 'Ph ', 'Office ']);
  const fx = r.pick(['Fax ', 'Fax: ', 'F: ', 'Fx ']);
  const contact = [tel, PH(r, o.areas), r.chance(0.7) ? ['  ', fx, PH(r, o.areas, 'FAX')] : null];
  if (r.chance(0.35)) contact.push('  ', S(`www.${o.domain}`, 'URL'));
  L.push(contact);
  return L;
}

function letter(r, i) {
  const o = org(r);
  const pt = person(r);
  const pa = address(r, r.chance(0.7) ? P.CITIES.find((c) => c[0] === o.a.city) : undefined);
  const doc = provider(r);
  const when = I.date(r, 2024, 2026);
  const ctx = { r, o, pt, pa, doc, when, mrn: I.mrn(r), age: I.ageOn(pt.dob, when) };
  const body = r.pick(bodies)(ctx);
  const lines = [];
  if (!body.noHead) lines.push(...letterhead(r, o).map((parts) => ({ parts })));
  lines.push({ parts: [D(r, when, r.pick(['long', 'long', 'mdy', 'mon', 'mdyshort']))] });
  if (body.to) for (const l of body.to) lines.push({ parts: l, opt: false });
  if (body.re) lines.push({ parts: body.re });
  lines.push({ parts: body.salute });
  for (const l of body.text) lines.push({ parts: l });
  lines.push({ parts: [r.pick(['Sincerely,', 'Regards,', 'Best regards,', 'Thank you,', 'Warm regards,', 'Respectfully,'])], opt: true });
  for (const l of body.sign ?? signature(r, doc, o)) lines.push({ parts: l });
  if (body.cc) lines.push({ parts: body.cc, opt: true });
  while (lines.length > 15) { const j = lines.findIndex((l) => l.opt); if (j < 0) lines.splice(3, 1); else lines.splice(j, 1); }
  const d = new Doc();
  for (const l of lines) d.line(l.parts);
  return d.record(`letters-${String(i).padStart(4, '0')}`);
}

export function signature(r, doc, o) {
  const L = [prov(r, doc, r.pick(['full', 'fml', 'drfl', 'sig']))];
  if (r.chance(0.4)) L.push([r.pick(['Department of ', 'Division of ', '']), r.pick(['Cardiology', 'Internal Medicine', 'Pulmonology', 'Family Medicine', 'Orthopaedic Surgery', 'Endocrinology', 'Nephrology'])]);
  if (r.chance(0.25)) L.push(['NPI ', S(doc.npi, 'NOT_PHI:NPI')]);
  if (r.chance(0.2)) L.push([S(`${doc.first[0].toLowerCase()}${doc.last.toLowerCase().replace(/[^a-z]/g, '')}@${o.domain}`, 'EMAIL')]);
  return L;
}

export function generateLetters(r, n) { const out = []; for (let i = 0; i < n; i++) out.push(letter(r, i)); return out; }
export { org, letterhead, person, relative, name, titled, addressBlock };
