import { MAX_UID_LENGTH } from '@plotwatch/grafana';
import { describe, expect, it } from 'vitest';
import { existsInRepo, sha256 } from '@plotwatch/testing';
import { parse as parseYaml } from 'yaml';
import { compile, sourcePathIn } from './compile.ts';
import { compileInput, compileOrThrow, repoTenants } from './test-support.ts';

describe('compile', () => {
  const artifacts = compileOrThrow();

  it('is deterministic: two compiles give the same bytes', () => {
    expect(compileOrThrow()).toEqual(artifacts);
  });

  it('builds the slice for every tenant: a dashboard each, the shared rules, and a mimir namespace per mimir tenant', () => {
    const tenants = repoTenants();
    for (const t of tenants) {
      expect(artifacts.some((a) => a.kind === 'grafana-dashboard' && a.tenant === t.id)).toBe(true);
      expect(artifacts.some((a) => a.path === `mimir/${t.id}/plotwatch.yaml`)).toBe(t.tenancy === 'mimir');
    }
    const thresholds = artifacts.find((a) => a.path === 'prometheus/rules/thresholds.yaml')!.content;
    for (const t of tenants) expect(thresholds.includes(`tenant: ${t.id}\n`)).toBe(t.tenancy === 'label');
  });

  it('keeps beside each content the document it serializes: what is checked is exactly what is written', () => {
    const withDocument = artifacts.filter((a) => a.document !== undefined);
    expect(new Set(withDocument.map((a) => a.kind))).toEqual(
      new Set(['grafana-dashboard', 'prometheus-rules', 'mimir-rules']),
    );
    for (const a of withDocument)
      expect(a.path.endsWith('.json') ? JSON.parse(a.content) : parseYaml(a.content), a.path).toEqual(a.document);
  });

  it('gives every dashboard a unique uid Grafana accepts', () => {
    const uids = artifacts
      .filter((a) => a.kind === 'grafana-dashboard')
      .map((a) => (JSON.parse(a.content) as { uid: string }).uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(MAX_UID_LENGTH);
  });

  it('lists every artifact in the manifest with its sha256 and source', () => {
    const manifest = JSON.parse(artifacts.find((a) => a.path === 'manifest.json')!.content) as {
      artifacts: Array<{ path: string; sha256: string; source: string }>;
    };
    const others = artifacts.filter((a) => a.path !== 'manifest.json');
    expect(manifest.artifacts.map((e) => e.path)).toEqual(others.map((a) => a.path));
    for (const entry of manifest.artifacts) {
      expect(entry.sha256).toBe(sha256(others.find((a) => a.path === entry.path)!.content));
      expect(entry.source).toMatch(/^(libs|dashboards|alerts|recording-rules|tools)\//);
      expect(existsInRepo(entry.source), `${entry.path}: its source ${entry.source} does not exist`).toBe(true);
    }
    // Written a block per entry (kept by the entry): the bytes are JSON.stringify's, indented by 2.
    const text = artifacts.find((a) => a.path === 'manifest.json')!.content;
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('the dashboard threshold line and the alert read the same per-tenant value', () => {
    for (const tenant of repoTenants()) {
      const dashboard = artifacts.find((a) => a.path.endsWith(`/${tenant.id}-ops-story-api.json`))!;
      type Panel = {
        title: string;
        fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } };
      };
      const panel = (JSON.parse(dashboard.content) as { panels: Panel[] }).panels.find(
        (p) => p.title === 'Error ratio (5xx)',
      )!;
      expect(panel.fieldConfig.defaults.thresholds.steps.at(-1)!.value).toBe(tenant.thresholds.story_api_error_ratio);
    }
  });

  it("refuses a tenant whose series estimate exceeds its tier's budget, naming the metric and label", () => {
    const [first, ...rest] = repoTenants();
    const result = compile(compileInput([{ ...first!, seriesBudget: 1000 }, ...rest]));
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `tenant ${first!.id} .* over its budget of 1000; the largest is http_request_duration_seconds .* its label route`,
        ),
      ),
    ]);
  });

  it('names a definition by its path in the repository, as the manifest lists it', () => {
    const sourcePath = sourcePathIn('/repo');
    expect(sourcePath('file:///repo/dashboards/ops/story-api.ts')).toBe('dashboards/ops/story-api.ts');
    expect(sourcePath('file:///repo/alerts/my%20domain/x.ts')).toBe('alerts/my domain/x.ts');
    expect(sourcePath('file:///repo/alerts/ai/')).toBe('alerts/ai');
    expect(sourcePath('file:///repo/')).toBe('.');
    expect(sourcePath('file:///elsewhere/x.ts')).toBe('/elsewhere/x.ts');
  });
});
