/** Alert records and the sink contract. Types only. */

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** An alert carries codes, ids and keyed references only: never a value from the request. */
export interface Alert {
  readonly kind: string;
  readonly severity: Severity;
  readonly code: string;
  readonly requestId?: string;
  readonly principal?: string;
  readonly route?: string;
  readonly time: string;
  readonly detail?: string;
}

export interface AlertSink {
  send(alert: Alert): void;
  close(): Promise<void>;
}
