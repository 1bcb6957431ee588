import { dashboards } from '@plotwatch/dashboards';
import { dashboardSchemaErrors, folderTree, type DashboardDefinition } from '@plotwatch/grafana';
import { platform, type Environment, type Tenant } from '@plotwatch/platform';
import type { Artifact } from '../artifacts.ts';
import type { ProducerInput, Produced } from './producer.ts';

/** Folders and every dashboard, platform-scoped once and tenant-scoped per tenant, schema-checked. */
export function grafanaArtifacts({ tenants, env, sourcePath }: ProducerInput): Produced {
  const errors: string[] = [];
  const artifacts: Artifact[] = [];
  artifacts.push({
    path: 'grafana/folders.json', kind: 'grafana-folders', source: 'libs/grafana/src/folders.ts',
    content: json({ folders: folderTree(tenants, Object.values(platform.personas)) }),
  });

  const seenUids = new Map<string, string>();
  for (const definition of dashboards) {
    const scopes = definition.scope === 'tenant' ? tenants : [undefined];
    for (const tenant of scopes) {
      const where = `${sourcePath(definition.source)}${tenant ? ` (tenant ${tenant.id})` : ''}`;
      const built = buildDashboard(definition, tenant, env);
      if ('error' in built) {
        errors.push(`${where}: ${built.error}`);
        continue;
      }
      const uid = built.json.uid;
      const problems = dashboardSchemaErrors(built.json).map((e) => `dashboard ${uid}: ${e}`);
      const other = seenUids.get(uid);
      if (other) problems.push(`dashboard uid "${uid}" is also built by ${other}; give one of them another slug`);
      seenUids.set(uid, where);
      if (problems.length) {
        errors.push(...problems.map((p) => `${where}: ${p}`));
        continue;
      }
      const dir = tenant ? `tenants/${tenant.id}/${definition.persona}` : `platform/${definition.persona}`;
      artifacts.push({
        path: `grafana/dashboards/${dir}/${uid}.json`, kind: 'grafana-dashboard', persona: definition.persona,
        source: sourcePath(definition.source), content: json(built.json),
        ...(tenant ? { tenant: tenant.id } : {}),
      });
    }
  }

  return { artifacts, errors };
}

function buildDashboard(definition: DashboardDefinition, tenant: Tenant | undefined, env: Environment): { json: { uid: string } & Record<string, unknown> } | { error: string } {
  if (!tenant && definition.scope === 'tenant') return { error: 'tenant-scoped dashboard built without a tenant' };
  try {
    const persona = platform.personas[definition.persona];
    const ctx = { tenant: tenant!, persona, env, platform };
    // What gets written is the JSON form (the SDK's builders carry function-valued markers).
    const built = JSON.parse(JSON.stringify(definition.build(ctx).build())) as { uid?: string } & Record<string, unknown>;
    if (!built.uid) return { error: 'dashboard has no uid; set it with checkedDashboardUid()' };
    return { json: built as { uid: string } & Record<string, unknown> };
  } catch (e) {
    return { error: (e as Error).message };
  }
}


function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
