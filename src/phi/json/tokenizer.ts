import { PhiInputError } from '../errors.js';

/**
 * Iterative (non-recursive) JSON tokenizer over the raw text. It validates RFC 8259 syntax and
 * records containers and scalar values with their raw offsets, without building objects (so no
 * prototype pollution and no stack depth limit). Duplicate keys are simply recorded twice.
 */
export interface JsonDoc {
  text: string;
  /** per container: parent container (-1 for root), key in parent (string or array index), array? */
  cParent: number[];
  cKey: (string | number)[];
  cArray: boolean[];
  /** per container: offset of its `{`/`[`, offset just past its `}`/`]`, offset of its key's quote (-1 in arrays) */
  cStart: number[];
  cEnd: number[];
  cKeyStart: number[];
  /** per scalar value */
  vStart: number[];
  vEnd: number[];
  /** 0 string, 1 number, 2 true/false/null */
  vKind: number[];
  vContainer: number[];
  vKey: (string | number)[];
  vEscaped: boolean[];
  /** per scalar value: offset of its key's opening quote (-1 in arrays and at the root) */
  vKeyStart: number[];
}

const WS = /[ \t\n\r]+/y;
const NUM = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function fail(msg: string, at: number): never {
  throw new PhiInputError('PHI_JSON_INVALID', `invalid JSON: ${msg} at offset ${at}`, at);
}

const STR_PLAIN = /"[^"\\\u0000-\u001f]*"/y;
const STR_FULL = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Scan a string token starting at the opening quote; returns [endExclusive, hasEscape]. */
function scanString(t: string, i: number): [number, boolean] {
  STR_PLAIN.lastIndex = i;
  if (STR_PLAIN.test(t)) return [STR_PLAIN.lastIndex, false];
  STR_FULL.lastIndex = i;
  if (STR_FULL.test(t)) return [STR_FULL.lastIndex, true];
  // Locate the problem for the error message (position only).
  let j = i + 1;
  for (; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === 34) break;
    if (c < 0x20) fail('control character in string', j);
    if (c === 92) {
      const e = t.charCodeAt(j + 1);
      if (e === 117 && !/^[0-9a-fA-F]{4}$/.test(t.slice(j + 2, j + 6))) fail('bad \\u escape', j);
      if (e !== 117 && !(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) fail('bad escape', j);
      j++;
    }
  }
  return fail('unterminated string', i);
}

export function decodeString(t: string, start: number, end: number, escaped: boolean): string {
  return escaped ? (JSON.parse(t.slice(start, end)) as string) : t.slice(start + 1, end - 1);
}

const enum E { Value, ValueOrCloseArr, KeyOrCloseObj, Key, Colon, CommaOrClose, End }

export function tokenize(text: string): JsonDoc {
  if (typeof text !== 'string') throw new PhiInputError('PHI_INPUT_TYPE', 'JSON input must be a string');
  const d: JsonDoc = { text, cParent: [], cKey: [], cArray: [], cStart: [], cEnd: [], cKeyStart: [], vStart: [], vEnd: [], vKind: [], vContainer: [], vKey: [], vEscaped: [], vKeyStart: [] };
  const stack: number[] = [];
  const nextIndex: number[] = []; // per stack level: next array index
  let pendingKey: string | number = '';
  let pendingKeyStart = -1;
  let expect = E.Value;
  const n = text.length;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // tolerate a BOM
  const keyFor = (): string | number => {
    const top = stack.length - 1;
    if (top < 0) return '';
    const c = stack[top]!;
    if (d.cArray[c]) { const k = nextIndex[top]!; nextIndex[top] = k + 1; return k; }
    return pendingKey;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      WS.lastIndex = i;
      WS.test(text);
      i = WS.lastIndex;
      continue;
    }
    const parent = stack.length ? stack[stack.length - 1]! : -1;
    switch (expect) {
      case E.Value: case E.ValueOrCloseArr: {
        if (c === 93 && expect === E.ValueOrCloseArr) { d.cEnd[stack.pop()!] = i + 1; nextIndex.pop(); i++; expect = stack.length ? E.CommaOrClose : E.End; break; }
        const inObj = parent >= 0 && !d.cArray[parent];
        if (c === 123 || c === 91) {
          const id = d.cParent.length;
          d.cParent.push(parent); d.cKey.push(keyFor()); d.cArray.push(c === 91);
          d.cStart.push(i); d.cEnd.push(-1); d.cKeyStart.push(inObj ? pendingKeyStart : -1);
          stack.push(id); nextIndex.push(0);
          i++;
          expect = c === 91 ? E.ValueOrCloseArr : E.KeyOrCloseObj;
          break;
        }
        let end: number, kind: number, esc = false;
        if (c === 34) { [end, esc] = scanString(text, i); kind = 0; }
        else if (c === 45 || (c >= 48 && c <= 57)) {
          NUM.lastIndex = i;
          const m = NUM.exec(text);
          if (!m) fail('bad number', i);
          end = i + m[0].length; kind = 1;
        } else if (text.startsWith('true', i)) { end = i + 4; kind = 2; }
        else if (text.startsWith('false', i)) { end = i + 5; kind = 2; }
        else if (text.startsWith('null', i)) { end = i + 4; kind = 2; }
        else fail('unexpected character', i);
        d.vStart.push(i); d.vEnd.push(end); d.vKind.push(kind); d.vContainer.push(parent); d.vKey.push(keyFor()); d.vEscaped.push(esc);
        d.vKeyStart.push(inObj ? pendingKeyStart : -1);
        i = end;
        expect = stack.length ? E.CommaOrClose : E.End;
        break;
      }
      case E.KeyOrCloseObj: case E.Key: {
        if (c === 125 && expect === E.KeyOrCloseObj) { d.cEnd[stack.pop()!] = i + 1; nextIndex.pop(); i++; expect = stack.length ? E.CommaOrClose : E.End; break; }
        if (c !== 34) fail('expected a key', i);
        const [end, esc] = scanString(text, i);
        pendingKeyStart = i;
        pendingKey = decodeString(text, i, end, esc);
        i = end;
        expect = E.Colon;
        break;
      }
      case E.Colon:
        if (c !== 58) fail('expected :', i);
        i++; expect = E.Value; break;
      case E.CommaOrClose: {
        const arr = d.cArray[parent]!;
        if (c === 44) { i++; expect = arr ? E.Value : E.Key; break; }
        if ((arr && c === 93) || (!arr && c === 125)) { d.cEnd[stack.pop()!] = i + 1; nextIndex.pop(); i++; expect = stack.length ? E.CommaOrClose : E.End; break; }
        fail('expected , or close', i);
        break;
      }
      case E.End:
        fail('trailing data', i);
    }
  }
  if (expect !== E.End) fail('unexpected end of input', n);
  return d;
}

/** Render the JSON path of value `v` (or of container `c` when v < 0). */
export function renderPath(d: JsonDoc, container: number, key: string | number | undefined): string {
  const segs: string[] = [];
  const seg = (k: string | number): string => typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  if (key !== undefined && container >= 0) segs.push(seg(key));
  for (let c = container; c >= 0; c = d.cParent[c]!) {
    if (d.cParent[c]! >= 0) segs.push(seg(d.cKey[c]!));
  }
  return '$' + segs.reverse().join('');
}

/** Map decoded string indices to raw text offsets (for strings with escapes). */
export function rawOffsets(t: string, start: number, end: number): Int32Array {
  const map: number[] = [];
  let j = start + 1;
  const stop = end - 1;
  while (j < stop) {
    if (t.charCodeAt(j) === 92) {
      if (t.charCodeAt(j + 1) === 117) { map.push(j); j += 6; } else { map.push(j); j += 2; }
    } else { map.push(j); j++; }
  }
  map.push(stop);
  return Int32Array.from(map);
}
