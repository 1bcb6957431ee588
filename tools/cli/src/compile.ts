import { dashboards } from '@plotwatch/dashboards';
import { alertDomains } from '@plotwatch/alerts';
import { recordingGroups } from '@plotwatch/recording-rules';
import { dashboardSchemaErrors, folderTree, type DashboardDefinition } from '@plotwatch/grafana';
import { platform, type Environment, type Tenant } from '@plotwatch/platform';
import {
  inlineThresholdRule, mimirRuleFile, prometheusRuleFile, sharedThresholdRule, thresholdSeriesRules, thresholdTestFile,
  type AlertDomainDefinition, type RuleGroup,
} from '@plotwatch/rules';
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Artifact } from './artifacts.ts';

export interface CompileInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /** Repository root, to name definitions by their path in errors and in the manifest. */
  readonly root: string;
}

export type CompileResult = { ok: true; artifacts: Artifact[] } | { ok: false; errors: string[] };

const MIMIR_NAMESPACE = 'plotwatch';

/**
 * Every artifact of every tenant, in memory: pure, so tests compile without a disk and a
 * failed build has nothing to undo. Collects all errors instead of stopping at the first.
 */
export function compile({ tenants, env, root }: CompileInput): CompileResult {
  const errors: string[] = [];
  const artifacts: Artifact[] = [];
  const sourcePath = (url: string) => relative(root, fileURLToPath(url)) || '.';
  const labelTenants = tenants.filter((t) => t.tenancy === 'label');

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

  // Recording rules over all tenants; each in its own file, evaluated at the environment's interval.
  const recording: RuleGroup[] = recordingGroups.map((g) => ({ name: `plotwatch.${g.name}`, interval: env.evaluationInterval, rules: g.rules }));
  recordingGroups.forEach((g, i) => {
    artifacts.push({ path: `prometheus/rules/${g.name}.yaml`, kind: 'prometheus-rules', source: sourcePath(g.source), content: prometheusRuleFile([recording[i]!]) });
  });

  const allAlerts = alertDomains.flatMap((d) => d.alerts);
  artifacts.push({
    path: 'prometheus/rules/thresholds.yaml', kind: 'prometheus-rules', source: 'libs/rules/src/threshold-alert.ts',
    content: prometheusRuleFile([{ name: 'plotwatch.thresholds', interval: env.evaluationInterval, rules: allAlerts.flatMap((a) => thresholdSeriesRules(a, labelTenants)) }]),
  });
  const ruleFiles = ['thresholds.yaml', ...recordingGroups.map((g) => `${g.name}.yaml`)];
  for (const domain of alertDomains) {
    artifacts.push(...alertArtifacts(domain, { env, labelTenants, recording, ruleFiles, source: sourcePath(domain.source) }));
  }
  for (const tenant of tenants.filter((t) => t.tenancy === 'mimir')) {
    artifacts.push(...mimirArtifacts(tenant, env, recording));
  }

  if (errors.length) return { ok: false, errors };
  artifacts.push(manifest(artifacts, env));
  return { ok: true, artifacts: artifacts.sort((a, b) => a.path.localeCompare(b.path)) };
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

function alertArtifacts(
  domain: AlertDomainDefinition,
  o: { env: Environment; labelTenants: readonly Tenant[]; recording: readonly RuleGroup[]; ruleFiles: readonly string[]; source: string },
): Artifact[] {
  const file = `alerts-${domain.domain}.yaml`;
  const rules = domain.alerts.map((a) => sharedThresholdRule(a, o.env));
  const artifacts: Artifact[] = [
    { path: `prometheus/rules/${file}`, kind: 'prometheus-rules', source: o.source,
      content: prometheusRuleFile([{ name: `plotwatch.alerts.${domain.domain}`, interval: o.env.evaluationInterval, rules }]) },
  ];
  domain.alerts.forEach((alert, i) => {
    if (o.labelTenants.length === 0) return;
    artifacts.push({
      path: `prometheus/tests/${domain.domain}/${alert.name}.test.yaml`, kind: 'promtool-test', source: o.source,
      content: thresholdTestFile(alert, rules[i]!, o.labelTenants, [...o.ruleFiles, file].map((f) => `../../rules/${f}`)),
    });
  });
  return artifacts;
}

/** A mimir tenant's own ruler namespace: the recording rules plus its alerts, thresholds inline. */
function mimirArtifacts(tenant: Tenant, env: Environment, recording: readonly RuleGroup[]): Artifact[] {
  const path = `mimir/${tenant.id}/${MIMIR_NAMESPACE}.yaml`;
  const groups: RuleGroup[] = [
    ...recording,
    ...alertDomains.map((d) => ({ name: `plotwatch.alerts.${d.domain}`, interval: env.evaluationInterval, rules: d.alerts.map((a) => inlineThresholdRule(a, env, tenant)) })),
  ];
  const artifacts: Artifact[] = [{ path, kind: 'mimir-rules', tenant: tenant.id, source: 'libs/rules/src/threshold-alert.ts', content: mimirRuleFile(MIMIR_NAMESPACE, groups) }];
  for (const domain of alertDomains) {
    domain.alerts.forEach((alert) => {
      const rule = inlineThresholdRule(alert, env, tenant);
      artifacts.push({
        path: `prometheus/tests/mimir/${tenant.id}/${alert.name}.test.yaml`, kind: 'promtool-test', tenant: tenant.id, source: 'libs/rules/src/threshold-alert.ts',
        content: thresholdTestFile(alert, rule, [tenant], [`../../../../${path}`]),
      });
    });
  }
  return artifacts;
}

function manifest(artifacts: readonly Artifact[], env: Environment): Artifact {
  const entries = [...artifacts]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((a) => ({ path: a.path, kind: a.kind, tenant: a.tenant ?? null, persona: a.persona ?? null, sha256: sha256(a.content), source: a.source }));
  return { path: 'manifest.json', kind: 'manifest', source: 'tools/cli/src/compile.ts', content: json({ generator: 'plotwatch', env: env.id, artifacts: entries }) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
