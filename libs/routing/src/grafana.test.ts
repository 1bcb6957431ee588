import type { ContactPoint, NotificationPolicy } from '@grafana/grafana-foundation-sdk/alerting';
import { smtpRelay } from '@plotwatch/platform';
import { demoTenants } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, type AlertmanagerRoute } from './alertmanager.ts';
import { contactPointUid, grafanaAlerting } from './grafana.ts';
import { grafanaAlertingSchemaErrors } from './grafana-schema.ts';
import { renderMatcher } from './labels.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';

const plan = routingPlan(platformRoutingInput(demoTenants()));
const grafana = grafanaAlerting(plan);

/** A Grafana policy read as the Alertmanager route it stands for (Grafana runs an embedded Alertmanager). */
function asAlertmanagerRoute(p: NotificationPolicy): AlertmanagerRoute {
  return {
    receiver: p.receiver,
    matchers: p.object_matchers?.map(([label, op, value]) =>
      renderMatcher({ label: label!, op: op as '=', value: value! }),
    ),
    group_by: p.group_by,
    group_wait: p.group_wait,
    group_interval: p.group_interval,
    repeat_interval: p.repeat_interval,
    continue: p.continue,
    mute_time_intervals: p.mute_time_intervals,
    routes: p.routes?.map(asAlertmanagerRoute),
  };
}

describe('grafanaAlerting', () => {
  it("passes Grafana's published alerting schema", () => {
    expect(grafanaAlertingSchemaErrors(grafana)).toEqual([]);
  });

  it('names a violation deep in the policy tree, or in a contact point, by its path', () => {
    // Each node is checked alone (and kept): a planted node is found where it is in the whole tree.
    const scope = grafana.policy.routes![1]!;
    const planted: NotificationPolicy = {
      ...grafana.policy,
      routes: grafana.policy.routes!.map((r) =>
        r === scope
          ? { ...scope, routes: [scope.routes![0]!, { ...scope.routes![0]!, group_wait: 5 as unknown as string }] }
          : r,
      ),
    };
    const [first, ...others] = grafana.contactPoints;
    const broken = { ...first!, type: undefined } as unknown as ContactPoint;
    expect(grafanaAlertingSchemaErrors({ ...grafana, policy: planted, contactPoints: [broken, ...others] })).toEqual([
      `contact point ${first!.name}: must have required property 'type'`,
      'notification policy/routes/1/routes/1/group_wait: must be string',
    ]);
  });

  it('is the same routing tree as the Alertmanager config, node for node', () => {
    const strip = (o: unknown) => JSON.parse(JSON.stringify(o)) as unknown;
    expect(strip(asAlertmanagerRoute(grafana.policy))).toEqual(strip(alertmanagerConfig(plan, smtpRelay).route));
  });

  it('has a contact point per receiver, and the same mute timings as Alertmanager', () => {
    expect(grafana.contactPoints.map((c) => c.name)).toEqual(plan.receivers.map((r) => r.name));
    expect(grafana.muteTimings).toEqual(alertmanagerConfig(plan, smtpRelay).time_intervals);
  });

  it('carries every secret as a $__file{} reference to the same mounted file Alertmanager reads', () => {
    const secretKeys = ['url', 'integrationKey', 'authorization_credentials'];
    for (const { type, settings } of grafana.contactPoints) {
      for (const [key, value] of Object.entries(settings as Record<string, string>)) {
        const isSecret = secretKeys.includes(key) && !(type === 'webhook' && key === 'url');
        if (isSecret) expect(value, `${type}.${key}`).toMatch(/^\$__file\{\/[^}\s]+\}$/);
      }
    }
  });

  it.each([
    ['tenant/aurora-books/ops-pager', 'tenant_aurora-books_ops-pager'],
    ['platform/default', 'platform_default'],
  ])('keeps short receiver names readable as uids: %s', (name, uid) => {
    expect(contactPointUid(name)).toBe(uid);
  });

  it("fits long names into Grafana's 40-character uid, distinct and stable", () => {
    const long = (c: string) => `tenant/twenty-chars-tenant1/${c.repeat(40)}`;
    const uids = [contactPointUid(long('a')), contactPointUid(long('b'))];
    for (const uid of uids) expect(uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(uids[0]).not.toBe(uids[1]);
    expect(contactPointUid(long('a'))).toBe(uids[0]);
  });
});
