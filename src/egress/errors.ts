/** The error every blocked outbound call raises, and the event handed to `onBlocked`. */
import { REASON_CODES } from '../core/errors.js';

export type EgressReason =
  | 'not-listed' | 'scheme' | 'port' | 'credentials' | 'bad-url'
  | 'private-address' | 'lookup-failed' | 'phi' | 'body-too-large' | 'body-unreadable';

export type EgressCode = 'PG_EGRESS_DENIED' | 'PG_EGRESS_PHI';

/** Never carries a path, query, body or resolved value: only the normalised host and the kind. */
export interface EgressBlockedEvent {
  readonly code: EgressCode;
  readonly host: string;
  readonly reason: EgressReason;
  readonly method: string;
}

export class EgressError extends Error {
  readonly code: EgressCode;
  readonly reason: EgressReason;
  readonly host: string;
  constructor(event: EgressBlockedEvent) {
    super(`${REASON_CODES[event.code].message} (${event.reason})`);
    this.name = 'EgressError';
    this.code = event.code;
    this.reason = event.reason;
    this.host = event.host;
  }
}
