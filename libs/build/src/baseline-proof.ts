// `plotwatch test --baseline`: one promtool test over the demo platform's normal behaviour in which
// no alert may fire, and which alerts fired when promtool says otherwise. Pure: the command
// generates the series (narrative-sim) and runs promtool.
import { TENANT_LABEL } from '@plotwatch/platform';
import { parse } from 'yaml';

/** One input series of the test: its text (`name{a="1"}`) and a value per interval, in order. */
export interface BaselineSeries {
  readonly series: string;
  readonly values: readonly number[];
}

export interface BaselineTest {
  /** Rule files, relative to the test file. */
  readonly ruleFiles: readonly string[];
  readonly groupOrder: readonly string[];
  readonly alerts: readonly string[];
  readonly series: readonly BaselineSeries[];
  /** Minutes between samples, and between rule evaluations. */
  readonly intervalMinutes: number;
  /** Minutes after the first sample when every alert must be silent. */
  readonly checkMinutes: readonly number[];
}

/** Six significant digits: the demo's wobble is 2-5%, and the file stays a few MB for a few tenants. */
const value = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : 'stale');

/** The groups of Prometheus rule files (their texts), each with the names of its alerts. */
export function groupsOf(ruleTexts: readonly string[]): Array<{ name: string; alerts: string[] }> {
  return ruleTexts
    .flatMap((text) => (parse(text) as { groups: Array<{ name: string; rules: Array<{ alert?: string }> }> }).groups)
    .map((g) => ({ name: g.name, alerts: g.rules.flatMap((r) => (r.alert ? [r.alert] : [])) }));
}

/** The promtool test file (JSON, which promtool reads as YAML): every alert silent at every check. */
export function baselineTestFile(o: BaselineTest): string {
  const interval = `${o.intervalMinutes}m`;
  const test = {
    rule_files: o.ruleFiles,
    evaluation_interval: interval,
    group_eval_order: o.groupOrder,
    tests: [
      {
        name: "baseline: the demo platform's normal behaviour fires no alert",
        interval,
        input_series: o.series.map((s) => ({ series: s.series, values: s.values.map(value).join(' ') })),
        alert_rule_test: o.checkMinutes.flatMap((m) =>
          o.alerts.map((alertname) => ({ eval_time: `${m}m`, alertname, exp_alerts: [] })),
        ),
      },
    ],
  };
  return `${JSON.stringify(test)}\n`;
}

/**
 * The groups' evaluation orders of several test files merged into one that keeps every file's
 * order (dependencies first): a topological order, ties broken by first appearance.
 */
export function mergedGroupOrder(orders: readonly (readonly string[])[]): string[] {
  const after = new Map<string, Set<string>>();
  const seen: string[] = [];
  for (const order of orders)
    order.forEach((group, i) => {
      if (!after.has(group)) {
        after.set(group, new Set());
        seen.push(group);
      }
      if (i > 0) after.get(group)!.add(order[i - 1]!);
    });
  const placed = new Set<string>();
  const result: string[] = [];
  const place = (group: string, path: ReadonlySet<string>) => {
    if (placed.has(group) || path.has(group)) return;
    for (const before of after.get(group) ?? []) place(before, new Set([...path, group]));
    placed.add(group);
    result.push(group);
  };
  for (const group of seen) place(group, new Set());
  return result;
}

/** An alert that fired where the baseline expected silence: for which tenant, first at which check. */
export interface BaselineFiring {
  readonly alert: string;
  readonly tenant: string | undefined;
  readonly at: string;
}

/**
 * The firings in promtool's failure text for the baseline test: each failed check names the alert
 * and time, and lists under `got:` the alerts' labels. One entry per alert and tenant, its first time.
 */
export function baselineFirings(promtoolText: string): BaselineFiring[] {
  const firings = new Map<string, BaselineFiring>();
  const checks = promtoolText.split(/^\s*alertname: /m).slice(1);
  for (const check of checks) {
    const head = /^(\S+), time: ([^,\s]+)/.exec(check);
    if (!head) continue;
    const got = check.slice(check.indexOf('got:'));
    for (const labels of got.matchAll(/Labels:\{([^}]*)\}/g)) {
      const tenant = new RegExp(`(?:^|[\\s,])${TENANT_LABEL}="([^"]*)"`).exec(labels[1]!)?.[1];
      const key = `${head[1]} ${tenant ?? ''}`;
      if (!firings.has(key)) firings.set(key, { alert: head[1]!, tenant, at: head[2]! });
    }
  }
  return [...firings.values()].sort((a, b) => `${a.alert} ${a.tenant}`.localeCompare(`${b.alert} ${b.tenant}`));
}
