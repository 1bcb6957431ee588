import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** The repository root, as the CLI passes it to the compiler. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Node's sha256, the `digest` a test compiles with (the CLI's is the same function). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
