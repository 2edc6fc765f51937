import type { PhiType } from '../types.js';
import type { CompiledRedactor } from '../redact.js';
import { normField } from '../redact.js';
import {
  FHIR_NO_SCAN, FHIR_PERSON_ONLY, FHIR_PERSON_RESOURCES, FIELD_TYPES, IDENTIFIER_CODES, STRUCTURAL,
  TELECOM_SYSTEMS, extensionType, identifierTypeFromSystem,
} from './fields.js';
import { decodeString, renderPath, type JsonDoc } from './tokenizer.js';

const MAX_IGNORE_DEPTH = 64;

/** What to do with one scalar value. */
export interface ValueClass { type?: PhiType; detector?: string; scan: boolean; div?: boolean }

interface Props { resourceType?: string; system?: string; url?: string; idCode?: string }

/**
 * Per-container context computed after tokenizing (siblings such as `system`, `url` and
 * `resourceType` may come after the value they qualify), in creation order so parents come first.
 */
export class Classifier {
  private readonly props = new Map<number, Props>();
  private readonly cType: (PhiType | undefined)[] = [];
  private readonly cSkip: Uint8Array;
  private readonly cRes: (string | undefined)[] = [];
  private readonly cNoScan: Uint8Array;

  constructor(private readonly d: JsonDoc, private readonly r: CompiledRedactor, private readonly fhir: boolean) {
    this.cSkip = new Uint8Array(d.cParent.length);
    this.depth = new Uint32Array(d.cParent.length);
    for (let c = 0; c < d.cParent.length; c++) { const p = d.cParent[c]!; this.depth[c] = p >= 0 ? this.depth[p]! + 1 : 0; }
    this.cNoScan = new Uint8Array(d.cParent.length);
    this.collect();
    this.contexts();
  }

  private prop(c: number): Props {
    let p = this.props.get(c);
    if (!p) { p = {}; this.props.set(c, p); }
    return p;
  }

  private collect(): void {
    const d = this.d;
    for (let v = 0; v < d.vStart.length; v++) {
      if (d.vKind[v] !== 0) continue;
      const k = d.vKey[v];
      if (k !== 'resourceType' && k !== 'system' && k !== 'url' && k !== 'code') continue;
      const c = d.vContainer[v]!;
      if (c < 0) continue;
      const s = decodeString(d.text, d.vStart[v]!, d.vEnd[v]!, d.vEscaped[v]!);
      if (k === 'resourceType') this.prop(c).resourceType = s;
      else if (k === 'system') this.prop(c).system = s;
      else if (k === 'url') this.prop(c).url = s;
      else {
        // identifier.type.coding[n].code → the identifier object
        const arr = d.cParent[c]!;
        const typeObj = arr >= 0 ? d.cParent[arr]! : -1;
        const idObj = typeObj >= 0 ? d.cParent[typeObj]! : -1;
        if (idObj >= 0 && d.cKey[arr] === 'coding' && d.cKey[typeObj] === 'type') this.prop(idObj).idCode ??= s;
      }
    }
  }

  private fieldType(key: string, resource: string | undefined): PhiType | undefined {
    const nk = normField(key);
    const extra = this.r.fieldNames.get(nk);
    if (extra) return extra;
    const t = FIELD_TYPES.get(nk);
    if (!t) return undefined;
    if (this.fhir && FHIR_PERSON_ONLY.has(nk) && !(resource && FHIR_PERSON_RESOURCES.has(resource))) return undefined;
    return t;
  }

  private readonly depth: Uint32Array;

  /** Ignore-path matching renders the path; beyond MAX_IGNORE_DEPTH nothing is ignored (scanning more is the safe side). */
  private ignored(c: number, key: string | number | undefined): boolean {
    if (this.r.ignore.length === 0) return false;
    if (c >= 0 && this.depth[c]! > MAX_IGNORE_DEPTH) return false;
    const p = renderPath(this.d, c, key);
    return this.r.ignore.some((re) => re.test(p));
  }

  private contexts(): void {
    const d = this.d;
    for (let c = 0; c < d.cParent.length; c++) {
      const p = d.cParent[c]!;
      const key = d.cKey[c]!;
      const own = this.props.get(c)?.resourceType;
      const res = own ?? (p >= 0 ? this.cRes[p] : undefined);
      this.cRes[c] = res;
      if (p >= 0 && this.cSkip[p]) { this.cSkip[c] = 1; continue; }
      if (this.r.ignore.length && this.ignored(p, p >= 0 ? key : undefined)) { this.cSkip[c] = 1; continue; }
      const pt = p >= 0 ? this.cType[p] : undefined;
      if (typeof key === 'string' && this.fhir && FHIR_NO_SCAN.has(normField(key))) this.cNoScan[c] = 1;
      else if (p >= 0 && this.cNoScan[p]) this.cNoScan[c] = 1;
      if (pt) {
        if (typeof key === 'string' && STRUCTURAL.has(normField(key)) && pt !== 'PHOTO') { this.cType[c] = undefined; this.cSkip[c] = 1; continue; }
        this.cType[c] = pt;
        continue;
      }
      if (typeof key === 'string') {
        let t = this.fieldType(key, res);
        // extension[n].valueAddress etc. under a PHI extension URL
        if (!t && key.startsWith('value')) { const url = this.props.get(p)?.url; if (url) t = extensionType(url); }
        this.cType[c] = t;
      } else {
        this.cType[c] = undefined;
      }
    }
  }

  /** The resourceType of the resource that holds container c (undefined outside any resource). */
  resourceOf(c: number): string | undefined {
    return c >= 0 ? this.cRes[c] : undefined;
  }

  classify(v: number): ValueClass {
    const d = this.d;
    const c = d.vContainer[v]!;
    const key = d.vKey[v]!;
    const kind = d.vKind[v]!;
    if (kind === 2) return { scan: false };
    if (c >= 0 && this.cSkip[c]) return { scan: false };
    if (this.r.ignore.length && this.ignored(c, c >= 0 ? key : undefined)) return { scan: false };
    const nk = typeof key === 'string' ? normField(key) : '';
    const res = c >= 0 ? this.cRes[c] : undefined;
    const person = !!res && FHIR_PERSON_RESOURCES.has(res);
    const props = c >= 0 ? this.props.get(c) : undefined;
    const parentKey = c >= 0 ? (typeof d.cKey[c] === 'number' ? d.cKey[d.cParent[c]!] : d.cKey[c]) : undefined;
    // FHIR Attachment payloads (Media, DocumentReference, Patient.photo): base64 images or documents
    if (this.fhir && (nk === 'data' || nk === 'url') && c >= 0 && (parentKey === 'attachment' || parentKey === 'content' || parentKey === 'photo' || d.cKey[c] === 'attachment')) {
      if (nk === 'data' || person || res === 'Media') return { type: 'PHOTO', detector: 'fhir:attachment', scan: false };
    }
    // FHIR Identifier.value and ContactPoint.value
    if (nk === 'value' && c >= 0) {
      if (parentKey === 'identifier' && (person || !this.fhir)) {
        const t = (props?.idCode && IDENTIFIER_CODES.get(props.idCode)) || (props?.system && identifierTypeFromSystem(props.system)) || (person ? 'OTHER_ID' : 'OTHER_ID');
        return { type: t, detector: 'fhir:identifier', scan: false };
      }
      if (parentKey === 'telecom' && props?.system) {
        const t = TELECOM_SYSTEMS.get(props.system) ?? 'PHONE';
        if (!this.fhir || person || res === undefined) return { type: t, detector: 'fhir:telecom', scan: false };
      }
    }
    const ct = c >= 0 ? this.cType[c] : undefined;
    if (ct) {
      if (STRUCTURAL.has(nk) && ct !== 'PHOTO') return { scan: false };
      if (ct === 'PHONE' && props?.system) return { type: TELECOM_SYSTEMS.get(props.system) ?? 'PHONE', detector: 'json:field', scan: false };
      return { type: ct, detector: 'json:field', scan: false };
    }
    if (typeof key === 'string') {
      let t = this.fieldType(key, res);
      if (!t && key.startsWith('value') && props?.url) t = extensionType(props.url);
      if (t) return { type: t, detector: 'json:field', scan: false };
    }
    if (kind !== 0 || !this.r.scanValues) return { scan: false };
    if (this.fhir && (c >= 0 && this.cNoScan[c] || FHIR_NO_SCAN.has(nk))) return { scan: false };
    return { scan: true, div: nk === 'div' };
  }
}
