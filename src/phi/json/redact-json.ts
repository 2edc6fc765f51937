import { PhiInputError } from '../errors.js';
import { DEFAULT_REDACTOR, applyFindings, replacement, type CompiledRedactor } from '../redact.js';
import { scanText } from '../scan.js';
import type { Finding } from '../types.js';
import { Classifier } from './classify.js';
import { cleanMemoOf } from './clean-memo.js';
import { acceptsString, stringElementType } from './fhir-types.js';
import { applyEdits, planFixes, type Edit } from './fhir-fix.js';
import { decodeString, rawOffsets, renderPath, tokenize, type JsonDoc } from './tokenizer.js';

export interface JsonOptions {
  /** FHIR-aware rules; default: on when the document has a `resourceType`. */
  fhir?: boolean;
  /**
   * `false`: findings carry their type, score and detector but offsets local to their value and no
   * JSON path (the gateway only counts findings by type; mapping offsets back costs a path per hit).
   */
  offsets?: boolean;
}

interface ValueHit { v: number; decoded: string; local: Finding[]; whole: boolean }

const TAG = /<[^>]*>/g;
// Fast paths for the commonest structured strings: a whole ISO date/date-time is a DATE; UUIDs,
// plain numbers and short codes without letters-and-digits mixes hold nothing the scanner would find.
const ISO_WHOLE = /^\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01])(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;
const UUID_LIKE = /^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hasResourceType(d: JsonDoc): boolean {
  for (let v = 0; v < d.vKey.length; v++) if (d.vKey[v] === 'resourceType' && d.vKind[v] === 0) return true;
  return false;
}

function analyse(json: string, r: CompiledRedactor, opts?: JsonOptions): { d: JsonDoc; hits: ValueHit[]; fhir: boolean; cls: Classifier } {
  const d = tokenize(json);
  const fhir = opts?.fhir ?? r.fhir ?? hasResourceType(d);
  const cls = new Classifier(d, r, fhir);
  const memo = cleanMemoOf(r);
  const hits: ValueHit[] = [];
  for (let v = 0; v < d.vStart.length; v++) {
    const k = cls.classify(v);
    if (!k.type && !k.scan) continue;
    const s = d.vStart[v]!, e = d.vEnd[v]!;
    const isStr = d.vKind[v] === 0;
    const decoded = isStr ? decodeString(json, s, e, d.vEscaped[v]!) : json.slice(s, e);
    if (k.type) {
      if (decoded.length === 0) continue;
      hits.push({ v, decoded, whole: true, local: [{ type: k.type, start: 0, end: decoded.length, score: 1, detector: k.detector ?? 'json:field' }] });
      continue;
    }
    if (decoded.length < 3) continue;
    if (ISO_WHOLE.test(decoded)) {
      if (decoded.length > 4 && r.minScore <= 0.95) hits.push({ v, decoded, whole: false, local: [{ type: 'DATE', start: 0, end: decoded.length, score: 0.95, detector: 'regex:date-iso' }] });
      continue;
    }
    if (UUID_LIKE.test(decoded)) continue;
    const text = k.div ? decoded.replace(TAG, (m) => ' '.repeat(m.length)) : decoded;
    if (memo.has(text)) continue;
    const local = scanText(text, { minScore: r.minScore, sensitivity: r.sensitivity });
    if (local.length) hits.push({ v, decoded, whole: false, local });
    else memo.remember(text);
  }
  return { d, hits, fhir, cls };
}

/**
 * FHIR mode: whether `next` may replace value v. A JSON number or boolean never becomes a string,
 * and a string must stay a valid value of its element's R4 type (an instant cannot be a year).
 */
function keepsFhirType(d: JsonDoc, cls: Classifier, v: number, decoded: string, next: string): boolean {
  const c = d.vContainer[v]!;
  if (c < 0) return true; // a bare scalar document has no element type to keep
  if (d.vKind[v] !== 0) return false;
  const key = d.vKey[v]!;
  const name = typeof key === 'string' ? key : c >= 0 && typeof d.cKey[c] === 'string' ? (d.cKey[c] as string) : '';
  return acceptsString(stringElementType(name, cls.resourceOf(c), decoded), next);
}

function toRaw(d: JsonDoc, h: ValueHit): Finding[] {
  const s = d.vStart[h.v]!, e = d.vEnd[h.v]!;
  const isStr = d.vKind[h.v] === 0;
  const path = renderPath(d, d.vContainer[h.v]!, d.vContainer[h.v]! >= 0 ? d.vKey[h.v] : undefined);
  if (!isStr) return h.local.map((f) => ({ ...f, start: s, end: e, path }));
  if (!d.vEscaped[h.v]) return h.local.map((f) => ({ ...f, start: s + 1 + f.start, end: s + 1 + f.end, path }));
  const map = rawOffsets(d.text, s, e);
  return h.local.map((f) => ({ ...f, start: map[f.start]!, end: map[f.end]!, path }));
}

/** Findings in a JSON document, with offsets into the raw text and JSON paths. Throws PhiInputError on invalid JSON. */
export function detectJson(json: string, r: CompiledRedactor = DEFAULT_REDACTOR, opts?: JsonOptions): Finding[] {
  const { d, hits } = analyse(json, r, opts);
  return hits.flatMap((h) => toRaw(d, h));
}

/**
 * Redact a JSON document by splicing only the values that change; every other byte (numbers,
 * key order, duplicate keys, whitespace) is left exactly as it was.
 */
export function redactJson(json: string, r: CompiledRedactor = DEFAULT_REDACTOR, opts?: JsonOptions): { text: string; findings: Finding[]; changed: boolean } {
  const { d, hits, fhir, cls } = analyse(json, r, opts);
  const findings: Finding[] = [];
  const edits: Edit[] = [];
  const fixes: number[] = [];
  const offsets = opts?.offsets !== false;
  for (const h of hits) {
    if (offsets) findings.push(...toRaw(d, h));
    else for (const f of h.local) findings.push(f);
    const f0 = h.local[0]!;
    const next = h.whole ? replacement(r, f0, h.decoded) : applyFindings(h.decoded, h.local, r);
    if (next === h.decoded) continue;
    if (fhir && !keepsFhirType(d, cls, h.v, h.decoded, next)) fixes.push(h.v);
    else edits.push({ start: d.vStart[h.v]!, end: d.vEnd[h.v]!, text: JSON.stringify(next) });
  }
  if (fixes.length) edits.push(...planFixes(d, fixes, r.fhirInvalid));
  if (edits.length === 0) return { text: json, findings, changed: false };
  return { text: applyEdits(json, edits), findings, changed: true };
}

/** NDJSON: one JSON document per line; blank lines are kept. Offsets are into the whole text. */
export function redactNdjson(text: string, r: CompiledRedactor = DEFAULT_REDACTOR, opts?: JsonOptions): { text: string; findings: Finding[]; changed: boolean } {
  const out: string[] = [];
  const findings: Finding[] = [];
  let changed = false;
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const raw = text.slice(start, nl);
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    line++;
    if (body.trim() === '') out.push(raw);
    else {
      let res;
      try { res = redactJson(body, r, opts); } catch (e) {
        if (e instanceof PhiInputError) throw new PhiInputError('PHI_NDJSON_INVALID', `invalid NDJSON: line ${line}: ${e.message}`, start + (e.offset ?? 0));
        throw e;
      }
      for (const f of res.findings) findings.push({ ...f, start: f.start + start, end: f.end + start });
      if (res.changed) changed = true;
      out.push(res.text + (raw.length > body.length ? '\r' : ''));
    }
    if (nl >= text.length) break;
    start = nl + 1;
  }
  return { text: out.join('\n'), findings, changed };
}
