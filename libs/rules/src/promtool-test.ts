import type { Tenant } from '@plotwatch/platform';
import { stringify } from 'yaml';
import { humanizeLike } from './humanize.ts';
import type { AlertingRule, ThresholdAlert } from './model.ts';

/** The threshold is approached from 1% away on either side. */
export const MARGIN = 0.01;
/** Counters advance by this many events per minute, so ratios of integers are exact. */
const SCALE = 1_000_000;
const INTERVAL = '1m';

function minutes(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`unsupported duration "${duration}" (use s, m or h)`);
  const n = Number(match[1]);
  return match[2] === 'h' ? n * 60 : match[2] === 's' ? n / 60 : n;
}

/** A value 1% beyond the threshold on the firing side, rounded to the counters' resolution. */
function probe(alert: ThresholdAlert, threshold: number, side: 'firing' | 'silent'): number {
  const towardFiring = alert.comparison === '>' ? 1 : -1;
  const sign = side === 'firing' ? towardFiring : -towardFiring;
  return Math.round(threshold * (1 + sign * MARGIN) * SCALE) / SCALE;
}

/** Renders a rule's annotation templates for a known value, the way Prometheus would. */
function expectedAnnotations(rule: AlertingRule, alert: ThresholdAlert, tenant: Tenant, value: number): Record<string, string> {
  const format = alert.proof.format;
  const threshold = tenant.thresholds[alert.threshold];
  return Object.fromEntries(
    Object.entries(rule.annotations).map(([key, text]) => [
      key,
      text
        .replaceAll('{{ $labels.tenant }}', tenant.id)
        .replace(`{{ $value | ${format} }}`, humanizeLike(format, value))
        .replace(/\{\{ with printf .*?\{\{ end \}\}|\{\{ [-\d.e+]+ \| \w+ \}\}/, humanizeLike(format, threshold)),
    ]),
  );
}

/**
 * A promtool unit test proving `rule` (the compiled form of `alert`) fires for each tenant just
 * above its threshold once `for` has passed, not before, and never just below it.
 * `ruleFiles` are relative to where the test file is written.
 */
export function thresholdTestFile(alert: ThresholdAlert, rule: AlertingRule, tenants: readonly Tenant[], ruleFiles: readonly string[]): string {
  const forMinutes = minutes(alert.for);
  // Rate windows fill within 2 samples; allow 3 evaluation steps before the alert must fire.
  const stillPending = `${forMinutes}m`;
  const firing = `${forMinutes + 3}m`;
  const horizon = forMinutes + 10;
  const series = (tenant: Tenant, value: number) =>
    alert.proof.inputs(tenant.id, value).map((s) => ({ series: s.series, values: s.values.replace('{steps}', String(horizon)) }));

  const tests = tenants.flatMap((tenant) => {
    const threshold = tenant.thresholds[alert.threshold];
    const above = probe(alert, threshold, 'firing');
    const below = probe(alert, threshold, 'silent');
    const labels = { alertname: alert.name, ...rule.labels, tenant: tenant.id, service: alert.service };
    return [
      {
        name: `${alert.name} ${tenant.id}: fires at ${above} (threshold ${threshold}) after ${alert.for}`,
        interval: INTERVAL,
        input_series: series(tenant, above),
        alert_rule_test: [
          { eval_time: stillPending, alertname: alert.name, exp_alerts: [] },
          { eval_time: firing, alertname: alert.name, exp_alerts: [{ exp_labels: labels, exp_annotations: expectedAnnotations(rule, alert, tenant, above) }] },
        ],
      },
      {
        name: `${alert.name} ${tenant.id}: silent at ${below} (threshold ${threshold})`,
        interval: INTERVAL,
        input_series: series(tenant, below),
        alert_rule_test: [
          { eval_time: firing, alertname: alert.name, exp_alerts: [] },
          { eval_time: `${horizon}m`, alertname: alert.name, exp_alerts: [] },
        ],
      },
    ];
  });
  return stringify({ rule_files: ruleFiles, evaluation_interval: INTERVAL, tests }, { lineWidth: 0 });
}

/** Counter series advancing by `perMinute` each step, in promtool's expanding notation. */
export function counterSeries(series: string, perMinute: number): { series: string; values: string } {
  return { series, values: `0+${perMinute}x{steps}` };
}

export { SCALE as PROOF_SCALE };
