// `plotwatch dev` of a checkout, run as a user runs it and read by its lines (tests and benchmarks).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running `plotwatch dev` of a checkout: its lines (stdout and stderr) as they come. */
export interface DevProcess {
  readonly lines: readonly string[];
  /** The next summary line (`plotwatch dev: … -> …`) not returned before. */
  summary(timeoutMs?: number): Promise<string>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `plotwatch dev ARGS` in `root` (a scratch checkout), with `env` added to this process's environment. */
export function startDev(root: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): DevProcess {
  const child = spawn(process.execPath, [join(root, 'tools/cli/bin/plotwatch.js'), 'dev', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let seen = 0;
  let wake = () => {};
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      wake();
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (wake(), resolve(code))));
  const isSummary = (line: string) => line.startsWith('plotwatch dev: ') && line.includes(' -> ');
  return {
    lines,
    async summary(timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const summaries = lines.filter(isSummary);
        if (summaries.length > seen) return summaries[seen++]!;
        if (child.exitCode !== null) throw new Error(`plotwatch dev exited ${child.exitCode}:\n${lines.join('\n')}`);
        if (Date.now() > deadline) throw new Error(`no summary line in ${timeoutMs} ms:\n${lines.join('\n')}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000);
        });
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
