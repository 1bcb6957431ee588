import { isBuildSummary } from '@plotwatch/build/dev';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI_BIN, REPO_ROOT } from '../paths.ts';

export interface ChildBuild {
  /** Resolves when the build exited: its exit code (a signal: 1) and every line it printed. */
  readonly done: Promise<{ code: number; lines: string[] }>;
  /** Ends the build (SIGTERM); `done` still resolves. */
  stop(): void;
}

/**
 * `plotwatch build ARGS` as a child process, so that every build imports the definitions and
 * libraries afresh. Its lines are passed on as they come (findings to `warn`), but for its
 * closing line, which the caller says in its own words.
 */
export function childBuild(
  args: readonly string[],
  out: { print: (line: string) => void; warn: (line: string) => void },
): ChildBuild {
  const child: ChildProcess = spawn(process.execPath, [CLI_BIN, 'build', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const follow = (stream: NodeJS.ReadableStream, say: (line: string) => void) =>
    new Promise<void>((resolve) => {
      const reader = createInterface({ input: stream, crlfDelay: Infinity });
      reader.on('line', (line) => {
        lines.push(line);
        if (!isBuildSummary(line)) say(line);
      });
      reader.on('close', resolve);
    });
  const streams = Promise.all([follow(child.stdout!, out.print), follow(child.stderr!, out.warn)]);
  const exited = new Promise<number>((resolve) => {
    child.on('error', (e) => {
      out.warn(`plotwatch dev: cannot start the build: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
  return {
    done: Promise.all([exited, streams]).then(([code]) => ({ code, lines })),
    stop: () => void child.kill('SIGTERM'),
  };
}
