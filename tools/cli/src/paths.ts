import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this CLI belongs to: defaults are relative to it, not to the caller's cwd. */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'out');
export const DEFAULT_TENANTS = resolve(REPO_ROOT, 'libs/platform/tenants');
/** The `plotwatch` executable, for those that run it as a user does. */
export const CLI_BIN = resolve(REPO_ROOT, 'tools/cli/bin/plotwatch.js');
