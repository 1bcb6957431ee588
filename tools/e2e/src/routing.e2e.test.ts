import type { PersonaId, SeverityId } from '@plotwatch/platform';
import {
  alertmanagerYaml,
  channelTakes,
  type AlertmanagerConfig,
  type AlertmanagerReceiver,
  type AlertmanagerRoute,
} from '@plotwatch/routing';
import {
  sleep,
  startAlertmanager,
  startExporter,
  startPrometheus,
  startWebhookListener,
  type Received,
  type WebhookListener,
} from '@plotwatch/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { asTree, compileOrThrow, repoTenants } from '@plotwatch/build/testing';

interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * The first label tenant of the repo without maintenance windows (a window would mute the
 * notification at those hours).
 */
const E2E_TENANT = repoTenants().find((t) => t.tenancy === 'label' && t.maintenanceWindows.length === 0)!.id;
const CONDITION = 'plotwatch_e2e_condition';
/** How long to keep listening after the expected notifications, for any that should not come. */
const STRAY_GRACE_MS = 1_000;

/**
 * The test copy of the generated config, pointed at the listener. Only the secret files'
 * paths change (into `secretsDir`, one directory per receiver, holding the listener's URL
 * where the file is a URL), except where a receiver has no file to hold a URL: PagerDuty's and
 * a webhook's endpoint are plain fields, set to the listener; email cannot be pointed at a URL,
 * so it becomes a webhook to the listener. group_wait drops to 0s, so the test waits for
 * nothing it does not need.
 */
async function pointedAtListener(
  config: AlertmanagerConfig,
  listener: WebhookListener,
  secretsDir: string,
): Promise<AlertmanagerConfig> {
  const secret = async (owner: string, path: string, content: string) => {
    const moved = join(secretsDir, owner, basename(path));
    await mkdir(dirname(moved), { recursive: true });
    await writeFile(moved, content);
    return moved;
  };
  const receiver = async (r: AlertmanagerReceiver): Promise<AlertmanagerReceiver> => {
    const url = listener.urlFor(r.name);
    return {
      name: r.name,
      slack_configs:
        r.slack_configs &&
        (await Promise.all(
          r.slack_configs.map(async (c) => ({ ...c, api_url_file: await secret(r.name, c.api_url_file, url) })),
        )),
      pagerduty_configs:
        r.pagerduty_configs &&
        (await Promise.all(
          r.pagerduty_configs.map(async (c) => ({
            ...c,
            routing_key_file: await secret(r.name, c.routing_key_file, 'e2e-routing-key'),
            url,
          })),
        )),
      webhook_configs: [
        ...(await Promise.all(
          (r.webhook_configs ?? []).map(async (c) => ({
            ...c,
            url,
            ...(c.http_config && {
              http_config: {
                authorization: {
                  type: 'Bearer' as const,
                  credentials_file: await secret(r.name, c.http_config.authorization.credentials_file, 'e2e-token'),
                },
              },
            }),
          })),
        )),
        ...(r.email_configs ?? []).map(() => ({ url, send_resolved: true as const })),
      ],
    };
  };
  const fast = (route: AlertmanagerRoute): AlertmanagerRoute => ({
    ...route,
    ...(route.group_wait && { group_wait: '0s' }),
    routes: route.routes?.map(fast),
  });
  return {
    ...config,
    global: {
      ...config.global,
      smtp_auth_password_file: await secret('global', config.global.smtp_auth_password_file, 'unused'),
    },
    receivers: await Promise.all(config.receivers.map(receiver)),
    route: fast(config.route),
  };
}

/**
 * For speed, a copy of a generated alert whose condition is the exporter's series and whose
 * `for` is 0: name, labels and annotations stay as generated, so routing sees the real alert.
 * (That it fires at its threshold is proven by the generated promtool tests.)
 */
function e2eRuleFile(rule: AlertRule): string {
  return stringify({
    groups: [{ name: 'plotwatch.e2e', interval: '1s', rules: [{ ...rule, expr: `${CONDITION} > 0`, for: '0s' }] }],
  });
}

const carries = (r: Received, alert: string) =>
  JSON.stringify(r.body).includes(alert) && JSON.stringify(r.body).includes(E2E_TENANT);

describe('end to end: real Prometheus and Alertmanager on 127.0.0.1', () => {
  it(`delivers one ${E2E_TENANT} alert to exactly that tenant's receivers`, async () => {
    const tenant = repoTenants().find((t) => t.id === E2E_TENANT)!;
    expect(tenant.maintenanceWindows).toEqual([]);
    const tree = asTree(compileOrThrow());
    const config = parse(tree.get('alertmanager/alertmanager.yaml')!) as AlertmanagerConfig;
    const ruleFiles = new Map(
      [...tree]
        .filter(([path]) => path.startsWith('prometheus/rules/'))
        .map(([path, content]) => [basename(path), content]),
    );
    // The first alert rule of the rule files, in order; files after the one that has it go unparsed.
    let rule: AlertRule | undefined;
    for (const f of ruleFiles.values()) {
      rule = (parse(f) as { groups: Array<{ rules: AlertRule[] }> }).groups
        .flatMap((g) => g.rules)
        .find((r) => r.alert);
      if (rule) break;
    }
    if (!rule) throw new Error('no alert rule in prometheus/rules/');
    const expected = tenant.notifications
      .filter((c) => channelTakes(c, rule.labels.persona as PersonaId, rule.labels.severity as SeverityId))
      .map((c) => `tenant/${E2E_TENANT}/${c.name}`);
    expect(expected.length).toBeGreaterThan(0);

    const dir = await mkdtemp(join(tmpdir(), 'plotwatch-e2e-'));
    const running: Array<{ stop(): Promise<void> }> = [];
    try {
      const listener = await startWebhookListener();
      running.push(listener);
      const exporter = await startExporter(`${CONDITION}{tenant="${E2E_TENANT}"} 1\n`);
      running.push(exporter);
      const am = await startAlertmanager({
        dir,
        configYaml: alertmanagerYaml(await pointedAtListener(config, listener, join(dir, 'secrets'))),
      });
      running.push(am);
      // Most of the ~8 s is Prometheus 2.42's discovery manager, which hands new scrape targets
      // and Alertmanagers over at most every 5 s; a 1 s scrape and evaluation interval does the rest.
      running.push(
        await startPrometheus({
          dir,
          ruleFiles: new Map([...ruleFiles, ['e2e.yaml', e2eRuleFile(rule)]]),
          scrapeTargets: [exporter.hostPort],
          alertmanager: new URL(am.url).host,
          interval: '1s',
        }),
      );

      const at = (receiver: string) => listener.received().filter((r) => r.path === `/${receiver}`);
      await listener.waitUntil(
        () => expected.every((receiver) => at(receiver).some((r) => carries(r, rule.alert))),
        30_000,
      );
      await sleep(STRAY_GRACE_MS);

      const others = config.receivers.map((r) => r.name).filter((name) => !expected.includes(name));
      expect(others.filter((name) => at(name).some((r) => carries(r, rule.alert)))).toEqual([]);
      expect(others.filter((name) => name.startsWith('tenant/') && at(name).length > 0)).toEqual([]);
    } finally {
      for (const server of running.reverse()) await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
