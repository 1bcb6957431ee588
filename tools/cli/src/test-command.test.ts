import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readManifestEntries, recordLastBuild, type ManifestEntries } from './last-build.ts';
import { readTenants } from './load.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, stateDirOf } from './paths.ts';
import { test as plotwatchTest } from './test-command.ts';

// The command in-process over a scratch copy of the committed out/, with the real promtool and amtool.
// Alerts are read from the manifest, never named from the repo's tenants.
let scratch: string;
let outDir: string;
let entries: ManifestEntries;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'plotwatch-test-cmd-'));
  outDir = join(scratch, 'out');
  await cp(DEFAULT_OUT, outDir, { recursive: true });
  entries = (await readManifestEntries(outDir))!;
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const code = await plotwatchTest(['--out', outDir, ...args]);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The promtool test files of one alert, as the manifest lists them (relative to prometheus/tests/). */
const filesOf = (alert: string) =>
  entries
    .filter((e) => e.kind === 'promtool-test' && e.path.split('/').at(-1)!.startsWith(`${alert}.`))
    .map((e) => e.path.slice('prometheus/tests/'.length))
    .sort();

/** The files the report says promtool tested for an alert: the names promtool itself printed. */
function reported(out: string, alert: string): string[] {
  const line = out.split('\n').find((l) => new RegExp(`^(ok|FAIL)\\s+${alert}\\s`).test(l));
  return line ? line.split(/\s+/).slice(3).sort() : [];
}

const alertLines = (out: string) => out.split('\n').filter((l) => /^(ok|FAIL)\s/.test(l));

describe('plotwatch test', { timeout: 60_000 }, () => {
  it("--alert runs exactly that alert's test files, each through promtool, and no routing", async () => {
    const alert = 'ModelDriftHigh';
    expect(filesOf(alert).length).toBeGreaterThan(0);
    const { code, out } = await run('--alert', alert);
    expect(code).toBe(0);
    expect(alertLines(out)).toHaveLength(1);
    expect(reported(out, alert)).toEqual(filesOf(alert));
    expect(out).toMatch(
      new RegExp(
        `^plotwatch test: 1 alerts, ${filesOf(alert).length} files, 1 passed, 0 failed in \\d+\\.\\d\\ds$`,
        'm',
      ),
    );
  });

  it("a broken expectation in one test file fails the run and shows promtool's words under that alert", async () => {
    const [broken, intact] = ['ModelDriftHigh', 'TargetDown'];
    const file = join(outDir, 'prometheus/tests', filesOf(broken)[0]!);
    const original = await readFile(file, 'utf8');
    const test = JSON.parse(original) as {
      tests: Array<{ alert_rule_test: Array<{ exp_alerts: Array<{ exp_labels: Record<string, string> }> }> }>;
    };
    const firing = test.tests.flatMap((t) => t.alert_rule_test).find((c) => c.exp_alerts.length > 0)!;
    firing.exp_alerts[0]!.exp_labels.severity = 'planted-wrong-severity';
    await writeFile(file, JSON.stringify(test));
    try {
      const { code, out } = await run('--alert', broken, '--alert', intact);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`^FAIL\\s+${broken}\\s`, 'm'));
      expect(out).toMatch(new RegExp(`^ok\\s+${intact}\\s`, 'm'));
      const failure = out.slice(out.search(new RegExp(`^FAIL\\s+${broken}`, 'm')));
      expect(failure).toContain(`${filesOf(broken)[0]}:`);
      expect(failure).toMatch(/FAILED:[\s\S]*planted-wrong-severity/);
      expect(out).toMatch(/2 alerts, \d+ files, 1 passed, 1 failed/);
    } finally {
      await writeFile(file, original);
    }
  });

  it('an unknown alert name is refused with the nearest one, and nothing runs', async () => {
    const { code, out, err } = await run('--alert', 'ModelDriftHig');
    expect(code).toBe(1);
    expect(err).toContain('unknown alert "ModelDriftHig" (did you mean ModelDriftHigh?)');
    expect(out).toBe('');
  });

  it('--changed runs the test files the last recorded build changed, and only those', async () => {
    const changed = `prometheus/tests/${filesOf('ModelDriftHigh')[0]}`;
    const before = entries.map((e) => (e.path === changed ? { ...e, sha256: 'an older build' } : e));
    await recordLastBuild(stateDirOf(outDir), before, entries);
    try {
      const { code, out } = await run('--changed');
      expect(code).toBe(0);
      expect(alertLines(out)).toHaveLength(1);
      expect(reported(out, 'ModelDriftHigh')).toEqual([filesOf('ModelDriftHigh')[0]]);
    } finally {
      await rm(stateDirOf(outDir), { recursive: true, force: true });
    }
  });

  it('an out/ a build was stopped while updating (its journal pending) is not tested: it says to build', async () => {
    const journal = join(scratch, '.out.journal');
    await writeFile(journal, '{}');
    try {
      const { code, err, out } = await run('--alert', 'ModelDriftHigh');
      expect(code).toBe(1);
      expect(err).toMatch(
        /is being updated, or a build was stopped while updating it .*: run plotwatch build, which finishes it/,
      );
      expect(alertLines(out)).toEqual([]);
    } finally {
      await rm(journal, { force: true });
    }
  });

  it('--changed without a recorded build says to build first', async () => {
    const { code, err } = await run('--changed');
    expect(code).toBe(1);
    expect(err).toMatch(/no build recorded in .*\.plotwatch: run plotwatch build first/);
  });

  it("a tenant's routing cases fail when out/'s alertmanager.yaml sends its alerts elsewhere", async () => {
    const config = join(outDir, 'alertmanager/alertmanager.yaml');
    const original = await readFile(config, 'utf8');
    const tenant = /receiver: tenant\/([a-z0-9-]+)\//.exec(original)![1]!;
    // Every route to one of the tenant's receivers now goes to the platform default.
    await writeFile(
      config,
      original.replace(new RegExp(`- receiver: tenant/${tenant}/\\S+`, 'g'), '- receiver: platform/default'),
    );
    try {
      const { code, out } = await run('--tenant', tenant, '--alert', 'ModelDriftHigh');
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`^FAIL\\s+routing ${tenant}\\s`, 'm'));
      expect(out).toMatch(/the tenant files say tenant\/.*routes it to platform\/default/);
    } finally {
      await writeFile(config, original);
    }
  });

  it('--baseline: quiet on the demo platform, and names an alert made to fire on its normal behaviour', async () => {
    const loaded = await readTenants(DEFAULT_TENANTS);
    const tenant = loaded.ok ? loaded.tenants.find((t) => t.tenancy === 'label')!.id : '';
    const quiet = await run('--baseline', '--tenant', tenant, '--alert', 'ModelDriftHigh');
    expect(quiet.code).toBe(0);
    expect(quiet.out).toMatch(/--baseline: 1 alerts over \d+ series of 1 tenants, 0 fire at baseline/);

    const file = join(outDir, 'prometheus/rules/alerts-ai.yaml');
    const original = await readFile(file, 'utf8');
    // The demo's normal drift score (~0.08) times 100 is far above any threshold.
    const planted = original.replace('(model_drift_score) >', '(model_drift_score) * 100 >');
    expect(planted).not.toBe(original);
    await writeFile(file, planted);
    try {
      const { code, out } = await run('--baseline', '--tenant', tenant, '--alert', 'ModelDriftHigh');
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`^FAIL\\s+ModelDriftHigh\\s+fires for ${tenant} from \\d+[hm]`, 'm'));
      expect(out).toMatch(/1 fire at baseline/);
    } finally {
      await writeFile(file, original);
    }
  });
});
