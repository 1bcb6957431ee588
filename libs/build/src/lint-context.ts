// The lint context of an environment, on its own entry point (`@plotwatch/build/lint-context`): `lint-promql`
// and `import rules` need it without loading the compiler, its producers and every definition.
import type { Environment } from '@plotwatch/platform/environments';
import { lintPolicy } from '@plotwatch/platform/policy';
import { parseDuration, type LintContext } from '@plotwatch/promql';

/**
 * What every expression's context has in an environment, wherever it is written: the scrape interval, the lint
 * policy's bounds of an alert's `for`, the Prometheus it must load in, and the series the rules record.
 */
export function lintContextBase(
  env: Environment,
  recorded: ReadonlySet<string>,
): Omit<LintContext, 'origin'> & Pick<Required<LintContext>, 'target'> {
  return {
    scrapeIntervalSeconds: (parseDuration(env.scrapeInterval) ?? 0) / 1000,
    recorded,
    alertFor: { min: lintPolicy.alertFor.minSeconds, max: lintPolicy.alertFor.maxSeconds },
    target: env.prometheus,
  };
}
