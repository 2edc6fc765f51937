/** Operator log: one JSON line per event on stderr. Events carry codes and ids, never request data. */
import type { PipelineLogEvent } from '../core/pipeline.js';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export function createLogger(level: LogLevel = (process.env.PHIGUARD_LOG as LogLevel | undefined) ?? 'warn', out: (line: string) => void = (l) => process.stderr.write(l)) {
  const max = RANK[level] ?? RANK.warn;
  return (e: PipelineLogEvent | { level: 'info' | 'warn' | 'error'; event: string; [k: string]: unknown }): void => {
    if (RANK[e.level] > max) return;
    out(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`);
  };
}
