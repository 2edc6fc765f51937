/**
 * Demo data: Synthea R4 bundles, from the first directory that exists of $PHIGUARD_DEMO_DATA,
 * $PHIGUARD_DATA/fhir, ../shared/data/fhir (the full evaluation set beside the repository) and
 * examples/data/fhir (the small sample shipped in the repository, so a fresh clone has data);
 * a few generated synthetic patients when none has a Patient. Resources are indexed by type and id.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Resource = { resourceType: string; id: string; [k: string]: unknown };

export interface DemoStore {
  readonly byType: Map<string, Map<string, Resource>>;
  readonly source: string;
  get(type: string, id: string): Resource | undefined;
  list(type: string): Resource[];
  add(r: Resource): void;
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function demoDataDir(): string | undefined {
  const candidates = [
    process.env.PHIGUARD_DEMO_DATA,
    process.env.PHIGUARD_DATA && join(process.env.PHIGUARD_DATA, 'fhir'),
    resolve(repoRoot, '../shared/data/fhir'),
    resolve(repoRoot, 'examples/data/fhir'),
  ].filter(Boolean) as string[];
  return candidates.find((d) => existsSync(d));
}

export function loadDemoStore(dir = demoDataDir()): DemoStore {
  const byType = new Map<string, Map<string, Resource>>();
  const store: DemoStore = {
    byType,
    source: dir ?? 'generated',
    get: (type, id) => byType.get(type)?.get(id),
    list: (type) => [...(byType.get(type)?.values() ?? [])],
    add(r) {
      let m = byType.get(r.resourceType);
      if (!m) byType.set(r.resourceType, (m = new Map()));
      m.set(r.id, r);
    },
  };
  if (dir) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const bundle = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { entry?: Array<{ resource?: Resource; fullUrl?: string }> };
      for (const e of bundle.entry ?? []) {
        if (e.resource?.resourceType && e.resource.id) store.add(rewriteRefs(e.resource));
      }
    }
  }
  if (store.list('Patient').length === 0) for (const r of generated()) store.add(r);
  return store;
}

/** Synthea transaction bundles reference `urn:uuid:<id>`; the demo API serves `Type/<id>`. */
function rewriteRefs(r: Resource): Resource {
  const text = JSON.stringify(r).replace(/"reference":"urn:uuid:([0-9a-f-]{36})"/g, (_m, id: string) => `"reference":"${refIndex.get(id) ?? 'Resource'}/${id}"`);
  return JSON.parse(text) as Resource;
}
const refIndex = new Map<string, string>();
export function indexRefs(dir = demoDataDir()): void {
  if (!dir) return;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const bundle = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { entry?: Array<{ resource?: Resource }> };
    for (const e of bundle.entry ?? []) if (e.resource?.id) refIndex.set(e.resource.id, e.resource.resourceType);
  }
}

function generated(): Resource[] {
  const people = [
    { id: 'demo-1', given: 'Maria', family: 'Lopez', dob: '1958-04-12', phone: '617-555-0142', ssn: '123-45-6789', city: 'Boston', zip: '02118' },
    { id: 'demo-2', given: 'James', family: 'Okafor', dob: '1931-11-02', phone: '508-555-0199', ssn: '219-09-9999', city: 'Worcester', zip: '01608' },
  ];
  return people.flatMap((p) => [
    {
      resourceType: 'Patient',
      id: p.id,
      identifier: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:demo:mrn', value: `MRN${p.id.slice(-1)}004211` },
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: p.ssn },
      ],
      name: [{ use: 'official', family: p.family, given: [p.given] }],
      telecom: [{ system: 'phone', value: p.phone, use: 'home' }],
      gender: 'female',
      birthDate: p.dob,
      address: [{ line: ['12 Harbor St'], city: p.city, state: 'MA', postalCode: p.zip, country: 'US' }],
    },
    {
      resourceType: 'Observation',
      id: `${p.id}-obs-1`,
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: `Patient/${p.id}` },
      effectiveDateTime: '2024-03-03T10:15:00Z',
      valueQuantity: { value: 72, unit: '/min' },
      note: [{ text: `Pt ${p.given} ${p.family} called from ${p.phone} on 3/3/2024; DOB ${p.dob}.` }],
    },
  ]);
}
