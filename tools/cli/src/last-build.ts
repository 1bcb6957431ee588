import { manifestChanges, type BuildChanges, type ManifestEntries } from '@plotwatch/build/proofs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type { BuildChanges, ManifestEntries };

/** Where the CLI keeps what it remembers between runs: `.plotwatch/` beside out/ (git-ignored). */
export function stateDirOf(outDir: string): string {
  return join(dirname(outDir), '.plotwatch');
}

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
): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, LAST_BUILD), `${JSON.stringify(manifestChanges(before, after), null, 1)}\n`);
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
