import type { Environment, Tenant } from '@plotwatch/platform';
import { dashboardUid } from '@plotwatch/grafana';
import type { AlertingRule, RecordingRule, ThresholdAlert } from './model.ts';
import { kebab, thresholdSeries } from './naming.ts';

/** Prometheus' template for "the alerted series' tenant", used where one rule serves all tenants. */
const TENANT_TEMPLATE = '{{ $labels.tenant }}';

/**
 * Label tenancy: one rule for every tenant, the threshold joined from its series, so 1,000
 * tenants cost 1,000 threshold samples, not 1,000 copies of the alert.
 */
export function sharedThresholdRule(alert: ThresholdAlert, env: Environment, panelId: number): AlertingRule {
  const threshold = thresholdSeries(alert.threshold);
  return alertingRule(alert, env, {
    expr: `${alert.signal(undefined)} ${alert.comparison} on (tenant) group_left ${threshold}`,
    thresholdText: `{{ with printf "${threshold}{tenant='%s'}" $labels.tenant | query }}{{ . | first | value | ${alert.proof.format} }}{{ end }}`,
    dashboardScope: TENANT_TEMPLATE,
    panelId,
  });
}

/** Mimir tenancy: the tenant's own copy in its own ruler namespace, its threshold inline. */
export function inlineThresholdRule(alert: ThresholdAlert, env: Environment, tenant: Tenant, panelId: number): AlertingRule {
  const value = tenant.thresholds[alert.threshold];
  return alertingRule(alert, env, {
    expr: `${alert.signal(tenant.id)} ${alert.comparison} ${value}`,
    thresholdText: `{{ ${value} | ${alert.proof.format} }}`,
    dashboardScope: tenant.id,
    panelId,
  });
}

/** One tiny recording rule per tenant and threshold: `vector(<value>)` labelled with the tenant. */
export function thresholdSeriesRules(alert: ThresholdAlert, tenants: readonly Tenant[]): RecordingRule[] {
  return tenants.map((tenant) => ({
    record: thresholdSeries(alert.threshold),
    expr: `vector(${tenant.thresholds[alert.threshold]})`,
    labels: { tenant: tenant.id },
  }));
}

export function runbookUrl(alertName: string, env: Environment): string {
  return `${env.runbookUrl}/${kebab(alertName)}`;
}

function alertingRule(
  alert: ThresholdAlert,
  env: Environment,
  parts: { expr: string; thresholdText: string; dashboardScope: string; panelId: number },
): AlertingRule {
  const uid = dashboardUid(parts.dashboardScope, alert.dashboard.persona, alert.dashboard.slug);
  return {
    alert: alert.name,
    expr: parts.expr,
    for: alert.for,
    labels: { severity: alert.severity, persona: alert.persona, service: alert.service },
    annotations: {
      summary: alert.summary,
      description: `${alert.description} Now {{ $value | ${alert.proof.format} }}, threshold ${parts.thresholdText}.`,
      runbook_url: runbookUrl(alert.name, env),
      dashboard_url: `${env.grafanaUrl}/d/${uid}?viewPanel=${parts.panelId}`,
    },
  };
}
