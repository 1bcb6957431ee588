import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@plotwatch/cli';
import { machine } from './measure.ts';
import { buildBenchmarks } from './build.ts';
import { diffBenchmarks } from './diff.ts';
import { incrementalBenchmarks } from './incremental.ts';
import { promqlBenchmarks } from './promql.ts';
import { publishBenchmarks } from './publish.ts';
import { queryBenchmarks } from './queries.ts';

/**
 * `npm run bench`: every benchmark, written to BENCHMARKS.md with the machine it ran on.
 * `npm run bench -- queries build` runs only those sections and prints them; BENCHMARKS.md is
 * written only by a full run, so its numbers always come from one run.
 */
const all = {
  build: buildBenchmarks,
  incremental: incrementalBenchmarks,
  promql: promqlBenchmarks,
  queries: queryBenchmarks,
  publish: publishBenchmarks,
  diff: diffBenchmarks,
} as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in all));
if (unknown.length)
  throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(all).join(', ')}`);
const chosen = asked.length ? (asked as Array<keyof typeof all>) : (Object.keys(all) as Array<keyof typeof all>);
const sections: string[] = [];
for (const name of chosen) sections.push(await all[name]());
const report = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (tools/e2e/bench/run.ts); every number comes from that one run, on:',
  '',
  `- ${machine()}`,
  `- ${new Date().toISOString().slice(0, 10)}`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n');
if (!asked.length) await writeFile(join(REPO_ROOT, 'BENCHMARKS.md'), report);
console.log(report);
