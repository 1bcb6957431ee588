import { logsLink, percentile, tracesLink, type Link } from '@plotwatch/grafana';
import { selector, type Environment, type MatcherValue, type QueryScope } from '@plotwatch/platform';
import { isRecordedQuantile, latencyQuantile, type LatencyQuantiles } from '@plotwatch/recording-rules';

/**
 * The logs and traces of the service that measures a latency: a slow point is explained there.
 * Latency panels read recorded percentiles (one series per line, evaluated once per interval),
 * which carry no exemplars; traces stay one click away through these links.
 */
export function latencyLinks(env: Environment, scope: QueryScope, service: string): Link[] {
  // Logs carry the service as a stream label; traces as the OpenTelemetry resource attribute service.name.
  return [logsLink(env, scope, { service }), tracesLink(env, scope, { 'service.name': service })];
}

/** A recorded percentile, filtered to the scope (the tenant's matcher comes with it). */
export function recordedPercentile(
  set: LatencyQuantiles,
  quantile: number,
  scope: QueryScope,
  matchers: Readonly<Record<string, MatcherValue>> = {},
): string {
  return selector(latencyQuantile(set, quantile), scope, matchers);
}

/**
 * A percentile that may not be recorded (an SLO objective a tenant overrides): the recorded
 * series when there is one, otherwise computed from the same recorded bucket rates.
 */
export function percentileOf(set: LatencyQuantiles, quantile: number, scope: QueryScope): string {
  return isRecordedQuantile(set, quantile)
    ? recordedPercentile(set, quantile, scope)
    : percentile(
        quantile,
        selector(set.buckets, scope),
        set.by.filter((l) => l !== 'tenant'),
      );
}
