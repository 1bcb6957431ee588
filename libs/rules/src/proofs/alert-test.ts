import type { AlertTestCase, CompiledAlert, ExpectedAlert, Labels } from '../model/model.ts';
import { expectedText } from '../generate/template.ts';

/** promtool's expanding notation for a counter whose rate changes: each segment adds `perStep` for `steps` samples. */
export function counterValues(
  segments: ReadonlyArray<{ readonly perStep: number; readonly steps: number }>,
  start = 0,
): string {
  let current = start;
  return segments
    .map(({ perStep, steps }, i) => {
      // The first segment starts at `start`; each later one continues one step after the previous end.
      const first = i === 0 ? current : current + perStep;
      const count = i === 0 ? steps : steps - 1;
      current = first + perStep * count;
      return `${number(first)}${perStep < 0 ? '-' : '+'}${number(Math.abs(perStep))}x${count}`;
    })
    .join(' ');
}

/** A gauge holding `value` for `steps + 1` samples. */
export function constantValues(value: number, steps: number): string {
  return `${number(value)}+0x${steps}`;
}

function number(n: number): string {
  // Safe integers of up to 15 digits print exactly already (most counter values; this runs a
  // million times in a big build).
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(15)));
}

function expectedAlert(alert: CompiledAlert, expected: ExpectedAlert) {
  const rule = alert.rules.find((r) => r.severity === expected.severity);
  if (!rule) throw new Error(`${alert.name} has no ${expected.severity} rule`);
  // Plain loops and spreads, no entries/fromEntries or rest pattern: this runs for every expected
  // alert of every tenant's tests.
  const context = { labels: expected.labels, value: expected.value, tenant: expected.tenant };
  const annotations: Record<string, string> = {};
  for (const key of Object.keys(rule.annotations)) annotations[key] = expectedText(rule.annotations[key]!, context);
  // Prometheus puts the rule's labels over the series'; templates see the series' labels only,
  // with the metric name a filtering comparison keeps, which the alert itself drops.
  const labels = Object.hasOwn(expected.labels, '__name__') ? withoutName(expected.labels) : expected.labels;
  return { exp_labels: { ...labels, ...rule.labels, alertname: alert.name }, exp_annotations: annotations };
}

function withoutName(labels: Labels): Labels {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

/**
 * A promtool test file: the typed cases of one alert (for one target), their expectations
 * rendered from the compiled rule's own annotation templates. `groupOrder` lists the rule
 * groups dependencies first, so a recorded series is fresh when the next group reads it.
 *
 * JSON, which promtool reads as YAML (emitting YAML took half the build at a hundred tenants),
 * one case per line: a change to one tenant's cases is a change to its lines, and each line is
 * rendered once per case object (`caseLine`).
 */
export function promtoolTestFile(o: {
  readonly ruleFiles: readonly string[];
  readonly groupOrder: readonly string[];
  readonly alert: CompiledAlert;
  readonly cases: readonly AlertTestCase[];
}): string {
  const intervals = new Set(o.cases.map((c) => c.evaluationInterval));
  if (intervals.size !== 1)
    throw new Error(`${o.alert.name}: one test file evaluates at one interval, got ${[...intervals].join(', ')}`);
  const head = { rule_files: o.ruleFiles, evaluation_interval: [...intervals][0], group_eval_order: o.groupOrder };
  const expecting = expectationsOf(o.alert);
  const lines = o.cases.map((c) => caseLine(c, o.alert, expecting));
  // By alert and head only: lines rendered for other expectations differ, so they replace the entry.
  const key = `${o.alert.name}\n${JSON.stringify(head)}`;
  const known = testFiles.get(key);
  if (known && known.lines.length === lines.length && known.lines.every((line, i) => line === lines[i]))
    return known.text;
  const text = testFileText(head, lines);
  testFiles.set(key, { lines, text });
  return text;
}

/** A promtool test file's text: its head's fields indented by 1, then `tests`, one case (as JSON) per line. */
export function testFileText(head: object, lines: readonly string[]): string {
  return `${JSON.stringify(head, null, 1).slice(0, -2)},\n "tests": [\n  ${lines.join(',\n  ')}\n ]\n}\n`;
}

/**
 * Each test file's text, by its head and alert: the same lines give the same string object, which
 * the host hashes (and writes) only once (a shared rule's tests list every tenant, megabytes each).
 */
const testFiles = new Map<string, { readonly lines: readonly string[]; readonly text: string }>();

/**
 * What a case's line takes from the compiled alert: its name and its rules' severities, labels and
 * annotations. One string per distinct value, so that comparing it per case compares references.
 */
function expectationsOf(alert: CompiledAlert): string {
  const text = JSON.stringify([alert.name, alert.rules.map((r) => [r.severity, r.labels, r.annotations])]);
  let known = expectations.get(text);
  if (known === undefined) expectations.set(text, (known = text));
  return known;
}

const expectations = new Map<string, string>();

/**
 * Each case's line, with the expectations it was rendered for: the same case object (a tenant's
 * cases are made once per tenant object, `perTenant`) of an alert that still expects the same is
 * not rendered again.
 */
const caseLines = new WeakMap<AlertTestCase, { readonly expecting: string; readonly line: string }>();

function caseLine(c: AlertTestCase, alert: CompiledAlert, expecting: string): string {
  const known = caseLines.get(c);
  if (known?.expecting === expecting) return known.line;
  const line = JSON.stringify({
    name: c.name,
    interval: c.interval,
    input_series: c.inputs.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: c.checks.map((check) => ({
      eval_time: check.at,
      alertname: alert.name,
      exp_alerts: check.firing.map((e) => expectedAlert(alert, e)),
    })),
  });
  caseLines.set(c, { expecting, line });
  return line;
}
