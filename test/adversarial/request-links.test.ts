/**
 * The bytes checked are the bytes forwarded: a JSON body that starts with a UTF-8 byte order mark
 * (EF BB BF) is refused with PG_BODY_JSON_HAZARD through the real gateway, and the real loopback
 * upstream (which records every byte it receives) never sees it. Before the fix the decoder dropped
 * the BOM, the check passed, and the BOM-prefixed bytes were forwarded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startRig, type Rig } from '../helpers/integrity.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.close());

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const good = '{"id":"p1","name":[{"family":"Roe"}]}';

describe('request body: checked bytes are forwarded bytes', () => {
  it('a BOM-prefixed JSON body is refused and never reaches the upstream', async () => {
    const before = rig.received.length;
    const r = await fetch(`${rig.base}/patients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat([BOM, Buffer.from(good)]) });
    expect(r.status).toBe(400);
    expect((await errorOf(r))?.code).toBe('PG_BODY_JSON_HAZARD');
    expect(rig.received.slice(before).filter((x) => x.method !== 'GET')).toEqual([]);
  });

  it('the same body without a BOM is forwarded byte for byte', async () => {
    const before = rig.received.length;
    const r = await fetch(`${rig.base}/patients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: good });
    await r.arrayBuffer();
    const posts = rig.received.slice(before).filter((x) => x.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.equals(Buffer.from(good))).toBe(true);
    expect(posts[0]!.body.subarray(0, 3).equals(BOM)).toBe(false);
  });
});
