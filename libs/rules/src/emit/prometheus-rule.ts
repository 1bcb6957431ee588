import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { commonLabels, type Environment } from '@plotwatch/platform';
import type { Rule, RuleGroup } from '../model/model.ts';

type RuleDoc = { record: string; expr: string; labels?: Record<string, string> } | { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> };

/** Key order Prometheus' own docs use, so generated files read like hand-written ones. */
function ruleDoc(rule: Rule): RuleDoc {
  if ('record' in rule) return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
  return { alert: rule.alert, expr: rule.expr, for: rule.for, labels: { ...rule.labels }, annotations: { ...rule.annotations } };
}

function groupsDoc(groups: readonly RuleGroup[]) {
  return groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules.map(ruleDoc) }));
}


/**
 * The document of a Prometheus rule file (`promtool check rules` format), or with `namespace`
 * of a mimirtool rule file (`mimirtool rules load/sync`); `toYaml` writes it.
 */
export function ruleFileDocument(groups: readonly RuleGroup[], namespace?: string) {
  return namespace ? { namespace, groups: groupsDoc(groups) } : { groups: groupsDoc(groups) };
}

/**
 * Bytes of rules per PrometheusRule object: etcd refuses objects over 1.5 MiB, and the operator
 * concatenates all objects into ConfigMaps of at most 1 MiB; half of that leaves room for both.
 */
export const MAX_PROMETHEUS_RULE_BYTES = 512 * 1024;

/** The groups cut so that no part exceeds `maxBytes` of JSON; a group too big for one part continues, same name, in the next. */
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
export function prometheusRules(name: string, groups: readonly RuleGroup[], env: Environment, maxBytes = MAX_PROMETHEUS_RULE_BYTES): PrometheusRule[] {
  return chunked(groups, maxBytes).map((part, i) => {
    const rule = new PrometheusRule({
      metadata: { name: i === 0 ? name : `${name}-${i + 1}`, namespace: env.monitoring.namespace, labels: commonLabels(env) },
      spec: { groups: groupsDoc(part) },
    });
    rule.validate();
    return rule;
  });
}
