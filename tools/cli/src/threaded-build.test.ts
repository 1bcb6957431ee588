import { compile } from '@plotwatch/build';
import { asTree, compileInput, compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { readTree, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildInto } from './threaded-build.ts';

describe('buildInto', () => {
  it(
    'on two threads (buildInto, what the build runs) writes exactly the same files and lists them',
    { timeout: 60_000 },
    async () => {
      const tenants = [...repoTenants(), ...syntheticTenants(12)];
      const dir = await writeTree([]);
      try {
        const result = await buildInto(dir, compileInput(tenants), { workerFrom: 1 });
        if (!result.ok) throw new Error(result.errors.join('\n'));
        const expected = compileOrThrow(tenants);
        expect(await readTree(dir)).toEqual(asTree(expected));
        expect(result.written.map((e) => e.path)).toEqual(expected.map((a) => a.path));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'on two threads writes a Grafana 13 target (schema v2, and both with --schema both) exactly as compile does',
    { timeout: 120_000 },
    async () => {
      const tenants = [...repoTenants(), ...syntheticTenants(12)];
      for (const schema of [undefined, 'both'] as const) {
        const dir = await writeTree([]);
        try {
          const result = await buildInto(dir, compileInput(tenants, 'dev', schema), { workerFrom: 1 });
          if (!result.ok) throw new Error(result.errors.join('\n'));
          expect(await readTree(dir)).toEqual(asTree(compileOrThrow(tenants, 'dev', schema)));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  );

  it('on two threads refuses what compile refuses, with the same errors', { timeout: 60_000 }, async () => {
    const [first, ...rest] = repoTenants();
    const tenants = [{ ...first!, seriesBudget: 1000 }, ...rest, ...syntheticTenants(12)];
    const dir = await writeTree([]);
    try {
      const result = await buildInto(dir, compileInput(tenants), { workerFrom: 1 });
      const expected = compile(compileInput(tenants));
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors).toEqual(expected.ok ? [] : expected.errors);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
