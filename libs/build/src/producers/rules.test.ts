import { environment, syntheticTenants, type Tenant } from '@plotwatch/platform';
import { dashboards } from '@plotwatch/dashboards';
import { readRepoFile } from '@plotwatch/testing';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readYaml } from '../artifacts.ts';
import { compileOrThrow, repoTenants } from '../test-support.ts';
import { panelIndex } from './producer.ts';
import { ruleArtifacts } from './rules.ts';

const env = environment('prod');
const noPanels = {
  env,
  sourcePath: (u: string) => u.replace(/^.*\/(alerts|recording-rules)\//, '$1/'),
  panels: panelIndex([]),
  earlier: [],
  defined: dashboards,
};
type RuleFileDoc = {
  namespace?: string;
  groups: Array<{
    name: string;
    rules: Array<{ record?: string; alert?: string; expr: string; labels?: Record<string, string> }>;
  }>;
};
const rulesOf = (content: string) => (parse(content) as RuleFileDoc).groups.flatMap((g) => g.rules);

describe('ruleArtifacts', () => {
  it("leaves an alert linking to a defined dashboard that was not built to the dashboard's own error", () => {
    // The dashboards were not built (their errors are reported): that their alerts cannot link would only follow from it.
    const { errors } = ruleArtifacts({ ...noPanels, tenants: repoTenants() });
    expect(errors).toEqual([]);
  });

  const artifacts = compileOrThrow();
  const file = (path: string) => artifacts.find((a) => a.path === path)!.content;

  it('changes only the threshold series when a tenant overrides a threshold: the alerts stay one rule per signal', () => {
    const tenants = repoTenants();
    const first = tenants.find((t) => t.tenancy === 'label')!;
    const changed = tenants.map((t) =>
      t.id === first.id ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: 0.042 } } : t,
    );
    const other = compileOrThrow(changed);
    const differing = artifacts
      .filter(
        (a) => a.path.startsWith('prometheus/rules/') && other.find((b) => b.path === a.path)?.content !== a.content,
      )
      .map((a) => a.path);
    expect(differing).toEqual(['prometheus/rules/thresholds.yaml']);
  });

  it('gives each mimir tenant its own namespaces with its values inline, and no label tenant any', () => {
    for (const tenant of repoTenants()) {
      const own = artifacts.filter((a) => a.path.startsWith(`mimir/${tenant.id}/`));
      expect(own.length > 0).toBe(tenant.tenancy === 'mimir');
      for (const a of own) {
        expect((parse(a.content) as RuleFileDoc).namespace).toBe(a.path.split('/').at(-1)!.replace('.yaml', ''));
        expect(a.content).not.toMatch(/group_left tenant(_slo)?:/);
      }
    }
  });

  it('writes the shared rules as PrometheusRule objects with the release label kube-prometheus-stack selects, holding the same groups', () => {
    const crds = artifacts.filter((a) => a.path.startsWith(`kubernetes/${env.id}/prometheusrules/`));
    const plain = artifacts.filter((a) => a.path.startsWith('prometheus/rules/'));
    expect(crds).toHaveLength(plain.length);
    for (const a of plain) {
      const crd = parse(file(`kubernetes/${env.id}/prometheusrules/plotwatch-${a.path.split('/').at(-1)}`)) as {
        kind: string;
        metadata: { labels: Record<string, string> };
        spec: RuleFileDoc;
      };
      expect(crd.kind).toBe('PrometheusRule');
      expect(crd.metadata.labels.release).toBe(env.monitoring.release);
      expect(crd.spec.groups).toEqual((parse(a.content) as RuleFileDoc).groups);
    }
  });

  it("writes Grafana-managed twins of every alert rule that Grafana's published schema accepts", () => {
    const schema = JSON.parse(readRepoFile('libs/routing/schemas/alerting.jsonschema.json')) as Record<string, unknown>;
    const validate = new Ajv({ strict: false, formats: { 'date-time': true } }).compile({
      ...schema,
      $ref: '#/definitions/RuleGroup',
    });
    const groups = artifacts
      .filter((a) => a.path.startsWith('grafana/alerting/rules/'))
      .map((a) => JSON.parse(a.content) as { rules: Array<{ title: string; folderUID: string }> });
    for (const group of groups) expect(validate(group), JSON.stringify(validate.errors)).toBe(true);
    const alertRules = artifacts
      .filter((a) => a.path.startsWith('prometheus/rules/alerts-') || a.kind === 'mimir-rules')
      .flatMap((a) => rulesOf(a.content).filter((r) => r.alert));
    expect(groups.flatMap((g) => g.rules)).toHaveLength(alertRules.length);
    const titles = groups.flatMap((g) => g.rules.map((r) => `${r.folderUID}/${r.title}`));
    expect(new Set(titles).size).toBe(titles.length);
  });
});

/** Rules of one compile, by what they are. */
function ruleCounts(tenants: readonly Tenant[]) {
  const { artifacts } = ruleArtifacts({ ...noPanels, tenants });
  // At 1,000 tenants the rule files hold 8 MB: each is read once, by js-yaml (readYaml, as the
  // build's checks read them; the yaml package took ~9 s, reading thresholds and SLOs twice).
  const files = artifacts
    .filter((a) => a.path.startsWith('prometheus/rules/') || a.path.startsWith('mimir/'))
    .map((a) => ({ path: a.path, groups: (readYaml(a.content) as RuleFileDoc).groups }));
  const count = (test: (path: string) => boolean, inGroup: (name: string) => boolean = () => true) =>
    files
      .filter((f) => test(f.path))
      .flatMap((f) => f.groups.filter((g) => inGroup(g.name)))
      .reduce((n, g) => n + g.rules.length, 0);
  const perTenant = count(
    (p) => /^prometheus\/rules\/(thresholds|slo-)/.test(p),
    (name) => name === 'plotwatch.thresholds' || name.endsWith('.objectives'),
  );
  const shared = count((p) => p.startsWith('prometheus/rules/')) - perTenant;
  return { sharedRules: shared, perTenantSeries: perTenant, mimirRules: count((p) => p.startsWith('mimir/')) };
}

describe('ruleArtifacts, called again in one process (plotwatch dev builds so)', () => {
  // A tenant loaded again from an unchanged file is the same object, and what was made of it is
  // kept by it (each tenant's test cases and their lines, a mimir tenant's namespaces): what the
  // next build makes must be exactly what a process seeing every tenant for the first time makes.
  const tenants = syntheticTenants(30);
  const edited = (list: readonly Tenant[], id: string, edit: (t: Tenant) => Tenant) =>
    list.map((t) => (t.id === id ? edit(t) : t));
  const fresh = (list: readonly Tenant[]) => list.map((t) => structuredClone(t));
  const byPath = (artifacts: readonly { path: string; content: string }[]) =>
    new Map(artifacts.map((a) => [a.path, a.content]));
  const mimir = tenants.find((t) => t.tenancy === 'mimir')!;
  const label = tenants.find((t) => t.tenancy === 'label' && t.id !== tenants[0]!.id)!;

  it('makes the same files as for fresh tenants after a label and a mimir tenant change, and keeps the unchanged files as they were', () => {
    const first = ruleArtifacts({ ...noPanels, tenants });
    const again = ruleArtifacts({ ...noPanels, tenants });
    // Nothing changed: the same files.
    const firstTexts = byPath(first.artifacts);
    for (const a of again.artifacts) expect(a.content === firstTexts.get(a.path), a.path).toBe(true);

    const raised = (t: Tenant): Tenant => ({
      ...t,
      thresholds: { ...t.thresholds, model_drift_score: t.thresholds.model_drift_score * 2 },
    });
    const changed = edited(edited(tenants, label.id, raised), mimir.id, raised);
    const next = ruleArtifacts({ ...noPanels, tenants: changed });
    const reference = ruleArtifacts({ ...noPanels, tenants: fresh(changed) });
    expect(next.errors).toEqual(reference.errors);
    expect(byPath(next.artifacts)).toEqual(byPath(reference.artifacts));
    // The edit shows: the changed tenants' thresholds are in what was made again.
    const differs = next.artifacts.filter((a) => a.content !== firstTexts.get(a.path)).map((a) => a.path);
    expect(differs).toContain('prometheus/rules/thresholds.yaml');
    expect(differs.some((p) => p.startsWith(`mimir/${mimir.id}/`))).toBe(true);
    expect(differs.some((p) => p.startsWith('mimir/') && !p.startsWith(`mimir/${mimir.id}/`))).toBe(false);
  });
});

describe('rule counts from 10 to 1,000 tenants', () => {
  it(
    'grow in label tenancy only by the per-tenant series; mimir tenants bring their own copies',
    { timeout: 120_000 },
    () => {
      const rows = [10, 100, 1000].map((n) => {
        const tenants = syntheticTenants(n);
        const started = performance.now();
        const counts = ruleCounts(tenants);
        const labelTenants = tenants.filter((t) => t.tenancy === 'label').length;
        const mimirTenants = n - labelTenants;
        return {
          tenants: n,
          labelTenants,
          mimirTenants,
          ...counts,
          perLabelTenant: counts.perTenantSeries / labelTenants,
          perMimirTenant: counts.mimirRules / mimirTenants,
          seconds: (performance.now() - started) / 1000,
        };
      });
      console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(2) })));
      expect(new Set(rows.map((r) => r.sharedRules)).size).toBe(1);
      expect(new Set(rows.map((r) => r.perLabelTenant)).size).toBe(1);
      expect(new Set(rows.map((r) => r.perMimirTenant)).size).toBe(1);
    },
  );
});
