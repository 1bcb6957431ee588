import { readTree, writeTree } from '@plotwatch/testing';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Artifact } from '@plotwatch/build';
import { replaceAtomically, staleFiles, writeArtifacts } from './out-dir.ts';

const artifact = (path: string, content: string): Artifact => ({
  path,
  content,
  kind: 'prometheus-rules',
  source: 'test',
});
const dirs: string[] = [];
const writeOutAtomically = (out: string, artifacts: Artifact[]) =>
  replaceAtomically(out, async (staging) => {
    await writeArtifacts(staging, artifacts);
    return { ok: true };
  });
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function existingOut(): Promise<string> {
  const root = await writeTree([
    ['out/a.yaml', 'old a\n'],
    ['out/gone.yaml', 'old\n'],
  ]);
  dirs.push(root);
  return join(root, 'out');
}

describe('replaceAtomically', () => {
  it('replaces the whole directory: new files in, files no longer generated out', async () => {
    const out = await existingOut();
    await writeOutAtomically(out, [artifact('a.yaml', 'new a\n'), artifact('sub/b.yaml', 'b\n')]);
    expect(await readTree(out)).toEqual(
      new Map([
        ['a.yaml', 'new a\n'],
        ['sub/b.yaml', 'b\n'],
      ]),
    );
    expect(await readdir(dirname(out))).toEqual(['out']);
  });

  it('leaves the previous directory byte-for-byte as it was when writing fails half way', async () => {
    const out = await existingOut();
    const before = await readTree(out);
    // `x` as a file and as a directory: the second write fails after the first succeeded.
    await expect(
      writeOutAtomically(out, [artifact('x', 'file\n'), artifact('x/y.yaml', 'under a file\n')]),
    ).rejects.toThrow();
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(dirname(out))).toEqual(['out']);
  });

  it('leaves the previous directory as it was when what was written is not ok (a check failed meanwhile)', async () => {
    const out = await existingOut();
    const before = await readTree(out);
    const result = await replaceAtomically(out, async (staging) => {
      await writeArtifacts(staging, [artifact('a.yaml', 'half of a build\n')]);
      return { ok: false };
    });
    expect(result).toEqual({ ok: false });
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(dirname(out))).toEqual(['out']);
  });
});

describe('staleFiles', () => {
  it('names files that differ, are missing or are no longer generated', async () => {
    const out = await existingOut();
    expect(await staleFiles(out, [artifact('a.yaml', 'new a\n'), artifact('new.yaml', 'n\n')])).toEqual([
      'a.yaml (differs)',
      'gone.yaml (not generated any more)',
      'new.yaml (missing)',
    ]);
  });
});
