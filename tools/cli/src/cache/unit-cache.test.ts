import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnitCache, type CachedUnit } from './unit-cache.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const unit = (path: string): CachedUnit => ({
  entries: [{ path, kind: 'grafana-dashboard', source: 'dashboards/ops/x.ts', sha256: path.padEnd(64, '0') }],
  checked: 'c',
});

/** One build: opens the cache, lets `use` get and put units, saves and releases it. */
async function build(dir: string, use: (cache: UnitCache) => void): Promise<void> {
  const cache = await UnitCache.open(dir);
  if ('busy' in cache) throw new Error(cache.busy);
  use(cache);
  await cache.save();
  await cache.release();
}

const indexOf = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    build: number;
    units: Record<string, { build: number }>;
  };

describe('UnitCache', () => {
  it('keeps the units of the last two builds, and leaves the index alone after a build that changed nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'unit-cache-'));
    dirs.push(dir);
    await build(dir, (c) => (c.put('a', unit('a.json')), c.put('b', unit('b.json'))));
    expect(await indexOf(dir)).toMatchObject({ build: 1, units: { a: { build: 1 }, b: { build: 1 } } });

    // Every unit reused, none made: the index file is not written again.
    const before = await stat(join(dir, 'index.json'));
    await build(dir, (c) => (c.get('a'), c.get('b')));
    const after = await stat(join(dir, 'index.json'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    // b unused for one build: still kept; for two: dropped.
    await build(dir, (c) => c.get('a'));
    expect(await indexOf(dir)).toMatchObject({ build: 2, units: { a: { build: 2 }, b: { build: 1 } } });
    await build(dir, (c) => c.get('a'));
    const last = await indexOf(dir);
    expect(Object.keys(last.units)).toEqual(['a']);
    expect(last.build).toBe(3);
  });
});
