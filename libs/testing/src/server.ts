import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** A server process the test started; `stop()` ends its whole process group and is safe to call twice. */
export interface RunningServer {
  readonly url: string;
  /** What it printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Base URL; `${url}/-/ready` answers 200 once the server serves. */
  readonly url: string;
  readonly readyTimeoutMs?: number;
  /** Added to the environment it inherits (e.g. Go's runtime settings). */
  readonly env?: Readonly<Record<string, string>>;
}

const STOP_GRACE_MS = 5_000;

/**
 * Starts `command` in its own process group (so stopping it also ends anything it forked) and
 * waits until it is ready. If it exits or never becomes ready, it is stopped and the error
 * carries its output.
 */
export async function startServer({
  command,
  args,
  url,
  readyTimeoutMs = 20_000,
  env,
}: ServerSpec): Promise<RunningServer> {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // `once` rejects on 'error' (a failed spawn, reported below): only the exit matters here.
  const exited = once(child, 'exit').catch(() => undefined);
  const spawnError = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawnError) {
    const hint = spawnError.code === 'ENOENT' ? ': run tools/scripts/ensure-prometheus-tools.sh' : '';
    throw new Error(`cannot start ${command}${hint} (${spawnError.message})`);
  }

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopGroup(child.pid!, exited));
  const server: RunningServer = { url, output: () => output, stop };
  try {
    await waitUntilReady(`${url}/-/ready`, readyTimeoutMs, () => child.exitCode !== null || child.signalCode !== null);
    return server;
  } catch (e) {
    await stop();
    throw new Error(`${command} did not become ready at ${url}: ${(e as Error).message}\n${output}`, { cause: e });
  }
}

async function waitUntilReady(readyUrl: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('it exited');
    const ok = await fetch(readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

/** SIGTERM to the group, SIGKILL if it lingers; resolves once the leader has exited. */
async function stopGroup(pid: number, exited: Promise<unknown>): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** False when the group is already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
