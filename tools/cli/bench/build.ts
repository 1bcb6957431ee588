import { readTree, run, writeTree } from '@plotwatch/testing';
import { rm, writeFile } from 'node:fs/promises';
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

/** The floor: a bare node process writing the same bytes to the same layout (no compile, no checks). */
const FLOOR_SCRIPT = `
const fs = require('node:fs'); const path = require('node:path');
const [bundle, out] = process.argv.slice(1);
const files = JSON.parse(fs.readFileSync(bundle, 'utf8'));
for (const [p, content] of files) { fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true }); fs.writeFileSync(path.join(out, p), content); }
`;

export async function buildBenchmarks(): Promise<string> {
  const work = await writeTree([['floor.cjs', FLOOR_SCRIPT]]);
  const rows: Array<Array<string | number>> = [];
  try {
    for (const n of [10, 100, 1000]) {
      const out = join(work, `out-${n}`);
      const build = await timed(['node', CLI, 'build', '--synthetic-tenants', String(n), '--out', out], REPO_ROOT);
      const files = await readTree(out);
      const bytes = [...files.values()].reduce((s, c) => s + Buffer.byteLength(c), 0);
      await writeFile(join(work, 'bundle.json'), JSON.stringify([...files]));
      const floor = await timed(['node', join(work, 'floor.cjs'), join(work, 'bundle.json'), join(work, `floor-${n}`)], work);
      rows.push([n + 5, fmt(files.size), `${fmt(bytes / 2 ** 20, 1)} MiB`, `${fmt(build.seconds, 2)} s`, fmt(files.size / build.seconds), `${fmt(build.peakMiB)} MiB`,
        `${fmt(floor.seconds, 2)} s`, `${fmt(build.seconds / floor.seconds, 1)}×`]);
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
    'the floor is a bare `node` process writing the same files (bytes loaded from one JSON bundle): no compile, no validation.',
    'Targets: 1,000 tenants in under 20 s and within 3× of the floor.',
    '',
    table(['tenants', 'files', 'bytes', 'build', 'files/s', 'peak RSS', 'floor', 'build / floor'], rows),
  ].join('\n');
}
