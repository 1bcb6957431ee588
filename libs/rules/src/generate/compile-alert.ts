import { dashboardUid, PLATFORM_SCOPE, tenantScope, type Environment, type QueryScope } from '@plotwatch/platform';
import type { AlertDefinition, AlertingRule, CompiledAlert, Labels, RuleTarget, Template } from '../model/model.ts';
import { kebab } from '../model/naming.ts';
import { label, prometheusTemplate } from './template.ts';

/** Whose series a rule reads: all tenants' for the shared rule and the platform, one tenant's in its own namespace. */
export function queryScope(target: RuleTarget): QueryScope {
  return target.kind === 'own' ? tenantScope(target.tenant.id) : PLATFORM_SCOPE;
}

export function runbookUrl(alertName: string, env: Environment): string {
  return `${env.runbookUrl}/${kebab(alertName)}.md`;
}

const TENANT_PLACEHOLDER = '\u0000';

/** The panel's URL; one shared rule links each tenant to its own copy of the dashboard. */
function dashboardLink(alert: AlertDefinition, target: RuleTarget, env: Environment, panelId: number): Template {
  const { persona, slug } = alert.dashboard;
  const scope = target.kind === 'shared' ? TENANT_PLACEHOLDER : target.kind === 'own' ? target.tenant.id : 'platform';
  const [before, after] = dashboardUid(scope, persona, slug).split(TENANT_PLACEHOLDER) as [string, string?];
  const suffix = `?viewPanel=${panelId}`;
  return after === undefined
    ? [`${env.grafanaUrl}/d/${before}${suffix}`]
    : [`${env.grafanaUrl}/d/${before}`, label('tenant'), `${after}${suffix}`];
}

/** An alert's rules for one target, and what its tests render their expectations from. */
export interface AlertForTarget {
  readonly rules: readonly AlertingRule[];
  readonly compiled: CompiledAlert;
}

/**
 * The cross-cutting pass every alert goes through once: labels (severity, persona, service),
 * summary and description, runbook and dashboard links. `panelId` is the id of the linked panel.
 */
export function compileAlert(
  alert: AlertDefinition,
  target: RuleTarget,
  env: Environment,
  panelId: number,
): AlertForTarget {
  const annotations: Readonly<Record<string, Template>> = {
    summary: alert.summary,
    description: alert.description,
    runbook_url: [runbookUrl(alert.name, env)],
    dashboard_url: dashboardLink(alert, target, env, panelId),
  };
  const compiledRules = alert.rules.map((spec) => {
    const labels: Labels = spec.kept?.labels ?? {
      severity: spec.severity,
      persona: alert.persona,
      ...(alert.service ? { service: alert.service } : {}),
    };
    return { spec, labels, annotations: spec.kept?.annotations ?? annotations };
  });
  return {
    rules: compiledRules.map(({ spec, labels, annotations }) => ({
      alert: alert.name,
      expr: spec.expr(target),
      for: spec.for,
      ...(spec.keepFiringFor ? { keepFiringFor: spec.keepFiringFor } : {}),
      labels,
      annotations: Object.fromEntries(Object.entries(annotations).map(([k, t]) => [k, prometheusTemplate(t, target)])),
    })),
    compiled: {
      name: alert.name,
      rules: compiledRules.map(({ spec, labels, annotations }) => ({ severity: spec.severity, labels, annotations })),
    },
  };
}
