// For the fault probes (faults.test.ts, faults-disk.test.ts): the real executable's build, and
// a digest of what it leaves in out/.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
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
