import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this CLI belongs to: defaults are relative to it, not to the caller's cwd. */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'out');
export const DEFAULT_TENANTS = resolve(REPO_ROOT, 'libs/platform/tenants');

/** A definition's `import.meta.url` as a path relative to `root`, to name it in errors and in the manifest. */
export const sourcePathIn = (root: string) => (url: string) => relative(root, fileURLToPath(url)) || '.';
