import { afterAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { asTree, compileOrThrow } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { writeTree } from '@plotwatch/testing';
import { readTrees } from './read.ts';
import { summarize } from './summarize.ts';

describe('readTrees', () => {
  const tenants = syntheticTenants(4);
  const base = asTree(compileOrThrow(tenants));
  const head = asTree(
    compileOrThrow(
      tenants.map((t, i) => (i === 1 ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: 0.3 } } : t)),
    ),
  );
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('skips the files both manifests hash alike, and summarizes as the whole trees do', async () => {
    const [b, a] = [await writeTree(base), await writeTree(head)];
    dirs.push(b, a);
    const [rb, ra] = await readTrees(b, a);
    expect([...rb.keys()].sort()).toEqual([...base.keys()].sort());
    expect([...rb.values()].filter((c) => c.startsWith('\0unchanged')).length).toBeGreaterThan(base.size / 2);
    expect(summarize(rb, ra)).toEqual(summarize(base, head));
  });

  it('reads a missing base (a ref before out/ existed) as empty', async () => {
    const a = await writeTree(head);
    dirs.push(a);
    const [rb, ra] = await readTrees(join(a, 'no-such-dir'), a);
    expect(rb.size).toBe(0);
    expect(ra.size).toBe(head.size);
  });
});
