import { alertDomains } from '@plotwatch/alerts';
import { dashboardUid } from '@plotwatch/grafana';
import type { Environment, Tenant } from '@plotwatch/platform';
import { recordingGroups } from '@plotwatch/recording-rules';
import {
  inlineThresholdRule, mimirRuleFile, prometheusRuleFile, sharedThresholdRule, thresholdSeriesRules, thresholdTestFile,
  type AlertDomainDefinition, type RuleGroup, type ThresholdAlert,
} from '@plotwatch/rules';
import type { Artifact } from '../artifacts.ts';
import type { PanelIndex, ProducerInput, Produced } from './producer.ts';

const MIMIR_NAMESPACE = 'plotwatch';

/** Recording rules, threshold series, alerts and their promtool tests; a ruler namespace per mimir tenant. */
export function ruleArtifacts({ tenants, env, sourcePath, panels }: ProducerInput): Produced {
  const artifacts: Artifact[] = [];
  const errors: string[] = [];
  const link = panelLinker(panels, errors, sourcePath);
  const labelTenants = tenants.filter((t) => t.tenancy === 'label');
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
    artifacts.push(...alertArtifacts(domain, { env, labelTenants, recording, ruleFiles, source: sourcePath(domain.source), link }));
  }
  for (const tenant of tenants.filter((t) => t.tenancy === 'mimir')) {
    artifacts.push(...mimirArtifacts(tenant, env, recording, link));
  }
  return { artifacts, errors };
}

type Linker = (alert: ThresholdAlert, domain: AlertDomainDefinition, tenantId: string) => number;

/** The id of the panel an alert links to, in the given tenant's copy of its dashboard; an error if it is gone. */
function panelLinker(panels: PanelIndex, errors: string[], sourcePath: (url: string) => string): Linker {
  return (alert, domain, tenantId) => {
    const uid = dashboardUid(tenantId, alert.dashboard.persona, alert.dashboard.slug);
    const id = panels.panelId(uid, alert.dashboard.panel);
    if (id !== undefined) return id;
    const titles = panels.panelTitles(uid);
    const message = titles
      ? `dashboard ${uid} has no panel "${alert.dashboard.panel}" (it has: ${titles.map((t) => `"${t}"`).join(', ')})`
      : `there is no dashboard ${uid} (persona ${alert.dashboard.persona}, slug ${alert.dashboard.slug})`;
    errors.push(`${sourcePath(domain.source)}: alert ${alert.name} links to a panel that does not exist: ${message}`);
    return 0;
  };
}

function alertArtifacts(
  domain: AlertDomainDefinition,
  o: { env: Environment; labelTenants: readonly Tenant[]; recording: readonly RuleGroup[]; ruleFiles: readonly string[]; source: string; link: Linker },
): Artifact[] {
  const file = `alerts-${domain.domain}.yaml`;
  // One rule serves every label tenant; their dashboards share the layout, so any one resolves the panel.
  const sample = o.labelTenants[0];
  if (!sample) return [];
  const rules = domain.alerts.map((a) => sharedThresholdRule(a, o.env, o.link(a, domain, sample.id)));
  const artifacts: Artifact[] = [
    { path: `prometheus/rules/${file}`, kind: 'prometheus-rules', source: o.source,
      content: prometheusRuleFile([{ name: `plotwatch.alerts.${domain.domain}`, interval: o.env.evaluationInterval, rules }]) },
  ];
  domain.alerts.forEach((alert, i) => {
    artifacts.push({
      path: `prometheus/tests/${domain.domain}/${alert.name}.test.yaml`, kind: 'promtool-test', source: o.source,
      content: thresholdTestFile(alert, rules[i]!, o.labelTenants, [...o.ruleFiles, file].map((f) => `../../rules/${f}`)),
    });
  });
  return artifacts;
}

/** A mimir tenant's own ruler namespace: the recording rules plus its alerts, thresholds inline. */
function mimirArtifacts(tenant: Tenant, env: Environment, recording: readonly RuleGroup[], link: Linker): Artifact[] {
  const path = `mimir/${tenant.id}/${MIMIR_NAMESPACE}.yaml`;
  const rulesOf = (d: AlertDomainDefinition) => d.alerts.map((a) => inlineThresholdRule(a, env, tenant, link(a, d, tenant.id)));
  const groups: RuleGroup[] = [
    ...recording,
    ...alertDomains.map((d) => ({ name: `plotwatch.alerts.${d.domain}`, interval: env.evaluationInterval, rules: rulesOf(d) })),
  ];
  const artifacts: Artifact[] = [{ path, kind: 'mimir-rules', tenant: tenant.id, source: 'libs/rules/src/threshold-alert.ts', content: mimirRuleFile(MIMIR_NAMESPACE, groups) }];
  for (const domain of alertDomains) {
    const rules = rulesOf(domain);
    domain.alerts.forEach((alert, i) => {
      const rule = rules[i]!;
      artifacts.push({
        path: `prometheus/tests/mimir/${tenant.id}/${alert.name}.test.yaml`, kind: 'promtool-test', tenant: tenant.id, source: 'libs/rules/src/threshold-alert.ts',
        content: thresholdTestFile(alert, rule, [tenant], [`../../../../${path}`]),
      });
    });
  }
  return artifacts;
}

