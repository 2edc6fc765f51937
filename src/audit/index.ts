/** phiguard tamper-evident audit log (HIPAA 164.312(b), (c); 164.528; 164.316). */
export { AuditLog, DEFAULT_RETENTION_DAYS, type AuditLogOptions, type Receipt } from './log.js';
export { openAuditLog, openStore, DEFAULT_STORE_URL, type OpenAuditLogOptions } from './open.js';
export { buildAuditRecord, buildEventRecord, clientAddress, leafBytes, leafPrefix, parseLeaf, serializeBody, type AuditBody, type AuditLeaf, type BuiltRecord, type RecordOptions } from './record.js';
export { canonicalJson } from './canonical.js';
export { keyedRef, patientRef, normalizePatient, makeKeys, loadOrCreateKeyFile, readVerifierFile, sidecarPaths, signerFromSecret, hmacKeyFromSecret, DEFAULT_ORIGIN, type AuditKeys } from './keys.js';
export * from './merkle.js';
export { signCheckpoint, openCheckpoint, checkpointBody, parseCheckpointBody, type Checkpoint } from './checkpoint.js';
export { createSigner, encodeSignerKey, encodeVerifierKey, parseSignerKey, parseVerifierKey, openNote, signNote, keyId, generateSeed, type NoteSigner, type NoteVerifier } from './note.js';
export { verifyStore, type VerifyOptions, type VerifyResult, type VerifyFailure } from './verify.js';
export { readWitness, writeWitness } from './witness.js';
export { MemoryStore } from './stores/memory.js';
export { SqliteStore } from './stores/sqlite.js';
export type { AuditStore, StoredEntry, CheckpointRow, SequencerState } from './stores/types.js';
