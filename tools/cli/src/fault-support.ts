// For the fault probes (faults.test.ts, faults-disk.test.ts): the real executable's build, and
// a digest of what it leaves in out/.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
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
 * `count` tenant files `<prefix>-001.yaml`…, one in ten in mimir mode, for a probe's trees: `suffix`
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
      `id: ${id}\ndisplayName: ${name} ${i}${suffix}\ntier: pro\n${i % 10 === 0 ? 'tenancy: mimir\n' : ''}` +
        (i === 1 && firstErrorRatio !== undefined ? `thresholds:\n  story_api_error_ratio: ${firstErrorRatio}\n` : '') +
        `notifications:\n  - name: ops-mail\n    type: email\n    to: ops@${id}.example\n`,
    );
  }
}

/**
 * `plotwatch build` into `out` from `tenants`, killed (-9) when `trigger` calls its `kill` (it may
 * return a cleanup, run once the build exited); resolves then.
 */
export async function killedBuild(
  out: string,
  tenants: string,
  trigger: (kill: () => void) => (() => void) | void,
): Promise<void> {
  const child = spawn('node', [CLI_BIN, 'build', '--out', out, '--tenants-dir', tenants], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const cleanup = trigger(() => child.kill('SIGKILL'));
  await exited;
  cleanup?.();
}

/** A trigger of `killedBuild`: `ms` after the start. */
export const killAfter =
  (ms: number) =>
  (kill: () => void): (() => void) => {
    const timer = setTimeout(kill, ms);
    return () => clearTimeout(timer);
  };
