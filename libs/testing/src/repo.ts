import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

/** The repository root, as the CLI passes it to the compiler. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** A path of the repository, given relative to its root. */
export const repoPath = (path: string): string => resolve(REPO_ROOT, path);

export const existsInRepo = (path: string): boolean => existsSync(repoPath(path));

export const readRepoFile = (path: string): string => readFileSync(repoPath(path), 'utf8');

/** Node's sha256, the `digest` a test compiles with (the CLI's is the same function). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a build reads: a scratch checkout copies these, so edits to it touch the copy only. */
const BUILD_SOURCES = [
  'libs',
  'alerts',
  'recording-rules',
  'dashboards',
  'tools/cli',
  'package.json',
  'package-lock.json',
];

/**
 * A scratch checkout of this repository, to edit and build in: the sources copied (without test
 * fixtures), node_modules linked to this one's, but for the workspace packages, which link
 * (relatively) to the copy's own folders. The caller removes it.
 */
export async function scratchCheckout(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'plotwatch-scratch-'));
  const nested: string[] = [];
  for (const path of BUILD_SOURCES)
    await cp(repoPath(path), join(root, path), {
      recursive: true,
      filter: (from) => {
        // A workspace's own node_modules (a version npm kept apart): linked, not copied.
        if (basename(from) === 'node_modules') nested.push(relative(REPO_ROOT, from));
        return basename(from) !== 'node_modules' && basename(from) !== '__fixtures__';
      },
    });
  for (const path of nested) await symlink(repoPath(path), join(root, path));
  await mkdir(join(root, 'node_modules'));
  for (const name of await readdir(repoPath('node_modules')))
    if (name === '@plotwatch')
      await cp(repoPath(`node_modules/${name}`), join(root, 'node_modules', name), {
        recursive: true,
        verbatimSymlinks: true,
      });
    else await symlink(repoPath(`node_modules/${name}`), join(root, 'node_modules', name));
  return root;
}
