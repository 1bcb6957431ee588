/**
 * lezer-promql's grammar, with its keywords read as Prometheus 2.42 reads them. The grammar decides what an
 * identifier is through two replaceable functions ("external specializers", a documented lezer extension
 * point: `LRParser.configure({ specializers })`); ours differ from the package's in three ways:
 *   - `offset` is the keyword only where a modifier can follow; elsewhere it is a metric name, as Go's
 *     grammar allows (`offset{step="1s"}[5m]`). `bool`, `on`, `ignoring`, `group_left`, `group_right` stay
 *     keywords everywhere: Go refuses them as metric names.
 *   - `holt_winters` is read as the function lezer-promql knows under its Prometheus 3 name,
 *     `double_exponential_smoothing` (same signature); the version check tells the two spellings apart.
 *   - `start()` and `end()` as functions (Prometheus 3) are not known: `start` is a metric name, and `start(`
 *     the syntax error Go reports. `@ start()` and `@ end()` stay.
 */
import type { Stack } from '@lezer/lr';
import { EndFn, Offset, StartFn, parser } from '@prometheus-io/lezer-promql';

type Specializer = (value: string, stack: Stack) => number;

interface SpecializerSpec {
  readonly external?: Specializer;
  readonly extend?: boolean;
  /** The grammar's own table of names (function names): the token in the high bits, "extend" in the lowest. */
  readonly get?: (value: string) => number;
}

const specs = (parser as unknown as { specializerSpecs?: readonly SpecializerSpec[] }).specializerSpecs ?? [];

/** The package's own two specializers, which `configure` replaces by identity. */
function packageSpecializers(): { specialize: Specializer; extend: Specializer } {
  const specialize = specs.find((s) => s.external && !s.extend)?.external;
  const extend = specs.find((s) => s.external && s.extend)?.external;
  if (!specialize || !extend) throw new Error('lezer-promql no longer has the specializers keywords.ts replaces');
  return { specialize, extend };
}

/** The token a function name is read as (a term of its own, below the node named after the function). */
function functionNameToken(name: string): number {
  for (const spec of specs) {
    const encoded = !spec.external && spec.get ? spec.get(name) : -1;
    if (encoded >= 0) return encoded >> 1;
  }
  throw new Error(`lezer-promql no longer knows the function ${name}`);
}

const original = packageSpecializers();
const DOUBLE_EXPONENTIAL_SMOOTHING = functionNameToken('double_exponential_smoothing');
const NOT_A_KEYWORD = -1;

const specialize: Specializer = (value, stack) => {
  const token = original.specialize(value, stack);
  return token === Offset && !stack.canShift(Offset) ? NOT_A_KEYWORD : token;
};

const extend: Specializer = (value, stack) => {
  if (value === 'holt_winters') return DOUBLE_EXPONENTIAL_SMOOTHING;
  const token = original.extend(value, stack);
  return token === StartFn || token === EndFn ? NOT_A_KEYWORD : token;
};

/** Prometheus 3.12 has `start()`/`end()` as (experimental) functions: the version check names the flag. */
const extendWithStartEnd: Specializer = (value, stack) =>
  value === 'holt_winters' ? DOUBLE_EXPONENTIAL_SMOOTHING : original.extend(value, stack);

export const prometheus242Parser = parser.configure({
  specializers: [
    { from: original.specialize, to: specialize },
    { from: original.extend, to: extend },
  ],
});

export const prometheus3Parser = parser.configure({
  specializers: [
    { from: original.specialize, to: specialize },
    { from: original.extend, to: extendWithStartEnd },
  ],
});
