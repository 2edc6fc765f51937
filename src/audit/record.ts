/**
 * Builds one audit record per request from the pipeline context (FHIR AuditEvent / IHE BALP shape:
 * who, which patient, what data, when, from where, why, outcome). No raw identifier or PHI value
 * ever enters the leaf: patients, users, addresses, resource ids and the query are keyed references
 * (HMAC-SHA-256); raw values may go only into the encrypted detail blob.
 */
import { hash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { GuardContext } from '../core/context.js';
import { canonicalJson, type Canon } from './canonical.js';
import { keyedRef, normalizePatient, patientRef, type AuditKeys } from './keys.js';

/** Common FHIR/REST search parameter names (modifiers after ':' are ignored for the lookup). */
const KNOWN_PARAMS = new Set([
  '_id', '_lastUpdated', '_tag', '_profile', '_security', '_source', '_text', '_content', '_list', '_has', '_type', '_query',
  '_count', '_sort', '_include', '_revinclude', '_summary', '_elements', '_contained', '_containedType', '_total', '_format', '_pretty', '_since', '_at',
  'patient', 'subject', 'encounter', 'code', 'category', 'status', 'date', 'identifier', 'name', 'family', 'given', 'birthdate', 'gender',
  'address', 'address-city', 'address-state', 'address-postalcode', 'telecom', 'phone', 'email', 'organization', 'practitioner', 'performer',
  'value-quantity', 'value-concept', 'value-string', 'component-code', 'clinical-status', 'verification-status', 'onset-date', 'intent',
  'authored', 'requester', 'type', 'period', 'location', 'service-provider', 'based-on', 'part-of', 'context', 'url', 'version',
  'page', 'limit', 'offset', 'cursor', 'sort', 'q',
]);

export const LEAF_VERSION = 1;

/** `health`: a readiness probe appended through the log after a failed append (recovery is on the record). */
export type AuditEventType = 'rest' | 'policy' | 'keys' | 'config' | 'prune' | 'startup' | 'review' | 'health' | 'egress';

/** The leaf body without its sequence number (assigned by the sequencer). Top-level keys sort after "seq". */
export interface AuditBody {
  readonly ts: number;
  readonly type: AuditEventType;
  readonly v: number;
  readonly verdict: { readonly [k: string]: Canon | undefined };
  readonly what: { readonly [k: string]: Canon | undefined };
  readonly where?: { readonly [k: string]: Canon | undefined };
  readonly who?: { readonly [k: string]: Canon | undefined };
  readonly why?: { readonly [k: string]: Canon | undefined };
}

/** Raw values for the encrypted detail blob. Never stored in clear. */
export type AuditDetail = { readonly [k: string]: Canon | undefined };

export interface BuiltRecord {
  readonly body: AuditBody;
  readonly detail?: AuditDetail;
}

export interface RecordOptions {
  /** Peers (IPs or CIDRs) whose `x-forwarded-for` is believed. */
  readonly trustedProxies?: readonly string[] | BlockList;
  /** Put raw identifiers into the encrypted detail blob (default true). */
  readonly detail?: boolean;
}

const MAX_LIST = 64;
const cap = <T>(xs: readonly T[]): T[] => xs.slice(0, MAX_LIST);
const clean = (s: string | undefined, max = 200): string | undefined =>
  s === undefined ? undefined : s.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, max);
const sha256Hex = (b: Uint8Array): string => hash('sha256', b, 'hex');

const NO_PROXIES = new BlockList();

export function proxyList(list: readonly string[] | BlockList | undefined): BlockList {
  if (list instanceof BlockList) return list;
  if (!list || list.length === 0) return NO_PROXIES;
  const bl = new BlockList();
  for (const entry of list ?? []) {
    const [addr, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) bl.addSubnet(addr, Number(bits), type);
    else bl.addAddress(addr, type);
  }
  return bl;
}

function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

function isTrusted(bl: BlockList, ip: string): boolean {
  const v = isIP(ip);
  return v !== 0 && bl.check(ip, v === 6 ? 'ipv6' : 'ipv4');
}

/** The client address: the socket peer, or the right-most untrusted `x-forwarded-for` hop behind trusted proxies. */
export function clientAddress(ctx: Pick<GuardContext, 'request'>, trusted: BlockList): { peer: string; client: string; viaProxy: boolean } {
  const peer = plainIp(ctx.request.remoteAddress);
  if (trusted === NO_PROXIES || !isTrusted(trusted, peer)) return { peer, client: peer, viaProxy: false };
  const xff = ctx.request.headers.filter(([n]) => n === 'x-forwarded-for').map(([, v]) => v).join(',');
  const hops = xff.split(',').map((h) => plainIp(h.trim())).filter((h) => isIP(h) !== 0);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i] as string;
    if (!isTrusted(trusted, client)) break;
  }
  return { peer, client, viaProxy: true };
}

export function buildAuditRecord(ctx: GuardContext, keys: Pick<AuditKeys, 'hmacKey'>, opts: RecordOptions = {}): BuiltRecord {
  const ref = (kind: Parameters<typeof keyedRef>[1], v: string) => keyedRef(keys, kind, v);
  const trusted = proxyList(opts.trustedProxies);
  const addr = clientAddress(ctx, trusted);
  const p = ctx.principal;
  const access = ctx.access;
  const insp = ctx.inspection;
  const route = ctx.route?.route;

  const patientsRaw = [...new Set([access?.patient, access?.breakGlass?.patient, p?.kind === 'patient' ? p.patient : undefined, ...(insp?.patients ?? [])]
    .filter((x): x is string => typeof x === 'string' && x.length > 0).map(normalizePatient))].sort();
  const resourceId = ctx.route?.params.id;
  // Parameter names are client-chosen text: only known search parameter names (FHIR common ones and
  // those the route declares) are kept in clear; any other name is recorded as a keyed ref.
  const declared = (ctx.route?.route as { request?: { query?: readonly string[] } } | undefined)?.request?.query;
  const params = ctx.canonical
    ? [...ctx.canonical.params.keys()].map((k) => (KNOWN_PARAMS.has(k.split(':')[0]!) || declared?.includes(k) ? k : `#${ref('query', `param:${k}`).slice(0, 16)}`)).sort()
    : [];
  const reqBody = ctx.canonical?.body ?? ctx.request.body;
  const resBody = ctx.response?.body;
  const outcome = ctx.outcome;
  const categories: Record<string, number> = {};
  for (const [k, n] of Object.entries(insp?.phiFindings ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (Number.isSafeInteger(n) && n > 0) categories[clean(k, 32) as string] = n;
  }

  // Every object literal below lists its keys in canonical (sorted) order, so that JSON.stringify
  // yields the canonical serialization directly (serializeBody checks this; tests compare both).
  const body: AuditBody = {
    ts: ctx.receivedAt,
    type: 'rest',
    v: LEAF_VERSION,
    verdict: {
      code: outcome?.code ?? 'PG_OK',
      decisions: cap(ctx.decisions).map((d) => ({ code: d.code, detail: clean(d.detail), monitor: clean(d.monitor, 96), stage: d.stage })),
      denied: outcome !== undefined,
      mode: ctx.mode,
      reason: clean(outcome?.detail),
      stage: outcome?.stage,
      status: ctx.response?.status ?? outcome?.status ?? 0,
    },
    what: {
      categories,
      detail: undefined, // the slot AuditLog.append fills with the detail blob's digest (keeps key order)
      interaction: route?.interaction,
      labels: access?.allowedLabels ? cap([...access.allowedLabels].sort()) : undefined,
      method: ctx.canonical?.method ?? (/^[A-Za-z]{1,16}$/.test(ctx.request.method) ? ctx.request.method.toUpperCase() : 'INVALID'),
      ms: Math.max(0, Math.round(ctx.clock.now() - ctx.receivedAt)),
      patients: cap(patientsRaw.map((x) => patientRef(keys, x))),
      policy: { hash: ctx.policy.hash, name: ctx.policy.name },
      projected: insp?.projectedFields,
      query: ctx.canonical && ctx.canonical.query !== '' ? { hmac: ref('query', ctx.canonical.query), params: cap(params) } : undefined,
      redacted: insp?.redacted,
      reqDigest: ctx.requestDigest ?? (reqBody && reqBody.length > 0 ? sha256Hex(reqBody) : undefined),
      requestId: clean(ctx.id, 128),
      resDigest: ctx.responseDigest ?? (resBody && resBody.length > 0 ? sha256Hex(resBody) : undefined),
      resource: route?.resource,
      resourceId: resourceId !== undefined ? ref('resource', `${route?.resource ?? ''}/${resourceId}`) : undefined,
      resources: insp ? insp.resources.length : undefined,
      route: route?.id,
      suppressed: insp?.suppressedResources,
      template: clean(route?.template),
      upstreamMs: ctx.upstreamMs !== undefined ? Math.round(ctx.upstreamMs) : undefined,
    },
    where: {
      client: addr.viaProxy ? ref('ip', addr.client) : undefined,
      peer: addr.viaProxy ? addr.peer : ref('ip', addr.peer),
      tls: ctx.request.tls?.encrypted,
    },
    who: p
      ? {
          client: clean(p.clientId),
          id: ref('user', p.id),
          kind: p.kind,
          method: p.method,
          roles: cap([...p.roles].sort()),
          session: p.sessionId ? ref('session', p.sessionId) : undefined,
          sub: ref('subject', p.subject),
        }
      : undefined,
    why: access?.purposeOfUse || p?.purposeOfUse || access?.breakGlass
      ? {
          breakGlass: access?.breakGlass ? { justification: access.breakGlass.justificationDigest, reason: clean(access.breakGlass.reason) } : undefined,
          purpose: access?.purposeOfUse ?? p?.purposeOfUse,
        }
      : undefined,
  };
  if (opts.detail === false) return { body };
  // Keys in canonical order: encryptDetail serializes a flat object like this with JSON.stringify.
  const detail: AuditDetail = {
    client: addr.client,
    path: ctx.canonical?.path,
    patients: patientsRaw,
    peer: addr.peer,
    query: ctx.canonical?.query || undefined,
    resourceId,
    subject: p?.subject,
    user: p?.id,
  };
  return { body, detail };
}

/** A non-request event (policy change, prune, key rotation, ...). */
export function buildEventRecord(type: Exclude<AuditEventType, 'rest'>, ts: number, what: { readonly [k: string]: Canon | undefined }, code = 'PG_OK'): BuiltRecord {
  return { body: { ts, type, v: LEAF_VERSION, verdict: { code, status: 0, denied: false, decisions: [] }, what } };
}

let checkCounter = 0;

/**
 * Canonical JSON of the body (starts with `{"ts":`). The leaf is `{"seq":N,` followed by this without
 * its `{`. Request records are built with their keys in canonical order, so JSON.stringify produces
 * the canonical form; one record in 256 is re-checked against `canonicalJson` (and tests check all).
 * Other events go through `canonicalJson`.
 */
export function serializeBody(body: AuditBody): string {
  let text: string;
  if (body.type === 'rest') {
    text = JSON.stringify(body);
    if ((checkCounter++ & 0xff) === 0 && text !== canonicalJson(body as unknown as Canon)) throw new Error('audit body is not in canonical key order');
  } else {
    text = canonicalJson(body as unknown as Canon);
  }
  if (!text.startsWith('{"ts":')) throw new Error('audit body must start with ts');
  return text;
}

export function leafBytes(seq: number, bodyJson: string): Buffer {
  return Buffer.from(`{"seq":${seq},${bodyJson.slice(1)}`, 'utf8');
}

const SEQ = Buffer.from('{"seq":', 'latin1');
const TS = Buffer.from(',"ts":', 'latin1');

/** Reads a decimal integer of at most 16 digits at `o` into `scratch`; returns the next offset or -1. */
function digits(b: Uint8Array, o: number, allowMinus: boolean, scratch: { v: number }): number {
  let neg = false;
  if (allowMinus && b[o] === 0x2d) {
    neg = true;
    o++;
  }
  const start = o;
  let v = 0;
  while (o < b.length && o - start < 17) {
    const c = b[o] as number;
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
    o++;
  }
  const n = o - start;
  if (n === 0 || n > 16 || (n > 1 && b[start] === 0x30)) return -1;
  scratch.v = neg ? -v : v;
  return o;
}

const scratch = { v: 0 };

/**
 * Reads seq and ts from the leaf starting at `off` (`{"seq":N,"ts":T,`) into `out`, without parsing
 * the record or allocating. Returns false when the prefix is malformed.
 */
export function readLeafPrefix(b: Uint8Array, off: number, out: { seq: number; ts: number; end?: number }): boolean {
  for (let i = 0; i < SEQ.length; i++) if (b[off + i] !== SEQ[i]) return false;
  let o = digits(b, off + SEQ.length, false, scratch);
  if (o < 0) return false;
  out.seq = scratch.v;
  for (let i = 0; i < TS.length; i++) if (b[o + i] !== TS[i]) return false;
  o = digits(b, o + TS.length, true, scratch);
  if (o < 0 || b[o] !== 0x2c) return false;
  out.ts = scratch.v;
  out.end = o;
  return true;
}

const PRUNE_TYPE = Buffer.from(',"type":"prune",');
/**
 * `what.before` and `what.leaves` (bodies it cleared) of a prune event whose leaf starts at `off` (`end`: the offset readLeafPrefix reported
 * after the timestamp), or undefined for any other record. Keys are canonical (sorted), so "type"
 * follows "ts" directly; only prune events are parsed.
 */
export function pruneEventOf(b: Uint8Array, off: number, end: number, len: number): { before: number; leaves: number } | undefined {
  for (let i = 0; i < PRUNE_TYPE.length; i++) if (b[end + i] !== PRUNE_TYPE[i]) return undefined;
  try {
    const rec = JSON.parse(Buffer.from(b.buffer, b.byteOffset + off, len).toString('utf8')) as { what?: { before?: unknown; leaves?: unknown } };
    const before = rec.what?.before, leaves = rec.what?.leaves;
    return Number.isSafeInteger(before) && Number.isSafeInteger(leaves) && (leaves as number) >= 0 ? { before: before as number, leaves: leaves as number } : undefined;
  } catch {
    return undefined;
  }
}

/** Reads seq and ts from a leaf (`{"seq":N,"ts":T,`) without parsing the whole record. */
export function leafPrefix(leaf: Uint8Array): { seq: number; ts: number } | undefined {
  const out = { seq: 0, ts: 0 };
  return readLeafPrefix(leaf, 0, out) ? { seq: out.seq, ts: out.ts } : undefined;
}

export interface AuditLeaf extends AuditBody {
  readonly seq: number;
}

export function parseLeaf(leaf: Uint8Array): AuditLeaf {
  return JSON.parse(Buffer.from(leaf).toString('utf8')) as AuditLeaf;
}
