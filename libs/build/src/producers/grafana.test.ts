import { alertDomains } from '@plotwatch/alerts';
import { dashboards } from '@plotwatch/dashboards';
import { dashboardUid, type Folder } from '@plotwatch/grafana';
import { environment, loadTenants, type Tenant } from '@plotwatch/platform';
import { runbookUrl } from '@plotwatch/rules';
import { demoTenantFiles } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../artifacts.ts';
import { compileOrThrow, repoTenants } from '../test-support.ts';
import { dashboardArtifacts, dashboardUnits, grafanaArtifacts } from './grafana.ts';
import { panelIndex } from './producer.ts';

const env = environment('prod');

function produce(tenants: readonly Tenant[]): readonly Artifact[] {
  const access = grafanaArtifacts({
    tenants,
    env,
    sourcePath: (u) => u,
    panels: panelIndex([]),
    earlier: [],
    defined: [],
  });
  const dashboards = dashboardArtifacts(dashboardUnits(tenants, true), env, (u) => u, [env.grafana.schema]);
  const errors = [...access.errors, ...dashboards.errors];
  if (errors.length) throw new Error(errors.join('\n'));
  return [...access.artifacts, ...dashboards.artifacts];
}

interface AccessModel {
  teams: Array<{ name: string; tenant?: string }>;
  folders: Folder[];
  datasources: Array<{ uid: string; permissions: Array<{ team: string }> }>;
}
const accessModel = (artifacts: readonly Artifact[]) =>
  JSON.parse(artifacts.find((a) => a.path === 'grafana/folders.json')!.content) as AccessModel;
const dashboardJson = (artifacts: readonly Artifact[], uid: string) =>
  JSON.parse(artifacts.find((a) => a.kind === 'grafana-dashboard' && a.path.endsWith(`/${uid}.json`))!.content) as {
    panels: Array<{
      title: string;
      links?: Array<{ title: string; url: string }>;
      fieldConfig: { defaults: { thresholds?: { steps: Array<{ value: number | null }> } } };
    }>;
    templating: { list: Array<{ name: string; current?: { value: string } }> };
  };

describe('adding a tenant is one YAML file', () => {
  const files = demoTenantFiles();

  it.each([
    [
      'label',
      'id: newcomer\ndisplayName: Newcomer\ntier: free\nnotifications:\n  - name: ops\n    type: email\n    to: ops@newcomer.example\n',
    ],
    [
      'mimir',
      'id: newcomer\ndisplayName: Newcomer\ntier: pro\ntenancy: mimir\nnotifications:\n  - name: ops\n    type: email\n    to: ops@newcomer.example\n',
    ],
  ])(
    'in %s mode, it gets every tenant dashboard of every persona, its folders, teams and permissions',
    (mode, yaml) => {
      const loaded = loadTenants([...files, { path: 'newcomer.yaml', text: yaml }]);
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      const artifacts = compileOrThrow(loaded.tenants);

      const ownDashboards = artifacts
        .filter((a) => a.kind === 'grafana-dashboard' && a.tenant === 'newcomer')
        .map((a) => a.path)
        .sort();
      expect(ownDashboards).toEqual(
        dashboards
          .filter((d) => d.scope === 'tenant')
          .map((d) => `grafana/dashboards/tenants/newcomer/${d.persona}/newcomer-${d.persona}-${d.slug}.json`)
          .sort(),
      );

      const model = accessModel(artifacts);
      expect(model.folders.filter((f) => f.uid.startsWith('tenant-newcomer')).map((f) => f.uid)).toEqual([
        'tenant-newcomer',
        'tenant-newcomer-ops',
        'tenant-newcomer-ml',
        'tenant-newcomer-product',
      ]);
      expect(model.teams.filter((t) => t.tenant === 'newcomer').map((t) => t.name)).toEqual([
        'newcomer-ops',
        'newcomer-ml',
        'newcomer-product',
      ]);
      const ownTeam = (f: Folder) => f.permissions.some((p) => p.team.startsWith('newcomer-'));
      expect(model.folders.filter(ownTeam).every((f) => f.uid.startsWith('tenant-newcomer'))).toBe(true);

      const datasourceOfDashboards = dashboardJson(artifacts, 'newcomer-ops-services').templating.list.find(
        (v) => v.name === 'datasource',
      )!.current!.value;
      if (mode === 'mimir') {
        expect(model.datasources.map((d) => d.uid)).toContain('mimir-prod-newcomer');
        expect(datasourceOfDashboards).toBe('mimir-prod-newcomer');
      } else {
        expect(model.datasources.map((d) => d.uid)).not.toContain('mimir-prod-newcomer');
        expect(datasourceOfDashboards).toBe(env.datasources.prometheus);
      }
    },
  );
});

describe('grafanaArtifacts', () => {
  const tenants = repoTenants();
  const artifacts = produce(tenants);

  it('builds platform dashboards once, for no tenant, and tenant dashboards once per tenant', () => {
    const built = artifacts.filter((a) => a.kind === 'grafana-dashboard');
    const platformCount = dashboards.filter((d) => d.scope === 'platform').length;
    expect(built.filter((a) => !a.tenant)).toHaveLength(platformCount);
    expect(built.filter((a) => !a.tenant).every((a) => a.path.startsWith('grafana/dashboards/platform/'))).toBe(true);
    expect(built).toHaveLength(platformCount + tenants.length * (dashboards.length - platformCount));
  });

  const alerts = alertDomains.flatMap((d) => d.alerts);
  const links = [
    ...alerts
      .filter((a) => a.scope === 'tenant')
      .flatMap((alert) => tenants.map((t) => [alert.name, t.id, alert] as const)),
    ...alerts.filter((a) => a.scope === 'platform').map((alert) => [alert.name, 'platform', alert] as const),
  ];
  it.each(links)("links the panel %s watches, in %s's dashboard, to its runbook and rule", (name, scope, alert) => {
    const panel = dashboardJson(
      artifacts,
      dashboardUid(scope, alert.dashboard.persona, alert.dashboard.slug),
    ).panels.find((p) => p.title === alert.dashboard.panel)!;
    expect(panel.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: `Runbook: ${name}`, url: runbookUrl(name, env) }),
        expect.objectContaining({ title: `Alert: ${name}`, url: `/alerting/list?search=${name}` }),
      ]),
    );
  });

  it('writes no secret into the access model: datasource credentials are file references', () => {
    const content = artifacts.find((a) => a.path === 'grafana/folders.json')!.content;
    for (const [, value] of content.matchAll(/"httpHeaderValue\d+": "([^"]*)"/g))
      expect(value).toMatch(/^\$__file\{\/etc\/grafana\/secrets\/[^}]+\}$/);
  });
});
