/**
 * Names of recorded series, after the Prometheus convention `level:metric:operations`:
 * `level` is the labels kept (joined by `_`), `operations` what was applied, newest last.
 */
export function recordName(levels: readonly string[], metric: string, operations: string): string {
  return `${levels.join('_')}:${metric}:${operations}`;
}

/** The series carrying each tenant's value of a threshold (the "thresholds as series" pattern). */
export function thresholdSeries(thresholdId: string): string {
  return recordName(['tenant'], thresholdId, 'threshold');
}

/** `StoryApiHighErrorRatio` -> `story-api-high-error-ratio`, for file names and runbook pages. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
