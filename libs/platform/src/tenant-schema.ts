import { z } from 'zod';
import { PERSONAS } from './personas.ts';
import { thresholdSpecs, type ThresholdId } from './thresholds.ts';
import { TIERS } from './tiers.ts';

/**
 * Tenant ids appear in paths, label values and dashboard uids (which Grafana caps at 40
 * characters): lowercase DNS labels of at most 20 characters.
 */
export const TENANT_ID = /^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/;
const tenantId = z
  .string()
  .regex(TENANT_ID, { error: 'must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-")' });
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'must be a lowercase DNS label (a-z, 0-9, "-")' });
/** A number in [min, max]; the message names both ends so the fix is obvious. */
export function between(min: number, max: number) {
  return z.number().refine((v) => v >= min && v <= max, { error: `must be between ${min} and ${max}` });
}
const ratio = between(0, 1);
/** A secret is always a path to a file mounted into Alertmanager, never its value. */
const secretFile = z.string().regex(/^\/[^\s]+$/, { error: 'must be an absolute path to a mounted secret file' });
/** How urgent an alert is: `page` wakes someone, `ticket` waits for working hours. */
export const SEVERITIES = ['page', 'ticket'] as const;
export type SeverityId = (typeof SEVERITIES)[number];
/** An endpoint that holds no secret: no `user:password@`, no query string, no fragment. */
const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine(
  (u) => {
    const url = new URL(u);
    return !url.username && !url.password && !url.search && !url.hash;
  },
  { error: 'must not carry a secret (user:password@, ?query, #fragment): put the token in credentialsFile' },
);

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
export type NotificationChannel = z.infer<typeof channelSchema>;

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

const WEEKDAY = '(sunday|monday|tuesday|wednesday|thursday|friday|saturday)';
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
  weekdays: z
    .array(
      z.string().regex(new RegExp(`^${WEEKDAY}(:${WEEKDAY})?$`), {
        error: 'must be a lowercase weekday or a range like monday:friday',
      }),
    )
    .min(1),
  times: z.array(timeRange).min(1),
  location: z
    .string()
    .regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, {
      error: 'must be UTC or an IANA time zone like Europe/London',
    })
    .default('UTC'),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

const latencyOverride = z.strictObject({
  objective: ratio.optional(),
  thresholdSeconds: z.number().positive().optional(),
});
const sloTargetOverride = z.strictObject({ availability: ratio.optional(), latency: latencyOverride.optional() });

const thresholdOverrides = z.strictObject(
  Object.fromEntries(
    Object.entries(thresholdSpecs).map(([id, spec]) => [id, between(spec.min, spec.max).optional()]),
  ) as Record<ThresholdId, z.ZodOptional<ReturnType<typeof between>>>,
);

/** One file in tenants/: only what differs from the tier's defaults. */
export const tenantFileSchema = z.strictObject({
  id: tenantId,
  displayName: z.string().min(1),
  tier: z.enum(TIERS),
  tenancy: z.enum(['label', 'mimir']).default('label'),
  slo: z
    .strictObject({ storyGeneration: sloTargetOverride.optional(), userInteraction: sloTargetOverride.optional() })
    .optional(),
  thresholds: thresholdOverrides.optional(),
  notifications: z.array(channelSchema).min(1, { error: 'needs at least one channel' }),
  maintenanceWindows: z.array(maintenanceWindowSchema).optional(),
});
export type TenantFile = z.infer<typeof tenantFileSchema>;
