import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { commonLabels, type Environment } from '@plotwatch/platform';
import { DEFAULT_TARGET, type PrometheusTarget } from '@plotwatch/promql';
import type { Rule, RuleGroup } from '../model/model.ts';
import { groupsDoc, ruleDoc } from './rule-file.ts';

/**
 * Bytes of rules per PrometheusRule object: etcd refuses objects over 1.5 MiB, and the operator
 * concatenates all objects into ConfigMaps of at most 1 MiB; half of that leaves room for both.
 */
export const MAX_PROMETHEUS_RULE_BYTES = 512 * 1024;

/**
 * The groups cut so that no part exceeds `maxBytes` of JSON; a group too big for one part
 * continues, same name, in the next.
 */
function chunked(groups: readonly RuleGroup[], maxBytes: number): RuleGroup[][] {
  const parts: RuleGroup[][] = [[]];
  let size = 0;
  for (const group of groups) {
    let current: Rule[] = [];
    const flush = () => {
      if (current.length) parts.at(-1)!.push({ ...group, rules: current });
      current = [];
    };
    for (const rule of group.rules) {
      const bytes = JSON.stringify(ruleDoc(rule)).length;
      if (size + bytes > maxBytes && size > 0) {
        flush();
        parts.push([]);
        size = 0;
      }
      current.push(rule);
      size += bytes;
    }
    flush();
  }
  return parts.filter((p) => p.length);
}

/**
 * The same groups as PrometheusRule objects for kube-prometheus-stack, in the monitoring
 * namespace and carrying the `release` label its ruleSelector matches; validated against the
 * CRD's schema. Large rule sets are split into `<name>-2`, `<name>-3`, ...
 */
export function prometheusRules(
  name: string,
  groups: readonly RuleGroup[],
  env: Environment,
  maxBytes = MAX_PROMETHEUS_RULE_BYTES,
  target: PrometheusTarget = DEFAULT_TARGET,
): PrometheusRule[] {
  return chunked(groups, maxBytes).map((part, i) => {
    const rule = new PrometheusRule({
      metadata: {
        name: i === 0 ? name : `${name}-${i + 1}`,
        namespace: env.monitoring.namespace,
        labels: commonLabels(env),
      },
      spec: { groups: groupsDoc(part, target) },
    });
    rule.validate();
    return rule;
  });
}
