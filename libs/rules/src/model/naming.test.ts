import { describe, expect, it } from 'vitest';
import { dailyTotalName, kebab, pascal, quantileName, recordName, sloSeries, thresholdSeries } from './naming.ts';

describe('naming', () => {
  it.each([
    [recordName(['tenant', 'service'], 'http_requests', 'rate5m'), 'tenant_service:http_requests:rate5m'],
    [thresholdSeries('story_api_error_ratio'), 'tenant:story_api_error_ratio:threshold'],
    [sloSeries.errorRatio('1h'), 'tenant_slo:sli_error:ratio_rate1h'],
    [sloSeries.latencyWeight, 'tenant_slo_le:latency_target:weight'],
    [
      quantileName(['tenant', 'service'], 'http_request_duration_seconds', 0.95),
      'tenant_service:http_request_duration_seconds:p95_rate5m',
    ],
    [quantileName(['tenant'], 'x_seconds', 0.999), 'tenant:x_seconds:p99_9_rate5m'],
    [quantileName(['tenant'], 'x_seconds', 0.5), 'tenant:x_seconds:p50_rate5m'],
    [dailyTotalName(['tenant'], 'stories_started'), 'tenant:stories_started:increase1d'],
    [kebab('StoryApiHighErrorRatio'), 'story-api-high-error-ratio'],
    [pascal('story-generation-availability'), 'StoryGenerationAvailability'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));

  it('refuses a quantile outside (0, 1)', () => {
    expect(() => quantileName(['tenant'], 'x_seconds', 95)).toThrow(/not between 0 and 1/);
  });
});
