/**
 * `phiguard audit ...`: verify, query, export, prune, checkpoint, proof, keygen.
 *
 *   audit verify --store URL [--public-key FILE] [--witness FILE]     exit 0 intact, 1 naming the first failure
 *   audit query  --store URL [--patient REF] [--user ID] [--since T] [--until T] [--outcome denied|allowed]
 *                [--break-glass] [--would-deny [--rule R]] [--format json|csv|fhir|summary]
 *   audit export --store URL --out FILE.ndjson [--public-key FILE]      writes FILE.ndjson and FILE.ndjson.pub;
 *                                                                       verify it with --store ndjson:FILE
 *   audit prune  --store URL --before T                                 (beyond 6-year retention; logged)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportLog } from '../audit/export.js';
import { toBundle } from '../audit/fhir.js';
import { DEFAULT_ORIGIN, loadOrCreateKeyFile, makeKeys, sidecarPaths, type AuditKeys } from '../audit/keys.js';
import { AuditLog } from '../audit/log.js';
import { encodeSignerKey, encodeVerifierKey, generateSeed, parseSignerKey, type NoteVerifier } from '../audit/note.js';
import { DEFAULT_STORE_URL, openStore } from '../audit/open.js';
import { csvHeader, csvRow, queryLog, type AccountingRow } from '../audit/query.js';
import { formatWouldDenyReport, wouldDenyReport } from '../audit/would-deny-report.js';
import { verifyParallel } from '../audit/verify-parallel.js';
import { createProgress } from './progress.js';
import { describeKey, exportVerifierKey, resolveVerifier, wrongKeyMessage } from './audit-verifier.js';
import { readWitness } from '../audit/witness.js';

interface KeyOpts {
  store: string;
  config?: string;
  keyFile?: string;
}

/** `2026-01-31`, an ISO timestamp, epoch milliseconds, or `30d` / `12h` ago. */
export function parseTime(value: string, now = Date.now()): number {
  const rel = /^(\d+)\s*(d|h|m)$/.exec(value.trim());
  if (rel) return now - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd'];
  if (/^\d{10,}$/.test(value)) return Number(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`not a time: ${value}`);
  return t;
}

/** Full keys (signing + HMAC): from a policy file, a phiguard key file, or the key file next to an SQLite store. */
async function loadKeys(o: KeyOpts): Promise<{ keys: AuditKeys; storeUrl: string; witness?: string }> {
  if (o.config) {
    const { loadPolicy } = await import('../policy/index.js');
    const policy = loadPolicy(o.config);
    const side = sidecarPaths(o.store);
    const keys = policy.audit.keys ?? (side && existsSync(side.keyFile) ? loadOrCreateKeyFile(side.keyFile, side.pubFile).keys : undefined);
    if (!keys) throw new Error('no audit keys in the policy or next to the store');
    const witness = policy.audit.witness ?? side?.witness;
    return { keys, storeUrl: o.store, ...(witness ? { witness } : {}) };
  }
  const side = sidecarPaths(o.store);
  const file = o.keyFile ?? side?.keyFile;
  if (!file || !existsSync(file)) throw new Error('audit keys not found: pass --key-file FILE or --config POLICY');
  const { readFileSync } = await import('node:fs');
  const kf = JSON.parse(readFileSync(file, 'utf8')) as { signingKey: string; hmacKey: string };
  return { keys: makeKeys(parseSignerKey(kf.signingKey), Buffer.from(kf.hmacKey, 'base64')), storeUrl: o.store, ...(side ? { witness: side.witness } : {}) };
}

/** Opens a store read-only for the duration of `fn`. */
async function withReadStore<T>(url: string, fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(url, { readOnly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Opens the log with its keys (for commands that append: prune, checkpoint, detail) for the duration of `fn`. */
async function withLog<T>(o: KeyOpts, fn: (log: AuditLog) => Promise<T>): Promise<T> {
  const { keys, witness } = await loadKeys(o);
  const log = new AuditLog(await openStore(o.store), { keys, checkpointIntervalMs: 0, ...(witness ? { witnessPath: witness } : {}) });
  try {
    return await fn(log);
  } finally {
    await log.close();
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('verify, examine and maintain the tamper-evident audit log');

  audit
    .command('verify')
    .description('verify every entry, tile and signed checkpoint, and the witness; exit 1 naming the first failure')
    .option('--store <url>', 'audit store URL (sqlite:PATH, postgres://...?schema=S, ndjson:EXPORT)', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .option('--public-key <file>', 'verifier key file (name+keyid+base64), default <db>.pub')
    .option('--key-file <file>', 'phiguard key file (its public half is used)')
    .option('--witness <file>', 'witness checkpoint kept outside the store (default <db>.witness when present)')
    .option('--no-witness', 'do not compare with a witness')
    .option('--json', 'print the result as JSON')
    .option('--workers <n>', 'verification threads (default: cores; 0 = this thread)', (v) => Number(v))
    .action(async (o: { store: string; publicKey?: string; keyFile?: string; witness?: string | false; json?: boolean; workers?: number }) => {
      const { verifier, fromExport } = await resolveVerifier(o.store, o.publicKey, o.keyFile);
      const witnessPath = o.witness === false ? undefined : o.witness ?? sidecarPaths(o.store)?.witness;
      const note = witnessPath ? readWitness(witnessPath) : undefined;
      if (o.witness && !note) throw new Error(`witness file not found: ${o.witness}`);
      await withReadStore(o.store, async (store) => {
        const progress = createProgress(`verifying ${store.displayUrl}`, (await store.state()).size);
        const r = await verifyParallel(store, { verifiers: [verifier], origin: verifier.name, onProgress: (n) => progress.update(n), ...(note ? { witnesses: [note] } : {}), ...(o.workers !== undefined ? { workers: o.workers } : {}) })
          .finally(() => progress.end());
        const rate = r.ms > 0 ? Math.round((r.entries / r.ms) * 1000) : 0;
        const speed = r.entries >= 10_000 ? `; ${rate} entries/s` : '';
        if (o.json) process.stdout.write(`${JSON.stringify({ ...r, entriesPerSecond: rate, witness: note ? witnessPath : null })}\n`);
        else if (r.ok) {
          process.stdout.write(`OK ${store.displayUrl}: ${r.entries} entries, ${r.checkpoints} signed checkpoints (latest ${r.latestCheckpoint ?? 'none'}), ${r.pruned} pruned bodies, unsigned tail ${r.unsignedTail}${note ? ', witness consistent' : ', no witness'}; root ${r.root}${speed}\n`);
        } else {
          process.stdout.write(`FAIL ${store.displayUrl}: ${(await wrongKeyMessage(store, verifier)) ?? r.failure!.message}\n`);
        }
        if (fromExport && !o.json) {
          process.stderr.write(`note: verified with the key that came with the export, ${describeKey(verifier)} from ${fromExport}. That proves the export intact and consistent, not who wrote it: pin the key you trust with --public-key FILE.\n`);
        }
        process.exitCode = r.ok ? 0 : 1;
      });
    });

  audit
    .command('query')
    .description('who accessed a patient (accounting of disclosures), what a user did, denials, break-glass use')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .option('--config <policy>', 'policy file (its audit: keys)')
    .option('--key-file <file>', 'phiguard key file (default <db>.keys.json)')
    .option('--patient <ref>', 'patient reference, e.g. Patient/123 or 123 (HMACed for lookup)')
    .option('--user <id>', 'principal id (issuer|subject) or subject (HMACed for lookup)')
    .option('--since <time>', 'ISO time, epoch ms or e.g. 30d (default: 6 years before --until)')
    .option('--until <time>', 'ISO time, epoch ms or e.g. 1d (default: now)')
    .option('--outcome <outcome>', 'denied | allowed')
    .option('--break-glass', 'only emergency (break-glass) access')
    .option('--type <type>', 'event type: rest | policy | keys | config | prune')
    .option('--would-deny', 'only requests a rule in monitor mode let through (what enforcing it would have denied, redacted or projected)')
    .option('--rule <rule>', 'with --would-deny: one rule, e.g. routes.patient-read.allow, access.bulk, phi.actions.SSN, route, policy')
    .option('--limit <n>', 'at most n records', (v) => Number(v))
    .option('--format <format>', 'json | csv | fhir | summary (with --would-deny: per rule, reason and route)', 'json')
    .action(async (o: KeyOpts & { patient?: string; user?: string; since?: string; until?: string; outcome?: string; breakGlass?: boolean; type?: string; wouldDeny?: boolean; rule?: string; limit?: number; format: string }) => {
      if (!['json', 'csv', 'fhir', 'summary'].includes(o.format)) throw new Error('--format must be json, csv, fhir or summary');
      if (o.format === 'summary' && !o.wouldDeny && !o.rule) throw new Error('--format summary goes with --would-deny');
      if (o.outcome && o.outcome !== 'denied' && o.outcome !== 'allowed') throw new Error('--outcome must be denied or allowed');
      const { keys } = await loadKeys(o);
      await withReadStore(o.store, async (store) => {
        const rows: AccountingRow[] = [];
        const gen = queryLog(store, keys, {
          ...(o.patient ? { patient: o.patient } : {}),
          ...(o.user ? { user: o.user } : {}),
          ...(o.since ? { since: parseTime(o.since) } : {}),
          ...(o.until ? { until: parseTime(o.until) } : {}),
          ...(o.outcome ? { outcome: o.outcome as 'denied' } : {}),
          ...(o.breakGlass ? { breakGlass: true } : {}),
          ...(o.type ? { type: o.type } : {}),
          ...(o.wouldDeny ? { wouldDeny: true } : {}),
          ...(o.rule ? { rule: o.rule } : {}),
          ...(o.limit ? { limit: o.limit } : {}),
        });
        if (o.format === 'summary') {
          const all: AccountingRow[] = [];
          for await (const r of gen) all.push(r);
          process.stdout.write(formatWouldDenyReport(wouldDenyReport(all)));
        } else if (o.format === 'csv') {
          process.stdout.write(csvHeader());
          for await (const r of gen) process.stdout.write(csvRow(r));
        } else {
          for await (const r of gen) rows.push(r);
          const out = o.format === 'fhir' ? toBundle(rows, keys.origin) : rows;
          process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
        }
      });
    });

  audit
    .command('export')
    .description('write the log (entries, tiles, checkpoints) as NDJSON, with its verifier key in the header and in FILE.pub; verify it offline with `audit verify --store ndjson:FILE` (add --public-key KEY to pin the key you trust)')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .requiredOption('--out <file>', 'output file (.ndjson)')
    .option('--public-key <file>', 'verifier key to record (default <db>.pub for sqlite:; needed for postgres:// unless --key-file)')
    .option('--key-file <file>', 'phiguard key file whose public half is recorded')
    .action(async (o: { store: string; out: string; publicKey?: string; keyFile?: string }) => {
      const vkey = exportVerifierKey(o.store, o.publicKey, o.keyFile);
      await withReadStore(o.store, async (store) => {
        const r = await exportLog(store, o.out, vkey ? { verifierKeys: [vkey] } : {});
        if (vkey) writeFileSync(`${o.out}.pub`, `${vkey}\n`, { mode: 0o644 });
        process.stderr.write(`exported ${r.entries} entries and ${r.checkpoints} checkpoints to ${o.out}\n`);
        process.stderr.write(vkey
          ? `verifier key in ${o.out}.pub; check it offline: phiguard audit verify --store ndjson:${o.out}\n`
          : `the export carries no verifier key (none found for ${store.displayUrl}): pass --public-key FILE, or give the verifier the key out of band\n`);
      });
    });

  audit
    .command('prune')
    .description('drop leaf bodies and detail blobs older than --before (beyond retention); leaf hashes stay so proofs hold; logged')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .option('--config <policy>', 'policy file (its audit: keys and retention)')
    .option('--key-file <file>', 'phiguard key file')
    .requiredOption('--before <time>', 'ISO time or epoch ms; must be at least the retention period ago')
    .action(async (o: KeyOpts & { before: string }) => {
      await withLog(o, async (log) => {
        const r = await log.prune(parseTime(o.before));
        process.stdout.write(`${JSON.stringify({ leaves: r.leaves, details: r.details, keys: r.keys, event: r.receipt.index })}\n`);
      });
    });

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the current tree (if it grew) and print the latest one')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .option('--config <policy>', 'policy file')
    .option('--key-file <file>', 'phiguard key file')
    .action(async (o: KeyOpts) => {
      await withLog(o, async (log) => {
        const cp = await log.checkpoint();
        process.stdout.write(cp ? cp.note : 'no entries\n');
      });
    });

  audit
    .command('proof')
    .description('print an inclusion proof for an entry (e.g. from a phiguard-audit-receipt) and, with --from, a consistency proof')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .requiredOption('--index <n>', 'entry index', (v) => Number(v))
    .option('--size <n>', 'tree size (default: current)', (v) => Number(v))
    .option('--from <m>', 'also prove consistency from tree size m', (v) => Number(v))
    .action(async (o: { store: string; index: number; size?: number; from?: number }) => {
      await withReadStore(o.store, async (store) => {
        const { consistencyProof, inclusionProof, rangeHash } = await import('../audit/merkle.js');
        const { storeSource } = await import('../audit/source.js');
        const src = storeSource(store);
        const size = o.size ?? (await store.state()).size;
        const [leaf] = await store.entries(o.index, 1);
        if (!leaf) throw new Error(`no entry ${o.index}`);
        const b64 = (x: Buffer) => x.toString('base64');
        const out = {
          index: o.index,
          size,
          leafHash: b64(leaf.leafHash),
          root: b64(await rangeHash(src, 0, size)),
          inclusion: (await inclusionProof(src, o.index, size)).map(b64),
          ...(o.from ? { from: o.from, fromRoot: b64(await rangeHash(src, 0, o.from)), consistency: (await consistencyProof(src, o.from, size)).map(b64) } : {}),
        };
        process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
      });
    });

  audit
    .command('detail')
    .description('decrypt the detail blob of one entry (raw identifiers) for an authorised review; the review is itself logged')
    .option('--store <url>', 'audit store URL', process.env.PHIGUARD_AUDIT_STORE ?? DEFAULT_STORE_URL)
    .option('--config <policy>', 'policy file (its audit: keys)')
    .option('--key-file <file>', 'phiguard key file')
    .requiredOption('--index <n>', 'entry index', (v) => Number(v))
    .requiredOption('--reason <text>', 'why the raw values are needed (recorded as a keyed hash)')
    .action(async (o: KeyOpts & { index: number; reason: string }) => {
      await withLog(o, async (log) => {
        const row = await log.store.detail(o.index);
        const key = row ? await log.detailKey(row) : undefined;
        const { userInfo } = await import('node:os');
        const { keyedRef } = await import('../audit/keys.js');
        // Recorded first: no raw value is shown without its own audit event.
        await log.appendEvent('review', {
          entry: o.index,
          reviewer: keyedRef(log.keys, 'user', `os|${userInfo().username}`),
          reason: keyedRef(log.keys, 'query', o.reason),
          outcome: !row ? 'no-detail' : !key ? 'destroyed' : 'disclosed',
        });
        if (!row || !key) throw new Error(!row ? `entry ${o.index} has no detail blob (none stored, or pruned)` : `the data key of entry ${o.index} was destroyed (retention)`);
        const { decryptDetail } = await import('../audit/detail.js');
        process.stdout.write(`${JSON.stringify(decryptDetail(key, row.blob), null, 1)}\n`);
      });
    });

  audit
    .command('keygen')
    .description('generate audit keys for a policy: PREFIX.skey (0600), PREFIX.pub, PREFIX.hmac (0600)')
    .requiredOption('--out <prefix>', 'output path prefix')
    .option('--origin <name>', 'log origin / key name', DEFAULT_ORIGIN)
    .action((o: { out: string; origin: string }) => {
      const seed = generateSeed();
      const skey = encodeSignerKey(o.origin, seed);
      const signer = parseSignerKey(skey);
      writeFileSync(`${o.out}.skey`, `${skey}\n`, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${o.out}.hmac`, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${o.out}.pub`, `${encodeVerifierKey(signer.name, signer.publicKey)}\n`, { flag: 'wx' });
      process.stdout.write(`wrote ${o.out}.skey, ${o.out}.hmac (secret, 0600) and ${o.out}.pub (verifier key)\n`);
    });
}
