/** The traffic reader's types (src/rollout/replay/traffic.ts re-exports them; the readers import them from here). */
export interface TrafficEntry {
  /** 0-based: the entry's index in `log.entries` (HAR) or its ordinal among non-blank lines (NDJSON). */
  index: number;
  request: { method: string; url: string; headers: Array<[string, string]>; body?: Buffer };
  response?: { status: number; headers: Array<[string, string]>; body?: Buffer };
  /** ISO date the request started (HAR `startedDateTime`, NDJSON `startedDateTime`), when recorded. */
  startedDateTime?: string;
  /** 1-based line where the entry starts (the NDJSON line, or the line of the HAR entry's `{`). */
  line?: number;
}

export interface TrafficIssue {
  index: number;
  line?: number;
  column?: number;
  message: string;
}

export interface ReadTrafficOptions {
  onProgress?(bytes: number, total: number): void;
  /** An entry (HAR) or line (NDJSON) larger than this is reported as an issue and skipped. Default 64 MiB. */
  maxEntryBytes?: number;
  /** Called once the format is known. */
  onFormat?(format: TrafficFormat): void;
}

export type TrafficFormat = 'har' | 'ndjson';

/** The file as a whole cannot be read as traffic (exit 2 in the CLI). */
export class TrafficFileError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'TrafficFileError';
    this.line = line;
    this.column = column;
  }
}

