import { parse, stringify } from 'yaml';

/**
 * A file of out/ as promtool reads it. promtool reads plain rule files; mimirtool's (under
 * `mimir/`) carry a `namespace` key besides `groups`, which promtool's strict parser refuses: the
 * copy drops it and keeps the groups. Every other file is returned as it is. Shared by the test
 * harnesses and `plotwatch test`, which both stage copies of out/ for promtool.
 */
export function promtoolReadable(path: string, content: string): string {
  if (!path.startsWith('mimir/')) return content;
  const { namespace: _namespace, ...rest } = parse(content) as { namespace: string; groups: unknown };
  return stringify(rest, { lineWidth: 0 });
}

/** What a promtool test file loads and evaluates: the fields its cost is read from. */
interface PromtoolTestFile {
  readonly rule_files?: readonly string[];
  readonly evaluation_interval?: string;
  readonly tests?: ReadonlyArray<{ readonly alert_rule_test?: ReadonlyArray<{ readonly eval_time: string }> }>;
}

/** The rule files a promtool test file loads, as written in it (relative to its folder). */
export function promtoolTestRuleFiles(testText: string): string[] {
  return [...((parse(testText) as PromtoolTestFile).rule_files ?? [])];
}

/**
 * What promtool spends on a test file, roughly: it evaluates every rule of every loaded file (their
 * texts given) at every step up to each group's last check. For scheduling the slowest files first.
 */
export function promtoolTestCost(testText: string, ruleTexts: readonly string[]): number {
  const test = parse(testText) as PromtoolTestFile;
  const rules = ruleTexts.reduce((n, text) => n + (text.match(/^\s*- (record|alert):/gm)?.length ?? 0), 0);
  const step = durationSeconds(test.evaluation_interval ?? '1m');
  const steps = (test.tests ?? []).reduce(
    (n, t) => n + Math.max(0, ...(t.alert_rule_test ?? []).map((c) => durationSeconds(c.eval_time))) / step,
    0,
  );
  return rules * steps;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
function durationSeconds(text: string): number {
  return [...text.matchAll(/(\d+)([wdhms])/g)].reduce(
    (total, [, n, unit]) => total + Number(n) * UNIT_SECONDS[unit!]!,
    0,
  );
}
