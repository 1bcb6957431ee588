// The build process of `plotwatch dev` (started by build-session.ts, talked to over IPC): it runs
// `plotwatch build` once per request, in this one process, so that what every build loads (the
// libraries in node_modules, and the sources while they are unchanged) is loaded once. When a
// source changed, the CLI is imported under a new generation (module-generations.ts): every source
// module is evaluated afresh, as in a new process. Each line a build prints is sent to dev.

import { createHash } from 'node:crypto';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { SHARED_CODE, sourceFiles } from '../cache/code-digest.ts';
import { REPO_ROOT } from '../paths.ts';

/** What dev asks: the arguments of one `plotwatch build`. */
export interface BuildRequest {
  readonly build: readonly string[];
}

/** What this process says back: the lines a build prints, then its exit code. */
export type BuildMessage = { readonly line: string; readonly stream: 'out' | 'err' } | { readonly done: number };

register(new URL('./module-generations.ts', import.meta.url), {
  data: { root: pathToFileURL(`${REPO_ROOT}/`).href },
});

const send = (message: BuildMessage) => process.send!(message);
const say =
  (stream: 'out' | 'err') =>
  (...args: unknown[]) => {
    for (const line of args.map(String).join(' ').split('\n')) send({ line, stream });
  };
console.log = say('out');
console.error = say('err');

const IDLE = 'plotwatch dev: build server (idle)';
process.title = IDLE;
let generation = 0;
let sourcesDigest = '';

/** The generation to import the CLI under: a new one when a source changed since the last build. */
async function currentGeneration(): Promise<number> {
  const hash = createHash('sha256');
  for (const [file, content] of await sourceFiles(REPO_ROOT, SHARED_CODE)) hash.update(`${file}\0`).update(content);
  const digest = hash.digest('hex');
  if (digest !== sourcesDigest) [generation, sourcesDigest] = [generation + 1, digest];
  return generation;
}

// One build at a time: dev waits for `done` before it asks again.
process.on('message', (request: BuildRequest) => {
  void (async () => {
    // As `ps` shows it: dev's tests (and a curious user) see the build running.
    process.title = `plotwatch build ${request.build.join(' ')}`;
    let code: number;
    try {
      const cli = new URL(`../cli.ts?generation=${await currentGeneration()}`, import.meta.url).href;
      const { run } = (await import(cli)) as typeof import('../cli.ts');
      code = await run(['build', ...request.build]);
    } catch (e) {
      console.error((e as Error).stack ?? String(e));
      code = 1;
    }
    process.title = IDLE;
    send({ done: code });
  })();
});
// Dev went away: so does this process.
process.on('disconnect', () => process.exit(0));
