import { goldenSignalsRow, type GoldenSignalsOptions, type Row } from '@plotwatch/grafana';
import { selector, type Environment, type QueryScope } from '@plotwatch/platform';
import { goldenSignals } from '@plotwatch/recording-rules';
import { latencySource } from './latency.ts';

/** The golden-signals row of a service in a scope (its alerts read the same recordings), with exemplars and links to logs and traces. */
export function serviceRow(env: Environment, scope: QueryScope, service: string, options: Pick<GoldenSignalsOptions, 'titles' | 'limits'> = {}): Row {
  const recorded = (name: string) => selector(name, scope, { service });
  const latency = latencySource({ env, scope, service, histogram: 'http_request_duration_seconds_bucket', recorded: goldenSignals.latencyBuckets, matchers: { service } });
  return goldenSignalsRow({
    service,
    series: {
      requestRate: recorded(goldenSignals.requestRate),
      errorRate: recorded(goldenSignals.errorRate),
      latencyBuckets: latency.buckets,
      inFlight: recorded(goldenSignals.inFlight),
    },
    exemplars: latency.exemplars,
    dataLinks: latency.dataLinks,
    ...options,
  });
}
