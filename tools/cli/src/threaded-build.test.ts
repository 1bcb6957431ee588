import { compile, dashboardUnits, type CompileInput } from '@plotwatch/build';
import { asTree, compileInput, compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { readTree, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildInto, pooledTenants, type BuildOptions } from './threaded-build.ts';

const tenants = [...repoTenants(), ...syntheticTenants(12)];

/** What buildInto returns, and the files it wrote into a fresh directory. */
async function built(input: CompileInput, options?: BuildOptions) {
  const dir = await writeTree([]);
  try {
    const result = await buildInto(dir, input, options);
    return { result, tree: await readTree(dir) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('buildInto', () => {
  // One worker (it loads its modules for 1-2 s of CPU): the setting that sends the most through it,
  // both dashboard schemas. The worker takes the first batch, this thread the rest of the pool.
  it(
    'on two threads sharing the pool writes exactly the files compile makes and lists them (Grafana 13, --schema both)',
    { timeout: 60_000 },
    async () => {
      const { result, tree } = await built(compileInput(tenants, 'dev', 'both'), { workerFrom: 1, workerFirst: true });
      if (!result.ok) throw new Error(result.errors.join('\n'));
      const pooled = dashboardUnits([...pooledTenants(tenants)], false).length;
      expect(result.units.worker).toBeGreaterThan(0);
      expect(result.units.worker).toBeLessThan(pooled);
      const expected = compileOrThrow(tenants, 'dev', 'both');
      expect(tree).toEqual(asTree(expected));
      expect(result.written.map((e) => e.path)).toEqual(expected.map((a) => a.path));
    },
  );

  // A pool this small is built by this thread alone (the default): which thread builds a unit is
  // not what these test, and the test above shows the threads' shares make the same files.
  it.each([
    { env: 'prod', schema: undefined, target: 'prod' },
    { env: 'dev', schema: undefined, target: 'Grafana 13, schema v2' },
  ] as const)(
    'on one thread writes exactly the files compile makes and lists them ($target)',
    async ({ env, schema }) => {
      const { result, tree } = await built(compileInput(tenants, env, schema));
      if (!result.ok) throw new Error(result.errors.join('\n'));
      expect(result.units.worker).toBe(0);
      const expected = compileOrThrow(tenants, env, schema);
      expect(tree).toEqual(asTree(expected));
      expect(result.written.map((e) => e.path)).toEqual(expected.map((a) => a.path));
    },
  );

  it('refuses what compile refuses, with the same errors', async () => {
    const [first, ...rest] = repoTenants();
    const refused = [{ ...first!, seriesBudget: 1000 }, ...rest, ...syntheticTenants(12)];
    const { result } = await built(compileInput(refused));
    const expected = compile(compileInput(refused));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual(expected.ok ? [] : expected.errors);
  });
});
