import type { SeverityId } from '@plotwatch/platform';

/** How Alertmanager batches alerts into notifications and how often it repeats them. */
export interface Grouping {
  readonly groupBy: readonly string[];
  /** How long to wait for more alerts of a new group before the first notification. */
  readonly groupWait: string;
  /** How long to wait before notifying about alerts added to a group already notified. */
  readonly groupInterval: string;
  /** How long before a still-firing group is notified again. */
  readonly repeatInterval: string;
}

/**
 * Per severity, in one place. Every grouping keeps `tenant`, so one notification never lists
 * two tenants' alerts. A page is sent fast and repeated while it burns; a ticket waits to
 * collect its siblings and repeats daily.
 */
export const severityGrouping: Readonly<Record<SeverityId, Grouping>> = {
  page: { groupBy: ['alertname', 'tenant', 'service'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  ticket: { groupBy: ['alertname', 'tenant'], groupWait: '5m', groupInterval: '30m', repeatInterval: '24h' },
};

/** The root's: for whatever reaches the platform default receiver. */
export const unroutedGrouping: Grouping = {
  groupBy: ['alertname', 'tenant'],
  groupWait: '1m',
  groupInterval: '10m',
  repeatInterval: '12h',
};
