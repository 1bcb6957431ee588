/** A rule as the duplicate check sees it: where it is and what it writes. */
export interface RuleIdentity {
  /** Rules in different files/namespaces never collide (e.g. two mimir tenants). */
  readonly namespace: string;
  readonly kind: 'record' | 'alert';
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly expr: string;
}

export const DUPLICATE_RULES_CHECK = {
  name: 'rule/duplicate',
  doc: 'Two recording rules write the same series (same name and labels) or an alert is defined twice: Prometheus reports duplicate-series errors, or pages twice.',
};

/** Pairs of rules that write the same series in one namespace: the later one, and the first. */
export function duplicateRules(rules: readonly RuleIdentity[]): Array<{ rule: RuleIdentity; first: RuleIdentity }> {
  const seen = new Map<string, RuleIdentity>();
  const duplicates: Array<{ rule: RuleIdentity; first: RuleIdentity }> = [];
  for (const rule of rules) {
    const labels = Object.entries(rule.labels).sort(([a], [b]) => a.localeCompare(b));
    // An alert's identity includes its expression: one alert name may serve several expressions.
    const key = JSON.stringify([rule.namespace, rule.kind, rule.name, labels, rule.kind === 'alert' ? rule.expr : '']);
    const first = seen.get(key);
    if (first) duplicates.push({ rule, first });
    else seen.set(key, rule);
  }
  return duplicates;
}
