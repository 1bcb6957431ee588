// Helpers of the CLI's tests that run the real command in a copy of the repository.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** Replaces the first match of `from` in a file; throws when nothing matched. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  await writeFile(file, edited);
}

/** Every `$__file{path}` a contact point in out/ names, written below `root` with a made-up secret. */
export async function writeReferencedSecrets(out: string, root: string): Promise<void> {
  const { artifacts } = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ path: string }>;
  };
  const alerting = artifacts.filter((e) => e.path.startsWith('grafana/alerting/'));
  const texts = await Promise.all(alerting.map((e) => readFile(join(out, e.path), 'utf8')));
  for (const [, path] of texts.join('\n').matchAll(/\$__file\{([^}]+)\}/g)) {
    await mkdir(dirname(join(root, path!)), { recursive: true });
    await writeFile(join(root, path!), `secret-of-${path}\n`);
  }
}

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
