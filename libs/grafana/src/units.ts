/**
 * Grafana unit ids, named by what they measure. Panels take their unit from here, so one
 * meaning always renders the same way (ratios as percentages, money in dollars).
 */
export const units = {
  seconds: 's',
  ratio: 'percentunit',
  percent: 'percent',
  bytes: 'bytes',
  /** DCGM reports framebuffer memory in MiB. */
  mebibytes: 'mbytes',
  usd: 'currencyUSD',
  requestsPerSecond: 'reqps',
  eventsPerSecond: 'eps',
  messagesPerSecond: 'mps',
  perSecond: 'cps',
  perMinute: 'suffix:/min',
  perHour: 'suffix:/h',
  /** CPU time per second of wall time. */
  cores: 'short',
  count: 'short',
  score: 'short',
} as const;

export type GrafanaUnit = (typeof units)[keyof typeof units];

/** Multipliers from per-second rates to the periods panels show (cost per hour, stories per day). */
export const SECONDS_PER = { hour: 3600, day: 86_400 } as const;

/**
 * A Grafana unit id the kit has no name for (`decbytes`, `suffix:/req`), as an imported panel had
 * it. Branded so a unit is always chosen on purpose: from `units`, or through `customUnit`.
 */
export type CustomUnit = string & { readonly __brand: 'CustomUnit' };

const unitNames = new Map<string, string>(Object.entries(units).map(([name, id]) => [id, name]));

/** A unit id outside `units`; one of `units` is refused with its name, so one meaning keeps one spelling. */
export function customUnit(id: string): CustomUnit {
  if (!id) throw new Error('customUnit(""): a unit id is needed; omit `unit` for Grafana\'s default');
  const name = unitNames.get(id);
  if (name) throw new Error(`customUnit("${id}"): use units.${name}`);
  return id as CustomUnit;
}

/** What a panel's `unit` takes. */
export type PanelUnit = GrafanaUnit | CustomUnit;
