import { describe, expect, it } from 'vitest';
import { importGraph } from './import-graph.ts';

const graphOf = (files: Record<string, string>) =>
  importGraph(new Map(Object.entries(files).map(([f, text]) => [f, Buffer.from(text)] as const)));

describe('importGraph', () => {
  const FILES = {
    'libs/p/package.json': JSON.stringify({ name: '@plotwatch/p', exports: { './sub': './src/sub.ts' } }),
    'libs/p/src/sub.ts': "import './deep.ts';\n",
    'libs/p/src/deep.ts': '',
    'dashboards/a.ts': "import '../libs/p/src/sub.ts';\nimport { b } from './shared/b.ts';\nimport 'yaml';\n",
    'dashboards/shared/b.ts': "import type { C } from './c.ts';\nimport '@plotwatch/p/sub';\n",
    'dashboards/shared/c.ts': '',
  };

  it('follows relative and workspace imports, directly or not; not node_modules, not type-only ones', async () => {
    const graph = await graphOf(FILES);
    expect([...graph.closure('dashboards/a.ts')!].sort()).toEqual(
      ['dashboards/a.ts', 'dashboards/shared/b.ts', 'libs/p/src/deep.ts', 'libs/p/src/sub.ts'].sort(),
    );
  });

  it('follows only through the files it is told to', async () => {
    const graph = await graphOf(FILES);
    const inDashboards = (f: string) => f.startsWith('dashboards/');
    expect([...graph.closure('dashboards/a.ts', inDashboards)!].sort()).toEqual([
      'dashboards/a.ts',
      'dashboards/shared/b.ts',
    ]);
  });

  it('has no closure for a file that reaches one the lexer cannot read', async () => {
    const graph = await graphOf({ ...FILES, 'dashboards/shared/b.ts': 'import {' });
    expect(graph.closure('dashboards/a.ts')).toBeUndefined();
    expect(graph.closure('libs/p/src/sub.ts')).toEqual(new Set(['libs/p/src/sub.ts', 'libs/p/src/deep.ts']));
  });
});
