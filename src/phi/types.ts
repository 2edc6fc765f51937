/** The 18 HIPAA Safe Harbor identifier categories (45 CFR 164.514(b)(2)), FAX split from PHONE. */
export const PHI_TYPES = Object.freeze([
  'NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN', 'HEALTH_PLAN_ID',
  'ACCOUNT', 'LICENSE', 'VEHICLE', 'DEVICE', 'URL', 'IP', 'BIOMETRIC', 'PHOTO', 'OTHER_ID',
] as const);

export type PhiType = (typeof PHI_TYPES)[number];

export function isPhiType(v: unknown): v is PhiType {
  return typeof v === 'string' && (PHI_TYPES as readonly string[]).includes(v);
}

export interface Finding {
  type: PhiType;
  /** UTF-16 index into the scanned text (or the raw JSON text for structured scans). */
  start: number;
  end: number;
  /** 0..1 confidence. */
  score: number;
  /** Which detector produced it, e.g. `regex:ssn`, `dict:name`, `json:field`. Never the value. */
  detector: string;
  /** JSON path (`$.entry[0].resource.name[0].given[0]`) for structured findings. */
  path?: string;
}

export interface ScanOptions {
  /** Drop findings below this score (default 0.5). */
  minScore?: number;
  /** Only report these types. */
  types?: readonly PhiType[];
  /**
   * Statistical model (src/phi/model): strict (tuned for recall) or balanced (fewer false positives).
   * Without it, or with `rules`, scanText runs the rules only; compiled redactors pass their
   * `phi.sensitivity` (default `rules`).
   */
  sensitivity?: Sensitivity;
}

/**
 * `phi.sensitivity`: `rules` (default: the rule engine alone), or the rules plus the statistical model,
 * tuned for recall (`strict`) or for fewer false positives (`balanced`). docs/phi.md has the measured
 * trade-off: on held-out notes the model adds little recall for a 3x slower scan, so it is opt-in.
 */
export type Sensitivity = 'rules' | 'strict' | 'balanced';
export const SENSITIVITIES = Object.freeze(['rules', 'strict', 'balanced'] as const);
/** The statistical model's settings (what `modelCandidates` accepts). */
export type ModelSensitivity = Exclude<Sensitivity, 'rules'>;

/** Raw candidate produced by a detector before overlap resolution. */
export interface Candidate {
  type: PhiType;
  start: number;
  end: number;
  score: number;
  detector: string;
}

export const DEFAULT_MIN_SCORE = 0.5;
