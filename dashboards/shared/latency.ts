import { logsLink, tracesLink, type Link } from '@plotwatch/grafana';
import { selector, type Environment, type MatcherValue, type QueryScope } from '@plotwatch/platform';

/** Where a latency panel reads its histogram from, and what comes with it. */
export interface LatencySource {
  /** Per-second bucket rates keeping `le`. */
  readonly buckets: string;
  readonly exemplars: boolean;
  /** Appended to the panel's description when exemplars are drawn. */
  readonly note: string;
  /** The logs and traces of the service that measures the latency. */
  readonly dataLinks: readonly Link[];
}

export interface LatencyOf {
  readonly env: Environment;
  readonly scope: QueryScope;
  /** The service that records the histogram: its logs and traces explain a slow point. */
  readonly service: string;
  /** The raw `_bucket` series, and the recording of it that keeps the tenant and `le`. */
  readonly histogram: string;
  readonly recorded: string;
  readonly matchers?: Readonly<Record<string, MatcherValue>>;
}

/**
 * A tenant's panels read the raw buckets over `$__rate_interval`: one tenant's are few, and only
 * raw series carry exemplars (trace ids, linked to Tempo). The platform's read the recording.
 */
export function latencySource({ env, scope, service, histogram, recorded, matchers = {} }: LatencyOf): LatencySource {
  // Logs carry the service as a stream label; traces as the OpenTelemetry resource attribute service.name.
  const dataLinks = [logsLink(env, scope, { service }), tracesLink(env, scope, { 'service.name': service })];
  return scope.kind === 'tenant'
    ? { buckets: `rate(${selector(histogram, scope, matchers)}[$__rate_interval])`, exemplars: true, note: ' Dots are exemplars: click one for its trace.', dataLinks }
    : { buckets: selector(recorded, scope, matchers), exemplars: false, note: '', dataLinks };
}
