import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { unknownLabel } from './unknown-label.ts';

describe(unknownLabel.name, () => checkCases(unknownLabel, [
  { expr: 'http_requests_total{code=~"5..", tenant="a", service="story-api"}' },
  { expr: 'narrative_generation_requests_total{outcome="timeout"}' },
  { expr: 'http_request_duration_seconds_bucket{le="0.5"}' },
  { expr: 'up{job="story-api"}' },
  { expr: 'http_requests_total{status="500"}', finds: /http_requests_total has no label status/ },
  { expr: 'narrative_generation_requests_total{outcome="failed"}', finds: /outcome="failed" is not a value of narrative_generation_requests_total \(allowed: success, error, timeout, moderated\)/ },
  { expr: 'http_request_duration_seconds_count{le="1"}', finds: /has no label le/ },
]));
