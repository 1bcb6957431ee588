/**
 * The cases of every registered check as readers see them: run through the check, each finding
 * rendered by formatFinding. The check tests snapshot these and docs/checks.md shows them.
 */
import { formatFinding } from '../format.ts';
import { lint } from '../lint.ts';
import type { CheckCase, Finding, LintContext, RegisteredCheck, RuleSetCase } from './check.ts';
import { duplicateRules, ruleWhere, type RuleIdentity } from './rule/duplicate.ts';

/** The context every expression case runs in, overridden by its `ctx`. */
export const EXAMPLE_CONTEXT: LintContext = {
  origin: 'record',
  scrapeIntervalSeconds: 15,
  recorded: new Set([
    'tenant_service:http_requests:rate5m',
    'tenant_service_le:http_request_duration_seconds_bucket:rate5m',
    'tenant:story_api_error_ratio:threshold',
  ]),
  alertFor: { min: 60, max: 3600 },
};

export function isRuleSetCase(c: CheckCase): c is RuleSetCase {
  return 'rules' in c;
}

/** Where an expression case's expression lives, as a finding names it: `alert (for: 30s)`. */
export function describeContext(over: Partial<LintContext> = {}): string {
  const ctx = { ...EXAMPLE_CONTEXT, ...over };
  const record = ctx.rule?.record;
  const what = ctx.origin === 'dashboard' ? 'dashboard query' : ctx.origin === 'alert' ? 'alert' : 'recording rule';
  const notes = [
    ...(ctx.tenant !== undefined ? [`tenant ${ctx.tenant}`] : []),
    ...(ctx.ownDatasource ? ['its own datasource'] : []),
    ...(ctx.origin === 'alert' && ctx.rule?.for !== undefined ? [`for: ${ctx.rule.for}`] : []),
    ...(ctx.scrapeIntervalSeconds !== EXAMPLE_CONTEXT.scrapeIntervalSeconds
      ? [`scrape interval ${ctx.scrapeIntervalSeconds}s`]
      : []),
  ];
  const named = ctx.origin === 'record' && record !== undefined ? `${what} ${record}` : what;
  return notes.length ? `${named} (${notes.join(', ')})` : named;
}

/** What `check` finds in one of its cases (findings of other checks left out). */
export function caseFindings(check: RegisteredCheck, c: CheckCase): Finding[] {
  const findings: Finding[] = isRuleSetCase(c)
    ? duplicateRules(c.rules)
    : lint(c.expr, { ...EXAMPLE_CONTEXT, ...c.ctx });
  return findings.filter((f) => f.check === check.name);
}

/** One case as docs/checks.md shows it. */
export interface Example {
  readonly bad: boolean;
  /** The input with a comment line saying where it lives: an expression, or rule files as YAML. */
  readonly input: string;
  readonly language: 'promql' | 'yaml';
  /** What the check prints for it, each finding rendered by formatFinding. */
  readonly findings: readonly string[];
}

export function examplesOf(check: RegisteredCheck): Example[] {
  return check.cases.map((c) => {
    const bad = c.finds !== undefined;
    if (isRuleSetCase(c)) {
      const findings = duplicateRules(c.rules)
        .filter((f) => f.check === check.name)
        .map((f) => formatFinding(ruleWhere(f.rule), f.rule.expr, f));
      return { bad, input: `# ${c.title}\n${rulesAsYaml(c.rules)}`, language: 'yaml', findings };
    }
    const where = describeContext(c.ctx);
    const findings = caseFindings(check, c).map((f) => formatFinding(where, c.expr, f));
    return { bad, input: `# ${where}\n${c.expr}`, language: 'promql', findings };
  });
}

/** The findings of a check's bad cases, as printed: its snapshot (`__snapshots__/<name>.txt` beside the check). */
export function renderBadCases(check: RegisteredCheck): string {
  return `${examplesOf(check)
    .filter((e) => e.bad)
    .flatMap((e) => e.findings)
    .join('\n\n')}\n`;
}

/** Rules grouped by namespace, as in a Prometheus rule file. */
function rulesAsYaml(rules: readonly RuleIdentity[]): string {
  const namespaces = [...new Set(rules.map((r) => r.namespace))];
  return namespaces
    .map((namespace) =>
      [
        `# ${namespace}`,
        ...rules
          .filter((r) => r.namespace === namespace)
          .flatMap((r) => [
            `- ${r.kind}: ${r.name}`,
            `  expr: ${yamlScalar(r.expr)}`,
            ...(Object.keys(r.labels).length ? ['  labels:'] : []),
            ...Object.entries(r.labels).map(([label, value]) => `    ${label}: ${yamlScalar(value)}`),
          ]),
      ].join('\n'),
    )
    .join('\n');
}

function yamlScalar(text: string): string {
  return /^[\w(][^#]*$/.test(text) && !text.includes(': ') ? text : JSON.stringify(text);
}
