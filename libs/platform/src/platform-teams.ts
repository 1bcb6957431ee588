import type { NotificationChannel } from './tenant-schema.ts';

/** Where Alertmanager finds the platform's secrets (mounted files, never values). */
const SECRETS = '/etc/alertmanager/secrets/platform';

/**
 * The channels of the platform's own teams (platform-ops, -ml, -product): where platform-scope
 * alerts (those without a `tenant` label) go, chosen by persona and severity exactly like a
 * tenant's channels.
 */
export const platformTeamChannels: readonly NotificationChannel[] = [
  {
    name: 'ops-pager',
    type: 'pagerduty',
    routingKeyFile: `${SECRETS}/ops-pagerduty-routing-key`,
    personas: ['ops'],
    severities: ['page'],
  },
  {
    name: 'ops-slack',
    type: 'slack',
    channel: '#platform-ops',
    apiUrlFile: `${SECRETS}/slack-api-url`,
    personas: ['ops'],
  },
  {
    name: 'ml-pager',
    type: 'pagerduty',
    routingKeyFile: `${SECRETS}/ml-pagerduty-routing-key`,
    personas: ['ml'],
    severities: ['page'],
  },
  {
    name: 'ml-slack',
    type: 'slack',
    channel: '#platform-ml',
    apiUrlFile: `${SECRETS}/slack-api-url`,
    personas: ['ml'],
  },
  { name: 'product-email', type: 'email', to: 'product-insights@plotwatch.example', personas: ['product'] },
];

/**
 * Where an alert goes that no route claims: an unknown tenant, a missing persona, a tenant with
 * no channel for it. Someone must see it, so it is the platform's ops Slack, in its own channel.
 */
export const platformDefaultChannel: NotificationChannel = {
  name: 'default',
  type: 'slack',
  channel: '#plotwatch-unrouted',
  apiUrlFile: `${SECRETS}/slack-api-url`,
};

/** The SMTP relay every email channel sends through; its password is a mounted file. */
export const smtpRelay = {
  smarthost: 'smtp.plotwatch.example:587',
  from: 'alerts@plotwatch.example',
  username: 'alertmanager',
  passwordFile: `${SECRETS}/smtp-password`,
} as const;
