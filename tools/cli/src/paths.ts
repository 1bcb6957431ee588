import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this CLI belongs to: defaults are relative to it, not to the caller's cwd. */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'out');
export const DEFAULT_TENANTS = resolve(REPO_ROOT, 'libs/platform/tenants');
/** The `plotwatch` executable, for those that run it as a user does. */
export const CLI_BIN = resolve(REPO_ROOT, 'tools/cli/bin/plotwatch.js');

/** Where the CLI keeps what it remembers between runs: `.plotwatch/` beside out/ (git-ignored). */
export function stateDirOf(outDir: string): string {
  return join(dirname(outDir), '.plotwatch');
}

/** The incremental build's cache of an out/ folder (the repository's, for the default out/). */
export function cacheDirOf(outDir: string): string {
  return join(stateDirOf(outDir), 'cache');
}
