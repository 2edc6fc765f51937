/**
 * Alerts: small, PHI-free event records, decided by the rules engine (./rules.ts) and delivered to
 * sinks (./sinks/) without blocking the request path. The `alerts:` policy section (schema +
 * compile) is in ./policy.ts. Pure of the runtime: the counter for cross-replica rules is injected.
 */
export { alertsPolicySchema, compileAlerts, DEFAULT_RULES, RULE_KINDS, type AlertRule, type AlertsConfig, type RuleKind, type SyslogConfig } from './policy.js';
export type { Alert, AlertInput, AlertSink, Severity, SinkEvents, WindowCounter } from './types.js';
export { createAlertEngine, outsideHours, type AlertEngine, type AlertEngineOptions, type RaiseEvent } from './rules.js';
export { memoryCounter } from './counter.js';
export { buildSinks, formatSyslog, logSink, octetFrame, signature, slackSink, slackText, stdoutSink, syslogSink, webhookSink, type BuildSinksOptions } from './sinks/index.js';
