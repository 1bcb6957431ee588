import {
  ContactPointBuilder,
  NotificationPolicyBuilder,
  type ContactPoint,
  type NotificationPolicy,
} from '@grafana/grafana-foundation-sdk/alerting';
import type { NotificationChannel } from '@plotwatch/platform';
import { createHash } from 'node:crypto';
import { timeIntervalSpec, type TimeIntervalSpec } from './maintenance.ts';
import type { RouteNode, RoutingPlan } from './plan.ts';
import type { Receiver } from './receivers.ts';
import { SLACK_TEXT } from './templates.ts';

/**
 * The same routing for Grafana-managed alerting, as the bodies of its provisioning API
 * (`/api/v1/provisioning/contact-points`, `/policies`, `/mute-timings`).
 */
export interface GrafanaAlerting {
  readonly contactPoints: readonly ContactPoint[];
  readonly policy: NotificationPolicy;
  /**
   * Written as Grafana reads them (Alertmanager's own format). The SDK's MuteTiming type models
   * weekdays and times as integer/date-time ranges, which Grafana's parser rejects.
   */
  readonly muteTimings: ReadonlyArray<{ readonly name: string; readonly time_intervals: readonly TimeIntervalSpec[] }>;
}

export function grafanaAlerting(plan: RoutingPlan): GrafanaAlerting {
  return {
    contactPoints: plan.receivers.map(contactPoint),
    policy: policy(plan.root),
    muteTimings: plan.muteIntervals.map((m) => ({ name: m.name, time_intervals: m.windows.map(timeIntervalSpec) })),
  };
}

/**
 * Grafana's own reference to a mounted file: its file provisioning expands `$__file{path}`; the
 * HTTP publisher must read the file itself. Either way no secret is ever written to out/.
 */
export function fileReference(path: string): string {
  return `$__file{${path}}`;
}

/** Grafana's uid rules: at most 40 of [A-Za-z0-9_-]; long names keep a readable head and a hash. */
export function contactPointUid(receiverName: string): string {
  const uid = receiverName.replaceAll('/', '_');
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 31)}_${createHash('sha256').update(receiverName).digest('hex').slice(0, 8)}`;
}

/** Each receiver's contact point and each node's policy, kept by it (plan.ts keeps a tenant's receivers and scope). */
const contactPoints = new WeakMap<Receiver, ContactPoint>();
const policies = new WeakMap<RouteNode, NotificationPolicy>();

function contactPoint(receiver: Receiver): ContactPoint {
  let made = contactPoints.get(receiver);
  if (!made) {
    const { name, channel } = receiver;
    made = new ContactPointBuilder()
      .uid(contactPointUid(name))
      .name(name)
      .type(channel.type)
      .settings(settings(channel))
      .build();
    contactPoints.set(receiver, made);
  }
  return made;
}

function settings(channel: NotificationChannel): Record<string, string> {
  switch (channel.type) {
    case 'slack':
      return { url: fileReference(channel.apiUrlFile), recipient: channel.channel, text: SLACK_TEXT };
    case 'pagerduty':
      return { integrationKey: fileReference(channel.routingKeyFile) };
    case 'webhook':
      return {
        url: channel.url,
        ...(channel.credentialsFile
          ? { authorization_scheme: 'Bearer', authorization_credentials: fileReference(channel.credentialsFile) }
          : {}),
      };
    case 'email':
      return { addresses: channel.to };
  }
}

function policy(node: RouteNode): NotificationPolicy {
  let made = policies.get(node);
  if (!made) policies.set(node, (made = policyBuilder(node).build()));
  return made;
}

function policyBuilder(node: RouteNode): NotificationPolicyBuilder {
  const builder = new NotificationPolicyBuilder();
  if (node.receiver) builder.receiver(node.receiver);
  if (node.matchers.length) builder.objectMatchers(node.matchers.map((m) => [m.label, m.op, m.value]));
  if (node.grouping) {
    const g = node.grouping;
    builder
      .groupBy([...g.groupBy])
      .groupWait(g.groupWait)
      .groupInterval(g.groupInterval)
      .repeatInterval(g.repeatInterval);
  }
  if (node.continue) builder.continueVal(true);
  if (node.muteTimeIntervals) builder.muteTimeIntervals([...node.muteTimeIntervals]);
  if (node.routes.length) builder.routes(node.routes.map((child) => ({ build: () => policy(child) })));
  return builder;
}
