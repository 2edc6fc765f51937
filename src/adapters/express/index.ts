/**
 * Express 5 adapter: one middleware, mounted first.
 *
 *   const guard = await createPhiguard({ policy: 'policy.yaml' });
 *   const app = express();
 *   app.use(phiguardExpress(guard));
 *   app.get('/Patient/:id', (req, res) => res.json(...));   // req.body, req.phiguard
 *   hardenServer(app.listen(8080), guard);
 *
 * The request is read and checked before any later middleware runs; routing then sees the
 * canonical target (`req.url` and `req.originalUrl`), and handlers get the checked body as
 * `req.body`. Whatever any later handler writes (res.json, res.send, Express's error handler) is
 * captured, inspected and audited before a byte is released. Express's automatic (body-hash) ETag is
 * turned off for the app: it would describe the body before redaction.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PhiguardError } from '../../core/errors.js';
import type { Phiguard } from '../../runtime/index.js';
import { runGuarded, type PhiguardRequestInfo } from '../http/guard.js';

export { hardenServer } from '../http/harden.js';
export type { PhiguardRequestInfo } from '../http/guard.js';

declare module 'express-serve-static-core' {
  interface Request {
    phiguard?: PhiguardRequestInfo;
  }
}

/** True when something mounted before phiguard already read (and parsed) the request body. */
const bodyAlreadyRead = (req: Request) => (req as Request & { _body?: boolean })._body === true || req.body !== undefined;

/**
 * Why this request cannot be guarded as mounted, if it cannot. Under a mount path
 * (`app.use('/api', phiguardExpress(guard))`) Express strips the prefix from `req.url`, so the
 * pipeline would check (and route, and audit) a different path than the client sent.
 */
function misuse(req: Request): string | undefined {
  if (req.baseUrl) return 'phiguardExpress is mounted under a path: mount it at the application root';
  if (bodyAlreadyRead(req)) return 'request body was read before phiguard: mount phiguardExpress before body parsers';
  return undefined;
}

export function phiguardExpress(guard: Phiguard): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Express's automatic ETag is a hash of the body as the handler wrote it, BEFORE inspection:
    // released next to a redacted body it is a hash of the unredacted PHI (a guessing oracle, also
    // through If-None-Match -> 304). Handlers that set their own ETag (e.g. FHIR versions) keep it.
    if (typeof req.app?.get('etag fn') === 'function') req.app.set('etag', false);
    const wrong = misuse(req);
    if (wrong) {
      // Fail closed (through the pipeline, so the request is still audited): the handler would get
      // bytes, or a path, that phiguard never checked.
      void runGuarded(guard, req, res, { deny: new PhiguardError('PG_INTERNAL', wrong) });
      return;
    }
    void runGuarded(guard, req, res, {
      next: () => {
        req.originalUrl = req.url; // the canonical target, set by exposeChecked
        next();
      },
    });
  };
}
