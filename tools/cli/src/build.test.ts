import { demoTenants, FIXTURE_TENANTS_DIR, readTree, run, writeTree } from '@plotwatch/testing';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLastBuild } from './last-build.ts';
import { DEFAULT_TENANTS, REPO_ROOT, stateDirOf } from './paths.ts';
import { plotwatchHere } from './test-support.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');
const plotwatch = (...args: string[]) => run('node', [CLI, ...args], REPO_ROOT);
/** However many tenants libs/platform/tenants holds: the build's summary counts them. */
const tenantCount = demoTenants().length;

// Whole builds of the real command: the first in a child, as a user runs the executable; the rest in
// this process (plotwatchHere: the same command, without a child's start and the compiler's load).
describe('plotwatch build (the real command)', { timeout: 60_000 }, () => {
  let work: string;
  beforeAll(async () => {
    work = await writeTree([]);
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('writes out/ and prints a one-line summary; a second build is byte-identical', async () => {
    const first = await plotwatch('build', '--out', join(work, 'one'));
    expect(first.ok, first.output).toBe(true);
    expect(first.output).toMatch(
      new RegExp(`^plotwatch build: .*\\d+ grafana-dashboard.* for ${tenantCount} tenants -> .* in \\d+\\.\\d+s\\n$`),
    );
    // Byte-identical across processes too: this one in this process.
    const second = await plotwatchHere('build', '--out', join(work, 'two'));
    expect(second.ok, second.output).toBe(true);
    expect(await readTree(join(work, 'two'))).toEqual(await readTree(join(work, 'one')));
    // What each build changed is recorded beside out/ for plotwatch test --changed: all of a new out/,
    // nothing of a rebuild without a change.
    const state = stateDirOf(join(work, 'two'));
    expect((await readLastBuild(state))?.changed).toContain('prometheus/rules/thresholds.yaml');
    expect((await plotwatchHere('build', '--out', join(work, 'two'))).ok).toBe(true);
    expect(await readLastBuild(state)).toEqual({ changed: [], removed: [] });
  });

  it('--tenant ID builds that tenant only, after checking every tenant file; refuses an unknown one and the committed out/', async () => {
    const out = join(work, 'one-tenant');
    const built = await plotwatchHere(
      'build',
      '--tenants-dir',
      FIXTURE_TENANTS_DIR,
      '--tenant',
      'inkwell',
      '--out',
      out,
    );
    expect(built.ok, built.output).toBe(true);
    expect(built.output).toContain(' for 1 tenants -> ');
    const tenants = new Set(
      (
        JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { artifacts: Array<{ tenant?: string }> }
      ).artifacts
        .map((a) => a.tenant)
        .filter(Boolean),
    );
    expect([...tenants]).toEqual(['inkwell']);
    const unknown = await plotwatchHere(
      'build',
      '--tenants-dir',
      FIXTURE_TENANTS_DIR,
      '--tenant',
      'inkwel',
      '--out',
      out,
    );
    expect(unknown.ok).toBe(false);
    expect(unknown.output).toContain('--tenant inkwel: no such tenant (did you mean inkwell?)');
    const committed = await plotwatchHere('build', '--tenant', 'inkwell');
    expect(committed.output).toContain('--tenant needs --out DIR');
  });

  it('fails on a bad tenant file, says where, and leaves the previous out/ untouched', async () => {
    const out = join(work, 'kept');
    expect((await plotwatchHere('build', '--out', out)).ok).toBe(true);
    const before = await readTree(out);
    const tenants = join(work, 'bad-tenants');
    await cp(DEFAULT_TENANTS, tenants, { recursive: true });
    await writeFile(
      join(tenants, 'tinytales.yaml'),
      'id: tinytales\ndisplayName: Tiny Tales\ntier: free\nslo:\n  userInteraction:\n    availability: 99.9\nnotifications: []\n',
    );

    const failed = await plotwatchHere('build', '--out', out, '--tenants-dir', tenants);
    expect(failed.ok).toBe(false);
    expect(failed.output).toContain(
      'tinytales.yaml:6: slo.userInteraction.availability must be at least 0.9 and below 1 (1 leaves no error budget; below 0.9 the burn-rate pages cannot fire), got 99.9',
    );
    expect(failed.output).toContain('tinytales.yaml:7: notifications needs at least one channel, got []');
    expect(failed.output).toContain('nothing written');
    expect(await readTree(out)).toEqual(before);
    // The build cache stays (with its lock let go); no staging folder or out/ lock does.
    expect((await readdir(work)).filter((f) => f.startsWith('.'))).toEqual(['.plotwatch']);
    expect(await readdir(join(work, '.plotwatch', 'cache'))).not.toContain('lock');
  });

  it("writes the schema the environment's Grafana reads, or the one --schema names", async () => {
    const refused = await plotwatchHere('build', '--schema', 'v3', '--out', join(work, 'v3'));
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('--schema must be one of v1, v2, both, got "v3"');
    const both = await plotwatchHere('build', '--env', 'dev', '--schema', 'both', '--out', join(work, 'both'));
    expect(both.ok, both.output).toBe(true);
    expect(both.output).toMatch(/ \d+ grafana-dashboard, \d+ grafana-dashboard-v2, \d+ grafana-folder-resource, /);
    const tree = await readTree(join(work, 'both'));
    const dev = await plotwatchHere('build', '--env', 'dev', '--out', join(work, 'dev'));
    expect(dev.ok, dev.output).toBe(true);
    const v2Only = await readTree(join(work, 'dev'));
    // Both forms, each as a build of it alone writes it (the v2 files: as the environment's default).
    for (const [path, content] of v2Only)
      if (path.startsWith('grafana/resources/')) expect(tree.get(path), path).toBe(content);
    expect([...v2Only.keys()].some((p) => p.startsWith('grafana/dashboards/'))).toBe(false);
    expect([...tree.keys()].filter((p) => p.startsWith('grafana/dashboards/')).length).toBe(
      [...v2Only.keys()].filter((p) => p.startsWith('grafana/resources/') && !p.endsWith('/_folder.json')).length,
    );
  });

  it('adds synthetic tenants only when told where to write them', async () => {
    const refused = await plotwatchHere('build', '--synthetic-tenants', '3');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('--synthetic-tenants needs --out DIR');
    const built = await plotwatchHere('build', '--synthetic-tenants', '3', '--out', join(work, 'synthetic'));
    expect(built.ok, built.output).toBe(true);
    expect(built.output).toContain(`for ${tenantCount + 3} tenants`);
  });
});
