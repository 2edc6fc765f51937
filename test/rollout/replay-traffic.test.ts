/** The traffic readers (src/rollout/replay/traffic.ts): HAR 1.2 streamed, NDJSON, positions of malformed entries. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHarEntries } from '../../src/rollout/replay/har-stream.js';
import { isTrafficIssue, readTraffic, sniffTraffic, TrafficFileError, type TrafficEntry, type TrafficIssue } from '../../src/rollout/replay/traffic.js';

const fixtures = new URL('../fixtures/traffic/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'phiguard-traffic-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function all(path: string, opts?: Parameters<typeof readTraffic>[1]): Promise<Array<TrafficEntry | TrafficIssue>> {
  const out: Array<TrafficEntry | TrafficIssue> = [];
  for await (const x of readTraffic(path, opts)) out.push(x);
  return out;
}

async function fileError(path: string): Promise<TrafficFileError> {
  try {
    await all(path);
  } catch (err) {
    if (err instanceof TrafficFileError) return err;
    throw err;
  }
  throw new Error('expected a TrafficFileError');
}

describe('HAR', () => {
  it('reads the recorded demo HAR: every entry, bodies, headers, startedDateTime', async () => {
    const items = await all(join(fixtures, 'demo.har'));
    expect(items.length).toBeGreaterThanOrEqual(14);
    expect(items.every((x) => !isTrafficIssue(x))).toBe(true);
    const entries = items as TrafficEntry[];
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    const first = entries[0]!;
    expect(first.request.method).toBe('GET');
    expect(first.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Patient\//);
    expect(first.request.headers.some(([k, v]) => k === 'authorization' && v.startsWith('Bearer '))).toBe(true);
    expect(first.response?.status).toBe(200);
    expect(JSON.parse(first.response!.body!.toString('utf8')).resourceType).toBe('Patient');
    expect(Number.isNaN(Date.parse(first.startedDateTime!))).toBe(false);
    const post = entries.find((e) => e.request.method === 'POST')!;
    expect(JSON.parse(post.request.body!.toString('utf8')).resourceType).toBe('Observation');
  });

  it('reports malformed entries with index and line:col, skips them and goes on', async () => {
    const items = await all(join(fixtures, 'demo-malformed.har'));
    const issues = items.filter(isTrafficIssue);
    expect(issues.map((i) => i.index)).toEqual([3, 5, 7]);
    expect(issues[0]).toMatchObject({ line: 237, column: 12 });
    expect(issues[0]!.message).toMatch(/not valid JSON/);
    expect(issues[1]!.message).toBe('request.url is missing or not a string');
    expect(issues[2]!.message).toBe('response.content.text is not valid base64');
    expect(items.filter((x) => !isTrafficIssue(x))).toHaveLength(items.length - 3);
    // Messages never quote the input (V8's JSON.parse messages would).
    for (const i of issues) expect(i.message).not.toMatch(/Bearer|Patient|"/);
  });

  it('decodes base64 bodies, skips pages/creator content, keeps going after odd elements', async () => {
    const p = file('odd.har', [
      '{"log": {"version": "1.2", "creator": {"name": "x\\"}]", "version": "1"}, "pages": [{"title": "a ] } [ {"}],',
      ' "entries": [',
      '  {"request": {"method": "get", "url": "http://h.test/a?b=1", "headers": [{"name": ":authority", "value": "h.test"}, {"name": "X-A", "value": "1"}]},',
      '   "response": {"status": 200, "headers": [], "content": {"text": "eyJhIjoiXX0ifQ==", "encoding": "base64"}}},',
      '  42, "text", [1, 2],',
      '  {"request": {"method": "POST", "url": "/b", "postData": {"text": "{\\"k\\": \\"]}{\\"}"}}, "response": {"status": 0}}',
      ' ], "comment": "after"}}',
    ].join('\n'));
    const items = await all(p);
    expect(items.map((x) => (isTrafficIssue(x) ? `issue ${x.index} ${x.line}:${x.column}` : `entry ${x.index}`))).toEqual([
      'entry 0', 'issue 1 5:3', 'issue 2 5:7', 'issue 3 5:15', 'entry 4',
    ]);
    const [a, , , , b] = items as TrafficEntry[];
    expect(a!.request.method).toBe('GET');
    expect(a!.request.headers).toEqual([['x-a', '1']]);
    expect(a!.response!.body!.toString()).toBe('{"a":"]}"}');
    expect(b!.request.body!.toString()).toBe('{"k": "]}{"}');
    expect(b!.response).toBeUndefined(); // status 0: no response recorded
  });

  it('parses the same at any chunk boundary (one byte at a time)', async () => {
    const text = `{"log":{"entries":[{"request":{"method":"GET","url":"/é\\"x","headers":[]}},\n{"request":{"method":"GET","url":"/b"}}, {"bad": }]}}`;
    async function* bytes() {
      for (const b of Buffer.from(text)) yield Buffer.from([b]);
    }
    const items: Array<TrafficEntry | TrafficIssue> = [];
    for await (const x of readHarEntries(bytes(), 1 << 20)) items.push(x);
    expect(items).toHaveLength(3);
    expect((items[0] as TrafficEntry).request.url).toBe('/é"x');
    expect((items[1] as TrafficEntry).line).toBe(2);
    expect(items[2]).toMatchObject({ index: 2, line: 2, column: 50 });
  });

  it('skips an entry larger than the limit without holding it', async () => {
    const big = 'x'.repeat(5000);
    const p = file('big.har', `{"log":{"entries":[{"request":{"method":"GET","url":"/${big}"}},{"request":{"method":"GET","url":"/ok"}}]}}`);
    const items = await all(p, { maxEntryBytes: 1000 });
    expect(items[0]).toMatchObject({ index: 0, message: expect.stringMatching(/larger than the entry size limit/) });
    expect((items[1] as TrafficEntry).request.url).toBe('/ok');
  });

  it('a truncated HAR: the entries before are read, the cut is reported', async () => {
    const p = file('cut.har', '{"log":{"entries":[{"request":{"method":"GET","url":"/a"}},{"request":{"method":"GE');
    const items = await all(p);
    expect((items[0] as TrafficEntry).request.url).toBe('/a');
    expect(items[1]).toMatchObject({ index: 1, line: 1, column: 60, message: expect.stringMatching(/truncated/) });
  });

  it('reports progress in bytes of the file', async () => {
    const seen: Array<[number, number]> = [];
    await all(join(fixtures, 'demo.har'), { onProgress: (b, t) => seen.push([b, t]) });
    expect(seen.length).toBeGreaterThan(0);
    const [b, t] = seen[seen.length - 1]!;
    expect(b).toBe(t);
  });
});

describe('NDJSON', () => {
  it('reads pairs, skips blank lines, reports a broken line with line:col', async () => {
    const items = await all(join(fixtures, 'demo.ndjson'));
    const issues = items.filter(isTrafficIssue);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 3, line: 4, column: 79 });
    expect(issues[0]!.message).toBe('line is not valid JSON: invalid JSON: unterminated string');
    const entries = items.filter((x) => !isTrafficIssue(x)) as TrafficEntry[];
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3, 5, 6, 8, 9, 10, 11, 12]);
    expect(entries.every((e) => e.request.url.startsWith('/'))).toBe(true);
  });

  it('accepts header maps, base64 bodies and CRLF line ends; names the field that is wrong', async () => {
    const p = file('x.ndjson', [
      '{"request":{"method":"GET","url":"/a","headers":{"Accept":"x","X-M":["1","2"]}},"response":{"status":200,"body":"aGk=","bodyEncoding":"base64"}}\r',
      '{"request":{"method":"G T","url":"/a"}}',
      '{"request":{"method":"GET","url":"/a"},"response":{"status":99}}',
      '{"request":{"method":"GET","url":"/a","headers":[{"name":"ok","value":{"secret":"v"}}]}}',
      '[1]',
    ].join('\n'));
    const items = await all(p);
    const a = items[0] as TrafficEntry;
    expect(a.request.headers).toEqual([['accept', 'x'], ['x-m', '1'], ['x-m', '2']]);
    expect(a.response!.body!.toString()).toBe('hi');
    expect(items.slice(1).map((i) => (i as TrafficIssue).message)).toEqual([
      'request.method is missing or not an HTTP method',
      'response.status is not an HTTP status (100-599)',
      'request.headers[0]: header value is not a string',
      'entry is not a JSON object',
    ]);
  });
});

describe('format detection and unusable files', () => {
  it('chooses by content: a first key "log" is HAR, any other object is NDJSON', () => {
    expect(sniffTraffic(Buffer.from('\ufeff  {\n "log": {'), false)).toBe('har');
    expect(sniffTraffic(Buffer.from('{"request":{}}\n'), false)).toBe('ndjson');
    expect(sniffTraffic(Buffer.from('  '), false)).toBeUndefined();
    expect(sniffTraffic(Buffer.from('<html>'), false)).toBe('unknown');
  });

  it('throws TrafficFileError with a position for a file that is not traffic at all', async () => {
    expect((await fileError(file('empty.har', ''))).message).toMatch(/not HAR or NDJSON/);
    expect((await fileError(file('arr.json', '[{"request":{}}]'))).message).toMatch(/not HAR or NDJSON/);
    const noEntries = await fileError(file('noent.har', '{"log":{"version":"1.2",\n"entries":{}}}'));
    expect(noEntries.message).toBe('no log.entries array in the HAR document');
    expect((await fileError(join(dir, 'missing.har'))).message).toBe('cannot read the file (ENOENT)');
    expect((await fileError(dir)).message).toBe('not a regular file');
  });
});
