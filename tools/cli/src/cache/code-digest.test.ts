import { readTree, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFiles } from './code-digest.ts';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('sourceFiles', () => {
  it("lists the code's files but tests, their data and hidden folders (a test's scratch modules)", async () => {
    const root = await writeTree([
      ['dashboards/index.ts', 'export {};\n'],
      ['dashboards/ops/overview.ts', 'export {};\n'],
      ['dashboards/ops/overview.test.ts', 'test\n'],
      ['dashboards/__fixtures__/x.json', '{}\n'],
      ['dashboards/.import-tmp-123/apache.ts', 'export {};\n'],
      ['libs/p/package.json', '{}\n'],
    ]);
    roots.push(root);
    expect(await readTree(root)).toHaveProperty('size', 6);
    const files = await sourceFiles(root, ['dashboards', 'libs', 'missing']);
    expect(files.map(([f]) => f)).toEqual(['dashboards/index.ts', 'dashboards/ops/overview.ts', 'libs/p/package.json']);
    expect(files[0]![1].toString()).toBe('export {};\n');
  });
});
