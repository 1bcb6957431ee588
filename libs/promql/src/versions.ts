/**
 * Which Prometheus an expression is checked for, and what differs between versions. Facts from Prometheus'
 * sources at its release tags, CHANGELOG and docs; the parser checks for 2.42 today (DEFAULT_TARGET), and
 * these facts say what another version or feature flag would need. The target is an environment's
 * (`Environment.prometheus`) or lint-promql's `--prometheus-version` / `--enable-feature`.
 */
import { DEFAULT_PROMETHEUS, type PrometheusTarget } from '@plotwatch/platform/environments';

export type { PrometheusTarget, PrometheusVersion } from '@plotwatch/platform/environments';

/** promtool 2.42 is what the rules are checked with and what the tests run. */
export const DEFAULT_TARGET: PrometheusTarget = DEFAULT_PROMETHEUS;

/** A release as `major.minor`; a target of `3.x` is every 3 release, so it has what any of them has. */
function release(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 1000 + (minor === 'x' ? 999 : Number(minor));
}

/** How a version reads in a sentence: `3.x` as the first release of the line. */
function versionName(version: string): string {
  return version.replace(/\.x$/, '.0');
}

interface FunctionAvailability {
  /** The first release that has it. */
  readonly since?: string;
  /** The first release that no longer has it. */
  readonly until?: string;
  /** The `--enable-feature` value it needs, where it exists. */
  readonly flag?: string;
  /** The same function under its name in the versions that do not have this one. */
  readonly otherName?: string;
}

const EXPERIMENTAL = 'promql-experimental-functions';

/**
 * Functions and aggregations newer than 2.42, from `promql/parser/functions.go` and `lex.go` at each release
 * tag (the `Experimental` ones need the flag), and the rename of holt_winters in 3.0 (CHANGELOG, #14930).
 */
const FUNCTIONS: ReadonlyMap<string, FunctionAvailability> = new Map([
  ['histogram_stddev', { since: '2.47' }],
  ['histogram_stdvar', { since: '2.47' }],
  ['mad_over_time', { since: '2.49', flag: EXPERIMENTAL }],
  ['sort_by_label', { since: '2.49', flag: EXPERIMENTAL }],
  ['sort_by_label_desc', { since: '2.49', flag: EXPERIMENTAL }],
  ['histogram_avg', { since: '2.51' }],
  ['limitk', { since: '2.54', flag: EXPERIMENTAL }],
  ['limit_ratio', { since: '2.54', flag: EXPERIMENTAL }],
  ['holt_winters', { until: '3.0', otherName: 'double_exponential_smoothing' }],
  ['double_exponential_smoothing', { since: '3.0', flag: EXPERIMENTAL, otherName: 'holt_winters' }],
  ['info', { since: '3.0', flag: EXPERIMENTAL }],
  ['ts_of_min_over_time', { since: '3.5', flag: EXPERIMENTAL }],
  ['ts_of_max_over_time', { since: '3.5', flag: EXPERIMENTAL }],
  ['ts_of_last_over_time', { since: '3.5', flag: EXPERIMENTAL }],
  ['first_over_time', { since: '3.7', flag: EXPERIMENTAL }],
  ['ts_of_first_over_time', { since: '3.7', flag: EXPERIMENTAL }],
  // The query's own start, end, range and step as functions (#17877); `@ start()` / `@ end()` are older.
  ['start', { since: '3.12', flag: EXPERIMENTAL }],
  ['end', { since: '3.12', flag: EXPERIMENTAL }],
  ['range', { since: '3.12', flag: EXPERIMENTAL }],
  ['step', { since: '3.12', flag: EXPERIMENTAL }],
]);

/** Syntax newer than 2.42 that the checks find, with the release and flag it needs. */
export type NewerSyntax = 'quoted name' | 'duration expression';

const SYNTAX: Readonly<Record<NewerSyntax, { what: string; since: string; flag?: string; note?: string }>> = {
  // UTF-8 names are on by default from 3.0 (CHANGELOG #14705).
  'quoted name': { what: 'a quoted (UTF-8) label or metric name', since: '3.0' },
  // In the grammar from v3.4.0; the flag is a no-op from 3.14 (#19033), so naming it is right for every 3.x.
  'duration expression': {
    what: 'a duration expression',
    since: '3.4',
    flag: 'promql-duration-expr',
    note: ' (on by default from 3.14)',
  },
};

/** Why the target refuses this syntax, naming the version or flag it needs; undefined when it accepts it. */
export function syntaxAvailability(syntax: NewerSyntax, target: PrometheusTarget = DEFAULT_TARGET): string | undefined {
  const { what, since, flag, note = '' } = SYNTAX[syntax];
  if (before(target.version, since)) {
    return `${what} needs Prometheus ≥ ${since}${withFlag(flag)}${note}; the target is Prometheus ${target.version}`;
  }
  if (flag && !target.features.includes(flag))
    return `${what} needs --enable-feature=${flag} in Prometheus ${target.version}${note}`;
  return undefined;
}

function before(a: string, b: string): boolean {
  return release(a) < release(b);
}

function withFlag(flag: string | undefined): string {
  return flag ? ` with --enable-feature=${flag}` : '';
}

/**
 * Why `name` cannot be called in the target, naming the version or flag it needs and the rewrite where one
 * exists; undefined when it can (or when nothing is known about it here).
 */
export function functionAvailability(name: string, target: PrometheusTarget = DEFAULT_TARGET): string | undefined {
  const known = FUNCTIONS.get(name);
  if (!known) return undefined;
  const other = known.otherName ? FUNCTIONS.get(known.otherName) : undefined;
  const rewrite = (what: string) => (known.otherName ? `; ${what} ${known.otherName}(…), the same function` : '');
  if (known.since && before(target.version, known.since)) {
    const needs = `${name} needs Prometheus ≥ ${versionName(known.since)}${withFlag(known.flag)}`;
    return needs + rewrite(`for Prometheus ${target.version} write`);
  }
  if (known.until && !before(target.version, known.until)) {
    const flag = other?.flag ? `,${withFlag(other.flag)}` : '';
    return `${name} was renamed in Prometheus ${versionName(known.until)}${rewrite('write')}${flag}`;
  }
  if (known.flag && !target.features.includes(known.flag)) {
    return `${name} needs --enable-feature=${known.flag} in Prometheus ${target.version}`;
  }
  return undefined;
}

/** A rule file field newer than the oldest Prometheus a target can be, where it sits, and the release that added it. */
export type RuleFileField = 'keep_firing_for' | 'limit' | 'query_offset' | 'labels';

/**
 * From model/rulefmt/rulefmt.go at the release tags and the CHANGELOG: `limit` 2.31 (#9260), `keep_firing_for`
 * 2.42 (#11827; promtool 2.42 accepts both), `query_offset` 2.53 (#14061), group `labels` 3.0 (rulefmt.go has it
 * at v3.0.0, not at v2.55.0; promtool 2.42 refuses both with "field … not found in type rulefmt.RuleGroup").
 */
const RULE_FILE_FIELDS: Readonly<Record<RuleFileField, string>> = {
  limit: '2.31',
  keep_firing_for: '2.42',
  query_offset: '2.53',
  labels: '3.0',
};

/** Why a rule file with `field` would be refused by the target, naming the version it needs; undefined when accepted. */
export function ruleFileFieldAvailability(
  field: RuleFileField,
  target: PrometheusTarget = DEFAULT_TARGET,
): string | undefined {
  const since = RULE_FILE_FIELDS[field];
  if (!before(target.version, since)) return undefined;
  return `${field} needs Prometheus ≥ ${since}, and the target is Prometheus ${target.version}`;
}
