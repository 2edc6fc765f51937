/**
 * Deduplication and rate limiting for repeated operational events (an outage makes every request
 * fail the same way): within a window the first event of a kind passes, the rest are counted; when
 * the window ends one summary passes with the count (`repeated`). Nothing is lost silently, and an
 * outage of thousands of requests costs a handful of lines or alerts. Pure apart from an unref'd
 * timer per open window.
 */
export interface DedupeOptions<T> {
  readonly windowMs: number;
  /** Events with the same key are one kind; undefined: never deduplicated (e.g. break-glass). */
  readonly key: (event: T) => string | undefined;
  readonly emit: (event: T) => void;
  /** The summary of a window: the last event of the kind and how many were held back. */
  readonly summarize: (last: T, repeated: number) => T;
  readonly now?: () => number;
}

export interface Deduper<T> {
  (event: T): void;
  /** Emits the pending summaries now (shutdown). */
  flush(): void;
}

export function dedupe<T>(opts: DedupeOptions<T>): Deduper<T> {
  const now = opts.now ?? Date.now;
  const open = new Map<string, { start: number; held: number; last: T; timer: NodeJS.Timeout }>();
  const close = (k: string) => {
    const w = open.get(k);
    if (!w) return;
    open.delete(k);
    clearTimeout(w.timer);
    if (w.held > 0) opts.emit(opts.summarize(w.last, w.held));
  };
  const fn = ((event: T) => {
    const k = opts.key(event);
    if (k === undefined) return opts.emit(event);
    const w = open.get(k);
    if (w && now() - w.start < opts.windowMs) {
      w.held++;
      w.last = event;
      return;
    }
    if (w) close(k);
    const timer = setTimeout(() => close(k), opts.windowMs);
    timer.unref();
    open.set(k, { start: now(), held: 0, last: event, timer });
    opts.emit(event);
  }) as Deduper<T>;
  fn.flush = () => {
    for (const k of [...open.keys()]) close(k);
  };
  return fn;
}
