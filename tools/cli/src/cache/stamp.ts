import { stat } from 'node:fs/promises';

/**
 * A file's identity and last write, as `stat` gives them: a long-lived build process (`plotwatch
 * dev`'s) reads a file it wrote or read before again only when its stamp changed (another process wrote it).
 */
export async function stampOf(file: string): Promise<string> {
  const s = await stat(file);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}
