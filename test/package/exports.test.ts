/** The package's entry points resolve (after `npm run build`) and expose what the README uses. */
import { describe, expect, it } from 'vitest';

describe('package exports', () => {
  it.each([
    ['phiguard', ['createPhiguard', 'createGateway', 'loadPolicy', 'simulate', 'PhiguardError', 'REASON_CODES']],
    ['phiguard/express', ['phiguardExpress', 'hardenServer']],
    ['phiguard/fastify', ['phiguardFastify']],
    ['phiguard/hono', ['phiguardHono', 'phiguardFetch']],
    ['phiguard/node', ['phiguardNode', 'hardenServer']],
    ['phiguard/phi', ['scanText', 'redactJson', 'redactText', 'compileRedactionPolicy']],
  ])('%s exports %j', async (spec, names) => {
    const mod = (await import(spec)) as Record<string, unknown>;
    for (const n of names) expect(typeof mod[n], `${spec}.${n}`).not.toBe('undefined');
  });
});
