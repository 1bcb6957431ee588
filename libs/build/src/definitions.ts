import {
  describeIssue,
  didYouMean,
  positionOf,
  sloOverrides,
  THRESHOLD_IDS,
  thresholdOverrides,
  TIERS,
  tiers,
} from '@plotwatch/platform';

/**
 * Mistakes in the platform's own definitions that every tenant would inherit, each said once at
 * its line: a tier without a default for a threshold (a tenant that does not override it has no
 * value), with a default for an id that is not a threshold, or with a value a tenant file could not
 * set (an SLO objective of 1, a latency outside its histogram's buckets): the same rules for both.
 */
export function definitionProblems(sourcePath: (url: string) => string): string[] {
  const problems: string[] = [];
  for (const id of TIERS) {
    const defaults = tiers[id];
    const position = positionOf(defaults);
    const where = position ? `${sourcePath(position.url)}:${position.line}` : 'libs/platform/src/tiers.ts';
    const thresholds = defaults.thresholds as Readonly<Record<string, unknown>>;
    const missing = THRESHOLD_IDS.filter((t) => typeof thresholds[t] !== 'number' || !Number.isFinite(thresholds[t]));
    if (missing.length)
      problems.push(
        `${where}: tier ${id} has no default for threshold ${missing.join(', ')}: every tier sets every threshold of libs/platform/src/thresholds.ts`,
      );
    for (const key of Object.keys(thresholds).filter((k) => !(THRESHOLD_IDS as readonly string[]).includes(k)))
      problems.push(
        `${where}: tier ${id} sets unknown threshold id "${key}"${didYouMean(key, THRESHOLD_IDS)}: the thresholds are defined in libs/platform/src/thresholds.ts`,
      );
    const unknown = (k: string) => !(THRESHOLD_IDS as readonly string[]).includes(k);
    const known = Object.fromEntries(Object.entries(thresholds).filter(([k]) => !unknown(k)));
    for (const [field, schema, value] of [
      ['slo', sloOverrides, defaults.slo],
      ['thresholds', thresholdOverrides, known],
    ] as const) {
      const result = schema.safeParse(value, { reportInput: true });
      for (const issue of result.success ? [] : result.error.issues)
        if (issue.code !== 'invalid_type' || issue.input !== undefined)
          problems.push(`${where}: tier ${id} ${describeIssue(issue, [field, ...issue.path].join('.'))}`);
    }
  }
  return problems;
}
