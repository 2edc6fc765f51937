/**
 * `replay` as a library: reads a traffic file, runs each entry through the policy (and, with
 * `against`, through the second policy), and returns the report. Never throws for a bad entry (it
 * is counted and listed with its position); throws `TrafficFileError` when the file is unusable.
 */
import type { CompiledPolicy } from '../../policy/types.js';
import { createReplayer, type ClockMode, type Replayer } from './engine.js';
import { ReportBuilder, type ReplayReport } from './report.js';
import { isTrafficIssue, readTraffic, type TrafficFormat } from './traffic.js';

export interface ReplayFileOptions {
  readonly policy: CompiledPolicy;
  readonly against?: CompiledPolicy;
  readonly clock?: ClockMode;
  readonly trustRecordedIdentity?: boolean;
  readonly onProgress?: (bytes: number, total: number) => void;
  readonly maxEntryBytes?: number;
}

export async function replayFile(file: string, opts: ReplayFileOptions): Promise<ReplayReport> {
  const ropts = { clock: opts.clock ?? 'recorded', trustRecordedIdentity: opts.trustRecordedIdentity === true } as const;
  const report = new ReportBuilder(opts.policy);
  let format: TrafficFormat | undefined;
  const a: Replayer = await createReplayer(opts.policy, ropts);
  let b: Replayer | undefined;
  try {
    b = opts.against ? await createReplayer(opts.against, ropts) : undefined;
    const traffic = readTraffic(file, {
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.maxEntryBytes ? { maxEntryBytes: opts.maxEntryBytes } : {}),
      onFormat: (f) => void (format = f),
    });
    for await (const item of traffic) {
      if (isTrafficIssue(item)) {
        report.issue(item);
        continue;
      }
      try {
        const oa = await a.run(item);
        const ob = b ? await b.run(item) : undefined;
        report.outcome(oa, item);
        if (ob) report.change(oa, ob);
      } catch (err) {
        const message = err instanceof TypeError && /URL/i.test(err.message) ? 'request.url is not a valid URL' : 'entry could not be replayed';
        report.issue({ index: item.index, ...(item.line ? { line: item.line } : {}), message });
      }
    }
  } finally {
    await a.close();
    await b?.close();
  }
  return report.build(file, format, opts.against);
}
