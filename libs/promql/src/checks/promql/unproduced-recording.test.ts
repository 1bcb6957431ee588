import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { unproducedRecording } from './unproduced-recording.ts';

describe(unproducedRecording.name, () => checkCases(unproducedRecording, [
  { expr: 'tenant_service:http_requests:rate5m' },
  { expr: 'rate(http_requests_total[5m])' },
  { expr: 'tenant:nothing:rate5m', finds: /recorded series tenant:nothing:rate5m is produced by no recording rule of the repo/ },
  { expr: 'sum(tenant_service:http_requests:rate1h)', finds: /tenant_service:http_requests:rate1h is produced by no recording rule/ },
]));
