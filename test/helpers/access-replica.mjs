// A gateway replica for the two-process test: runs the identify + authorize stages for JSON-line
// commands on stdin ({ now, path, token }) and answers { code } on stdout. argv[2]: repository root,
// argv[3]: policy file. Run with tsNodeArgs (test/helpers/ts/node.ts): it loads the .ts sources.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
const load = (p) => import(pathToFileURL(`${root}/${p}`).href);
const { checkPolicyFile } = await load('src/policy/index.ts');
const { createIdentifyStage } = await load('src/guards/identify/index.ts');
const { createAuthorizeStage } = await load('src/guards/authorize/index.ts');
const { makeCtx, route, codeOf } = await load('test/helpers/access.ts');

const { policy, errors } = checkPolicyFile(process.argv[3], {});
if (!policy) {
  process.stdout.write(JSON.stringify({ fatal: errors }) + '\n');
  process.exit(1);
}
let now = 0;
const clock = { now: () => now };
const deps = { clock };
const identify = createIdentifyStage(policy, deps);
const authorize = createAuthorizeStage(policy, deps);
process.stdout.write(JSON.stringify({ ready: process.pid }) + '\n');

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line);
  if (cmd.quit) break;
  now = cmd.now;
  const ctx = makeCtx(policy, { path: cmd.path, token: cmd.token }, clock);
  const code = await codeOf(async () => {
    await identify.onRequest(ctx);
    route(policy, ctx);
    await authorize.onRequest(ctx);
  });
  // Released: the final phase charges it to the bulk limits.
  if (code === 'OK') await authorize.onFinal(ctx);
  process.stdout.write(JSON.stringify({ code, pid: process.pid }) + '\n');
}
await authorize.close();
process.exit(0);
