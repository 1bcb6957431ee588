/**
 * Which Prometheus an expression is checked for, and what differs between versions. Facts from Prometheus'
 * CHANGELOG and docs (querying/functions.md, feature_flags.md); the parser checks for 2.42 today
 * (DEFAULT_TARGET), and these facts say what another version or feature flag would need.
 */
export type PrometheusVersion = '2.42' | '2.53' | '3.x';

export interface PrometheusTarget {
  readonly version: PrometheusVersion;
  /** `--enable-feature` values. */
  readonly features: readonly string[];
}

/** promtool 2.42 is what the rules are checked with and what the tests run. */
export const DEFAULT_TARGET: PrometheusTarget = { version: '2.42', features: [] };

const ORDER: readonly PrometheusVersion[] = ['2.42', '2.53', '3.x'];

/** How a version reads in a sentence: `3.x` as the first release of the line. */
function versionName(version: PrometheusVersion): string {
  return version === '3.x' ? '3.0' : version;
}

interface FunctionAvailability {
  /** The first version that has it. */
  readonly since?: PrometheusVersion;
  /** The first version that no longer has it. */
  readonly until?: PrometheusVersion;
  /** The `--enable-feature` value it needs, where it exists. */
  readonly flag?: string;
  /** The same function under its name in the versions that do not have this one. */
  readonly otherName?: string;
}

/** Prometheus 3.0 renamed holt_winters and put it behind the experimental functions' flag (#14930). */
const FUNCTIONS: ReadonlyMap<string, FunctionAvailability> = new Map([
  ['holt_winters', { until: '3.x', otherName: 'double_exponential_smoothing' }],
  ['double_exponential_smoothing', { since: '3.x', flag: 'promql-experimental-functions', otherName: 'holt_winters' }],
]);

function before(a: PrometheusVersion, b: PrometheusVersion): boolean {
  return ORDER.indexOf(a) < ORDER.indexOf(b);
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
    return `${name} needs Prometheus ≥ ${versionName(known.since)}${withFlag(known.flag)}${rewrite(`for Prometheus ${target.version} write`)}`;
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
