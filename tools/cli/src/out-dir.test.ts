import { readTree, writeTree } from '@plotwatch/testing';
import { link, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Artifact } from '@plotwatch/build';
import { pendingUpdate, replaceAtomically, staleFiles, stockSpares, writeArtifacts } from './out-dir.ts';

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

/** The texts of the files patches displaced from `root`/out/, kept to be written over. */
async function spares(root: string): Promise<string[]> {
  return [...(await readTree(join(root, '.plotwatch/spare'))).values()];
}

describe('replaceAtomically with a patch (out/ updated in place)', () => {
  const patchOut = (out: string, artifacts: Artifact[], removed: string[]) =>
    replaceAtomically(out, async (staging) => {
      await writeArtifacts(staging, artifacts, { flat: true });
      return { ok: true, patch: { changed: artifacts.map((a) => a.path), removed } };
    });

  it('moves the changed files in, removes those gone and the folders they leave empty, keeps the rest', async () => {
    const root = await writeTree([
      ['out/a.yaml', 'old a\n'],
      ['out/kept.yaml', 'kept\n'],
      ['out/deep/er/gone.yaml', 'old\n'],
      ['out/deep/stays.yaml', 'stays\n'],
    ]);
    dirs.push(root);
    const out = join(root, 'out');
    await patchOut(out, [artifact('a.yaml', 'new a\n'), artifact('new/b.yaml', 'b\n')], ['deep/er/gone.yaml']);
    expect(await readTree(out)).toEqual(
      new Map([
        ['a.yaml', 'new a\n'],
        ['deep/stays.yaml', 'stays\n'],
        ['kept.yaml', 'kept\n'],
        ['new/b.yaml', 'b\n'],
      ]),
    );
    expect((await readdir(join(out, 'deep'))).sort()).toEqual(['stays.yaml']);
    expect((await readdir(root)).sort()).toEqual(['.plotwatch', 'out']);
    // The file a.yaml replaced waits as a spare for the next patch.
    expect(await spares(root)).toEqual(['old a\n']);
  });

  it("writes a patch's files over the files earlier patches displaced, but never over one with a second name", async () => {
    const root = await writeTree([
      ['out/a.yaml', 'old a\n'],
      ['out/b.yaml', 'old b\n'],
    ]);
    dirs.push(root);
    const out = join(root, 'out');
    const inode = async (path: string) => (await stat(join(out, path))).ino;
    const before = { a: await inode('a.yaml'), b: await inode('b.yaml') };
    // b.yaml has a second name (a hard-linked copy of the checkout, say): its bytes must stay.
    await link(join(out, 'b.yaml'), join(root, 'copy-of-b.yaml'));
    await patchOut(out, [artifact('a.yaml', 'new a\n'), artifact('b.yaml', 'new b\n')], []);
    expect((await spares(root)).sort()).toEqual(['old a\n', 'old b\n']);
    // The next patch: a longer file and a shorter one than the spare each may take.
    await patchOut(out, [artifact('a.yaml', 'a, the third version\n'), artifact('b.yaml', 'b\n')], []);
    expect(await readTree(out)).toEqual(
      new Map([
        ['a.yaml', 'a, the third version\n'],
        ['b.yaml', 'b\n'],
      ]),
    );
    // Written over: out/ holds old a's file again; old b's, with its second name, was let go.
    expect([await inode('a.yaml'), await inode('b.yaml')]).toContain(before.a);
    expect([await inode('a.yaml'), await inode('b.yaml')]).not.toContain(before.b);
    expect(await readFile(join(root, 'copy-of-b.yaml'), 'utf8')).toBe('old b\n');
    expect((await spares(root)).sort()).toEqual(['new a\n', 'new b\n']);
  });

  it('writes a first patch over spares stocked ahead (empty files, made until there are as many as asked)', async () => {
    const root = await writeTree([['out/a.yaml', 'old a\n']]);
    dirs.push(root);
    const out = join(root, 'out');
    await stockSpares(out, 3);
    await stockSpares(out, 3);
    const stocked = await readdir(join(root, '.plotwatch/spare'));
    expect(await spares(root)).toEqual(['', '', '']);
    const inodes = await Promise.all(stocked.map(async (n) => (await stat(join(root, '.plotwatch/spare', n))).ino));
    await patchOut(out, [artifact('a.yaml', 'new a\n'), artifact('new/b.yaml', 'b\n')], []);
    expect(await readTree(out)).toEqual(
      new Map([
        ['a.yaml', 'new a\n'],
        ['new/b.yaml', 'b\n'],
      ]),
    );
    // Both files were written over stocked spares; one is left, with old a.yaml displaced beside it.
    for (const path of ['a.yaml', 'new/b.yaml']) expect(inodes).toContain((await stat(join(out, path))).ino);
    expect((await spares(root)).sort()).toEqual(['', 'old a\n']);
  });

  it('a patch cut while moving files in (its journal committed) is finished by the next build first', async () => {
    const root = await writeTree([
      ['out/a.yaml', 'new a\n'], // moved in before the cut
      ['out/b.yaml', 'old b\n'],
      ['out/gone.yaml', 'old\n'],
      ['out/manifest.json', 'old manifest\n'],
      ['.out.staging-999999/b.yaml', 'new b\n'],
      ['.out.staging-999999/manifest.json', 'new manifest\n'],
      ['.out.staging-999998/half.yaml', 'of a build killed before it committed\n'],
      ['.out.journal-999998', '{"half": "written"}'],
    ]);
    dirs.push(root);
    const out = join(root, 'out');
    const journal = {
      staging: '.out.staging-999999',
      changed: ['a.yaml', 'b.yaml', 'manifest.json'],
      removed: ['gone.yaml'],
    };
    await writeFile(join(root, '.out.journal'), JSON.stringify(journal));
    expect(await pendingUpdate(out)).toContain('run plotwatch build, which finishes it');

    let seen: Map<string, string> | undefined;
    await replaceAtomically(out, async () => {
      seen = await readTree(out);
      return { ok: false };
    });
    expect(seen).toEqual(
      new Map([
        ['a.yaml', 'new a\n'],
        ['b.yaml', 'new b\n'],
        ['manifest.json', 'new manifest\n'],
      ]),
    );
    expect((await readdir(root)).sort()).toEqual(['.plotwatch', 'out']);
    // What the cut run displaced, and those this one did; not a.yaml, which it had moved in already.
    expect((await spares(root)).sort()).toEqual(['old b\n', 'old manifest\n']);
    expect(await pendingUpdate(out)).toBeUndefined();
  });

  it('a patch not ok (a check failed meanwhile) commits nothing: out/ as it was, no journal', async () => {
    const out = await existingOut();
    const before = await readTree(out);
    const result = await replaceAtomically(out, async (staging) => {
      await writeArtifacts(staging, [artifact('a.yaml', 'half of a build\n')], { flat: true });
      return { ok: false, patch: { changed: ['a.yaml'], removed: ['gone.yaml'] } };
    });
    expect(result.ok).toBe(false);
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
