import { selector, PLATFORM_SCOPE, tenantScope } from '@plotwatch/platform';
import { goldenSignals } from '@plotwatch/recording-rules';
import { counterSeries, PROOF_SCALE, type ThresholdAlert } from '@plotwatch/rules';

/** story-api answers too many requests with a 5xx, for 10 minutes. */
export const storyApiHighErrorRatio: ThresholdAlert = {
  name: 'StoryApiHighErrorRatio',
  signal: (tenantId) => selector(goldenSignals.errorRatio, tenantId ? tenantScope(tenantId) : PLATFORM_SCOPE, { service: 'story-api' }),
  comparison: '>',
  threshold: 'story_api_error_ratio',
  for: '10m',
  severity: 'page',
  persona: 'ops',
  service: 'story-api',
  summary: 'story-api is failing requests of tenant {{ $labels.tenant }}',
  description: 'story-api answered too many requests of tenant {{ $labels.tenant }} with a 5xx over the last 5m.',
  dashboard: { slug: 'story-api', persona: 'ops', panel: 'Error ratio (5xx)' },
  proof: {
    format: 'humanizePercentage',
    // Per minute: SCALE requests, of which ratio * SCALE fail.
    inputs: (tenantId, ratio) => {
      const failed = Math.round(ratio * PROOF_SCALE);
      const labels = `tenant="${tenantId}", service="story-api", route="/v1/stories", method="POST"`;
      return [
        counterSeries(`http_requests_total{${labels}, code="200"}`, PROOF_SCALE - failed),
        counterSeries(`http_requests_total{${labels}, code="503"}`, failed),
      ];
    },
  },
};
