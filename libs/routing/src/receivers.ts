import type { NotificationChannel, PersonaId, SeverityId, Tenant } from '@plotwatch/platform';

/** Whose a receiver is: the isolation tests check alerts against it. */
export type Owner = { readonly kind: 'tenant'; readonly tenant: string } | { readonly kind: 'platform' };

/** One notification channel as a named receiver (Alertmanager) or contact point (Grafana). */
export interface Receiver {
  readonly name: string;
  readonly owner: Owner;
  readonly channel: NotificationChannel;
}

export const PLATFORM: Owner = { kind: 'platform' };

/**
 * `tenant/<tenant>/<channel>` or `platform/<channel>`: the owner is readable in every route,
 * notification and log line, and a tenant id can never collide with a platform channel.
 */
export function receiverName(owner: Owner, channelName: string): string {
  return owner.kind === 'tenant' ? `tenant/${owner.tenant}/${channelName}` : `platform/${channelName}`;
}

export function receiverOf(owner: Owner, channel: NotificationChannel): Receiver {
  return { name: receiverName(owner, channel.name), owner, channel };
}

/** Whether a channel takes alerts of this persona and severity (a missing filter takes all). */
export function channelTakes(channel: NotificationChannel, persona: PersonaId, severity: SeverityId): boolean {
  return (channel.personas ?? [persona]).includes(persona) && (channel.severities ?? [severity]).includes(severity);
}

export function tenantOwner(tenant: Pick<Tenant, 'id'>): Owner {
  return { kind: 'tenant', tenant: tenant.id };
}
