import { definePlatformDashboard, query, row, SECONDS_PER, timeseriesPanel, units } from '@plotwatch/grafana';
import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { GENERATION_FAILURE_OUTCOMES, latencyQuantile, latencyQuantiles, mlSignals } from '@plotwatch/recording-rules';

/** Every model and provider across tenants: latency, tokens, drift, failures, spend. */
export const platformFleetDashboard = definePlatformDashboard(
  { slug: 'fleet', persona: 'ml', source: import.meta.url },
  () => {
    const all = (name: string, matchers = {}) => selector(name, PLATFORM_SCOPE, matchers);
    const failed = { outcome: { re: GENERATION_FAILURE_OUTCOMES.join('|') } };
    return {
      title: 'Model fleet',
      description: 'The models and providers serving all tenants of the shared Prometheus.',
      from: 'now-24h',
      rows: [
        row('Models', [
          timeseriesPanel({
            title: 'Inference latency p95 by model and provider',
            unit: units.seconds,
            min: 0,
            description: '95th percentile of one inference call, per model and provider, all tenants.',
            queries: [query(all(latencyQuantile(latencyQuantiles.inferenceFleet, 0.95)), '{{model}} · {{provider}}')],
          }),
          timeseriesPanel({
            title: 'Tokens per second by model',
            unit: units.perSecond,
            min: 0,
            stacked: true,
            description: 'Tokens in and out per second, per model, all tenants.',
            queries: [query(`sum by (model) (${all(mlSignals.tokens)})`, '{{model}}')],
          }),
          timeseriesPanel({
            title: 'Drift score by model',
            unit: units.score,
            min: 0,
            description: 'Worst input drift per model over all tenants and feature sets (0 = none).',
            queries: [query(`max by (model) (${all('model_drift_score')})`, '{{model}}')],
          }),
          timeseriesPanel({
            title: 'Generation failure ratio by model',
            unit: units.ratio,
            min: 0,
            description: `Share of story-turn generations that ended in ${GENERATION_FAILURE_OUTCOMES.join(' or ')}, per model, all tenants.`,
            queries: [
              query(
                `sum by (model) (${all(mlSignals.generationRequests, failed)}) / sum by (model) (${all(mlSignals.generationRequests)})`,
                '{{model}}',
              ),
            ],
          }),
        ]),
        row('Generation', [
          timeseriesPanel({
            title: 'Generation latency p95 by model',
            unit: units.seconds,
            min: 0,
            description: '95th percentile of the time to generate one story turn, per model, all tenants.',
            queries: [query(all(latencyQuantile(latencyQuantiles.generationFleet, 0.95)), '{{model}}')],
          }),
          timeseriesPanel({
            title: 'Agent response time p95 by agent',
            unit: units.seconds,
            min: 0,
            description: '95th percentile of one agent step, per agent, all tenants.',
            queries: [query(all(latencyQuantile(latencyQuantiles.agentsFleet, 0.95)), '{{agent}}')],
          }),
        ]),
        row('Spend', [
          timeseriesPanel({
            title: 'Cost per hour by provider',
            unit: units.usd,
            min: 0,
            stacked: true,
            width: 24,
            description: 'Model spend per hour, per provider, all tenants.',
            queries: [
              query(`sum by (provider) (${all(mlSignals.costByProvider)}) * ${SECONDS_PER.hour}`, '{{provider}}'),
            ],
          }),
        ]),
      ],
    };
  },
);
