/**
 * Signatures of the PromQL functions, as Prometheus documents them: argument types, how many of the last one
 * may follow (Prometheus' "variadic": 0 none, n up to n more or fewer, -1 any number), and the result type.
 * Facts from the Prometheus documentation (querying/functions), not code.
 */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface FunctionSignature {
  readonly args: readonly ValueType[];
  readonly variadic: number;
  readonly returns: ValueType;
}

const V = 'vector';
const M = 'matrix';
const S = 'scalar';
const STR = 'string';

function fn(args: readonly ValueType[], returns: ValueType = V, variadic = 0): FunctionSignature {
  return { args, variadic, returns };
}

const vectorToVector = fn([V]);
const rangeToVector = fn([M]);
/** `hour()`, `hour(v)`: the time of evaluation without an argument. */
const optionalVector = fn([V], V, 1);

export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map([
  ...['abs', 'ceil', 'exp', 'floor', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'deg', 'rad', 'timestamp'].map(
    (name) => [name, vectorToVector] as const,
  ),
  ...['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'].map(
    (name) => [name, vectorToVector] as const,
  ),
  ...['sort', 'sort_desc', 'absent', 'histogram_count', 'histogram_sum'].map((name) => [name, vectorToVector] as const),
  ...['histogram_avg', 'histogram_stddev', 'histogram_stdvar'].map((name) => [name, vectorToVector] as const),
  ...['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'absent_over_time'].map(
    (name) => [name, rangeToVector] as const,
  ),
  ...['avg', 'min', 'max', 'sum', 'count', 'stddev', 'stdvar', 'last', 'present', 'mad', 'first']
    .map((name) => `${name}_over_time`)
    .map((name) => [name, rangeToVector] as const),
  ...['ts_of_min_over_time', 'ts_of_max_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time'].map(
    (name) => [name, rangeToVector] as const,
  ),
  ...['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'].map(
    (name) => [name, optionalVector] as const,
  ),
  ['clamp', fn([V, S, S])],
  ['clamp_max', fn([V, S])],
  ['clamp_min', fn([V, S])],
  ['round', fn([V, S], V, 1)],
  ['predict_linear', fn([M, S])],
  ['quantile_over_time', fn([S, M])],
  ['holt_winters', fn([M, S, S])],
  ['double_exponential_smoothing', fn([M, S, S])],
  ['histogram_quantile', fn([S, V])],
  ['histogram_fraction', fn([S, S, V])],
  ['label_replace', fn([V, STR, STR, STR, STR])],
  ['label_join', fn([V, STR, STR, STR], V, -1)],
  ['sort_by_label', fn([V, STR], V, -1)],
  ['sort_by_label_desc', fn([V, STR], V, -1)],
  ['info', fn([V, V], V, 1)],
  ['pi', fn([], S)],
  ['time', fn([], S)],
  ['scalar', fn([V], S)],
  ['vector', fn([S])],
]);

/** Prometheus' names for the types, as its messages use them. */
export function typeName(type: ValueType): string {
  return type === 'vector' ? 'instant vector' : type === 'matrix' ? 'range vector' : type;
}
