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
import type { Artifact } from '../artifacts.ts';
import { stem } from '../out-paths.ts';
import type { CompiledForTarget, SourcedRuleFile } from './rule-tests.ts';

/** The same groups as PrometheusRule objects, for the environment's kube-prometheus-stack. */
export function crdArtifacts(file: SourcedRuleFile, env: Environment): Artifact[] {
  return prometheusRules(`plotwatch-${stem(file.path, '.yaml')}`, file.groups, env).map((crd) => ({
    path: `kubernetes/${env.id}/prometheusrules/${crd.metadata!.name}.yaml`,
    kind: 'kubernetes-manifest',
    source: file.source,
    content: toYaml(crd.toJSON()),
  }));
}

/**
 * Grafana-managed twins of the rules: one rule group per folder and domain. Shared and platform
 * rules live in the platform folders, a mimir tenant's in its own, querying its datasource.
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
        }),
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
