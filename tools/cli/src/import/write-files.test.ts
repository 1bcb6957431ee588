import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAll, WriteConflict } from './write-files.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'plotwatch-write-'));
  await mkdir(join(root, 'dashboards'));
  await writeFile(join(root, 'dashboards/index.ts'), 'registry v1\n');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const tree = async () => (await readdir(root, { recursive: true })).sort();

describe('writeAll', () => {
  it('writes new files and replaces a registry that still reads as it was', async () => {
    await writeAll(root, [
      { path: 'dashboards/ops/new.ts', content: 'export const x = 1;\n' },
      { path: 'dashboards/index.ts', content: 'registry v2\n', replaces: 'registry v1\n' },
    ]);
    expect(await readFile(join(root, 'dashboards/ops/new.ts'), 'utf8')).toBe('export const x = 1;\n');
    expect(await readFile(join(root, 'dashboards/index.ts'), 'utf8')).toBe('registry v2\n');
    expect(await tree()).toEqual(['dashboards', 'dashboards/index.ts', 'dashboards/ops', 'dashboards/ops/new.ts']);
  });

  it('writes nothing when a new file exists already, and says how to go on', async () => {
    await writeFile(join(root, 'dashboards/taken.ts'), 'mine\n');
    const before = await tree();
    await expect(
      writeAll(root, [
        { path: 'dashboards/ops/new.ts', content: 'x\n' },
        { path: 'dashboards/taken.ts', content: 'theirs\n' },
      ]),
    ).rejects.toThrow(
      new WriteConflict(
        'dashboards/taken.ts exists already; choose another name with --slug (or --domain), or replace it with --force',
      ),
    );
    expect(await tree()).toEqual(before);
    expect(await readFile(join(root, 'dashboards/taken.ts'), 'utf8')).toBe('mine\n');
  });

  it('writes nothing when the registry changed after it was read', async () => {
    await expect(
      writeAll(root, [
        { path: 'dashboards/ops/new.ts', content: 'x\n' },
        { path: 'dashboards/index.ts', content: 'registry v2\n', replaces: 'registry v0\n' },
      ]),
    ).rejects.toThrow('dashboards/index.ts changed while importing; run the import again');
    expect(await tree()).toEqual(['dashboards', 'dashboards/index.ts']);
  });

  it('refuses a path outside the repository', async () => {
    await expect(writeAll(root, [{ path: '../escape.ts', content: 'x\n' }])).rejects.toThrow(
      '../escape.ts: outside the repository',
    );
  });

  it('leaves no temporary file or new folder when a write fails half way', async () => {
    // A directory where a file should go makes the second write fail after the first was staged.
    await mkdir(join(root, 'dashboards/blocked.ts.plotwatch-import-x'), { recursive: true });
    await writeFile(join(root, 'dashboards/file'), 'a file, not a folder\n');
    const before = await tree();
    await expect(
      writeAll(root, [
        { path: 'dashboards/ops/new.ts', content: 'x\n' },
        { path: 'dashboards/file/inside.ts', content: 'y\n' },
      ]),
    ).rejects.toThrow();
    expect(await tree()).toEqual(before);
  });
});
