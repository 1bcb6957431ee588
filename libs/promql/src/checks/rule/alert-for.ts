import { parseDuration } from '../../lezer/duration.ts';
import type { Check } from '../check.ts';

export const alertFor: Check = {
  name: 'rule/alert-for',
  doc: "An alert's `for` lies within the configured bounds: too short pages on blips, too long hides outages.",
  run: ({ ctx, expr }) => {
    const written = ctx.rule?.for;
    if (ctx.origin !== 'alert' || !ctx.alertFor || written === undefined) return [];
    const ms = parseDuration(written);
    const { min, max } = ctx.alertFor;
    if (ms !== undefined && ms >= min * 1000 && ms <= max * 1000) return [];
    return [{ from: 0, to: expr.length, message: `for: ${written} is outside ${min}s..${max}s` }];
  },
};
