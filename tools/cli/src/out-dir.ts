import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Artifact } from './artifacts.ts';

/**
 * Replaces `outDir` by what `fill` writes into a fresh directory beside it, swapped in with
 * renames on the same filesystem: readers see the old out/ or the new one, never a mix. When
 * `fill` throws or returns `ok: false`, the fresh directory is removed and the old out/ is left
 * byte-for-byte as it was.
 */
export async function replaceAtomically<T extends { readonly ok: boolean }>(outDir: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const parent = dirname(outDir);
  const staging = join(parent, `.${basename(outDir)}.staging-${process.pid}`);
  const previous = join(parent, `.${basename(outDir)}.previous-${process.pid}`);
  await mkdir(parent, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  let result: T;
  try {
    result = await fill(staging);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  if (!result.ok) {
    await rm(staging, { recursive: true, force: true });
    return result;
  }
  const hadPrevious = await rename(outDir, previous).then(() => true, (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return false;
    throw e;
  });
  try {
    await rename(staging, outDir);
  } catch (e) {
    if (hadPrevious) await rename(previous, outDir);
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
  return result;
}

const WRITES_IN_FLIGHT = 8;

/** Writes artifacts under `dir`, a few at a time: libuv's threads write while this thread queues the next ones. */
export async function writeArtifacts(dir: string, artifacts: ReadonlyArray<Pick<Artifact, 'path' | 'content'>>): Promise<void> {
  for (const sub of new Set(artifacts.map((a) => dirname(join(dir, a.path))))) await mkdir(sub, { recursive: true });
  let next = 0;
  const writer = async () => {
    while (next < artifacts.length) {
      const artifact = artifacts[next++]!;
      await writeFile(join(dir, artifact.path), artifact.content);
    }
  };
  // Every writer settles before this returns, so no write lands after the caller removes `dir`.
  const failed = (await Promise.allSettled(Array.from({ length: WRITES_IN_FLIGHT }, writer))).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Every file under `dir`, as paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Files that differ between a directory on disk and the artifacts of a fresh build. */
export async function staleFiles(dir: string, artifacts: readonly Artifact[]): Promise<string[]> {
  const expected = new Map(artifacts.map((a) => [a.path, a.content]));
  const present = await listFiles(dir);
  const stale: string[] = [];
  for (const path of present) {
    const want = expected.get(path);
    if (want === undefined) stale.push(`${path} (not generated any more)`);
    else if ((await readFile(join(dir, path), 'utf8')) !== want) stale.push(`${path} (differs)`);
  }
  for (const path of expected.keys()) if (!present.includes(path)) stale.push(`${path} (missing)`);
  return stale.sort();
}
