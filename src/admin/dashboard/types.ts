/** What the dashboard needs of a running guard (a `Phiguard` has all of it). */
import type { AuditRuntime } from '../../runtime/audit.js';
import type { Feed } from '../../runtime/feed.js';
import type { Metrics } from '../../runtime/metrics.js';

export interface DashboardGuard {
  readonly metrics: Metrics;
  /** The audit runtime in force (read on every request: a reload may swap it). */
  readonly audit: Pick<AuditRuntime, 'log' | 'periodic'>;
  readonly feed: Feed;
}
