import type { Rule, RuleGroup } from '../model/model.ts';

// The plain rule file. The PrometheusRule CRD (prometheus-rule.ts) carries the same groups in its spec.

type RuleDoc =
  | { record: string; expr: string; labels?: Record<string, string> }
  | { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> };

/** Key order Prometheus' own docs use, so generated files read like hand-written ones. */
export function ruleDoc(rule: Rule): RuleDoc {
  if ('record' in rule) {
    return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: { ...rule.labels },
    annotations: { ...rule.annotations },
  };
}

export function groupsDoc(groups: readonly RuleGroup[]) {
  return groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules.map(ruleDoc) }));
}

/**
 * The document of a Prometheus rule file (`promtool check rules` format), or with `namespace`
 * of a mimirtool rule file (`mimirtool rules load/sync`); `toYaml` writes it.
 */
export function ruleFileDocument(groups: readonly RuleGroup[], namespace?: string) {
  return namespace ? { namespace, groups: groupsDoc(groups) } : { groups: groupsDoc(groups) };
}
