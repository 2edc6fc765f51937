/**
 * node:http adapter: wraps a `(req, res)` handler so every request goes through the pipeline.
 *
 *   const guard = await createPhiguard({ policy: 'policy.yaml' });
 *   hardenServer(http.createServer(phiguardNode(guard, (req, res) => { ... })), guard).listen(8080);
 *
 * The handler receives the checked body as `req.body` (parsed JSON for JSON types, a Buffer
 * otherwise) and `req.rawBody`; the request stream is already consumed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Phiguard } from '../../runtime/index.js';
import { runGuarded } from '../http/guard.js';

// Server-level hardening (parser errors as PG_* JSON, header limits, canonicalize before any router).
export { clientErrorResponse, hardenServer } from '../http/harden.js';
export type { PhiguardRequestInfo } from '../http/guard.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function phiguardNode(guard: Phiguard, handler: NodeHandler): NodeHandler {
  return (req, res) => void runGuarded(guard, req, res, { next: () => handler(req, res) });
}
