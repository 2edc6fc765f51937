/** Canned upstream responses and request bodies of a test file: inline values or files. */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { CannedResponse } from './types.js';

type Raw = Record<string, unknown>;

export interface FileProblem {
  readonly message: string;
}

const hasHeader = (h: Array<[string, string]>, name: string) => h.some(([k]) => k === name);

/** JSON-ish content type: FHIR when the document names a resourceType. */
function jsonType(v: unknown): string {
  return v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Raw).resourceType === 'string' ? 'application/fhir+json' : 'application/json';
}

/** A body value: a string is sent as is (text/plain unless told), anything else as JSON. */
export function encodeBody(value: unknown, headers: Array<[string, string]>): Buffer {
  if (typeof value === 'string') {
    if (!hasHeader(headers, 'content-type')) headers.push(['content-type', 'text/plain; charset=utf-8']);
    return Buffer.from(value, 'utf8');
  }
  if (!hasHeader(headers, 'content-type')) headers.push(['content-type', jsonType(value)]);
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function headerList(raw: unknown): Array<[string, string]> {
  return Object.entries((raw ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]);
}

/** Reads a body file (relative to the test file's folder); JSON files are checked and typed. */
function readBodyFile(dir: string, file: string, headers: Array<[string, string]>): Buffer | FileProblem {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(dir, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { message: code === 'ENOENT' ? 'fixture file not found' : code === 'EISDIR' ? 'fixture file is a directory' : 'fixture file cannot be read' };
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    let doc: unknown;
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { message: 'fixture file is not valid JSON' };
    }
    if (!hasHeader(headers, 'content-type')) headers.push(['content-type', jsonType(doc)]);
  } else if (!hasHeader(headers, 'content-type')) {
    headers.push(['content-type', ext === '.ndjson' ? 'application/x-ndjson' : 'text/plain; charset=utf-8']);
  }
  return bytes;
}

/** A schema-valid response spec -> canned response, or the problem with its file. */
export function cannedResponse(raw: Raw, dir: string): CannedResponse | FileProblem {
  const headers = headerList(raw.headers);
  let body: Buffer | null = null;
  if (typeof raw.file === 'string') {
    const b = readBodyFile(dir, raw.file, headers);
    if (!Buffer.isBuffer(b)) return b;
    body = b;
  } else if (raw.body !== undefined) {
    body = encodeBody(raw.body, headers);
  }
  return { status: typeof raw.status === 'number' ? raw.status : 200, headers, body };
}

export const DEFAULT_UPSTREAM: CannedResponse = Object.freeze({ status: 200, headers: [['content-type', 'application/json'] as [string, string]], body: Buffer.from('{}') });

export const isProblem = (v: unknown): v is FileProblem => !!v && typeof v === 'object' && !Buffer.isBuffer(v) && typeof (v as FileProblem).message === 'string' && !('status' in (v as object));
