import type { Family, SeriesState } from './model.ts';

/** Series Prometheus makes itself for every target: the live server must not expose them. */
export const SCRAPE_GENERATED = new Set(['up']);

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of one series now: one for counters and gauges; buckets, sum and count for histograms. */
export function samplesOf(family: Family, s: SeriesState): Sample[] {
  const { spec } = family;
  if (spec.type !== 'histogram') return [{ name: spec.name, labels: s.labels, value: s.value }];
  const bounds = [...(spec.buckets ?? []), Infinity];
  return [
    ...bounds.map((le, i) => ({
      name: `${spec.name}_bucket`,
      labels: { ...s.labels, le: le === Infinity ? '+Inf' : String(le) },
      value: s.buckets![i]!,
    })),
    { name: `${spec.name}_sum`, labels: s.labels, value: s.sum },
    { name: `${spec.name}_count`, labels: s.labels, value: s.count },
  ];
}

function escape(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** A sample's name and labels as the text formats write them: `name{a="1",b="2"}`. */
export function seriesText(sample: Omit<Sample, 'value'>): string {
  const labels = Object.entries(sample.labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',');
  return `${sample.name}${labels ? `{${labels}}` : ''}`;
}

/** OpenMetrics names a counter family without its `_total`. */
export function openMetricsFamilyName(family: Family): string {
  return family.spec.type === 'counter' ? family.spec.name.replace(/_total$/, '') : family.spec.name;
}
