import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
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
