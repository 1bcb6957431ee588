// Helpers of the CLI's tests that run the real command in a copy of the repository.
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** What a build reads: copied, so that edits touch the copy only. */
const SOURCES = ['libs', 'alerts', 'recording-rules', 'dashboards', 'tools/cli', 'package.json', 'package-lock.json'];

/**
 * A scratch checkout to edit: the sources copied, node_modules linked to this one's, but for the
 * workspace packages, which link to the copy's own folders.
 */
export async function scratchCheckout(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'plotwatch-scratch-'));
  for (const path of SOURCES)
    await cp(join(REPO_ROOT, path), join(root, path), {
      recursive: true,
      filter: (from) => !from.includes('/node_modules') && !from.includes('__fixtures__'),
    });
  await mkdir(join(root, 'node_modules'));
  for (const name of await readdir(join(REPO_ROOT, 'node_modules')))
    if (name === '@plotwatch')
      await cp(join(REPO_ROOT, 'node_modules', name), join(root, 'node_modules', name), {
        recursive: true,
        verbatimSymlinks: true,
      });
    else await symlink(join(REPO_ROOT, 'node_modules', name), join(root, 'node_modules', name));
  return root;
}

/** Replaces the first match of `from` in a file; throws when nothing matched. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  await writeFile(file, edited);
}
