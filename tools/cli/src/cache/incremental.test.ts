import { readTree, run, scratchCheckout } from '@plotwatch/testing';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@plotwatch/build';
import { asTree, compileInput } from '@plotwatch/build/testing';
import { readTenants } from '../load.ts';
import { REPO_ROOT } from '../paths.ts';
import { edit, plotwatchHere } from '../test-support.ts';

/** The definitions of the tenant-scoped dashboards, as the committed out/ names them: a unit each per tenant. */
const tenantDashboardFiles = [
  ...new Set(
    (
      JSON.parse(readFileSync(join(REPO_ROOT, 'out/manifest.json'), 'utf8')) as {
        artifacts: Array<{ kind: string; tenant: string | null; source: string }>;
      }
    ).artifacts
      .filter((a) => a.kind.startsWith('grafana-dashboard') && a.tenant)
      .map((a) => a.source),
  ),
];
const tenantDashboardFile = tenantDashboardFiles[0]!;

async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

// Every step builds twice: incrementally (the CLI's build command), and from nothing. The steps that
// edit only tenant files and out/ come first: while the scratch checkout's code is this tree's, both
// builds run in this process (a child's start and the compiler's load cost more than the build).
// The steps that edit the code run both in children, so that the edited code is what runs; the
// first of them reuses the units the builds in this process left in out/, checked against its
// child's clean build too.
describe('an incremental build', { timeout: 240_000 }, () => {
  let root: string;
  let tenantsDir: string;
  const child = (out: string, ...args: string[]) =>
    run('node', [join(root, 'tools/cli/bin/plotwatch.js'), 'build', '--out', join(root, out), ...args], root);
  /**
   * The command in this process: this tree's code, the scratch checkout's tenant files, cache and
   * out/; run from the scratch checkout as the child is (where a build runs is one of its inputs:
   * a build from elsewhere does not find out/ up to date, though it reuses every unit).
   */
  const here = async (out: string, from = root) => {
    const cwd = process.cwd();
    process.chdir(from);
    try {
      return await plotwatchHere('build', '--out', join(root, out), '--tenants-dir', tenantsDir);
    } finally {
      process.chdir(cwd);
    }
  };
  /**
   * What a build from nothing writes, as files and folders: `built` by the CLI (`--no-cache`, in a
   * child: the scratch checkout's code, edited); `compiled` in this process, from the scratch
   * checkout's tenant files, while its code is this tree's (no code edited yet; committed-out.test.ts
   * proves the CLI writes what compile makes).
   */
  const fromNothing = async (how: 'built' | 'compiled') => {
    if (how === 'built') {
      const clean = await child('clean', '--no-cache');
      expect(clean.ok, clean.output).toBe(true);
      const tree = await readTree(join(root, 'clean'));
      return { tree, dirs: await folders(join(root, 'clean')) };
    }
    const tenants = await readTenants(tenantsDir, root);
    if (!tenants.ok) throw new Error(tenants.errors.join('\n'));
    // This tree's root: the definitions' sources are named relative to where their modules are.
    const result = compile(compileInput(tenants.tenants));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const tree = asTree(result.artifacts);
    const dirs = new Set(
      [...tree.keys()].flatMap((p) =>
        p
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    );
    return { tree, dirs: [...dirs].sort() };
  };
  /**
   * Builds incrementally and from nothing, in this process while the code is unedited, else each in
   * a child (at once); the two trees must be the same, file for file.
   */
  const both = async (code: 'unedited' | 'edited') => {
    const [incremental, b] =
      code === 'unedited'
        ? [await here('out'), await fromNothing('compiled')]
        : await Promise.all([child('out'), fromNothing('built')]);
    expect(incremental.ok, incremental.output).toBe(true);
    const a = await readTree(join(root, 'out'));
    expect([...a.keys()].filter((p) => a.get(p) !== b.tree.get(p))).toEqual([]);
    expect([...a.keys()].sort()).toEqual([...b.tree.keys()].sort());
    // The same folders too: none left empty by files an incremental build removed.
    expect(await folders(join(root, 'out'))).toEqual(b.dirs);
    const [, rebuilt, total] = /\((\d+) of (\d+) units rebuilt\)/.exec(incremental.output) ?? [];
    return {
      rebuilt: Number(rebuilt),
      total: Number(total),
      upToDate: incremental.output.includes('is up to date'),
      tree: a,
    };
  };
  const tenantFiles = async () => (await readdir(tenantsDir)).filter((f) => f.endsWith('.yaml')).sort();

  beforeAll(async () => {
    root = await scratchCheckout();
    tenantsDir = join(root, 'libs/platform/tenants');
    const first = await here('out');
    expect(first.ok, first.output).toBe(true);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds out/ up to date when nothing changed, and reuses every unit when no output would', async () => {
    expect((await both('unedited')).upToDate).toBe(true);
    // out/'s manifest not as that build left it: nothing in out/ is trusted, every unit is built again.
    await writeFile(join(root, 'out/manifest.json'), '{}');
    const touched = await both('unedited');
    expect(touched.upToDate).toBe(false);
    expect(touched.rebuilt).toBe(touched.total);
    // A comment in a tenant file: an input of the build, but not of any unit.
    const first = (await tenantFiles())[0]!;
    await writeFile(join(tenantsDir, first), `${await readFile(join(tenantsDir, first), 'utf8')}# a comment\n`);
    const { rebuilt, total, upToDate } = await both('unedited');
    expect(upToDate).toBe(false);
    // Run from another folder: its messages name the tenant files from there, its units are the same.
    const elsewhere = await here('out', join(root, 'libs'));
    expect(elsewhere.output).toMatch(/\(0 of \d+ units rebuilt\)/);
    expect(total).toBeGreaterThan(1);
    expect(rebuilt).toBe(0);
  });

  it('with its index broken, builds everything right', async () => {
    await writeFile(join(root, '.plotwatch/cache/index.json'), '{"format": 1, "units": ');
    const first = (await tenantFiles())[0]!;
    await writeFile(join(tenantsDir, first), `${await readFile(join(tenantsDir, first), 'utf8')}# one more\n`);
    const { rebuilt, total } = await both('unedited');
    expect(rebuilt).toBe(total);
  });

  it('after a tenant edit, rebuilds that tenant and the parts of the rest that read what changed', async () => {
    const last = (await tenantFiles()).at(-1)!;
    // Its display name: its dashboards and Grafana's access model (its folders).
    await edit(join(tenantsDir, last), /^displayName: (.*)$/m, 'displayName: $1 Edited');
    expect((await both('unedited')).rebuilt).toBe(tenantDashboardFiles.length + 1);
    // A channel's name: its dashboards (a unit depends on its whole tenant), the routing, and the
    // Kubernetes objects (they wrap the Alertmanager config in a Secret).
    await edit(join(tenantsDir, last), /^(\s+- name: )(.*)$/m, '$1$2-edited');
    const channel = await both('unedited');
    expect(channel.rebuilt).toBe(tenantDashboardFiles.length + 2);
    expect(channel.tree.get('alertmanager/alertmanager.yaml')).toMatch(/-edited\b/);
  });

  it('after a tenant is added, and removed again', async () => {
    const last = (await tenantFiles()).at(-1)!;
    const text = await readFile(join(tenantsDir, last), 'utf8');
    await writeFile(join(tenantsDir, 'zz-added.yaml'), text.replace(/^id: .*$/m, 'id: zz-added'));
    const added = await both('unedited');
    expect([...added.tree.keys()].some((p) => p.includes('zz-added'))).toBe(true);
    await rm(join(tenantsDir, 'zz-added.yaml'));
    const removed = await both('unedited');
    expect([...removed.tree.keys()].some((p) => p.includes('zz-added'))).toBe(false);
  });

  it('after a dashboard edit, rebuilds that dashboard of every tenant and nothing else', async () => {
    await edit(join(root, tenantDashboardFile), /title: '([^']*)'/, "title: '$1 (edited)'");
    const { rebuilt, tree } = await both('edited');
    expect(rebuilt).toBe((await tenantFiles()).length);
    expect([...tree.values()].some((text) => text.includes('(edited)'))).toBe(true);
  });

  it('after a threshold spec or a kit library changes, rebuilds everything', async () => {
    await edit(join(root, 'libs/platform/src/thresholds.ts'), /description: '/, "description: 'Edited: ");
    const spec = await both('edited');
    expect(spec.rebuilt).toBe(spec.total);
    await edit(join(root, 'libs/grafana/src/panels.ts'), /\.fillOpacity\(([^)]*) 10\)/, '.fillOpacity($1 11)');
    const kit = await both('edited');
    expect(kit.rebuilt).toBe(kit.total);
    expect([...kit.tree.values()].some((text) => text.includes('"fillOpacity": 11'))).toBe(true);
  });
});
