import type { NotificationChannel } from '@plotwatch/platform';
import { stringify } from 'yaml';
import type { Inhibition } from './inhibitions.ts';
import { renderMatcher } from './labels.ts';
import { timeIntervalSpec, type TimeIntervalSpec } from './maintenance.ts';
import type { RouteNode, RoutingPlan } from './plan.ts';
import type { Receiver } from './receivers.ts';
import { blockEntryYaml, YAML_OPTIONS } from './route-yaml.ts';
import { SLACK_TEXT } from './templates.ts';

/** The subset of Alertmanager's configuration (0.25) that Plotwatch writes; keys as in its YAML. */
export interface AlertmanagerConfig {
  readonly global: {
    readonly smtp_smarthost: string;
    readonly smtp_from: string;
    readonly smtp_auth_username: string;
    readonly smtp_auth_password_file: string;
  };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly AlertmanagerInhibitRule[];
  readonly time_intervals: ReadonlyArray<{
    readonly name: string;
    readonly time_intervals: readonly TimeIntervalSpec[];
  }>;
}

export interface AlertmanagerRoute {
  readonly receiver?: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly mute_time_intervals?: readonly string[];
  readonly routes?: readonly AlertmanagerRoute[];
}

/**
 * Secrets only as `*_file` paths. Alertmanager 0.25 reads a file for Slack's URL, PagerDuty's
 * key, SMTP and bearer credentials, but not for a webhook's URL (hence no secret in that URL).
 */
export interface AlertmanagerReceiver {
  readonly name: string;
  readonly slack_configs?: ReadonlyArray<{
    readonly api_url_file: string;
    readonly channel: string;
    readonly send_resolved: true;
    readonly text: string;
  }>;
  /** `url`: PagerDuty's events endpoint, Alertmanager's default unless set (tests point it elsewhere). */
  readonly pagerduty_configs?: ReadonlyArray<{
    readonly routing_key_file: string;
    readonly send_resolved: true;
    readonly url?: string;
  }>;
  readonly webhook_configs?: ReadonlyArray<{
    readonly url: string;
    readonly send_resolved: true;
    readonly http_config?: { readonly authorization: { readonly type: 'Bearer'; readonly credentials_file: string } };
  }>;
  readonly email_configs?: ReadonlyArray<{ readonly to: string; readonly send_resolved: true }>;
}

export interface AlertmanagerInhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal?: readonly string[];
}

export interface SmtpRelay {
  readonly smarthost: string;
  readonly from: string;
  readonly username: string;
  readonly passwordFile: string;
}

export function alertmanagerConfig(plan: RoutingPlan, smtp: SmtpRelay): AlertmanagerConfig {
  return {
    global: {
      smtp_smarthost: smtp.smarthost,
      smtp_from: smtp.from,
      smtp_auth_username: smtp.username,
      smtp_auth_password_file: smtp.passwordFile,
    },
    route: alertmanagerRoute(plan.root),
    receivers: plan.receivers.map(alertmanagerReceiver),
    inhibit_rules: plan.inhibitions.map(inhibitRule),
    time_intervals: plan.muteIntervals.map((m) => ({ name: m.name, time_intervals: m.windows.map(timeIntervalSpec) })),
  };
}

/** `out/alertmanager/alertmanager.yaml`. */
export function alertmanagerYaml(config: AlertmanagerConfig): string {
  // A block map's entries one by one: each reads the same alone as in the whole document. The
  // route tree, most of the file, is written by `blockEntryYaml`; what it cannot write, by the library.
  const entries = Object.entries(config).filter(([, value]) => value !== undefined);
  if (!entries.length) return stringify(config, YAML_OPTIONS);
  return entries
    .map(([key, value]) => blockEntryYaml(key, value) ?? stringify({ [key]: value }, YAML_OPTIONS))
    .join('');
}

/** Each node's route, kept by the node: a kept scope (plan.ts) keeps its routes, and their YAML (route-yaml.ts). */
const routes = new WeakMap<RouteNode, AlertmanagerRoute>();

function alertmanagerRoute(node: RouteNode): AlertmanagerRoute {
  let route = routes.get(node);
  if (!route) routes.set(node, (route = routeOf(node)));
  return route;
}

function routeOf(node: RouteNode): AlertmanagerRoute {
  const g = node.grouping;
  return {
    receiver: node.receiver,
    matchers: node.matchers.length ? node.matchers.map(renderMatcher) : undefined,
    group_by: g?.groupBy,
    group_wait: g?.groupWait,
    group_interval: g?.groupInterval,
    repeat_interval: g?.repeatInterval,
    continue: node.continue,
    mute_time_intervals: node.muteTimeIntervals,
    routes: node.routes.length ? node.routes.map(alertmanagerRoute) : undefined,
  };
}

const receivers = new WeakMap<Receiver, AlertmanagerReceiver>();

function alertmanagerReceiver(receiver: Receiver): AlertmanagerReceiver {
  let made = receivers.get(receiver);
  if (!made) receivers.set(receiver, (made = { name: receiver.name, ...integration(receiver.channel) }));
  return made;
}

function integration(channel: NotificationChannel): Omit<AlertmanagerReceiver, 'name'> {
  switch (channel.type) {
    case 'slack':
      return {
        slack_configs: [
          { api_url_file: channel.apiUrlFile, channel: channel.channel, send_resolved: true, text: SLACK_TEXT },
        ],
      };
    case 'pagerduty':
      return { pagerduty_configs: [{ routing_key_file: channel.routingKeyFile, send_resolved: true }] };
    case 'webhook':
      return {
        webhook_configs: [
          {
            url: channel.url,
            send_resolved: true,
            ...(channel.credentialsFile
              ? { http_config: { authorization: { type: 'Bearer', credentials_file: channel.credentialsFile } } }
              : {}),
          },
        ],
      };
    case 'email':
      return { email_configs: [{ to: channel.to, send_resolved: true }] };
  }
}

function inhibitRule(i: Inhibition): AlertmanagerInhibitRule {
  return {
    source_matchers: i.source.map(renderMatcher),
    target_matchers: i.target.map(renderMatcher),
    ...(i.equal.length ? { equal: i.equal } : {}),
  };
}
