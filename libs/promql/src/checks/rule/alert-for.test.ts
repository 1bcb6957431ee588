import { describe } from 'vitest';
import { alertFor } from './alert-for.ts';
import { checkCases } from '../cases.ts';

const alertWith = (duration: string) => ({ origin: 'alert' as const, rule: { for: duration } });

describe(alertFor.name, () => checkCases(alertFor, [
  { expr: 'up == 0', ctx: alertWith('10m') },
  { expr: 'up == 0', ctx: alertWith('1h') },
  { expr: 'up == 0', ctx: alertWith('30s'), finds: /for: 30s is outside 60s\.\.3600s/ },
  { expr: 'up == 0', ctx: alertWith('2h'), finds: /for: 2h is outside/ },
]));
