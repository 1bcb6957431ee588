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
