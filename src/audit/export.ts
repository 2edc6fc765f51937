/**
 * Plain NDJSON export that verifies offline (`phiguard audit verify --store ndjson:FILE`):
 *   line 1: {"format":"phiguard-audit-export/1","origin":...,"size":N,"exportedAt":ms,"verifierKeys":[vkey]}
 *   then one line per entry {"e":[idx, ts, base64 leaf | null, base64 leaf hash]},
 *   per stored tile {"t":[level, idx, base64 hash]}, per checkpoint {"c":[size, ts, note]},
 *   and the sequencer state {"s":[size, base64 frontier, cpSize, cpTs]}.
 * `verifierKeys` (signed-note verifier keys, `name+keyid+base64`) names what verifies the export when
 * the exporter knew it. A key carried by the file proves the file is intact and self-consistent, not
 * who wrote it: whoever can rewrite the file can re-sign it, so an auditor pins a key obtained
 * out of band (`audit verify --public-key`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { MemoryStore } from './stores/memory.js';
import type { AuditStore } from './stores/types.js';

export const EXPORT_FORMAT = 'phiguard-audit-export/1';

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly origin?: string;
  readonly size: number;
  readonly exportedAt: number;
  readonly verifierKeys?: readonly string[];
}

export interface ExportOptions {
  readonly origin?: string;
  /** Verifier keys (`name+keyid+base64`) recorded in the header. */
  readonly verifierKeys?: readonly string[];
  readonly now?: number;
}

export async function exportLog(store: AuditStore, file: string, opts: ExportOptions = {}): Promise<{ entries: number; checkpoints: number }> {
  const { origin, verifierKeys, now = Date.now() } = opts;
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (obj: unknown) => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };
  const state = await store.state();
  const header: ExportHeader = { format: EXPORT_FORMAT, ...(origin ? { origin } : {}), size: state.size, exportedAt: now, ...(verifierKeys?.length ? { verifierKeys } : {}) };
  await write(header);
  let entries = 0;
  for (let start = 0; ; start += 8192) {
    const rows = await store.entries(start, 8192);
    for (const e of rows) await write({ e: [e.idx, e.ts, e.leaf ? e.leaf.toString('base64') : null, e.leafHash.toString('base64')] });
    entries += rows.length;
    if (rows.length < 8192) break;
  }
  for (let level = 8; level < 64; level += 8) {
    const tiles = await store.tiles(level, 0, Number.MAX_SAFE_INTEGER);
    if (tiles.length === 0) break;
    for (const t of tiles) await write({ t: [t.level, t.idx, t.hash.toString('base64')] });
  }
  let checkpoints = 0;
  for (let after = 0; ; ) {
    const cps = await store.checkpoints(after, 1024);
    for (const c of cps) await write({ c: [c.size, c.ts, c.note] });
    checkpoints += cps.length;
    if (cps.length === 0) break;
    after = (cps[cps.length - 1] as { size: number }).size;
  }
  await write({ s: [state.size, state.frontier.toString('base64'), state.cpSize, state.cpTs] });
  out.end();
  await once(out, 'close');
  return { entries, checkpoints };
}

/** The header line of an export (format checked). */
export async function readExportHeader(file: string): Promise<ExportHeader> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (!line) continue;
      const o = JSON.parse(line) as Partial<ExportHeader>;
      if (o.format !== EXPORT_FORMAT) throw new Error(`not a ${EXPORT_FORMAT} file`);
      return o as ExportHeader;
    }
  } finally {
    rl.close();
  }
  throw new Error('empty export file');
}

/** Loads an export into a read-only in-memory store (the bytes exactly as exported). */
export async function loadExport(file: string): Promise<AuditStore> {
  const store = new MemoryStore(`ndjson:${file}`);
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let first = true;
  const entries: Array<{ idx: number; ts: number; leaf: Buffer | null; leafHash: Buffer }> = [];
  const tiles: Array<{ level: number; idx: number; hash: Buffer }> = [];
  const checkpoints: Array<{ size: number; ts: number; note: string }> = [];
  let state = { size: 0, frontier: Buffer.alloc(0), cpSize: 0, cpTs: 0 };
  for await (const line of rl) {
    if (!line) continue;
    const o = JSON.parse(line) as { format?: string; e?: [number, number, string | null, string]; t?: [number, number, string]; c?: [number, number, string]; s?: [number, string, number, number] };
    if (first) {
      if (o.format !== EXPORT_FORMAT) throw new Error(`not a ${EXPORT_FORMAT} file`);
      first = false;
    } else if (o.e) entries.push({ idx: o.e[0], ts: o.e[1], leaf: o.e[2] === null ? null : Buffer.from(o.e[2], 'base64'), leafHash: Buffer.from(o.e[3], 'base64') });
    else if (o.t) tiles.push({ level: o.t[0], idx: o.t[1], hash: Buffer.from(o.t[2], 'base64') });
    else if (o.c) checkpoints.push({ size: o.c[0], ts: o.c[1], note: o.c[2] });
    else if (o.s) state = { size: o.s[0], frontier: Buffer.from(o.s[1], 'base64'), cpSize: o.s[2], cpTs: o.s[3] };
  }
  if (first) throw new Error('empty export file');
  await store.sequence(() => ({ write: { entries, tiles, details: [], state }, result: undefined }));
  for (const c of checkpoints) await store.sequence((s) => ({ write: { entries: [], tiles: [], details: [], state: s, checkpoint: c }, result: undefined }));
  return store;
}
