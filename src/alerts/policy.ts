/**
 * The `alerts:` policy section: JSON Schema and compile (schema-valid input -> frozen config).
 * Sinks (signed webhook, Slack, syslog, stdout) and rules (docs/alerts.md). Secrets (the webhook
 * signing key, the Slack URL) are never inline: `{ env: NAME }` or `{ file: PATH }`.
 */
import { isReasonCode } from '../core/errors.js';
import type { CompileContext, PolicyPath } from '../core/section.js';
import { durationSchema, parseDuration, secretRefSchema } from '../core/section.js';
import { STAGES } from '../core/types.js';
import type { Severity } from './types.js';

const severity = { enum: ['low', 'medium', 'high', 'critical'] } as const;
export const RULE_KINDS = ['denial', 'probing', 'phi', 'break-glass', 'bulk', 'after-hours', 'auth-failures', 'audit-verify', 'audit-unavailable', 'policy', 'egress'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const ruleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
    kind: { enum: RULE_KINDS },
    severity,
    dedupe: durationSchema,
    rateLimit: { type: 'object', additionalProperties: false, required: ['count', 'per'], properties: { count: { type: 'integer', minimum: 1 }, per: durationSchema } },
    codes: { type: 'array', items: { type: 'string', pattern: '^PG_[A-Z0-9_]+$' } },
    stages: { type: 'array', items: { type: 'string' } },
    threshold: { type: 'integer', minimum: 1 },
    window: durationSchema,
    by: { enum: ['peer', 'principal'] },
    routes: { type: 'array', items: { type: 'string', minLength: 1 } },
    hours: {
      type: 'object',
      additionalProperties: false,
      required: ['start', 'end'],
      properties: {
        start: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
        end: { type: 'string', pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' },
        days: { type: 'array', items: { enum: DAYS } },
        utcOffset: { type: 'string', pattern: '^[+-]([01]\\d|2[0-3]):[0-5]\\d$' },
      },
    },
  },
} as const;

const syslogSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['transport', 'host', 'port'],
  properties: {
    transport: { enum: ['udp', 'tcp', 'tls'] },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    ca: { type: 'string', minLength: 1, description: 'PEM file of the CA that signed the collector (tls); default: system CAs' },
    facility: { type: 'integer', minimum: 0, maximum: 23 },
    appName: { type: 'string', pattern: '^[!-~]{1,48}$' },
    minSeverity: severity,
  },
} as const;

export const alertsPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    webhook: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        timeout: durationSchema,
        minSeverity: severity,
        secret: { ...secretRefSchema, description: 'HMAC-SHA-256 key for the phiguard-signature header' },
      },
    },
    slack: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: secretRefSchema, timeout: durationSchema, minSeverity: severity } },
    syslog: { type: 'array', items: syslogSchema },
    stdout: { type: 'object', additionalProperties: false, properties: { minSeverity: severity } },
    queueSize: { type: 'integer', minimum: 1, maximum: 100000 },
    retries: { type: 'integer', minimum: 0, maximum: 10 },
    rules: { type: 'array', items: ruleSchema },
  },
} as const;

export interface AlertRule {
  readonly id: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
  /** 0: never deduplicated. */
  readonly dedupeMs: number;
  readonly rateLimit?: { readonly count: number; readonly perMs: number };
  readonly codes?: readonly string[];
  readonly stages?: readonly string[];
  readonly threshold?: number;
  readonly windowMs?: number;
  readonly by?: 'peer' | 'principal';
  readonly routes?: readonly string[];
  /** Business hours: minutes from midnight at `utcOffsetMin`, on `days` (0 = Sunday). */
  readonly hours?: { readonly startMin: number; readonly endMin: number; readonly days: readonly number[]; readonly utcOffsetMin: number };
}

export interface SyslogConfig {
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly host: string;
  readonly port: number;
  readonly ca?: string;
  readonly facility: number;
  readonly appName: string;
  readonly minSeverity: Severity;
}

export interface AlertsConfig {
  readonly webhook?: { readonly url: string; readonly timeoutMs: number; readonly minSeverity: Severity; readonly secret?: string };
  readonly slack?: { readonly url: string; readonly timeoutMs: number; readonly minSeverity: Severity };
  readonly syslog?: readonly SyslogConfig[];
  readonly stdout?: { readonly minSeverity: Severity };
  readonly queueSize?: number;
  readonly retries?: number;
  /** Always present after compile (defaults when the policy declares none). */
  readonly rules?: readonly AlertRule[];
}

/** The denials alerted by default (and the codes of a `denial` rule without `codes` or `stages`). */
export const DEFAULT_DENIAL_CODES = ['PG_BREAK_GLASS_DENIED', 'PG_RESPONSE_PATIENT_COMPARTMENT', 'PG_RATE_PATIENTS', 'PG_RATE_RECORDS'];
const DEFAULT_SEVERITY: Record<RuleKind, Severity> = {
  denial: 'high', probing: 'medium', phi: 'high', 'break-glass': 'high', bulk: 'high', 'after-hours': 'medium',
  'auth-failures': 'medium', 'audit-verify': 'critical', 'audit-unavailable': 'critical', policy: 'medium', egress: 'high',
};
const DEFAULT_THRESHOLD: Partial<Record<RuleKind, [number, number]>> = { probing: [10, 60_000], 'auth-failures': [5, 300_000], bulk: [50, 3_600_000] };
const rule = (kind: RuleKind, extra: Partial<AlertRule> = {}): AlertRule =>
  Object.freeze({ id: kind, kind, severity: DEFAULT_SEVERITY[kind], dedupeMs: kind === 'break-glass' ? 0 : 60_000, ...extra });
/** Break-glass and audit verification failures are always alerted, declared or not. */
const ALWAYS: RuleKind[] = ['break-glass', 'audit-verify', 'egress'];
export const DEFAULT_RULES: readonly AlertRule[] = Object.freeze([
  rule('break-glass'), rule('audit-verify'), rule('audit-unavailable'), rule('denial', { codes: DEFAULT_DENIAL_CODES }), rule('policy'), rule('egress'),
]);

type RawRule = { id?: string; kind: RuleKind; severity?: Severity; dedupe?: unknown; rateLimit?: { count: number; per: unknown }; codes?: string[]; stages?: string[]; threshold?: number; window?: unknown; by?: 'peer' | 'principal'; routes?: string[]; hours?: { start: string; end: string; days?: string[]; utcOffset?: string } };
type Raw = { webhook?: { url: string; timeout?: unknown; minSeverity?: Severity; secret?: unknown }; slack?: { url: unknown; timeout?: unknown; minSeverity?: Severity }; syslog?: Array<Omit<SyslogConfig, 'facility' | 'appName' | 'minSeverity' | 'ca'> & { ca?: string; facility?: number; appName?: string; minSeverity?: Severity }>; stdout?: { minSeverity?: Severity }; queueSize?: number; retries?: number; rules?: RawRule[] };

function readSecret(ref: unknown, path: PolicyPath, ctx: CompileContext): string | undefined {
  const r = ref as { env?: string; file?: string } | undefined;
  if (!r) return undefined;
  if (r.env !== undefined) {
    const v = ctx.env[r.env];
    if (v === undefined || v === '') ctx.error(path, 'PG_POLICY_REFERENCE', `environment variable ${r.env} is not set`);
    return v || undefined;
  }
  const bytes = r.file !== undefined ? ctx.readFile(path, r.file) : undefined;
  return bytes ? Buffer.from(bytes).toString('utf8').trim() : undefined;
}

const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

function compileRule(r: RawRule, i: number, ctx: CompileContext): AlertRule {
  const at = (...p: Array<string | number>): PolicyPath => ['alerts', 'rules', i, ...p];
  if (r.kind === 'break-glass') {
    if (r.severity && r.severity !== 'high' && r.severity !== 'critical') ctx.error(at('severity'), 'PG_POLICY_SCHEMA', 'break-glass alerts are high or critical');
    if (r.dedupe !== undefined || r.rateLimit) ctx.error(at(), 'PG_POLICY_SCHEMA', 'break-glass alerts are never deduplicated or rate-limited');
  }
  for (const [j, c] of (r.codes ?? []).entries()) if (!isReasonCode(c)) ctx.error(at('codes', j), 'PG_POLICY_REFERENCE', 'unknown reason code');
  for (const [j, s] of (r.stages ?? []).entries()) if (!(STAGES as readonly string[]).includes(s) && s !== 'upstream') ctx.error(at('stages', j), 'PG_POLICY_REFERENCE', 'unknown stage');
  if (r.kind === 'after-hours' && !r.hours) ctx.error(at(), 'PG_POLICY_SCHEMA', 'an after-hours rule needs `hours`');
  const d = DEFAULT_THRESHOLD[r.kind];
  const hours = r.hours
    ? Object.freeze({
        startMin: hm(r.hours.start),
        endMin: hm(r.hours.end),
        days: Object.freeze((r.hours.days ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((x) => DAYS.indexOf(x as (typeof DAYS)[number]))),
        utcOffsetMin: r.hours.utcOffset ? (r.hours.utcOffset[0] === '-' ? -1 : 1) * hm(r.hours.utcOffset.slice(1)) : 0,
      })
    : undefined;
  return rule(r.kind, {
    id: r.id ?? `${r.kind}.${i}`,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.dedupe !== undefined ? { dedupeMs: parseDuration(r.dedupe) ?? 60_000 } : {}),
    ...(r.rateLimit ? { rateLimit: Object.freeze({ count: r.rateLimit.count, perMs: parseDuration(r.rateLimit.per) ?? 60_000 }) } : {}),
    ...(r.codes ? { codes: Object.freeze([...r.codes]) } : r.kind === 'denial' && !r.stages ? { codes: DEFAULT_DENIAL_CODES } : {}),
    ...(r.stages ? { stages: Object.freeze([...r.stages]) } : {}),
    ...(d ? { threshold: r.threshold ?? d[0], windowMs: parseDuration(r.window) ?? d[1] } : {}),
    ...(r.kind === 'probing' || r.kind === 'auth-failures' ? { by: r.by ?? 'peer' } : {}),
    ...(r.routes ? { routes: Object.freeze([...r.routes]) } : {}),
    ...(hours ? { hours } : {}),
  });
}

export function compileAlerts(raw: unknown, ctx: CompileContext): AlertsConfig {
  const a = (raw ?? {}) as Raw;
  const out: Record<string, unknown> = {};
  if (a.webhook) {
    const secret = readSecret(a.webhook.secret, ['alerts', 'webhook', 'secret'], ctx);
    out.webhook = Object.freeze({ url: a.webhook.url, timeoutMs: parseDuration(a.webhook.timeout) ?? 2000, minSeverity: a.webhook.minSeverity ?? 'high', ...(secret ? { secret } : {}) });
  }
  if (a.slack) {
    const url = readSecret(a.slack.url, ['alerts', 'slack', 'url'], ctx);
    if (url && !/^https?:\/\//.test(url)) ctx.error(['alerts', 'slack', 'url'], 'PG_POLICY_SCHEMA', 'the Slack webhook URL must be http(s)');
    if (url) out.slack = Object.freeze({ url, timeoutMs: parseDuration(a.slack.timeout) ?? 2000, minSeverity: a.slack.minSeverity ?? 'high' });
  }
  if (a.syslog) {
    out.syslog = Object.freeze(a.syslog.map((s, i) => {
      const ca = s.ca ? ctx.readFile(['alerts', 'syslog', i, 'ca'], s.ca) : undefined;
      return Object.freeze({ transport: s.transport, host: s.host, port: s.port, facility: s.facility ?? 10, appName: s.appName ?? 'phiguard', minSeverity: s.minSeverity ?? 'medium', ...(ca ? { ca: Buffer.from(ca).toString('utf8') } : {}) });
    }));
  }
  if (a.stdout) out.stdout = Object.freeze({ minSeverity: a.stdout.minSeverity ?? 'medium' });
  if (a.queueSize !== undefined) out.queueSize = a.queueSize;
  if (a.retries !== undefined) out.retries = a.retries;
  const rules = a.rules ? a.rules.map((r, i) => compileRule(r, i, ctx)) : [...DEFAULT_RULES];
  const ids = new Set<string>();
  for (const [i, r] of rules.entries()) {
    if (ids.has(r.id)) ctx.error(['alerts', 'rules', i, 'id'], 'PG_POLICY_SCHEMA', 'duplicate alert rule id');
    ids.add(r.id);
  }
  for (const k of ALWAYS) if (!rules.some((r) => r.kind === k)) rules.push(rule(k));
  out.rules = Object.freeze(rules);
  return Object.freeze(out) as AlertsConfig;
}
