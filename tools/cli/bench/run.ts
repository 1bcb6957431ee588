import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import { machine } from './measure.ts';
import { buildBenchmarks } from './build.ts';
import { promqlBenchmarks } from './promql.ts';
import { publishBenchmarks } from './publish.ts';
import { queryBenchmarks } from './queries.ts';

/** `npm run bench`: every benchmark, written to BENCHMARKS.md with the machine it ran on. */
const sections = [await buildBenchmarks(), await promqlBenchmarks(), await queryBenchmarks(), await publishBenchmarks()];
const report = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (tools/cli/bench/run.ts); every number comes from that one run, on:',
  '',
  `- ${machine()}`,
  `- ${new Date().toISOString().slice(0, 10)}`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n');
await writeFile(join(REPO_ROOT, 'BENCHMARKS.md'), report);
console.log(report);
