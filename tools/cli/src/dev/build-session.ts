import { isBuildSummary } from '@plotwatch/build/dev';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../paths.ts';
import type { BuildMessage, BuildRequest } from './build-server.ts';

export interface ChildBuild {
  /** Resolves when the build ended: its exit code (stopped, or its process gone: 1) and every line it printed. */
  readonly done: Promise<{ code: number; lines: string[] }>;
  /** Ends the build (and the process running it; the next build starts another); `done` still resolves. */
  stop(): void;
}

export interface BuildSession {
  /**
   * `plotwatch build ARGS` in the session's build process. Its lines are passed on as they come
   * (findings to `warn`), but for its closing line, which the caller says in its own words.
   */
  build(args: readonly string[], out: { print: (line: string) => void; warn: (line: string) => void }): ChildBuild;
  /** Ends the build process. */
  close(): void;
}

const SERVER = fileURLToPath(new URL('./build-server.ts', import.meta.url));
/**
 * A build makes many short-lived objects (a 1,000-tenant tenant edit: ~1.2 s of garbage collection
 * with V8's default 16 MiB semi-spaces); a larger young generation collects them far more cheaply.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * The builds of one `plotwatch dev`, one at a time, in one long-lived process (build-server.ts):
 * after the first, a build does not load the compiler again, and loads the sources again only
 * when they changed. The process is started with the first build, and again after a build that was
 * stopped or a process that died.
 */
export function buildSession(): BuildSession {
  let server: ChildProcess | undefined;
  let detach = () => {};
  const start = () =>
    fork(SERVER, [], {
      cwd: REPO_ROOT,
      execArgv: [...NODE_FLAGS, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  return {
    build(args, out) {
      const child = (server ??= start());
      const lines: string[] = [];
      let end: (code: number) => void = () => undefined;
      const done = new Promise<number>((resolve) => (end = resolve));
      const onMessage = (message: BuildMessage) => {
        if ('done' in message) return end(message.done);
        lines.push(message.line);
        if (!isBuildSummary(message.line)) (message.stream === 'out' ? out.print : out.warn)(message.line);
      };
      const onExit = (code: number | null, signal: string | null) => {
        if (server === child) server = undefined;
        if (!stopped)
          out.warn(`plotwatch dev: the build process ended (${signal ?? `exit code ${code}`}) before the build did`);
        end(1);
      };
      let stopped = false;
      // A line said after the answer (the cache could not be saved) is still passed on, until the next build.
      detach();
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ build: args } satisfies BuildRequest);
      detach = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      return {
        done: done.then((code) => {
          child.off('exit', onExit);
          return { code, lines: [...lines] };
        }),
        stop() {
          stopped = true;
          if (server === child) server = undefined;
          child.kill('SIGTERM');
        },
      };
    },
    close() {
      server?.kill('SIGTERM');
      server = undefined;
    },
  };
}
