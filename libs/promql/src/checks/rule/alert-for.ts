import { parseDuration } from '../../lezer/duration.ts';
import type { Check } from '../check.ts';

const alertWith = (duration: string) => ({ origin: 'alert' as const, rule: { for: duration } });

export const alertFor: Check = {
  name: 'rule/alert-for',
  doc: "An alert's `for` lies within the configured bounds: too short pages on blips, too long hides outages.",
  details:
    '`for` is how long the condition must hold before the alert fires. Too short, and one slow scrape or ' +
    'evaluation pages someone; too long, and a real outage goes unreported for that long (an alert that flaps ' +
    "starts over each time). The bounds are the team's policy, `lintPolicy.alertFor` in " +
    "libs/platform/src/policy.ts (the examples here use 60s..3600s): bring the alert's `for` within them, or " +
    'change the policy.',
  cases: [
    { expr: 'up == 0', ctx: alertWith('10m') },
    { expr: 'up == 0', ctx: alertWith('1h') },
    { expr: 'up == 0', ctx: alertWith('30s'), finds: /for: 30s is outside 60s\.\.3600s/ },
    { expr: 'up == 0', ctx: alertWith('2h'), finds: /for: 2h is outside/ },
  ],
  run: ({ ctx, expr }) => {
    const written = ctx.rule?.for;
    if (ctx.origin !== 'alert' || !ctx.alertFor || written === undefined) return [];
    const ms = parseDuration(written);
    const { min, max } = ctx.alertFor;
    if (ms !== undefined && ms >= min * 1000 && ms <= max * 1000) return [];
    return [{ from: 0, to: expr.length, message: `for: ${written} is outside ${min}s..${max}s` }];
  },
};
