import { barGaugePanel, definePlatformDashboard, query, row, timeseriesPanel, units } from '@plotwatch/grafana';
import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { goldenSignals, latencyQuantile, latencyQuantiles } from '@plotwatch/recording-rules';

/** How many tenants the top-N panels show. */
const TOP_TENANTS = 10;

/** Every service's golden signals across tenants, and the tenants that weigh most. */
export const platformOverviewDashboard = definePlatformDashboard(
  { slug: 'overview', persona: 'ops', source: import.meta.url },
  () => {
    const all = (name: string) => selector(name, PLATFORM_SCOPE);
    return {
      title: 'Platform overview',
      description:
        'Golden signals of every service across the tenants of the shared Prometheus, and the tenants with the most traffic and errors.',
      rows: [
        row('Services', [
          timeseriesPanel({
            title: 'Request rate by service',
            unit: units.requestsPerSecond,
            min: 0,
            width: 8,
            description: 'Requests per second, per service, all tenants.',
            queries: [query(`sum by (service) (${all(goldenSignals.requestRate)})`, '{{service}}')],
          }),
          timeseriesPanel({
            title: 'Error ratio by service',
            unit: units.ratio,
            min: 0,
            width: 8,
            description: 'Share of requests answered with a 5xx, per service, all tenants.',
            queries: [
              query(
                `sum by (service) (${all(goldenSignals.errorRate)}) / sum by (service) (${all(goldenSignals.requestRate)})`,
                '{{service}}',
              ),
            ],
          }),
          timeseriesPanel({
            title: 'Latency p95 by service',
            unit: units.seconds,
            min: 0,
            width: 8,
            description: '95th percentile of request latency, per service, all tenants.',
            queries: [query(all(latencyQuantile(latencyQuantiles.requestsByService, 0.95)), '{{service}}')],
          }),
          timeseriesPanel({
            title: 'Requests in flight by service',
            unit: units.count,
            min: 0,
            width: 24,
            description: 'Concurrent requests per service, all tenants: saturation.',
            queries: [query(`sum by (service) (${all(goldenSignals.inFlight)})`, '{{service}}')],
            stacked: true,
          }),
        ]),
        row('Tenants', [
          barGaugePanel({
            title: 'Top tenants by traffic',
            unit: units.requestsPerSecond,
            min: 0,
            description: `The ${TOP_TENANTS} tenants sending the most requests per second, all services.`,
            queries: [query(`topk(${TOP_TENANTS}, sum by (tenant) (${all(goldenSignals.requestRate)}))`, '{{tenant}}')],
          }),
          barGaugePanel({
            title: 'Top tenants by errors',
            unit: units.requestsPerSecond,
            min: 0,
            description: `The ${TOP_TENANTS} tenants with the most 5xx responses per second, all services.`,
            queries: [query(`topk(${TOP_TENANTS}, sum by (tenant) (${all(goldenSignals.errorRate)}))`, '{{tenant}}')],
          }),
        ]),
      ],
    };
  },
);
