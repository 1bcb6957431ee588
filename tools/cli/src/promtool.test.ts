import { promtoolOnTree } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow, repoTenants } from './test-support.ts';

describe('generated rules under the real promtool', () => {
  it('every rule file passes `promtool check rules` and every generated threshold test passes', async () => {
    const { check, test } = await promtoolOnTree(asTree(compileOrThrow()));
    expect(check.ok, check.output).toBe(true);
    expect(test.ok, test.output).toBe(true);
    expect(test.output).toContain('SUCCESS');
  });

  it('fails, naming the tenant, when a threshold in the rules is planted wrong', async () => {
    const tenants = repoTenants();
    const victim = tenants.find((t) => t.tenancy === 'label')!;
    // Rules compiled with the planted value, tests generated from the tenant's real one.
    const planted = tenants.map((t) => (t === victim ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: t.thresholds.story_api_error_ratio * 1.03 } } : t));
    const tree = asTree(compileOrThrow());
    for (const [path, content] of asTree(compileOrThrow(planted))) if (path.startsWith('prometheus/rules/')) tree.set(path, content);

    const { test } = await promtoolOnTree(tree);
    expect(test.ok).toBe(false);
    expect(test.output).toContain(`StoryApiHighErrorRatio ${victim.id}: fires at`);
    for (const other of tenants.filter((t) => t !== victim)) expect(test.output).not.toContain(`StoryApiHighErrorRatio ${other.id}:`);
  });

  it("fails when a mimir tenant's inline threshold is planted wrong", async () => {
    const tenants = repoTenants();
    const victim = tenants.find((t) => t.tenancy === 'mimir')!;
    const planted = tenants.map((t) => (t === victim ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: t.thresholds.story_api_error_ratio * 0.97 } } : t));
    const tree = asTree(compileOrThrow());
    const path = `mimir/${victim.id}/plotwatch.yaml`;
    tree.set(path, asTree(compileOrThrow(planted)).get(path)!);

    const { test } = await promtoolOnTree(tree);
    expect(test.ok).toBe(false);
    expect(test.output).toContain(`StoryApiHighErrorRatio ${victim.id}: silent at`);
  });
});
