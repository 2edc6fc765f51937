/** Test helpers shared by the audit tests (not part of the build's public API). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuardContext } from '../../../src/core/context.js';
import type { Clock } from '../../../src/core/types.js';
import { makeKeys, type AuditKeys } from '../../../src/audit/keys.js';
import { createSigner, generateSeed } from '../../../src/audit/note.js';

export function tempDir(prefix = 'phiguard-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testKeys(origin = 'phiguard.test/audit'): AuditKeys {
  return makeKeys(createSigner(origin, generateSeed()), Buffer.alloc(32, 7));
}

export function frozenClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): Clock & { t: number; advance(ms: number): void } {
  const c = { t: start, now: () => c.t, advance: (ms: number) => void (c.t += ms) };
  return c;
}

/** A realistic context: an allowed FHIR read of one patient by a clinician. */
export function sampleContext(i = 0, clock: Clock = frozenClock(), over: Partial<GuardContext> = {}): GuardContext {
  const patient = `Patient/pat-${i % 97}`;
  return {
    id: `req-${i}`,
    clock,
    receivedAt: clock.now(),
    request: { method: 'GET', target: `/Patient/pat-${i % 97}?name=Jane%20Doe`, headers: [['x-forwarded-for', '203.0.113.9']], body: null, remoteAddress: '10.1.2.3' },
    policy: { name: 'demo', hash: 'sha256:abc', mode: 'enforce' },
    mode: 'enforce',
    canonical: {
      method: 'GET', path: `/Patient/pat-${i % 97}`, segments: ['Patient', `pat-${i % 97}`], query: 'name=Jane%20Doe',
      params: new Map([['name', ['Jane Doe']]]), headers: new Map(), body: null, forwardTarget: `/Patient/pat-${i % 97}?name=Jane%20Doe`,
    },
    principal: {
      id: `https://idp.example|dr-${i % 13}`, issuer: 'https://idp.example', subject: `dr-${i % 13}`, kind: 'user',
      roles: ['clinician'], scopes: ['user/Patient.read'], clientId: 'portal', method: 'jwt', purposeOfUse: 'TREAT',
    },
    route: { route: { id: 'patient-read', method: 'GET', template: '/Patient/{id}', resource: 'Patient', interaction: 'read' }, params: { id: `pat-${i % 97}` } },
    access: { patient, purposeOfUse: 'TREAT' },
    inspection: { phiFindings: { NAME: 2, DATE: 1 }, redacted: true, projectedFields: 0, suppressedResources: 0, resources: [patient], patients: [patient] },
    decisions: [],
    response: { status: 200, headers: [], body: Buffer.from(`{"resourceType":"Patient","id":"pat-${i % 97}","name":[{"text":"Jane Doe"}]}`) },
    responseHeaders: [],
    ...over,
  };
}
