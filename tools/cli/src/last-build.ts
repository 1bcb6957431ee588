import type { BuildChanges, ManifestEntries } from '@plotwatch/build/proofs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type { BuildChanges, ManifestEntries };

const LAST_BUILD = 'last-build.json';

/** The artifacts `out/manifest.json` lists, or undefined when there is no readable manifest. */
export async function readManifestEntries(outDir: string): Promise<ManifestEntries | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as {
      artifacts?: ManifestEntries;
    };
    return manifest.artifacts ?? [];
  } catch {
    return undefined;
  }
}

/** Writes `<stateDir>/last-build.json`: the paths of out/ the build changed (new or another sha256) and removed. */
export async function recordLastBuild(
  stateDir: string,
  before: ManifestEntries | undefined,
  after: ManifestEntries,
  /** What a patch of out/ changed and removed, when the build patched it: the same, worked out already. */
  patch?: { readonly changed: readonly string[]; readonly removed: readonly string[] },
): Promise<void> {
  if (patch)
    return write(stateDir, {
      changed: patch.changed.filter((p) => p !== 'manifest.json'),
      removed: [...patch.removed],
    });
  const { manifestChanges } = await import('@plotwatch/build/proofs');
  await write(stateDir, manifestChanges(before, after));
}

/** The record of a build that found out/ up to date: nothing changed. */
export async function recordNothingChanged(stateDir: string): Promise<void> {
  await write(stateDir, { changed: [], removed: [] });
}

async function write(stateDir: string, changes: BuildChanges): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, LAST_BUILD), `${JSON.stringify(changes, null, 1)}\n`);
}

/** What the last recorded build changed, or undefined when none was recorded. */
export async function readLastBuild(stateDir: string): Promise<BuildChanges | undefined> {
  try {
    return JSON.parse(await readFile(join(stateDir, LAST_BUILD), 'utf8')) as BuildChanges;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
