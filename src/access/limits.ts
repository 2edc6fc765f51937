/**
 * Bulk access limits per principal: distinct patients (sliding window) and records (fixed window)
 * -> PG_RATE_PATIENTS / PG_RATE_RECORDS (429). Shared across replicas through the state store.
 */
import { PhiguardError } from '../core/errors.js';
import type { Principal } from '../core/types.js';
import { keyHash } from './sessions.js';
import type { StateStore } from './state/types.js';
import type { AccessConfig } from './types.js';

type Bulk = NonNullable<AccessConfig['bulk']>;

/** Effective caps for a principal: the most permissive role override, else the defaults; undefined when exempt. */
export function limitsFor(bulk: Bulk, roles: readonly string[]): { maxPatients?: number; maxRecords?: number } | undefined {
  if (roles.some((r) => bulk.exemptRoles.includes(r))) return undefined;
  const overrides = roles.map((r) => bulk.roles[r]).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const pick = (k: 'maxPatients' | 'maxRecords'): number | undefined => {
    const vals = overrides.map((o) => o[k]).filter((v): v is number => v !== undefined);
    return vals.length > 0 ? Math.max(...vals) : bulk[k];
  };
  const maxPatients = pick('maxPatients');
  const maxRecords = pick('maxRecords');
  return { ...(maxPatients !== undefined ? { maxPatients } : {}), ...(maxRecords !== undefined ? { maxRecords } : {}) };
}

/**
 * Bulk accounting for one access. `check`: deny (PG_RATE_*) when adding would exceed a limit,
 * adding nothing (request time). `charge`: add what was released, even past a limit, so the next
 * request is the one refused (after the audit record was appended). Only released data is charged.
 */
export async function accountBulk(store: StateStore, bulk: Bulk | undefined, p: Principal, patients: readonly string[], records: number, now: number, mode: 'check' | 'charge'): Promise<void> {
  if (!bulk) return;
  const caps = limitsFor(bulk, p.roles);
  if (!caps) return;
  const check = mode === 'check' ? { enforce: true, dryRun: true } : { enforce: false };
  const res = await store.bulkAdd(keyHash(`bulk|${p.id}`), patients.map((x) => keyHash(`pt|${x}`)), records, now, { windowMs: bulk.windowMs, ...caps, ...check });
  if (!res.ok) throw new PhiguardError(res.limit === 'patients' ? 'PG_RATE_PATIENTS' : 'PG_RATE_RECORDS', `${res.limit} limit reached`);
}
