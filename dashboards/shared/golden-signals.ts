import { goldenSignalsRow, type GoldenSignalsOptions, type Row } from '@plotwatch/grafana';
import { selector, type Environment, type QueryScope } from '@plotwatch/platform';
import { goldenSignals, LATENCY_PERCENTILES, latencyQuantiles } from '@plotwatch/recording-rules';
import { latencyLinks, recordedPercentile } from './latency.ts';

/**
 * The golden-signals row of a service in a tenant's scope (its alerts read the same recordings),
 * with links to logs and traces.
 */
export function serviceRow(
  env: Environment,
  scope: QueryScope,
  service: string,
  options: Pick<GoldenSignalsOptions, 'titles' | 'limits'> = {},
): Row {
  const recorded = (name: string) => selector(name, scope, { service });
  return goldenSignalsRow({
    service,
    series: {
      requestRate: recorded(goldenSignals.requestRate),
      errorRate: recorded(goldenSignals.errorRate),
      latency: LATENCY_PERCENTILES.map((quantile) => ({
        quantile,
        series: recordedPercentile(latencyQuantiles.requests, quantile, scope, { service }),
      })),
      inFlight: recorded(goldenSignals.inFlight),
    },
    dataLinks: latencyLinks(env, scope, service),
    ...options,
  });
}
