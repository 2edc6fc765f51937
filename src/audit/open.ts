/** Opens an audit log from a store URL: `sqlite:PATH`, `postgres://...`, `memory:`. */
import { existsSync } from 'node:fs';
import { AuditLog, type AuditLogOptions } from './log.js';
import { DEFAULT_ORIGIN, loadOrCreateKeyFile, sidecarPaths, type AuditKeys } from './keys.js';
import { MemoryStore } from './stores/memory.js';
import { SqliteStore } from './stores/sqlite.js';
import type { AuditStore } from './stores/types.js';

export const DEFAULT_STORE_URL = 'sqlite:./phiguard-audit.db';

export interface OpenStoreOptions {
  readonly readOnly?: boolean;
  /** Operational events of the store (codes only), e.g. a reopen after a storage fault. */
  readonly onEvent?: (e: { readonly event: string; readonly detail: string }) => void;
  /** SQLite only: `process` commits with synchronous=NORMAL (see AuditConfig.durability). Default durable. */
  readonly durability?: 'durable' | 'process';
}

export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<AuditStore> {
  let store: AuditStore;
  if (url.startsWith('sqlite:')) store = new SqliteStore(url.slice('sqlite:'.length) || './phiguard-audit.db', { readOnly: opts.readOnly === true, ...(opts.onEvent ? { onEvent: opts.onEvent } : {}), ...(opts.durability ? { durability: opts.durability } : {}) });
  else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { PostgresStore } = await import('./stores/postgres.js');
    store = new PostgresStore(url, { readOnly: opts.readOnly === true });
  } else if (url === 'memory:' || url.startsWith('memory:')) store = new MemoryStore();
  else if (url.startsWith('ndjson:')) {
    const { loadExport } = await import('./export.js');
    return loadExport(url.slice('ndjson:'.length));
  }
  else throw new Error('audit store URL must be sqlite:PATH, postgres://..., ndjson:EXPORT_FILE or memory:');
  await store.init();
  return store;
}

export interface OpenAuditLogOptions extends Omit<AuditLogOptions, 'keys'> {
  /** Keys from the policy; when absent an SQLite store gets a generated key file next to it. */
  readonly keys?: AuditKeys;
  readonly origin?: string;
  /** Told when a key file was generated (path only). */
  readonly onKeyFileCreated?: (path: string) => void;
  /** Operational events of the store (see OpenStoreOptions.onEvent). */
  readonly onStoreEvent?: OpenStoreOptions['onEvent'];
  /** SQLite only (see OpenStoreOptions.durability). */
  readonly durability?: 'durable' | 'process';
}

export async function openAuditLog(url: string, opts: OpenAuditLogOptions = {}): Promise<AuditLog> {
  const side = sidecarPaths(url);
  let keys = opts.keys;
  if (!keys) {
    if (!side) throw new Error('audit: this store keeps no key file next to it, so the policy must name the audit keys: set audit.signingKey and audit.hmacKey (create them with `phiguard audit keygen --out keys/audit --origin ORIGIN`; see docs/audit.md)');
    const r = loadOrCreateKeyFile(side.keyFile, side.pubFile, opts.origin ?? DEFAULT_ORIGIN);
    keys = r.keys;
    if (r.created) opts.onKeyFileCreated?.(side.keyFile);
  }
  const store = await openStore(url, { ...(opts.onStoreEvent ? { onEvent: opts.onStoreEvent } : {}), ...(opts.durability ? { durability: opts.durability } : {}) });
  const witnessPath = opts.witnessPath === undefined ? side?.witness : opts.witnessPath;
  return new AuditLog(store, { ...opts, keys, ...(witnessPath ? { witnessPath } : { witnessPath: false }) });
}

export function witnessExists(path: string | undefined): boolean {
  return path !== undefined && existsSync(path);
}
