import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonFlat, isCanonical, type Canon } from './canonical.js';
import { AuditLog } from './log.js';
import { buildAuditRecord, leafPrefix, serializeBody } from './record.js';
import { MemoryStore } from './stores/memory.js';
import { frozenClock, sampleContext, testKeys } from '../../test/helpers/audit/fixtures.js';

const keys = testKeys();

function variants() {
  const clock = frozenClock();
  const out = [sampleContext(1, clock)];
  out.push(sampleContext(2, clock, { outcome: { stage: 'authorize', code: 'PG_AUTHZ_PURPOSE', status: 403, detail: 'purpose HPAYMT not allowed' }, decisions: [{ stage: 'inspectResponse', code: 'PG_PHI_REDACTED', detail: 'fields: 3' }] }));
  const bg = sampleContext(3, clock);
  bg.access = { patient: 'Patient/9', purposeOfUse: 'ETREAT', allowedLabels: ['R', 'N'], breakGlass: { reason: 'emergency', justificationDigest: 'f'.repeat(64), patient: 'Patient/9' } };
  out.push(bg);
  const px = sampleContext(4, clock, { upstreamMs: 12.6, requestDigest: 'e'.repeat(64) });
  px.principal = { ...px.principal!, sessionId: 'sess-1', roles: ['z', 'a'] };
  px.inspection = { ...px.inspection!, phiFindings: { ZIP: 1, AGE: 3, NAME: 2 } };
  out.push(px);
  const anon = sampleContext(5, clock);
  delete anon.principal;
  delete anon.route;
  delete anon.canonical;
  delete anon.access;
  delete anon.inspection;
  out.push(anon);
  return out;
}

describe('audit record serialization', () => {
  it('is canonical JSON (sorted keys, no whitespace) for every shape of request record', () => {
    for (const ctx of variants()) {
      const { body } = buildAuditRecord(ctx, keys, { trustedProxies: ['10.0.0.0/8'] });
      const fast = serializeBody(body);
      expect(fast).toBe(canonicalJson(body as unknown as Canon));
      expect(isCanonical(fast)).toBe(true);
    }
  });

  it('stays canonical with the detail digest inserted, and leaves start with seq and ts', async () => {
    const log = new AuditLog(new MemoryStore(), { keys, checkpointIntervalMs: 0 });
    for (const ctx of variants()) await log.append(buildAuditRecord(ctx, keys));
    const rows = await log.store.entries(0, 10);
    expect(rows).toHaveLength(5);
    for (const [i, r] of rows.entries()) {
      const text = r.leaf!.toString('utf8');
      expect(isCanonical(text), text).toBe(true);
      expect(leafPrefix(r.leaf!)).toEqual({ seq: i, ts: JSON.parse(text).ts });
      expect(JSON.parse(text).what.detail).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{64}$/), period: '2026-01' });
    }
    await log.close();
  });

  it('serializes the detail blob canonically: the flat fast path matches canonicalJson and falls back on anything else', () => {
    for (const ctx of variants()) {
      const { detail } = buildAuditRecord(ctx, keys, { trustedProxies: ['10.0.0.0/8'] });
      const names = Object.keys(detail!);
      expect(names, 'built in canonical order, so the fast path applies').toEqual([...names].sort());
      expect(canonicalJsonFlat(detail!)).toBe(canonicalJson(detail!));
      expect(isCanonical(canonicalJsonFlat(detail!))).toBe(true);
    }
    const cases: Array<{ [k: string]: Canon | undefined }> = [
      { b: 1, a: 2 },
      { a: 'x', b: { d: 1, c: 2 } },
      { a: [{ z: 1, y: 2 }] },
      { a: [1, 'x'] },
      { a: 1.5 },
      { 'é': 1, z: 2, Z: 3, '': 4, '\u{1F600}': 5, 'ｚ': 6 },
      { a: undefined, b: null, c: true, d: -0, e: 'q"\\\u2028' },
      { a: ['x', , 'y'] as unknown as Canon },
      { b: 1, 10: 2, 9: 3 },
      Object.assign(Object.create({ inherited: 1 }) as object, { a: 1 }) as { [k: string]: Canon },
    ];
    for (const c of cases) {
      let ref: string | Error;
      try {
        ref = canonicalJson(c);
      } catch (e) {
        ref = e as Error;
      }
      if (ref instanceof Error) expect(() => canonicalJsonFlat(c)).toThrow(ref.message);
      else expect(canonicalJsonFlat(c)).toBe(ref);
    }
  });

  it('reads seq and ts from the leaf prefix, and nothing else', () => {
    const b = (t: string) => Buffer.from(t, 'latin1');
    expect(leafPrefix(b('{"seq":0,"ts":17,"type":"rest"}'))).toEqual({ seq: 0, ts: 17 });
    expect(leafPrefix(b('{"seq":123456,"ts":-5,"x":1}'))).toEqual({ seq: 123456, ts: -5 });
    for (const bad of ['{"seq":01,"ts":1,', '{"seq":1,"ts":1}', '{"seq":,"ts":1,', '{"seq":1, "ts":1,', '{"sq":1,"ts":1,', '{"seq":12345678901234567,"ts":1,']) {
      expect(leafPrefix(b(bad)), bad).toBeUndefined();
    }
  });

  it('rejects values a canonical leaf cannot hold', () => {
    expect(() => canonicalJson(1.5)).toThrow();
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
  });
});
