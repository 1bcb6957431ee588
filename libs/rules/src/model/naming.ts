/**
 * Every generated name in one place. Recorded series follow the Prometheus convention
 * `level:metric:operations`: `level` is the labels kept (joined by `_`), `operations` what was
 * applied, newest last.
 */
export function recordName(levels: readonly string[], metric: string, operations: string): string {
  return `${levels.join('_')}:${metric}:${operations}`;
}

/**
 * A percentile of a histogram over the 5m rates of its buckets: `p95_rate5m`; 0.999 -> `p99_9_rate5m`.
 * `histogram` is the histogram's base name (without `_bucket`).
 */
export function quantileName(levels: readonly string[], histogram: string, quantile: number): string {
  if (!(quantile > 0 && quantile < 1)) throw new Error(`quantile ${quantile} of ${histogram} is not between 0 and 1`);
  return recordName(levels, histogram, `p${String(Number((quantile * 100).toPrecision(6))).replace('.', '_')}_rate5m`);
}

/** Business counters totalled over the last day: `tenant:stories_started:increase1d`. */
export function dailyTotalName(levels: readonly string[], counter: string): string {
  return recordName(levels, counter, 'increase1d');
}

/** The series carrying each tenant's value of a threshold (the "thresholds as series" pattern). */
export function thresholdSeries(thresholdId: string): string {
  return recordName(['tenant'], thresholdId, 'threshold');
}

const SLO_LEVEL = ['tenant', 'slo'];

/** The SLO series, sloth-style: one name per quantity, the SLO in the `slo` label. */
export const sloSeries = {
  /** Bad and all events per second over 5m: what every longer window sums. */
  errors: recordName(SLO_LEVEL, 'sli_errors', 'rate5m'),
  requests: recordName(SLO_LEVEL, 'sli_requests', 'rate5m'),
  errorRatio: (window: string) => recordName(SLO_LEVEL, 'sli_error', `ratio_rate${window}`),
  /** 1 - objective, per tenant: how many events may fail over the SLO period. */
  errorBudget: recordName(SLO_LEVEL, 'error_budget', 'ratio'),
  /** The share of a histogram bucket counted as fast, per tenant (the latency threshold, interpolated). */
  latencyWeight: recordName([...SLO_LEVEL, 'le'], 'latency_target', 'weight'),
} as const;

/** The label that names the SLO on every SLO series and alert. */
export const SLO_LABEL = 'slo';

/** `StoryApiHighErrorRatio` -> `story-api-high-error-ratio`, for file names and runbook pages. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `story-generation-availability` -> `StoryGenerationAvailability`, for alert names. */
export function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

/** Rule group names carry the project's prefix, so they never collide with a chart's own groups. */
export function groupName(name: string): string {
  return `plotwatch.${name}`;
}

/** The alert rule file of a domain: `alerts-<domain>.yaml`. */
export function alertFileStem(domain: string): string {
  return `alerts-${domain}`;
}

/** The rule file of an SLO's objectives and indicators: `slo-<id>.yaml`. */
export function sloFileStem(sloId: string): string {
  return `slo-${sloId}`;
}
