/**
 * A ~100 MB HAR streams with bounded memory: generated in a tmp dir, replayed in a child process,
 * whose peak RSS growth over its own warmed-up baseline must stay under 200 MB (a memory bound).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { TS_REGISTER } from '../helpers/ts/node.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'phiguard-replay-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `
const { replayFile } = await import(${JSON.stringify(join(root, 'src/rollout/replay/run.ts'))});
const { loadPolicy } = await import(${JSON.stringify(join(root, 'src/policy/index.ts'))});
const policy = loadPolicy(${JSON.stringify(join(root, 'examples/patient-api.yaml'))});
await replayFile(${JSON.stringify(join(root, 'test/fixtures/traffic/demo.har'))}, { policy });
const baseline = process.memoryUsage().rss;
let peak = baseline;
const r = await replayFile(process.argv[1], { policy, onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); } });
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(JSON.stringify({ baseline, peak, entries: r.input.entries, malformed: r.input.malformed, requests: r.totals.requests }));
`;

it('replays a 100 MB HAR with peak RSS growth under 200 MB', () => {
  const demo = JSON.parse(readFileSync(join(root, 'test/fixtures/traffic/demo.har'), 'utf8')).log.entries as Array<{ request: { method: string }; response: { content: { text: string } } }>;
  const small = demo.filter((e) => e.request.method === 'GET' && e.response.content.text.length < 4000);
  const file = join(dir, 'big.har');
  const fd = openSync(file, 'w');
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[\n');
  let size = 0;
  let n = 0;
  while (size < 100 * 1024 * 1024) {
    const s = `${n ? ',\n' : ''}${JSON.stringify(small[n % small.length])}`;
    size += writeSync(fd, s);
    n++;
  }
  writeSync(fd, '\n]}}\n');
  closeSync(fd);
  const r = spawnSync(process.execPath, ['--import', TS_REGISTER, '--input-type=module', '-e', CHILD, file], { encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { baseline: number; peak: number; entries: number; malformed: number; requests: number };
  expect(out).toMatchObject({ entries: n, malformed: 0, requests: n });
  expect(out.peak - out.baseline).toBeLessThan(200 * 1024 * 1024);
}, 300_000);
