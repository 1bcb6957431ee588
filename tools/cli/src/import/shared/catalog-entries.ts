import type { MetricType, Unit } from '@plotwatch/platform';

/**
 * Catalog entries for the metrics imported queries read that the catalog does not know: shared by
 * the dashboard and rules importers, so both suggest the same entry for the same metric.
 */

/** A metric a query reads, and what the query says of it. */
export interface MetricUse {
  readonly name: string;
  /** Labels it is matched, grouped or legended by (not the tenant's, `__name__` or `le`). */
  readonly labels: ReadonlySet<string>;
  /** Functions and aggregations around it: `rate` says counter, `histogram_quantile` histogram. */
  readonly functions: ReadonlySet<string>;
  /** Whether the query matched the tenant label on it: it is one of the tenant-scoped metrics. */
  readonly tenantMatched: boolean;
}

/** A metric the queries read that the catalog does not know, and the entry that would add it. */
export interface MissingMetric {
  readonly name: string;
  readonly type: MetricType;
  readonly unit: Unit;
  readonly labels: readonly string[];
  readonly tenantScoped: boolean;
  /** The `metric({...})` entry for libs/platform/src/catalog.ts, as TypeScript. */
  readonly entry: string;
}

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);

/** The type the name and the functions applied to it suggest (a guess, said as one in the entry). */
function guessType(name: string, functions: ReadonlySet<string>): { type: MetricType; base: string } {
  const histogram = /_(bucket|sum|count)$/.exec(name);
  if (histogram && (name.endsWith('_bucket') || functions.has('histogram_quantile')))
    return { type: 'histogram', base: name.slice(0, -histogram[0].length) };
  if (name.endsWith('_total') || [...functions].some((f) => RATE_FUNCTIONS.has(f)))
    return { type: 'counter', base: name };
  return { type: 'gauge', base: name };
}

function guessUnit(name: string): Unit {
  if (/_seconds(_total|_bucket|_sum|_count)?$/.test(name)) return 'seconds';
  if (/_bytes(_total)?$/.test(name)) return 'bytes';
  if (/_ratio$/.test(name)) return 'ratio';
  if (/_percent$/.test(name)) return 'percent';
  if (/_requests(_total)?$/.test(name)) return 'requests';
  return 'none';
}

/** One catalog entry per metric: a histogram's `_bucket`, `_sum` and `_count` series fold into it. */
export function missingMetrics(byName: ReadonlyArray<readonly [string, readonly MetricUse[]]>): MissingMetric[] {
  const histograms = new Set(
    byName.flatMap(([name, uses]) => {
      const g = guessType(name, new Set(uses.flatMap((u) => [...u.functions])));
      return g.type === 'histogram' ? [g.base] : [];
    }),
  );
  const grouped = new Map<string, MetricUse[]>();
  for (const [name, uses] of byName) {
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const key = histograms.has(base) ? base : name;
    grouped.set(key, [...(grouped.get(key) ?? []), ...uses]);
  }
  return [...grouped.entries()]
    .map(([name, uses]) => catalogEntry(name, uses, histograms.has(name)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function catalogEntry(name: string, uses: readonly MetricUse[], histogram: boolean): MissingMetric {
  const functions = new Set(uses.flatMap((u) => [...u.functions]));
  const { type, base } = histogram ? { type: 'histogram' as const, base: name } : guessType(name, functions);
  const labels = [...new Set(uses.flatMap((u) => [...u.labels]))].sort();
  const tenantScoped = uses.some((u) => u.tenantMatched);
  const unit = guessUnit(base);
  const labelList = labels.map((l) => `{ name: '${l}', maxValues: 100 }`).join(', ');
  const entry = [
    'metric({',
    `  name: '${base}',`,
    `  type: '${type}',`,
    `  unit: '${unit}',`,
    `  help: 'TODO: what it counts (imported; type guessed from the name and the functions applied).',`,
    `  labels: [${labelList}],${labels.length ? ' // maxValues: a guess; say the real bound' : ''}`,
    ...(tenantScoped ? [] : ['  tenantScoped: false,']),
    '}),',
  ].join('\n');
  return { name: base, type, unit, labels, tenantScoped, entry };
}
