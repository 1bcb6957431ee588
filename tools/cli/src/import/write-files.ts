import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';

/** A file an import writes: a new definition, or the new text of a registry it edits. */
export interface PlannedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly content: string;
  /** A registry edit replaces the file as it was read; a definition must not exist yet. */
  readonly replaces?: string;
}

/** A planned file would overwrite something, or a registry changed since it was read. */
export class WriteConflict extends Error {}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Writes every file or none. All checks run first (no new file may exist, a registry must still
 * read as it was); then each file goes to a temporary sibling, and the renames come last, so a
 * failure before them leaves the tree as it was and removes the temporaries.
 */
export async function writeAll(root: string, files: readonly PlannedFile[], options: { force?: boolean } = {}) {
  for (const file of files) {
    const target = resolve(root, file.path);
    if (relative(root, target).startsWith('..')) throw new WriteConflict(`${file.path}: outside the repository`);
    if (file.replaces !== undefined) {
      const now = await readFile(target, 'utf8').catch(() => undefined);
      if (now !== file.replaces) throw new WriteConflict(`${file.path} changed while importing; run the import again`);
    } else if (!options.force && (await exists(target)))
      throw new WriteConflict(
        `${file.path} exists already; choose another name with --slug (or --domain), or replace it with --force`,
      );
  }
  const suffix = `.plotwatch-import-${randomBytes(4).toString('hex')}`;
  const staged: string[] = [];
  const madeDirs: string[] = [];
  try {
    for (const file of files) {
      const target = resolve(root, file.path);
      const made = await mkdir(dirname(target), { recursive: true });
      if (made) madeDirs.push(made);
      await writeFile(`${target}${suffix}`, file.content);
      staged.push(target);
    }
    for (const target of staged) await rename(`${target}${suffix}`, target);
  } catch (error) {
    await Promise.all(staged.map((target) => rm(`${target}${suffix}`, { force: true })));
    // Folders made for the new files held nothing else.
    await Promise.all(madeDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    throw error;
  }
}
