export interface Span { start: number; end: number; type: string }
export interface GenRecord { id: string; text: string; spans: Span[]; values: string[] }
export const SETS: Record<string, unknown>;
export const DEFAULT_SEED: number;
export function generateSet(name: string, seed?: number): GenRecord[];
export function generateAll(seed?: number): Record<string, GenRecord[]>;
export function toJsonl(records: GenRecord[]): string;
export function writeAll(outDir: string, seed?: number): Record<string, number>;
