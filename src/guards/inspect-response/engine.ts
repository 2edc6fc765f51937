/** The slice of the PHI engine (src/phi) the inspection stage needs, bound to one compiled policy. */
export interface Redaction {
  readonly text: string;
  readonly findings: ReadonlyArray<{ readonly type: string }>;
  readonly changed: boolean;
}

export interface PhiEngine {
  redactJson(text: string): Redaction;
  redactNdjson(text: string): Redaction;
  redactText(text: string): Redaction;
  /** A whole body; large bodies may be scanned off the event loop (hence the promise). */
  redactBody(kind: 'json' | 'ndjson' | 'text', text: string): Redaction | Promise<Redaction>;
  /** One header value, with URL/cookie-aware decoding. */
  redactHeader(name: string, value: string): Redaction;
}
