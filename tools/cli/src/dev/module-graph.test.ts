import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_CODE, sourceFiles } from '../cache/code-digest.ts';
import { REPO_ROOT } from '../paths.ts';
import { moduleVersions } from './module-graph.ts';

const ROOT = '/repo';
const url = (file: string) => pathToFileURL(`${ROOT}/${file}`).href;

const tree = (files: Record<string, string>) =>
  moduleVersions(
    ROOT,
    Object.entries(files).map(([f, text]) => [f, Buffer.from(text)] as const),
  );

const FILES = {
  'libs/p/package.json': JSON.stringify({
    name: '@plotwatch/p',
    exports: { '.': './src/index.ts', './sub': './src/sub.ts' },
  }),
  'libs/p/src/index.ts': 'export const p = 1;\n',
  'libs/p/src/sub.ts': 'export const sub = 1;\n',
  'tools/a.ts':
    "import { b } from './b.ts';\nimport { sub } from '@plotwatch/p/sub';\nimport 'yaml';\nexport const a = b + sub;\n",
  'tools/b.ts': "export const b = 1;\nexport const lazy = () => import('./lazy.ts');\n",
  'tools/lazy.ts': 'export const lazy = 1;\n',
  'tools/c.ts': "import { p } from '@plotwatch/p';\nimport type { Lazy } from './lazy.ts';\nexport const c = p;\n",
  'libs/p/schema.json': '{}\n',
};

describe('moduleVersions', () => {
  it('changes the version of an edited module and of every module importing it, directly or not, and only those', async () => {
    const before = await tree(FILES);
    const after = await tree({ ...FILES, 'tools/lazy.ts': 'export const lazy = 2;\n' });
    const changed = [...before.keys()].filter((u) => before.get(u) !== after.get(u)).sort();
    expect(changed).toEqual([url('tools/a.ts'), url('tools/b.ts'), url('tools/lazy.ts')].sort());

    const sub = await tree({ ...FILES, 'libs/p/src/sub.ts': 'export const sub = 2;\n' });
    expect([...before.keys()].filter((u) => before.get(u) !== sub.get(u)).sort()).toEqual(
      [url('libs/p/src/sub.ts'), url('tools/a.ts')].sort(),
    );
  });

  it('changes every version when a file that is not a module changes (any module may read it)', async () => {
    const before = await tree(FILES);
    const after = await tree({ ...FILES, 'libs/p/schema.json': '{"changed": true}\n' });
    expect([...before.keys()].filter((u) => before.get(u) === after.get(u))).toEqual([]);
    expect(before.has(url('libs/p/schema.json'))).toBe(false);
  });

  it('gives an import cycle one closure, and a module the lexer cannot read every module', async () => {
    const cycle = await tree({ 'x.ts': "import './y.ts';\n", 'y.ts': "import './x.ts';\n", 'z.ts': '' });
    expect(cycle.get(url('x.ts'))).toBe(cycle.get(url('y.ts')));
    const broken = await tree({ 'x.ts': 'import {', 'z.ts': '' });
    const edited = await tree({ 'x.ts': 'import {', 'z.ts': 'export {};' });
    expect(broken.get(url('x.ts'))).not.toBe(edited.get(url('x.ts')));
  });
});

describe("this repository's modules, as dev's build process loads them", () => {
  it('a dashboard edit leaves the modules that keep what builds made at their versions (their memos live on)', async () => {
    const sources = await sourceFiles(REPO_ROOT, SHARED_CODE);
    const dashboard = sources.find(([f]) => /^dashboards\/[^/]+\/[^/]+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(dashboard, 'a dashboard definition under dashboards/<persona>/').toBeDefined();
    const edited = sources.map(([f, bytes]) =>
      f === dashboard![0]
        ? ([f, Buffer.concat([bytes, Buffer.from('\n// edited\n')])] as const)
        : ([f, bytes] as const),
    );
    const [before, after] = [await moduleVersions(REPO_ROOT, sources), await moduleVersions(REPO_ROOT, edited)];
    const at = (file: string) => pathToFileURL(join(REPO_ROOT, file)).href;
    const changed = (file: string) => {
      expect(before.has(at(file)), file).toBe(true);
      return before.get(at(file)) !== after.get(at(file));
    };
    // The compiler itself imports the dashboards: evaluated afresh.
    expect(changed('libs/build/src/compile.ts')).toBe(true);
    for (const keeper of [
      'tools/cli/src/kept-artifacts.ts',
      'libs/build/src/manifest-block.ts',
      'libs/build/src/derived-names.ts',
      'libs/build/src/source-path.ts',
      'libs/build/src/unit-keys.ts',
      'libs/build/src/validate.ts',
      'libs/build/src/producers/rules.ts',
      'libs/build/src/producers/routing.ts',
      'libs/build/src/producers/kube.ts',
    ])
      expect(changed(keeper), `${keeper} is evaluated afresh after a dashboard edit`).toBe(false);
  });
});
