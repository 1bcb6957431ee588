import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
