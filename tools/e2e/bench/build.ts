import { run, writeTree } from '@plotwatch/testing';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CLI_BIN, REPO_ROOT } from '@plotwatch/cli';
import { fmt, table } from './measure.ts';

/** Wall seconds and peak RSS of a command, from GNU time. */
async function timed(args: string[], cwd: string): Promise<{ seconds: number; peakMiB: number; output: string }> {
  const result = await run('/usr/bin/time', ['-f', 'TIME %e %M', ...args], cwd);
  if (!result.ok) throw new Error(result.output);
  const [, seconds, kib] = /TIME ([\d.]+) (\d+)/.exec(result.output)!;
  return { seconds: Number(seconds), peakMiB: Number(kib) / 1024, output: result.output };
}

const FLOOR = join(import.meta.dirname, 'floor.ts');

/** One sha256 over every file's path and bytes, in path order: equal trees, equal hashes. */
async function treeHash(dir: string): Promise<string> {
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
  const hash = createHash('sha256');
  for (const path of paths) hash.update(`${path}\0`).update(await readFile(join(dir, path)));
  return hash.digest('hex');
}

async function sizeOf(dir: string): Promise<{ count: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile());
  const sizes = await Promise.all(files.map(async (e) => (await stat(join(e.parentPath, e.name))).size));
  return { count: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export async function buildBenchmarks(): Promise<string> {
  const work = await writeTree([]);
  const rows: Array<Array<string | number>> = [];
  const startup = await timed(['node', '-e', ''], work);
  try {
    for (const n of [10, 100, 1000]) {
      // Each in a folder of its own: a cold build, its unit cache (beside out/) empty.
      const out = join(work, `${n}`, 'out');
      const build = await timed(['node', CLI_BIN, 'build', '--synthetic-tenants', String(n), '--out', out], REPO_ROOT);
      const { count, bytes } = await sizeOf(out);
      // The floor holds every parsed file of a 1,000-tenant out/ at once: more than Node's default heap.
      const floorRun = await timed(
        ['node', '--max-old-space-size=8192', '--import', 'tsx', FLOOR, out, join(work, `floor-${n}`)],
        REPO_ROOT,
      );
      if ((await treeHash(join(work, `floor-${n}`))) !== (await treeHash(out)))
        throw new Error(`the floor wrote other bytes than the build for ${n} tenants`);
      // Node's own start-up belongs to the floor too: a bare process, timed the same way.
      const floor = Number(/FLOOR ([\d.e-]+)/.exec(floorRun.output)![1]) + startup.seconds;
      rows.push([
        n + 5,
        fmt(count),
        `${fmt(bytes / 2 ** 20, 1)} MiB`,
        `${fmt(build.seconds, 2)} s`,
        fmt(count / build.seconds),
        `${fmt(build.peakMiB)} MiB`,
        `${fmt(floor, 2)} s`,
        `${fmt(build.seconds / floor, 1)}×`,
      ]);
      await rm(join(work, `${n}`), { recursive: true, force: true });
      await rm(join(work, `floor-${n}`), { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return [
    '## Build',
    '',
    "`node tools/cli/bin/plotwatch.js build --synthetic-tenants N --out DIR` (the repo's 5 tenants + N synthetic ones), timed with GNU time;",
    'the floor is a `node` process holding the final values of the same files in memory (parsed first, untimed: JSON, YAML with `yaml`, text) that serializes them',
    "to the same bytes (JSON.stringify with the file's indentation, a promtool test's cases one per line; the build's rule-file writer `toYaml`, else `yaml`'s stringify) and writes them, on one thread",
    "with eight writes in flight (as the build while it computes); its time is that plus a bare `node` start-up. Its tree hashes the same as the build's. No compile, no validation, no manifest hashing.",
    "Each build starts with an empty unit cache (a folder of its own): a cold build, as a user's first, which also fills the cache.",
    'Targets (issue 16): 1,000 tenants in under 15 s and within 2.5× of the floor.',
    '',
    table(['tenants', 'files', 'bytes', 'build', 'files/s', 'peak RSS', 'floor', 'build / floor'], rows),
  ].join('\n');
}
