import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readManifestEntries } from '../last-build.ts';
import { readsContent } from './summarize.ts';

/** Files read at once: an out/ of 1,000 tenants has ~25,000, more than a process may open. */
const CONCURRENCY = 64;

/** Marks a file both trees have with the same sha256 in their manifests: equal, so never read. */
const unchanged = (sha: string) => `\0unchanged sha256:${sha}`;

async function listFiles(dir: string): Promise<string[]> {
  // A git ref without out/ (before it was committed) is an empty tree.
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function readAll(dir: string, paths: readonly string[], into: Map<string, string>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      into.set(path, await readFile(join(dir, path), 'utf8'));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function manifestHashes(dir: string): Promise<Map<string, string> | undefined> {
  const entries = await readManifestEntries(dir);
  return entries && new Map(entries.map((a) => [a.path, a.sha256]));
}

/**
 * Two out/ directories as trees for `summarize`. A file both manifests list with the same sha256
 * is the same file (the build writes the manifest with the files), so it is not read: both trees
 * hold one equal placeholder for it. The threshold series are always read (they name the tenants).
 */
export async function readTrees(baseDir: string, headDir: string): Promise<[Map<string, string>, Map<string, string>]> {
  const [basePaths, headPaths, baseHashes, headHashes] = await Promise.all([
    listFiles(baseDir),
    listFiles(headDir),
    manifestHashes(baseDir),
    manifestHashes(headDir),
  ]);
  const [base, head] = [new Map<string, string>(), new Map<string, string>()];
  const inHead = new Set(headPaths);
  const same = (path: string) => {
    const sha = baseHashes?.get(path);
    return sha !== undefined && sha === headHashes?.get(path) && inHead.has(path) && !path.endsWith('thresholds.yaml');
  };
  for (const path of basePaths)
    if (same(path)) {
      base.set(path, unchanged(baseHashes!.get(path)!));
      head.set(path, unchanged(baseHashes!.get(path)!));
    }
  // A changed file the summary only lists (a ConfigMap, a promtool test) is told by its hash alone.
  const hashOnly = (tree: Map<string, string>, hashes: Map<string, string> | undefined, paths: string[]) => {
    for (const path of paths) {
      const sha = hashes?.get(path);
      if (!tree.has(path) && sha !== undefined && !readsContent(path)) tree.set(path, `\0sha256:${sha}`);
    }
  };
  hashOnly(base, baseHashes, basePaths);
  hashOnly(head, headHashes, headPaths);
  await Promise.all([
    readAll(
      baseDir,
      basePaths.filter((p) => !base.has(p)),
      base,
    ),
    readAll(
      headDir,
      headPaths.filter((p) => !head.has(p)),
      head,
    ),
  ]);
  return [base, head];
}
