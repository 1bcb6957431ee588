// The build process of `plotwatch dev` (started by build-session.ts, talked to over IPC): it runs
// `plotwatch build` once per request, in this one process, so that what every build loads is
// loaded once: node_modules, and each source module while it and what it imports are unchanged
// (its URL carries its version: module-graph.ts, module-versions.ts), with what it keeps in memory
// (parsed tenant files, compiled schemas, expressions already checked). An edited module, and every
// module that imports it, is evaluated afresh, as in a new process. Each line a build prints is sent to dev.

import { once } from 'node:events';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { SHARED_CODE, sourceFiles } from '../cache/code-digest.ts';
import { REPO_ROOT } from '../paths.ts';
import { keptWorker, type KeptWorker } from './kept-worker.ts';
import { moduleVersions } from './module-graph.ts';

/** What dev asks: the arguments of one `plotwatch build`. */
export interface BuildRequest {
  readonly build: readonly string[];
}

/** What this process says back: the lines a build prints, then its exit code. */
export type BuildMessage = { readonly line: string; readonly stream: 'out' | 'err' } | { readonly done: number };

const versions = new MessageChannel();
register(new URL('./module-versions.ts', import.meta.url), {
  data: { port: versions.port2 },
  transferList: [versions.port2],
});
versions.port1.unref();

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
const CLI = pathToFileURL(join(REPO_ROOT, 'tools/cli/src/cli.ts')).href;

const COMPILER = pathToFileURL(join(REPO_ROOT, 'tools/cli/src/build-run.ts')).href;
const BUILD = pathToFileURL(join(REPO_ROOT, 'tools/cli/src/build.ts')).href;

/** Every source's version, told to the module hooks (before anything is imported at those versions). */
async function currentVersions(): Promise<ReadonlyMap<string, string>> {
  const table = await moduleVersions(REPO_ROOT, await sourceFiles(REPO_ROOT, SHARED_CODE));
  const told = once(versions.port1, 'message');
  versions.port1.postMessage(table);
  await told;
  return table;
}

/**
 * Loads the compiler at the current versions while dev waits for a save: a build that found out/
 * up to date never loaded it, and the first save would pay for it (~1.5 s); so does the worker
 * builds hand dashboards to. A module that fails to load says so in the build that needs it.
 */
function warmUp(table: ReadonlyMap<string, string>): void {
  import(`${COMPILER}?v=${table.get(COMPILER)}`).catch(() => undefined);
  void (worker ??= keptWorker()).load(table);
}

/** The worker builds hand their dashboards to, from the first build on. */
let worker: KeptWorker | undefined;

const THREAD = pathToFileURL(join(REPO_ROOT, 'tools/cli/src/dashboard-thread.ts')).href;

/**
 * After this process's first build, while dev waits for a save: the rest of out/ made once, so
 * that the first tenant edit finds each unchanged tenant's part made (~3 s of CPU at 1,000
 * tenants; a save meanwhile waits for it). Once only: after a code edit the next tenant edit pays,
 * not every dashboard save.
 */
let primed = false;
function prime(table: ReadonlyMap<string, string>, build: readonly string[]): void {
  if (primed) return;
  primed = true;
  void (import(`${BUILD}?v=${table.get(BUILD)}`) as Promise<typeof import('../build.ts')>)
    .then((m) => m.primeRest([...build]))
    .catch(() => undefined);
}

const REPORTED = pathToFileURL(join(REPO_ROOT, 'tools/cli/src/reported.ts')).href;

/**
 * One build: dev hears its exit code as soon as the build has said its result; what the build does
 * after that (its cache's index) finishes before the next build starts.
 */
async function serve(request: BuildRequest): Promise<void> {
  // As `ps` shows it: dev's tests (and a curious user) see the build running.
  process.title = `plotwatch build ${request.build.join(' ')}`;
  let answered = false;
  const answer = (code: number) => {
    if (answered) return;
    answered = true;
    send({ done: code });
  };
  let code: number;
  let table: ReadonlyMap<string, string> | undefined;
  try {
    table = await currentVersions();
    const { onReported } = (await import(`${REPORTED}?v=${table.get(REPORTED)}`)) as typeof import('../reported.ts');
    onReported(answer);
    const { keepDashboardThread } = (await import(
      `${THREAD}?v=${table.get(THREAD)}`
    )) as typeof import('../dashboard-thread.ts');
    worker?.at(table);
    keepDashboardThread(worker?.thread);
    const { run } = (await import(`${CLI}?v=${table.get(CLI)}`)) as typeof import('../cli.ts');
    code = await run(['build', ...request.build]);
    onReported(undefined);
  } catch (e) {
    console.error((e as Error).stack ?? String(e));
    code = 1;
  }
  answer(code);
  // Idle once the build has finished what follows its answer too (`ps` shows the build until then).
  process.title = IDLE;
  if (table) {
    warmUp(table);
    if (code === 0) prime(table, request.build);
  }
}

// One build at a time: dev asks again only once it has its answer, and a build still finishing
// after its answer is waited for.
let serving = Promise.resolve();
process.on('message', (request: BuildRequest) => {
  serving = serving.then(() => serve(request));
});
// Dev went away: so does this process.
process.on('disconnect', () => process.exit(0));
