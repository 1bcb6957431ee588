import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';
import { UsageError } from './usage.ts';

/**
 * `path` (e.g. `out` or `out/kubernetes/prod`) as committed at git ref `ref`, extracted into a
 * temporary directory for `use`: no checkout, so the working tree is left alone. A commit without
 * that path gives `use` a directory that does not exist, which the readers take as empty.
 */
export async function withCommitted<T>(ref: string, path: string, use: (dir: string) => Promise<T>): Promise<T> {
  try {
    execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new UsageError(`--base "${ref}" is neither a directory nor a git ref of ${REPO_ROOT}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-base-'));
  try {
    const listed = execFileSync('git', ['-C', REPO_ROOT, 'ls-tree', '--name-only', ref, path], { encoding: 'utf8' });
    if (listed.trim()) {
      const archive = execFileSync('git', ['-C', REPO_ROOT, 'archive', '--format=tar', ref, path], {
        maxBuffer: 1 << 30,
      });
      execFileSync('tar', ['-x', '-C', dir], { input: archive });
    }
    return await use(join(dir, path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
