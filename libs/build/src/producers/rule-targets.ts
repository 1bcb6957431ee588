import { folderUid } from '@plotwatch/grafana';
import { tenantDatasourceUid, type Environment, type PersonaId, type Tenant } from '@plotwatch/platform';
import {
  grafanaRule,
  grafanaRuleGroup,
  groupName,
  prometheusRules,
  seconds,
  type AlertDomainDefinition,
} from '@plotwatch/rules';
import { toYaml } from '@plotwatch/rules';
import { ROUTING_TREE_LABEL, routingTreeLabel, type RoutingTreeSelector } from '@plotwatch/routing';
import type { Artifact } from '../artifacts.ts';
import { stem } from '../out-paths.ts';
import type { CompiledForTarget, SourcedRuleFile } from './rule-tests.ts';

/** The same groups as PrometheusRule objects, for the environment's kube-prometheus-stack. */
export function crdArtifacts(file: SourcedRuleFile, env: Environment): Artifact[] {
  return prometheusRules(`plotwatch-${stem(file.path, '.yaml')}`, file.groups, env, undefined, env.prometheus).map(
    (crd) => ({
      path: `kubernetes/${env.id}/prometheusrules/${crd.metadata!.name}.yaml`,
      kind: 'kubernetes-manifest',
      source: file.source,
      content: toYaml(crd.toJSON()),
    }),
  );
}

/**
 * Grafana-managed twins of the rules: one rule group per folder and domain. Shared and platform
 * rules live in the platform folders, a mimir tenant's in its own, querying its datasource.
 * Every rule names the routing tree its alerts take (`__grafana_managed_route__`): a mimir
 * tenant's rules its tenant's tree; shared and platform rules, per alert, the tree of the
 * alert's `tenant` label, or the platform's when it has none (docs/decisions.md, "Named routing
 * trees"). Grafana without named trees ignores the label and routes by the default tree.
 */
export function grafanaArtifacts(
  compiled: readonly CompiledForTarget[],
  env: Environment,
  tenant: Tenant | undefined,
): Artifact[] {
  const groups = new Map<
    string,
    { folder: string; persona: PersonaId; domain: AlertDomainDefinition; rules: ReturnType<typeof grafanaRule>[] }
  >();
  for (const c of compiled) {
    const persona = c.alert.persona;
    const folder = tenant ? folderUid({ kind: 'tenant', tenant }, persona) : folderUid({ kind: 'platform' }, persona);
    const key = `${folder}/${c.domain.domain}`;
    const entry = groups.get(key) ?? { folder, persona, domain: c.domain, rules: [] };
    groups.set(key, entry);
    const tree: RoutingTreeSelector =
      c.target.kind === 'own' ? { kind: 'tenant', tenant: c.target.tenant.id } : { kind: 'by-label' };
    c.rules.forEach((rule, i) => {
      const compiledRule = c.compiled.rules[i]!;
      entry.rules.push(
        grafanaRule({
          rule,
          compiled: compiledRule,
          target: c.target,
          folderUid: folder,
          group: groupName(c.domain.domain),
          title: c.rules.length > 1 ? `${c.alert.name} (${compiledRule.severity})` : c.alert.name,
          datasourceUid: tenant ? tenantDatasourceUid(env, tenant) : env.datasources.prometheus,
        }).labels({ ...rule.labels, [ROUTING_TREE_LABEL]: routingTreeLabel(tree) }),
      );
    });
  }
  return [...groups].map(([key, { folder, persona, domain, rules }]) => ({
    path: `grafana/alerting/rules/${key}.json`,
    kind: 'grafana-alerting',
    source: 'libs/rules/src/emit/grafana-alerting.ts',
    persona,
    content: `${JSON.stringify(grafanaRuleGroup(groupName(domain.domain), folder, seconds(env.evaluationInterval), rules), null, 2)}\n`,
  }));
}
