// For the fault probes (faults.test.ts, faults-disk.test.ts): the real executable's build, and
// a digest of what it leaves in out/.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CLI_BIN, REPO_ROOT } from './paths.ts';

export interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

/** `plotwatch build`; `...options` such as `--no-cache`, for a build that must write though its inputs did not change. */
export function build(out: string, tenants: string, ...options: string[]): Promise<Exit> {
  return new Promise((resolve) =>
    execFile(
      'node',
      [CLI_BIN, 'build', '--out', out, '--tenants-dir', tenants, ...options],
      { cwd: REPO_ROOT },
      (error, _, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    ),
  );
}

/** What a kill left beside out/, by name (`.out.staging-<pid> 311 files`), for the log. */
export async function leftovers(target: string): Promise<string> {
  const names = (await readdir(target)).filter((n) => n !== 'out' && n !== '.plotwatch').sort();
  const described = await Promise.all(
    names.map(async (n) => {
      const entries = await readdir(join(target, n), { recursive: true, withFileTypes: true }).catch(() => undefined);
      const name = n.replace(/-\d+$/, '-<pid>');
      return entries ? `${name} ${entries.filter((e) => e.isFile()).length} files` : name;
    }),
  );
  return described.join(', ') || 'nothing';
}

/** `treeDigest` of a tree in memory (path -> content). */
export function digestOf(tree: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...tree.keys()].sort()) hash.update(`${path}\0`).update(tree.get(path)!).update('\0');
  return hash.digest('hex');
}

/** One sha256 over every file's path and bytes: equal trees, equal digests. */
export async function treeDigest(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return 'missing';
  const hash = createHash('sha256');
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const file of files.sort())
    hash
      .update(`${relative(dir, file)}\0`)
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex');
}

/**
 * `count` tenant files `<prefix>-001.yaml`…, one in ten and the last in mimir mode (a set of any
 * size has both tenancies but for a set of one), for a probe's trees: `suffix`
 * ends every display name, `firstErrorRatio` sets the first tenant's story_api_error_ratio.
 */
export async function writeProbeTenants(
  dir: string,
  count: number,
  { prefix, suffix = '', firstErrorRatio }: { prefix: string; suffix?: string; firstErrorRatio?: number },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)}`;
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    await writeFile(
      join(dir, `${id}.yaml`),
      `id: ${id}\ndisplayName: ${name} ${i}${suffix}\ntier: pro\n${i % 10 === 0 || (i === count && i > 1) ? 'tenancy: mimir\n' : ''}` +
        (i === 1 && firstErrorRatio !== undefined ? `thresholds:\n  story_api_error_ratio: ${firstErrorRatio}\n` : '') +
        `notifications:\n  - name: ops-mail\n    type: email\n    to: ops@${id}.example\n`,
    );
  }
}

/** What a killed build's trigger gets: the kill, and the build's pid (its staging folder is `.out.staging-<pid>`). */
export type Trigger = (kill: () => void, pid: number) => (() => void) | void;

/**
 * `plotwatch build` into `out` from `tenants`, killed (-9) when `trigger` calls its `kill` (it may
 * return a cleanup, run once the build exited); resolves then, saying whether the kill was sent
 * (false: the build ended before its trigger fired). `env`: the build's environment, if not this one's.
 */
export async function killedBuild(
  out: string,
  tenants: string,
  trigger: Trigger,
  env?: NodeJS.ProcessEnv,
): Promise<{ killed: boolean }> {
  const child = spawn('node', [CLI_BIN, 'build', '--out', out, '--tenants-dir', tenants], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
    ...(env ? { env } : {}),
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let killed = false;
  const cleanup = trigger(() => {
    if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL') || killed;
  }, child.pid!);
  await exited;
  cleanup?.();
  return { killed };
}

/** A trigger of `killedBuild`: `ms` after the start. */
export const killAfter =
  (ms: number): Trigger =>
  (kill) => {
    const timer = setTimeout(kill, ms);
    return () => clearTimeout(timer);
  };

/** Watches `dir`'s own entries and calls `on` with each name an event names; closed by the returned function. */
export function watchNames(dir: string, on: (name: string) => void): () => void {
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, (_, name) => name !== null && on(name));
  } catch {
    return () => undefined; // gone already
  }
  watcher.on('error', () => undefined); // the folder was renamed or removed: its events end
  return () => watcher.close();
}

/**
 * Calls `on` once with each file that appears below `dir` (its path relative to `dir`), those there
 * already first; closed by the returned function. One watch per folder, each made as its folder
 * appears and then read for what came before it (Node's recursive watch on Linux watches every file
 * and may miss some).
 */
export function watchFiles(dir: string, on: (path: string) => void): () => void {
  const closers: Array<() => void> = [];
  const seen = new Set<string>();
  let closed = false;
  const visit = (path: string) => {
    if (closed || seen.has(path)) return;
    seen.add(path);
    let stats;
    try {
      stats = statSync(join(dir, path));
    } catch {
      return seen.delete(path); // gone again, or not yet whole: a later event names it
    }
    if (!stats.isDirectory()) return on(path);
    closers.push(watchNames(join(dir, path), (name) => visit(join(path, name))));
    try {
      for (const name of readdirSync(join(dir, path))) visit(join(path, name));
    } catch {
      // gone: the staging folder was swapped in or removed
    }
  };
  visit('');
  return () => {
    closed = true;
    closers.forEach((close) => close());
  };
}
