import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const ROOT = import.meta.dirname;

/** The workspaces that hold tests. */
const dirs = [
  ...readdirSync(join(ROOT, 'libs')).map((d) => `libs/${d}`),
  'dashboards',
  'alerts',
  'recording-rules',
  'tools/cli',
  'tools/e2e',
  'tools/narrative-sim',
];

const testFiles = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.test\.ts$/.test(f) && !f.split('/').includes('node_modules'),
  );

/**
 * Test files that replace a module with vi.mock: they need modules of their own (the module they
 * plant into must be evaluated after the mock), so they run isolated, in a project of their own.
 */
const mocking = (dir: string) =>
  testFiles(dir)
    .filter((f) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(join(ROOT, dir, f), 'utf8')))
    .map((f) => `${dir}/${f}`);

/**
 * A test's time now includes what the files beside it take from the cores; the defaults (5 s,
 * hooks 10 s) are for one file at a time. No test asserts its own duration through these. (Set per
 * project: a project does not inherit the root's test options.)
 */
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };

/**
 * Go's runtime settings for every Go process a test starts (promtool, amtool, Prometheus,
 * Alertmanager; the workers' environment is theirs): the collector half as frequent and one Go
 * thread, as the suite's promtool test runs had them (PROMTOOL_TEST_ENV). They run beside two or
 * three other files on the cores, and Go's collector threads only took CPU from them (the seven
 * files with amtool, Alertmanager and the e2e Prometheus: 23.8 and 23.8 s of CPU -> 21.2 and 22.1 s).
 */
const goRuntime = { env: { GOGC: '200', GOMAXPROCS: '1' } };

/**
 * Two projects: `plotwatch` (every workspace's tests) and `plotwatch:isolated` (the mocking files).
 * The files of a project share one module graph, so each source is transformed once per run, not
 * once per workspace; and every file but the isolated shares its worker's modules with the files
 * before it (`isolate: false`): the libraries are imported once per worker, not once per file.
 * `nx test` and CI's added-tenant step select workspaces by their folders.
 */
const isolated = dirs.flatMap(mocking);
const projects = [
  {
    test: {
      name: 'plotwatch',
      ...timeouts,
      ...goRuntime,
      isolate: false,
      include: dirs.map((dir) => `${dir}/**/*.test.ts`),
      exclude: ['**/node_modules/**', ...isolated],
    },
  },
  { test: { name: 'plotwatch:isolated', ...timeouts, ...goRuntime, isolate: true, include: isolated } },
];

/**
 * The files that run whole builds, publishes and real servers for a minute or more start first,
 * so that no long one starts last and the short ones fill the gaps beside them (on a clean clone
 * vitest has no durations of an earlier run to sort by).
 */
const SLOW_FIRST = [
  // The one that mostly waits (on the demo's scrapes) first: the two beside it have the cores. Then the
  // costliest first, by CPU as much as by time (platform.e2e's backfill takes more CPU than any other
  // file, 35 s alone; it started 16th, beside the short ones), so that short files fill the end.
  'tools/cli/src/dev/dev-prometheus.test.ts',
  'tools/e2e/src/platform.e2e.test.ts',
  'libs/build/src/promtool.test.ts',
  'tools/cli/src/faults-disk.test.ts',
  'tools/cli/src/faults.test.ts',
  'tools/cli/src/publish/grafana.test.ts',
  'tools/cli/src/cache/incremental.test.ts',
  'tools/cli/src/import/dashboard/round-trip.test.ts',
  'tools/cli/src/publish/kill.test.ts',
  'tools/cli/src/import/rules/roundtrip.test.ts',
  'tools/cli/src/test-command.test.ts',
  'libs/build/src/producers/rules.test.ts',
  'tools/cli/src/threaded-build.test.ts',
  'tools/cli/src/dev/dev.test.ts',
  'tools/cli/src/dev/dev-publish.test.ts',
  'tools/cli/src/build.test.ts',
  'tools/cli/src/bad-input/bad-input.test.ts',
  'tools/cli/src/dev/dev-tty.test.ts',
  'libs/promql/src/lezer/long-chains.test.ts',
  'tools/e2e/src/routing.e2e.test.ts',
  'tools/e2e/src/live.e2e.test.ts',
  'tools/e2e/src/cardinality.e2e.test.ts',
  'libs/build/src/derived-names.test.ts',
  'libs/routing/src/routing-trees.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(ROOT, f.moduleId));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    return sorted
      .map((f, i) => [f, i] as const)
      .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
      .map(([f]) => f);
  }
}

export default defineConfig({
  test: {
    projects,
    passWithNoTests: true,
    // Most files wait on child processes and servers (promtool, Prometheus, builds): more files at
    // once than cores keeps the cores busy while they wait.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowFirst },
  },
});
