import { run, writeTree } from '@plotwatch/testing';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import { fmt, table } from './measure.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');

/** Wall seconds and peak RSS of a command, from GNU time. */
async function timed(args: string[], cwd: string): Promise<{ seconds: number; peakMiB: number; output: string }> {
  const result = await run('/usr/bin/time', ['-f', 'TIME %e %M', ...args], cwd);
  if (!result.ok) throw new Error(result.output);
  const [, seconds, kib] = /TIME ([\d.]+) (\d+)/.exec(result.output)!;
  return { seconds: Number(seconds), peakMiB: Number(kib) / 1024, output: result.output };
}

/**
 * The floor: a bare node process that holds the same files in memory (read first, untimed) and
 * writes them to the same layout: no compile, no checks. Prints its write time in seconds.
 */
const FLOOR_SCRIPT = `
const fs = require('node:fs'); const path = require('node:path');
const [from, out] = process.argv.slice(2);
const files = fs.readdirSync(from, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  .map((e) => { const p = path.relative(from, path.join(e.parentPath, e.name)); return [p, fs.readFileSync(path.join(from, p))]; });
const start = process.hrtime.bigint();
for (const [p, content] of files) { fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true }); fs.writeFileSync(path.join(out, p), content); }
console.log('FLOOR', Number(process.hrtime.bigint() - start) / 1e9);
`;

async function sizeOf(dir: string): Promise<{ count: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile());
  const sizes = await Promise.all(files.map(async (e) => (await stat(join(e.parentPath, e.name))).size));
  return { count: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export async function buildBenchmarks(): Promise<string> {
  const work = await writeTree([['floor.cjs', FLOOR_SCRIPT]]);
  const rows: Array<Array<string | number>> = [];
  const startup = await timed(['node', '-e', ''], work);
  try {
    for (const n of [10, 100, 1000]) {
      const out = join(work, `out-${n}`);
      const build = await timed(['node', CLI, 'build', '--synthetic-tenants', String(n), '--out', out], REPO_ROOT);
      const { count, bytes } = await sizeOf(out);
      const floorRun = await timed(['node', join(work, 'floor.cjs'), out, join(work, `floor-${n}`)], work);
      // Node's own start-up belongs to the floor too: a bare process, timed the same way.
      const floor = Number(/FLOOR ([\d.e-]+)/.exec(floorRun.output)![1]) + startup.seconds;
      rows.push([n + 5, fmt(count), `${fmt(bytes / 2 ** 20, 1)} MiB`, `${fmt(build.seconds, 2)} s`, fmt(count / build.seconds), `${fmt(build.peakMiB)} MiB`,
        `${fmt(floor, 2)} s`, `${fmt(build.seconds / floor, 1)}×`]);
      await rm(out, { recursive: true, force: true });
      await rm(join(work, `floor-${n}`), { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return [
    '## Build',
    '',
    '`node tools/cli/bin/plotwatch.js build --synthetic-tenants N --out DIR` (the repo\'s 5 tenants + N synthetic ones), timed with GNU time;',
    'the floor is a bare `node` process writing the same files from memory (its start-up plus its write time): no compile, no validation.',
    'Targets: 1,000 tenants in under 20 s and within 3× of the floor.',
    '',
    table(['tenants', 'files', 'bytes', 'build', 'files/s', 'peak RSS', 'floor', 'build / floor'], rows),
  ].join('\n');
}
