import { sleep, writeTree } from '@plotwatch/testing';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolders, type Watcher } from './watch.ts';

describe('watchFolders', () => {
  let root: string;
  let watcher: Watcher | undefined;
  afterEach(async () => {
    watcher?.close();
    await rm(root, { recursive: true, force: true });
  });

  /** Waits for the next batch of saved paths. */
  const start = async () => {
    root = await writeTree([
      ['dashboards/ml/cost.ts', 'a\n'],
      ['dashboards/node_modules/x/index.js', 'x\n'],
      ['out/kept.json', '{}\n'],
    ]);
    const batches: string[][] = [];
    watcher = watchFolders(
      root,
      [root],
      [join(root, 'out')],
      (paths) => batches.push(paths.sort()),
      () => undefined,
      50,
    );
    return async (): Promise<string[]> => {
      const seen = batches.length;
      for (let i = 0; i < 100 && batches.length === seen; i++) await sleep(20);
      return batches[seen] ?? [];
    };
  };

  it('sees a file saved in place, and saved by renaming a new file over it, again and again', async () => {
    const next = await start();
    const file = join(root, 'dashboards/ml/cost.ts');
    await appendFile(file, 'b\n');
    expect(await next()).toEqual(['dashboards/ml/cost.ts']);
    for (const text of ['c\n', 'd\n']) {
      // As editors (and `sed -i`) save: a new file, renamed over the old one.
      await writeFile(join(root, 'dashboards/ml/sedXy12ab'), text);
      await rename(join(root, 'dashboards/ml/sedXy12ab'), file);
      // The new file, gone again, is not said: the saved one is.
      expect(await next()).toEqual(['dashboards/ml/cost.ts']);
    }
    await appendFile(file, 'e\n');
    expect(await next()).toEqual(['dashboards/ml/cost.ts']);
  });

  it('sees files in folders made after it started; not node_modules, nor the ignored out/ and what is beside it', async () => {
    const next = await start();
    await mkdir(join(root, 'dashboards/new/deeper'), { recursive: true });
    await sleep(100);
    await writeFile(join(root, 'dashboards/new/deeper/board.ts'), 'x\n');
    expect(await next()).toEqual(['dashboards/new/deeper/board.ts']);
    await writeFile(join(root, 'dashboards/node_modules/x/index.js'), 'y\n');
    await writeFile(join(root, 'out/kept.json'), '[]\n');
    await writeFile(join(root, '.out.lock'), '1\n');
    await writeFile(join(root, 'dashboards/ml/cost.ts'), 'z\n');
    expect(await next()).toEqual(['dashboards/ml/cost.ts']);
    // A file removed is a change.
    await rm(join(root, 'dashboards/new/deeper/board.ts'));
    expect(await next()).toEqual(['dashboards/new/deeper/board.ts']);
  });
});
