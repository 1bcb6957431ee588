import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';
import { metricNamed } from './catalog.ts';
import { tenantIdConflict } from './naming.ts';
import { didYouMean } from './nearest.ts';
import { sloObjectivePolicy } from './policy.ts';
import { PERSONAS } from './personas.ts';
import { thresholdSpecs, type ThresholdId, type ThresholdSpec } from './thresholds.ts';
import { SLO_LATENCY_HISTOGRAMS, TIERS, type Slo } from './tiers.ts';

// zod's ES module entry is 95 modules (it re-exports every locale), and under the CLI's tsx loader each
// is a round trip to the loader's thread: importing this package cost ~260 ms of CPU, ~180 ms with zod's
// CommonJS build (the same release, built from the same source), which Node loads on the calling thread.
const { z } = createRequire(import.meta.url)('zod') as { z: typeof Zod };

/**
 * Tenant ids appear in paths, label values and dashboard uids (which Grafana caps at 40
 * characters): lowercase DNS labels of at most 20 characters.
 */
export const TENANT_ID = /^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/;
const tenantId = z
  .string()
  .regex(TENANT_ID, { error: 'must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-")' })
  .superRefine((id, ctx) => {
    const conflict = tenantIdConflict(id);
    // The input is in the message already: no `got` after it.
    if (conflict) ctx.addIssue({ code: 'custom', message: conflict, input: undefined });
  });
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'must be a lowercase DNS label (a-z, 0-9, "-")' });
/** A number in [min, max]; the message names both ends so the fix is obvious. */
export function between(min: number, max: number) {
  return z.number().refine((v) => v >= min && v <= max, { error: `must be between ${min} and ${max}` });
}
/** An SLO objective: a ratio below 1 and at least the policy's floor (see `sloObjectivePolicy`). */
const objective = z.number().refine((v) => v >= sloObjectivePolicy.min && v < 1, {
  error: `must be at least ${sloObjectivePolicy.min} and below 1 (1 leaves no error budget; below ${sloObjectivePolicy.min} the burn-rate pages cannot fire)`,
});
/** A secret is always a path to a file mounted into Alertmanager, never its value. */
const secretFile = z.string().regex(/^\/[^\s]+$/, { error: 'must be an absolute path to a mounted secret file' });
/** How urgent an alert is: `page` wakes someone, `ticket` waits for working hours. */
export const SEVERITIES = ['page', 'ticket'] as const;
export type SeverityId = (typeof SEVERITIES)[number];
/**
 * Incoming-webhook services whose URL is itself the credential: whoever reads it can post. Alertmanager
 * cannot read a webhook URL from a file, so such a URL would be written in clear into alertmanager.yaml,
 * its Kubernetes Secret and Grafana's contact points.
 */
const INCOMING_WEBHOOKS: ReadonlyArray<{ readonly service: string; readonly matches: (url: URL) => boolean }> = [
  { service: 'a Slack incoming webhook', matches: (u) => u.hostname === 'hooks.slack.com' },
  {
    service: 'a Discord webhook',
    matches: (u) => /(^|\.)discord(app)?\.com$/.test(u.hostname) && u.pathname.startsWith('/api/webhooks'),
  },
  {
    service: 'a Microsoft Teams webhook',
    matches: (u) =>
      /\.webhook\.office\.com$/.test(u.hostname) ||
      (u.hostname === 'outlook.office.com' && u.pathname.startsWith('/webhook')) ||
      /\.logic\.azure\.com$/.test(u.hostname),
  },
  { service: 'a Google Chat webhook', matches: (u) => u.hostname === 'chat.googleapis.com' },
];

/**
 * A path segment that reads as a token rather than a name: long, of a token's alphabet, and mixing
 * letters with digits or cases (`T0000/B0000/XXXXXXXX` parts, API keys, signed ids).
 */
function looksLikeToken(segment: string): boolean {
  if (segment.length < 20 || !/^[A-Za-z0-9_\-+=.~]+$/.test(segment)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(segment)).length;
  return classes >= 2 && !/^[a-z]+(-[a-z]+)*(-?[0-9]{1,6})?$/.test(segment);
}

/**
 * An endpoint that holds no secret: not an incoming webhook, no `user:password@`, no query string or
 * fragment, nothing that looks like a token in its path. The URL is never echoed: it may be the secret.
 */
const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).superRefine((text, ctx) => {
  const refuse = (message: string) => ctx.addIssue({ code: 'custom', message, input: undefined });
  const url = new URL(text);
  const known = INCOMING_WEBHOOKS.find((w) => w.matches(url));
  if (known) {
    refuse(
      `is ${known.service}, whose URL is its secret: secrets are file references only` +
        (known.service.includes('Slack')
          ? ', use a channel of type slack with apiUrlFile (a mounted file holding the URL)'
          : ', send through a relay that takes a bearer token (credentialsFile) instead'),
    );
    return;
  }
  if (url.username || url.password || url.search || url.hash) {
    refuse('must not carry a secret (user:password@, ?query, #fragment): put the token in credentialsFile');
    return;
  }
  if (url.pathname.split('/').some((s) => looksLikeToken(decodeURIComponent(s))))
    refuse('has what looks like a token in its path: secrets are file references only, put it in credentialsFile');
});

const routing = {
  name: dnsLabel,
  /** Personas whose alerts go to this channel; all when omitted. */
  personas: z.array(z.enum(PERSONAS)).min(1).optional(),
  severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
};

export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...routing,
    type: z.literal('slack'),
    channel: z.string().regex(/^#[\w-]+$/, { error: 'must be a Slack channel like #team-alerts' }),
    apiUrlFile: secretFile,
  }),
  z.strictObject({ ...routing, type: z.literal('pagerduty'), routingKeyFile: secretFile }),
  // Alertmanager 0.25 cannot read a webhook's URL from a file, so the URL must be no secret:
  // the endpoint is plain, its bearer token a mounted file.
  z.strictObject({ ...routing, type: z.literal('webhook'), url: webhookUrl, credentialsFile: secretFile.optional() }),
  z.strictObject({ ...routing, type: z.literal('email'), to: z.email() }),
]);
export type NotificationChannel = Zod.infer<typeof channelSchema>;

/** Fields a tenant file might try to carry a secret in, and the reference to use instead. */
export const SECRET_FIELD_HINTS: Readonly<Record<string, string>> = {
  apiUrl: 'apiUrlFile',
  url: 'apiUrlFile',
  webhookUrl: 'apiUrlFile',
  routingKey: 'routingKeyFile',
  serviceKey: 'routingKeyFile',
  token: 'a *File path',
  password: 'a *File path',
};

/** In Alertmanager's order: a range runs from an earlier day to a later one, never across Saturday night. */
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;
/** Alertmanager's weekday range check: `start day cannot be before end day` (a range crossing Saturday night). */
const weekdayRange = z
  .string()
  .regex(new RegExp(`^${WEEKDAY}(:${WEEKDAY})?$`), {
    error: 'must be a lowercase weekday or a range like monday:friday',
  })
  .superRefine((range, ctx) => {
    const [start, end] = range.split(':') as [(typeof WEEKDAYS)[number], (typeof WEEKDAYS)[number]?];
    if (end === undefined || WEEKDAYS.indexOf(start) <= WEEKDAYS.indexOf(end)) return;
    const split = [start === 'saturday' ? start : `${start}:saturday`, end === 'sunday' ? end : `sunday:${end}`];
    ctx.addIssue({
      code: 'custom',
      message: `runs backwards: Alertmanager counts weeks from sunday and refuses a range that ends before it starts; write it as ${split.join(' and ')}`,
    });
  });
/**
 * IANA time zones as the platform's ICU knows them (Alertmanager's Go reads the same tz database).
 * ICU lists CLDR's canonical names (`Asia/Calcutta`) and accepts the others (`Asia/Kolkata`,
 * `US/Eastern`) in any case, where Go's lookup is case-sensitive: a name ICU lists is taken only as
 * listed, another only when ICU knows it and each of its parts is capitalized as tz names are.
 */
const LISTED_TIME_ZONES: ReadonlySet<string> = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
const LISTED_BY_LOWER_CASE = new Map([...LISTED_TIME_ZONES].map((z) => [z.toLowerCase(), z]));
function isTimeZone(zone: string): boolean {
  if (LISTED_TIME_ZONES.has(zone)) return true;
  if (LISTED_BY_LOWER_CASE.has(zone.toLowerCase()) || !/^[A-Z][^/]*(\/[A-Z][^/]*)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
const timeZone = z.string().superRefine((zone, ctx) => {
  if (isTimeZone(zone)) return;
  const sameButCase = LISTED_BY_LOWER_CASE.get(zone.toLowerCase());
  ctx.addIssue({
    code: 'custom',
    message: `must be UTC or an IANA time zone like Europe/London${sameButCase ? ` (did you mean ${sameButCase}?)` : didYouMean(zone, LISTED_TIME_ZONES)}`,
  });
});
/** `HH:MM` in 24 hours; `24:00` closes a window at midnight. */
const clock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'must be a time of day like 02:00 (24:00 for midnight)' });
const timeRange = z
  .strictObject({ start: clock, end: clock })
  .refine((r) => r.start < r.end, { error: 'start must be before end' });

/**
 * When the tenant's own channels stay quiet (planned work): weekdays (or ranges like
 * `monday:friday`) and times of day, in an IANA time zone. Both are required, so a window can
 * never mute a tenant around the clock by accident.
 */
export const maintenanceWindowSchema = z.strictObject({
  weekdays: z.array(weekdayRange).min(1),
  times: z.array(timeRange).min(1),
  location: timeZone.default('UTC'),
});
export type MaintenanceWindow = Zod.infer<typeof maintenanceWindowSchema>;

/** The finite buckets of a catalog histogram. */
const bucketsOf = (histogram: string): readonly number[] => metricNamed(histogram).buckets ?? [];

/** A latency SLO's threshold: within its histogram's buckets, which the SLI counts requests by. */
function latencyThreshold(histogram: string) {
  const buckets = bucketsOf(histogram);
  const [first, last] = [buckets[0]!, buckets.at(-1)!];
  return z.number().refine((v) => v >= first && v <= last, {
    error: `must be between ${first} and ${last} seconds, the buckets of ${histogram}: the SLI counts requests by bucket`,
  });
}
const sloTargetOverride = (histogram: string) =>
  z.strictObject({
    availability: objective.optional(),
    latency: z
      .strictObject({ objective: objective.optional(), thresholdSeconds: latencyThreshold(histogram).optional() })
      .optional(),
  });
/** SLO overrides of a tenant file; every tier's defaults are held to the same (libs/build definitions.ts). */
export const sloOverrides = z.strictObject(
  Object.fromEntries(
    Object.entries(SLO_LATENCY_HISTOGRAMS).map(([slo, histogram]) => [slo, sloTargetOverride(histogram).optional()]),
  ) as Record<keyof Slo, Zod.ZodOptional<ReturnType<typeof sloTargetOverride>>>,
);

/** A threshold's bounds; one compared with a histogram's quantile must also be one the quantile can take. */
function thresholdBounds(spec: ThresholdSpec) {
  if (!spec.histogram) return between(spec.min, spec.max);
  const top = Math.min(spec.max, bucketsOf(spec.histogram).at(-1) ?? spec.max);
  const range = spec.min > 0 ? `between ${spec.min} and ${top}` : `above 0 and at most ${top}`;
  return z.number().refine((v) => v > 0 && v >= spec.min && v <= top, {
    error: `must be ${range}: it is compared with a quantile of ${spec.histogram}, which histogram_quantile reports only above 0 and up to its largest bucket (${top})`,
  });
}

/** Threshold overrides of a tenant file; every tier's defaults are held to the same. */
export const thresholdOverrides = z.strictObject(
  Object.fromEntries(
    Object.entries(thresholdSpecs).map(([id, spec]) => [id, thresholdBounds(spec).optional()]),
  ) as Record<ThresholdId, Zod.ZodOptional<ReturnType<typeof between>>>,
);

/** One file in tenants/: only what differs from the tier's defaults. */
export const tenantFileSchema = z.strictObject({
  id: tenantId,
  displayName: z.string().min(1),
  tier: z.enum(TIERS),
  tenancy: z.enum(['label', 'mimir']).default('label'),
  slo: sloOverrides.optional(),
  thresholds: thresholdOverrides.optional(),
  notifications: z.array(channelSchema).min(1, { error: 'needs at least one channel' }),
  maintenanceWindows: z.array(maintenanceWindowSchema).optional(),
});
export type TenantFile = Zod.infer<typeof tenantFileSchema>;
