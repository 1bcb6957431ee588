import type { Tenant, ThresholdId } from '@plotwatch/platform';
import { promtoolOnTree } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow, repoTenants } from './test-support.ts';

/** The tenants, one of them with a threshold planted `factor` times its value. */
function planted(victim: Tenant, id: ThresholdId, factor: number): Tenant[] {
  return repoTenants().map((t) =>
    t.id === victim.id ? { ...t, thresholds: { ...t.thresholds, [id]: t.thresholds[id] * factor } } : t,
  );
}

/**
 * The files promtool reads of a compile: the rule files and their tests. (The rest of out/, most of
 * its megabytes, was staged for every run and read by nothing.)
 */
const promtoolFiles = (tree: ReadonlyMap<string, string>) =>
  new Map([...tree].filter(([path]) => /^(prometheus|mimir)\//.test(path)));

/** The repository tenants' compile, once for the four tests (compile.test.ts proves it deterministic). */
let committed: ReadonlyMap<string, string> | undefined;
const committedTree = () => new Map((committed ??= promtoolFiles(asTree(compileOrThrow()))));

/** The committed tree with the rule files (not the tests) of a compile of `tenants`. */
function withRulesOf(tenants: readonly Tenant[], rules: RegExp): Map<string, string> {
  const tree = committedTree();
  for (const [path, content] of asTree(compileOrThrow(tenants))) if (rules.test(path)) tree.set(path, content);
  return tree;
}

/**
 * The test files of `alert` for the label tenants, whose rules are in prometheus/rules/. Planting a
 * label tenant leaves the Mimir tenants' rules and tests (prometheus/tests/mimir/) as committed,
 * which the first test proves: they are not run again.
 */
const labelTestsOf = (alert: string) => (path: string) =>
  !path.startsWith('prometheus/tests/mimir/') && path.includes(`/${alert}`);

// promtool runs take seconds, more on a busy machine.
describe('generated rules under the real promtool', { timeout: 180_000 }, () => {
  it('every rule file passes `promtool check rules` and every generated test passes, in parallel', async () => {
    const started = performance.now();
    const { check, test } = await promtoolOnTree(committedTree());
    console.log(`promtool check + test of every rule: ${((performance.now() - started) / 1000).toFixed(1)}s`);
    expect(check.ok, check.output).toBe(true);
    expect(test.ok, test.output).toBe(true);
    expect(test.output).toContain('SUCCESS');
  });

  it("fails when one label tenant's threshold is planted wrong, naming the alert, the tenant and the value expected", async () => {
    const victim = repoTenants().find((t) => t.tenancy === 'label')!;
    // Rules compiled with the planted value, tests generated from the tenant's real one.
    const tree = withRulesOf(planted(victim, 'story_api_error_ratio', 1.03), /^prometheus\/rules\//);
    const { test } = await promtoolOnTree(tree, { only: labelTestsOf('StoryApiHighErrorRatio') });
    expect(test.ok).toBe(false);
    const above = Math.round(victim.thresholds.story_api_error_ratio * 1.01 * 1e6) / 1e6;
    expect(test.output).toContain(
      `StoryApiHighErrorRatio ${victim.id}: fires at ${above} (threshold ${victim.thresholds.story_api_error_ratio})`,
    );
    for (const other of repoTenants().filter((t) => t.id !== victim.id))
      expect(test.output).not.toContain(`StoryApiHighErrorRatio ${other.id}:`);
  });

  it("fails when a mimir tenant's inline threshold is planted wrong", async () => {
    const victim = repoTenants().find((t) => t.tenancy === 'mimir')!;
    const tree = withRulesOf(
      planted(victim, 'inference_p95_latency_seconds', 0.97),
      new RegExp(`^mimir/${victim.id}/`),
    );
    const { test } = await promtoolOnTree(tree, {
      only: (path) => path.includes(`mimir/${victim.id}/InferenceLatencyHigh`),
    });
    expect(test.ok).toBe(false);
    expect(test.output).toContain(`InferenceLatencyHigh ${victim.id}: silent at`);
  });

  it("fails when a tenant's SLO objective is planted wrong: its burn-rate tests no longer hold", async () => {
    const victim = repoTenants().find((t) => t.tenancy === 'label')!;
    const objective = {
      ...victim.slo.storyGeneration,
      availability: 1 - (1 - victim.slo.storyGeneration.availability) * 1.05,
    };
    const tenants = repoTenants().map((t) =>
      t.id === victim.id ? { ...t, slo: { ...t.slo, storyGeneration: objective } } : t,
    );
    const tree = withRulesOf(tenants, /^prometheus\/rules\//);
    const { test } = await promtoolOnTree(tree, { only: labelTestsOf('StoryGenerationAvailabilityBudgetBurn') });
    expect(test.ok).toBe(false);
    expect(test.output).toMatch(
      new RegExp(`StoryGenerationAvailabilityBudgetBurn ${victim.id}: (page|ticket) fires at`),
    );
  });
});
