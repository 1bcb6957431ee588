import type { Finding, RegisteredCheck, RuleSetCase } from '../check.ts';

/** A rule as the duplicate check sees it: where it is and what it writes. */
export interface RuleIdentity {
  /** Rules in different files/namespaces never collide (e.g. two mimir tenants). */
  readonly namespace: string;
  readonly kind: 'record' | 'alert';
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly expr: string;
  /** How a reader finds the rule (source, file, group, rule); by default its namespace, kind and name. */
  readonly where?: string;
}

/** A rule that writes what an earlier rule of its namespace already writes. */
export interface DuplicateRule<R extends RuleIdentity = RuleIdentity> extends Finding {
  /** The later rule; `from`/`to` span its whole `expr`. */
  readonly rule: R;
  /** The first rule that writes the same. */
  readonly first: R;
}

const threshold = (tenant: string, expr: string, namespace = 'rules.yaml') =>
  ({ namespace, kind: 'record', name: 'tenant:story_api_error_ratio:threshold', labels: { tenant }, expr }) as const;
const alert = (expr: string, labels: Record<string, string> = { severity: 'page' }) =>
  ({ namespace: 'rules.yaml', kind: 'alert', name: 'StoryApiErrorRatioHigh', labels, expr }) as const;
const ERROR_RATIO =
  'tenant:story_api_error_ratio:rate5m > on (tenant) group_left ' + 'tenant:story_api_error_ratio:threshold';

export const duplicate: RegisteredCheck & { readonly cases: readonly RuleSetCase[] } = {
  name: 'rule/duplicate',
  doc:
    'Two recording rules write the same series (same name and labels), or an alert is defined twice: Prometheus ' +
    "discards one of the colliding samples, and the alert's two copies shadow each other.",
  details:
    "It runs over all the rules of a namespace (a rule file, or a mimir tenant's namespace), not over one " +
    'expression. Two recording rules that write one name with the same labels collide: Prometheus discards one ' +
    'of the two samples at each evaluation ("duplicate sample for timestamp"), and which value the series shows ' +
    'depends on evaluation order. An alert defined twice with the same labels and expression is evaluated twice; ' +
    'Alertmanager merges the copies by their labels, so their annotations overwrite each other, and a fix made ' +
    'to one copy leaves the other firing. One alert name over several expressions is fine (one threshold per ' +
    'signal), and so is one recording per tenant told apart by its `tenant` label. Fix the generator that emits ' +
    'the second rule: give it labels of its own, or emit the rule once.',
  cases: [
    {
      title: 'threshold series of two tenants',
      rules: [threshold('aurora-books', 'vector(0.05)'), threshold('inkwell', 'vector(0.02)')],
    },
    {
      title: 'the same recording in two mimir namespaces',
      rules: [
        threshold('aurora-books', 'vector(0.05)', 'mimir/aurora-books'),
        threshold('aurora-books', 'vector(0.05)', 'mimir/inkwell'),
      ],
    },
    {
      title: 'one alert name over two expressions',
      rules: [alert(ERROR_RATIO), alert('absent(up{job="story-api"})')],
    },
    {
      title: 'one series recorded twice',
      rules: [threshold('aurora-books', 'vector(0.05)'), threshold('aurora-books', 'vector(0.02)')],
      finds: /writes the same series, tenant:story_api_error_ratio:threshold\{tenant="aurora-books"\}, as rules\.yaml/,
    },
    {
      title: 'an alert defined twice',
      rules: [alert(ERROR_RATIO), alert(ERROR_RATIO)],
      finds: /defines the same alert, StoryApiErrorRatioHigh\{severity="page"\} with the same expression, as rules/,
    },
  ],
};

/** How a finding names a rule: its `where`, or its namespace, kind and name. */
export function ruleWhere(rule: RuleIdentity): string {
  return rule.where ?? `${rule.namespace}, ${rule.kind === 'record' ? 'recording rule' : 'alert'} ${rule.name}`;
}

/**
 * The rules that write the same series as an earlier rule of their namespace, as `rule/duplicate`
 * findings spanning the later rule's expression: print one with
 * `formatFinding(ruleWhere(d.rule), d.rule.expr, d)`.
 */
export function duplicateRules<R extends RuleIdentity>(rules: readonly R[]): Array<DuplicateRule<R>> {
  const seen = new Map<string, R>();
  const duplicates: Array<DuplicateRule<R>> = [];
  for (const rule of rules) {
    const labels = Object.entries(rule.labels).sort(([a], [b]) => a.localeCompare(b));
    // An alert's identity includes its expression: one alert name may serve several expressions.
    const key = JSON.stringify([rule.namespace, rule.kind, rule.name, labels, rule.kind === 'alert' ? rule.expr : '']);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, rule);
      continue;
    }
    const matchers = labels.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ');
    const series = matchers === '' ? rule.name : `${rule.name}{${matchers}}`;
    const message =
      rule.kind === 'record'
        ? `writes the same series, ${series}, as ${ruleWhere(first)}`
        : `defines the same alert, ${series} with the same expression, as ${ruleWhere(first)}`;
    duplicates.push({ check: duplicate.name, message, from: 0, to: rule.expr.length, rule, first });
  }
  return duplicates;
}
