/**
 * Strict JSON intake. JSON.parse silently keeps the last of duplicate keys, happily builds
 * `__proto__` keys and recurses without bound; each of those is a known bypass or crash, so the
 * text is scanned iteratively first and parsed only when it is clean.
 */
import { PhiguardError } from '../../core/errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Returns the parsed value, or throws PG_BODY_JSON_INVALID / PG_BODY_JSON_HAZARD. */
export function parseStrictJson(text: string, maxDepth: number): unknown {
  if (text.charCodeAt(0) === 0xfeff) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'byte order mark');
  scan(text, maxDepth);
  try {
    return JSON.parse(text);
  } catch {
    throw new PhiguardError('PG_BODY_JSON_INVALID', 'JSON.parse failed');
  }
}

interface Frame {
  readonly isObject: boolean;
  readonly keys: Set<string> | null;
  expectKey: boolean;
}

function scan(s: string, maxDepth: number): void {
  const stack: Frame[] = [];
  let i = 0;
  const n = s.length;
  const ws = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const readString = (): string => {
    // s[i] === '"'
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw new PhiguardError('PG_BODY_JSON_INVALID', 'control character in string');
      if (c === 0x5c) {
        simple = false;
        const e = s.charCodeAt(i + 1);
        if (e === 0x75) {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new PhiguardError('PG_BODY_JSON_INVALID', 'bad unicode escape');
          const code = parseInt(hex, 16);
          if (code >= 0xd800 && code <= 0xdbff) {
            if (s.slice(i + 6, i + 8) !== '\\u' || !/^d[c-f][0-9a-f]{2}$/i.test(s.slice(i + 8, i + 12))) {
              throw new PhiguardError('PG_BODY_JSON_HAZARD', 'lone surrogate escape');
            }
            i += 12;
            continue;
          }
          if (code >= 0xdc00 && code <= 0xdfff) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'lone surrogate escape');
          if (code === 0) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'NUL escape');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(s[i + 1] ?? '')) throw new PhiguardError('PG_BODY_JSON_INVALID', 'bad escape');
        i += 2;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = s.charCodeAt(i + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'lone surrogate');
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= n) throw new PhiguardError('PG_BODY_JSON_INVALID', 'unterminated string');
    const raw = s.slice(start, i++);
    return simple ? raw : (JSON.parse(`"${raw}"`) as string);
  };
  const valueDone = () => {
    const top = stack[stack.length - 1];
    if (!top) return;
    ws();
    const c = s[i];
    if (c === ',') {
      i++;
      if (top.isObject) top.expectKey = true;
      ws();
      if (s[i] === '}' || s[i] === ']') throw new PhiguardError('PG_BODY_JSON_INVALID', 'trailing comma');
    } else if (c !== (top.isObject ? '}' : ']')) throw new PhiguardError('PG_BODY_JSON_INVALID', 'expected , or closing bracket');
  };

  ws();
  if (i >= n) throw new PhiguardError('PG_BODY_JSON_INVALID', 'empty body');
  for (;;) {
    ws();
    const top = stack[stack.length - 1];
    if (top?.isObject && top.expectKey) {
      if (s[i] === '}') {
        stack.pop();
        i++;
        valueDone();
        if (stack.length === 0) break;
        continue;
      }
      if (s[i] !== '"') throw new PhiguardError('PG_BODY_JSON_INVALID', 'expected key');
      const key = readString();
      if (FORBIDDEN_KEYS.has(key)) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'prototype key');
      if (top.keys!.has(key)) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'duplicate key');
      top.keys!.add(key);
      ws();
      if (s[i] !== ':') throw new PhiguardError('PG_BODY_JSON_INVALID', 'expected :');
      i++;
      top.expectKey = false;
      continue;
    }
    const c = s[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) throw new PhiguardError('PG_BODY_JSON_HAZARD', 'nesting too deep');
      i++;
      stack.push({ isObject: c === '{', keys: c === '{' ? new Set() : null, expectKey: c === '{' });
      ws();
      if (c === '[' && s[i] === ']') {
        stack.pop();
        i++;
        valueDone();
        if (stack.length === 0) break;
      }
      continue;
    }
    if ((c === ']' && top && !top.isObject) || (c === '}' && top?.isObject)) {
      stack.pop();
      i++;
      valueDone();
      if (stack.length === 0) break;
      continue;
    }
    if (c === '"') readString();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
      if (!m) throw new PhiguardError('PG_BODY_JSON_INVALID', 'unexpected token');
      i += m[0].length;
    }
    if (stack.length === 0) break;
    valueDone();
  }
  ws();
  if (i !== n) throw new PhiguardError('PG_BODY_JSON_INVALID', 'trailing data');
}
