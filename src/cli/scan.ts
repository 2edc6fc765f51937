/** `phiguard scan [--batch] [FILE|-]`: PHI findings as JSON (see docs/phi.md). */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  PHI_TYPES, PhiInputError, compileRedactionPolicy, detectJson, isPhiType, redactNdjson, scanText, sniffKind,
  type Finding, type PhiType,
} from '../phi/index.js';

interface ScanCliOptions { batch?: boolean; minScore?: string; types?: string }

async function readAll(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const slim = (f: Finding): Record<string, unknown> => {
  const o: Record<string, unknown> = { type: f.type, start: f.start, end: f.end, score: Math.round(f.score * 100) / 100, detector: f.detector };
  if (f.path !== undefined) o.path = f.path;
  return o;
};

function parseOpts(o: ScanCliOptions): { minScore: number | undefined; types: PhiType[] | undefined } {
  const minScore = o.minScore === undefined ? undefined : Number(o.minScore);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) throw new Error('--min-score must be a number between 0 and 1');
  let types: PhiType[] | undefined;
  if (o.types) {
    types = o.types.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) as PhiType[];
    const bad = types.filter((t) => !isPhiType(t));
    if (bad.length) throw new Error(`--types: unknown type(s) ${bad.join(', ')}; known: ${PHI_TYPES.join(', ')}`);
  }
  return { minScore, types };
}

/** Findings for any input: JSON (offsets into the raw text, with paths), NDJSON, or plain text. */
export function scanAny(text: string, minScore?: number, types?: readonly PhiType[]): Finding[] {
  const kind = sniffKind(text);
  const filter = (fs: Finding[]): Finding[] => (types ? fs.filter((f) => types.includes(f.type)) : fs);
  if (kind !== 'text') {
    const r = compileRedactionPolicy({ default: 'keep', ...(minScore !== undefined ? { minScore } : {}) });
    try {
      return filter(kind === 'json' ? detectJson(text, r) : redactNdjson(text, r).findings);
    } catch (e) {
      if (!(e instanceof PhiInputError)) throw e;
      // Not valid JSON after all: scan it as text.
    }
  }
  return scanText(text, { ...(minScore !== undefined ? { minScore } : {}), ...(types ? { types } : {}) });
}

/** A reader that went away (`| head`) ends the command quietly instead of crashing. */
function quietEpipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

async function runBatch(file: string | undefined, minScore: number | undefined, types: PhiType[] | undefined): Promise<void> {
  quietEpipe();
  const input = file && file !== '-' ? createReadStream(file, 'utf8') : process.stdin;
  await scanBatch(input, process.stdout, minScore, types);
}

/** NDJSON {"id","text"} lines in → NDJSON {"id","findings"} lines out, one per input line, in order, streamed. */
export async function scanBatch(input: NodeJS.ReadableStream, out: NodeJS.WritableStream, minScore?: number, types?: readonly PhiType[]): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let buf: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (!buf.length) return;
    const s = buf.join('');
    buf = []; size = 0;
    if (!out.write(s)) await new Promise<void>((res) => out.once('drain', () => res()));
  };
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') { buf.push('{"id":null,"findings":[]}\n'); continue; }
    let rec: unknown;
    try { rec = JSON.parse(line); } catch { rec = undefined; }
    const id = rec && typeof rec === 'object' && 'id' in rec ? (rec as { id: unknown }).id : null;
    const text = rec && typeof rec === 'object' && 'text' in rec ? (rec as { text: unknown }).text : undefined;
    let o: string;
    if (typeof text !== 'string') o = JSON.stringify({ id: id ?? null, error: `line ${lineNo}: expected {"id","text"}`, findings: [] });
    else o = JSON.stringify({ id, findings: scanText(text, { ...(minScore !== undefined ? { minScore } : {}), ...(types ? { types } : {}) }).map(slim) });
    buf.push(o + '\n');
    size += o.length;
    if (size > 1 << 16) await flush();
  }
  await flush();
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Detect PHI (HIPAA Safe Harbor identifiers) in text, JSON or NDJSON; prints {"findings":[...]}')
    .argument('[file]', 'input file, or - for stdin', '-')
    .option('--batch', 'stdin is NDJSON {"id","text"} per line; stdout is NDJSON {"id","findings"} per line, in order')
    .option('--min-score <n>', 'ignore findings below this score (default 0.5)')
    .option('--types <list>', 'only these types, comma-separated (e.g. SSN,DATE)')
    .action(async (file: string | undefined, o: ScanCliOptions) => {
      const { minScore, types } = parseOpts(o);
      if (o.batch) { await runBatch(file, minScore, types); return; }
      quietEpipe();
      const text = await readAll(file);
      const findings = scanAny(text, minScore, types);
      process.stdout.write(JSON.stringify({ findings: findings.map(slim) }) + '\n');
    });
}
