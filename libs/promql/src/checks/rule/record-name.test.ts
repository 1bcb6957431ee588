import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { recordName } from './record-name.ts';

const recording = (record: string) => ({ origin: 'record' as const, rule: { record } });

describe(recordName.name, () => checkCases(recordName, [
  { expr: 'vector(1)', ctx: recording('tenant_service:http_requests:rate5m') },
  { expr: 'vector(1)', ctx: recording('tenant:story_api_error_ratio:threshold') },
  { expr: 'vector(1)', ctx: recording('story_api_error_rate'), finds: /story_api_error_rate does not follow level:metric:operations/ },
  { expr: 'vector(1)', ctx: recording('tenant:http_requests'), finds: /does not follow/ },
]));
