import {
  balancedBatches,
  proofsOf,
  selectProofs,
  type FileVerdict,
  type ManifestEntries,
  type Proof,
} from '@plotwatch/build/proofs';
import type { Tenant } from '@plotwatch/platform';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ALERTMANAGER_CONFIG } from './amtool-check.ts';
import { readLastBuild, readManifestEntries } from './last-build.ts';
import { pendingUpdate } from './out-dir.ts';
import { readTenants } from './load.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, stateDirOf } from './paths.ts';
import { pooled, promtoolTest, stageTests } from './promtool-run.ts';
import { parseCommand, type CommandSpec } from './usage.ts';

const TESTS_DIR = 'prometheus/tests/';

const OPTIONS = {
  alert: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    description: 'run the proofs of this alert, named exactly (out/prometheus/tests/**/NAME[.STEP].test.json)',
  },
  tenant: {
    type: 'string',
    multiple: true,
    value: 'ID',
    description:
      "this tenant's proofs and routing cases: a Mimir tenant's own test files; a label tenant's cases\nsit in the shared files with every label tenant's, and those files run whole",
  },
  changed: {
    type: 'boolean',
    description: 'only the test files the last plotwatch build changed (recorded in .plotwatch/ beside out/)',
  },
  baseline: {
    type: 'boolean',
    description:
      "instead: every alert of out/'s Prometheus rules (or those of --alert) over the demo platform's\nnormal behaviour (narrative-sim, the label tenants or those of --tenant, 3 h a minute apart);\nlists each alert that fires, for which tenant",
  },
  out: { type: 'string', value: 'DIR', description: 'the built out/ to test (default: out/ of the repository)' },
  'tenants-dir': {
    type: 'string',
    value: 'DIR',
    description: 'tenant YAML files the routing cases are derived from (default: libs/platform/tenants)',
  },
} as const satisfies CommandSpec['options'];

export const TEST: CommandSpec<typeof OPTIONS> = {
  name: 'test',
  summary:
    "run the promtool proofs of out/ (of some alerts or tenants) and amtool's routing cases; exit 1 on a failure",
  details:
    'Test files go to promtool several per process, one process per core at a time. Routing cases (every\n' +
    "persona x severity of a tenant, routed by `amtool config routes test` through out/'s alertmanager.yaml)\n" +
    'run for the tenants selected, or for every tenant and the platform when no --alert is given.\n' +
    "Selectors narrow together: --alert A --tenant T runs the files of A that hold T's cases.",
  options: OPTIONS,
  examples: [
    'plotwatch test',
    'plotwatch test --alert ModelDriftHigh',
    'plotwatch test --tenant mythweaver --alert StoryApiHighLatency',
    'plotwatch build && plotwatch test --changed',
    'plotwatch test --baseline',
  ],
};

/** An alert's proofs as promtool judged them. */
interface AlertResult {
  readonly alert: string;
  readonly files: readonly FileVerdict[];
  readonly seconds: number;
}

/** A routing case amtool disagreed with, said as the tenant files would say it. */
interface RoutingResult {
  readonly scope: string;
  readonly cases: number;
  readonly failures: readonly string[];
}

/** `plotwatch test`: the selected proofs and routing cases; one line per alert and scope, then a summary. */
export async function test(args: string[]): Promise<number> {
  const parsed = parseCommand(TEST, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const started = performance.now();
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  const pending = await pendingUpdate(outDir);
  if (pending) return fail(pending);
  const entries = await readManifestEntries(outDir);
  if (!entries) return fail(`no manifest in ${outDir}: run plotwatch build first`);
  let changed: readonly string[] | undefined;
  if (values.changed) {
    const record = await readLastBuild(stateDirOf(outDir));
    if (!record)
      return fail(`--changed: no build recorded in ${stateDirOf(outDir)}: run plotwatch build first, then test`);
    changed = record.changed;
  }
  const routing =
    !values.baseline &&
    (values.tenant.length > 0 ||
      (values.alert.length === 0 && (changed === undefined || changed.includes(ALERTMANAGER_CONFIG))));
  let tenants: readonly Tenant[] = [];
  if (routing || values.baseline) {
    const loaded = await readTenants(resolve(values['tenants-dir'] ?? DEFAULT_TENANTS));
    if (!loaded.ok) return fail(loaded.errors.join('\n'));
    tenants = loaded.tenants;
  }
  const selected = selectProofs(
    proofsOf(entries),
    { alerts: values.alert, tenants: values.tenant, changed },
    tenants.map((t) => t.id),
  );
  if (!selected.ok) return fail(selected.errors.join('\n'));
  if (values.baseline) return baseline(outDir, entries, tenants, values, started);

  const workers = availableParallelism();
  const [alerts, routed] = await Promise.all([
    runProofs(outDir, selected.proofs, workers),
    routing ? runRouting(outDir, tenants, values.tenant, workers) : Promise.resolve([]),
  ]);
  for (const a of alerts) console.log(alertLine(a));
  for (const r of routed) console.log(routingLine(r));
  const failed = alerts.filter((a) => !a.files.every((f) => f.ok)).length;
  const routingFailed = routed.reduce((n, r) => n + r.failures.length, 0);
  const files = alerts.reduce((n, a) => n + a.files.length, 0);
  const routingPart = routed.length
    ? `; routing of ${routed.length} scopes, ${routed.reduce((n, r) => n + r.cases, 0)} cases, ${routingFailed} failed`
    : '';
  const none =
    alerts.length === 0 && routed.length === 0
      ? changed
        ? ' (the last build changed no test file)'
        : ' (nothing selected)'
      : '';
  console.log(
    `plotwatch test: ${alerts.length} alerts, ${files} files, ${alerts.length - failed} passed, ${failed} failed${routingPart}${none} in ${((performance.now() - started) / 1000).toFixed(2)}s`,
  );
  return failed + routingFailed > 0 ? 1 : 0;
}

/** `--baseline`: the alerts that fire on the demo platform's normal behaviour; exit 1 when any does. */
async function baseline(
  outDir: string,
  entries: ManifestEntries,
  tenants: readonly Tenant[],
  values: { alert: string[]; tenant: string[] },
  started: number,
): Promise<number> {
  const ids = tenants
    .filter((t) => t.tenancy === 'label' && (values.tenant.length === 0 || values.tenant.includes(t.id)))
    .map((t) => t.id);
  if (ids.length === 0)
    return fail("--baseline: no label tenant selected (Mimir tenants' own rule files are not covered)");
  const { runBaseline } = await import('./baseline.ts');
  const result = await runBaseline(outDir, entries, ids, values.alert);
  if (result.error) return fail(`--baseline: promtool failed:\n${result.error}`);
  for (const f of result.firings)
    console.log(
      `FAIL  ${f.alert.padEnd(44)} fires for ${f.tenant ?? '(platform)'} from ${f.at} on the demo's normal behaviour`,
    );
  console.log(
    `plotwatch test --baseline: ${result.alerts} alerts over ${result.series} series of ${ids.length} tenants, ` +
      `${new Set(result.firings.map((f) => f.alert)).size} fire at baseline, in ${((performance.now() - started) / 1000).toFixed(2)}s`,
  );
  return result.firings.length ? 1 : 0;
}

function fail(message: string): number {
  console.error(`plotwatch test: ${message}`);
  return 1;
}

const shortPath = (file: string) => (file.startsWith(TESTS_DIR) ? file.slice(TESTS_DIR.length) : file);
const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');

function alertLine({ alert, files, seconds }: AlertResult): string {
  const ok = files.every((f) => f.ok);
  const head = `${mark(ok)}  ${alert.padEnd(44)} ${seconds.toFixed(2)}s  ${files.map((f) => shortPath(f.file)).join(' ')}`;
  const failures = files
    .filter((f) => !f.ok)
    .map((f) => `      ${shortPath(f.file)}:\n${f.text.replace(/^/gm, '        ')}`);
  return [head, ...failures].join('\n');
}

function routingLine({ scope, cases, failures }: RoutingResult): string {
  return [
    `${mark(failures.length === 0)}  routing ${scope.padEnd(36)} ${cases} cases`,
    ...failures.map((f) => `      ${f}`),
  ].join('\n');
}

/**
 * The proofs' test files and the rule files they load, copied into a scratch directory as promtool
 * reads them (Mimir rule files without their namespace); promtool runs several files per process,
 * a few batches per core so a slow batch does not hold the rest; results grouped by alert.
 */
async function runProofs(outDir: string, proofs: readonly Proof[], workers: number): Promise<AlertResult[]> {
  if (proofs.length === 0) return [];
  const stage = await mkdtemp(join(tmpdir(), 'plotwatch-test-'));
  try {
    const costs = await stageTests(
      outDir,
      stage,
      proofs.map((p) => p.path),
    );
    const batches = balancedBatches(
      proofs.map((p) => p.path),
      (path) => costs.get(path) ?? 0,
      workers * 3,
    );
    const timed = (
      await pooled(batches, workers, (files) => promtoolTest(stage, files, { pooled: workers > 1 }))
    ).flat();
    const byFile = new Map(timed.map((t) => [t.verdict.file, t]));
    const byAlert = new Map<string, Proof[]>();
    for (const p of proofs) byAlert.set(p.alert, [...(byAlert.get(p.alert) ?? []), p]);
    return [...byAlert]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alert, own]) => {
        const results = own.map(
          (p) =>
            byFile.get(p.path) ?? {
              verdict: { file: p.path, ok: false, text: 'promtool did not test it' },
              seconds: 0,
            },
        );
        return {
          alert,
          files: results.map((r) => r.verdict),
          seconds: results.reduce((s, r) => s + r.seconds, 0),
        };
      });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * The routing cases of the selected tenants (every tenant, the platform and an unknown tenant when
 * none is selected), each routed by `amtool config routes test` through out/'s alertmanager.yaml.
 */
async function runRouting(
  outDir: string,
  tenants: readonly Tenant[],
  selected: readonly string[],
  workers: number,
): Promise<RoutingResult[]> {
  const { platformRoutingInput, routingCases, LABEL } = await import('@plotwatch/routing');
  const config = join(outDir, ALERTMANAGER_CONFIG);
  const cases = routingCases(platformRoutingInput(tenants), selected.length ? selected : undefined);
  const routed = await pooled(cases, workers, (c) =>
    amtoolRoute(
      config,
      Object.entries(c.labels).map(([k, v]) => `${k}=${v}`),
    ),
  );
  const byScope = new Map<string, { cases: number; failures: string[] }>();
  cases.forEach((c, i) => {
    const scope = c.scope.kind === 'platform' ? 'platform' : c.scope.tenant;
    const entry = byScope.get(scope) ?? { cases: 0, failures: [] };
    byScope.set(scope, entry);
    entry.cases++;
    const got = routed[i]!;
    if ([...got].sort().join(',') !== [...c.receivers].sort().join(','))
      entry.failures.push(
        `${c.labels[LABEL.persona]}/${c.labels[LABEL.severity]}: the tenant files say ${c.receivers.join(', ')}; ` +
          `${relative(process.cwd(), config) || config} routes it to ${got.join(', ') || 'nothing'}`,
      );
  });
  return [...byScope].map(([scope, r]) => ({ scope, ...r }));
}

function amtoolRoute(config: string, labels: readonly string[]): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    execFile('amtool', ['config', 'routes', 'test', `--config.file=${config}`, ...labels], (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
        reject(new Error('amtool is not installed: run tools/scripts/ensure-prometheus-tools.sh'));
      else if (error) reject(new Error(`amtool config routes test ${labels.join(' ')}: ${stderr || error.message}`));
      else resolvePromise(stdout.trim().split(',').filter(Boolean));
    });
  });
}
