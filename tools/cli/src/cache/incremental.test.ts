import { readTree, run, scratchCheckout } from '@plotwatch/testing';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { edit } from '../test-support.ts';

/** The definition of a tenant-scoped dashboard, as the committed out/ names it. */
const tenantDashboardFile = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'out/manifest.json'), 'utf8')) as {
    artifacts: Array<{ kind: string; tenant: string | null; source: string }>;
  }
).artifacts.find((a) => a.kind.startsWith('grafana-dashboard') && a.tenant)!.source;

async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

// Every step builds twice in child processes: incrementally, and from nothing.
describe('an incremental build', { timeout: 240_000 }, () => {
  let root: string;
  let tenantsDir: string;
  const build = (out: string, ...args: string[]) =>
    run('node', [join(root, 'tools/cli/bin/plotwatch.js'), 'build', '--out', join(root, out), ...args], root);
  /** Builds incrementally and from nothing at once; the two trees must be the same, file for file. */
  const both = async () => {
    const [incremental, clean] = await Promise.all([build('out'), build('clean', '--no-cache')]);
    expect(incremental.ok, incremental.output).toBe(true);
    expect(clean.ok, clean.output).toBe(true);
    const [a, b] = await Promise.all([readTree(join(root, 'out')), readTree(join(root, 'clean'))]);
    expect([...a.keys()].filter((p) => a.get(p) !== b.get(p))).toEqual([]);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    // The same folders too: none left empty by files an incremental build removed.
    const [dirsA, dirsB] = await Promise.all([folders(join(root, 'out')), folders(join(root, 'clean'))]);
    expect(dirsA).toEqual(dirsB);
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
    expect((await build('out')).ok).toBe(true);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds out/ up to date when nothing changed, and reuses every unit when no output would', async () => {
    expect((await both()).upToDate).toBe(true);
    // out/'s manifest not as that build left it: nothing in out/ is trusted, every unit is built again.
    await writeFile(join(root, 'out/manifest.json'), '{}');
    const touched = await both();
    expect(touched.upToDate).toBe(false);
    expect(touched.rebuilt).toBe(touched.total);
    // A comment in a tenant file: an input of the build, but not of any unit.
    const first = (await tenantFiles())[0]!;
    await writeFile(join(tenantsDir, first), `${await readFile(join(tenantsDir, first), 'utf8')}# a comment\n`);
    const { rebuilt, total, upToDate } = await both();
    expect(upToDate).toBe(false);
    expect(total).toBeGreaterThan(1);
    expect(rebuilt).toBe(0);
  });

  it('with its index broken, builds everything right', async () => {
    await writeFile(join(root, '.plotwatch/cache/index.json'), '{"format": 1, "units": ');
    const first = (await tenantFiles())[0]!;
    await writeFile(join(tenantsDir, first), `${await readFile(join(tenantsDir, first), 'utf8')}# one more\n`);
    const { rebuilt, total } = await both();
    expect(rebuilt).toBe(total);
  });

  it('after a dashboard edit, rebuilds that dashboard of every tenant and nothing else', async () => {
    await edit(join(root, tenantDashboardFile), /title: '([^']*)'/, "title: '$1 (edited)'");
    const { rebuilt, tree } = await both();
    expect(rebuilt).toBe((await tenantFiles()).length);
    expect([...tree.values()].some((text) => text.includes('(edited)'))).toBe(true);
  });

  it('after a tenant edit, rebuilds that tenant and the rest of out/', async () => {
    const last = (await tenantFiles()).at(-1)!;
    await edit(join(tenantsDir, last), /^displayName: (.*)$/m, 'displayName: $1 Edited');
    const { rebuilt, total } = await both();
    expect(rebuilt).toBeGreaterThan(1);
    expect(rebuilt).toBeLessThan(total / 2);
  });

  it('after a tenant is added, and removed again', async () => {
    const last = (await tenantFiles()).at(-1)!;
    const text = await readFile(join(tenantsDir, last), 'utf8');
    await writeFile(join(tenantsDir, 'zz-added.yaml'), text.replace(/^id: .*$/m, 'id: zz-added'));
    const added = await both();
    expect([...added.tree.keys()].some((p) => p.includes('zz-added'))).toBe(true);
    await rm(join(tenantsDir, 'zz-added.yaml'));
    const removed = await both();
    expect([...removed.tree.keys()].some((p) => p.includes('zz-added'))).toBe(false);
  });

  it('after a threshold spec or a kit library changes, rebuilds everything', async () => {
    await edit(join(root, 'libs/platform/src/thresholds.ts'), /description: '/, "description: 'Edited: ");
    const spec = await both();
    expect(spec.rebuilt).toBe(spec.total);
    await edit(join(root, 'libs/grafana/src/panels.ts'), /\.fillOpacity\(([^)]*) 10\)/, '.fillOpacity($1 11)');
    const kit = await both();
    expect(kit.rebuilt).toBe(kit.total);
    expect([...kit.tree.values()].some((text) => text.includes('"fillOpacity": 11'))).toBe(true);
  });
});
