import { smtpRelay } from '@plotwatch/platform';
import { demoTenants, startAlertmanager, sleep, type RunningServer } from '@plotwatch/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, alertmanagerYaml } from './alertmanager.ts';
import { SERVICE_DOWN_ALERT } from './inhibitions.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';

type Labels = Record<string, string>;
interface AlertStatus {
  labels: Labels;
  status: { state: string; inhibitedBy: string[] };
}

const [a, b] = demoTenants()
  .map((t) => t.id)
  .sort();
const down = (service: string, tenant?: string): Labels => ({
  alertname: SERVICE_DOWN_ALERT,
  service,
  severity: 'page',
  persona: 'ops',
  ...(tenant ? { tenant } : {}),
});
const symptom = (alertname: string, service: string, tenant: string, severity = 'page'): Labels => ({
  alertname,
  service,
  tenant,
  severity,
  persona: 'ops',
});

// Each case: the alerts that fire together, and which of them Alertmanager must hold back.
const cases: Array<{ name: string; firing: Labels[]; inhibited: [Labels, ...Labels[]] }> = [
  {
    name: "a shared inference-worker down inhibits every tenant's story-api alerts, not the model-gateway's own ServiceDown",
    firing: [
      down('inference-worker'),
      symptom('StoryApiHighErrorRatio', 'story-api', a!),
      symptom('StoryApiHighErrorRatio', 'story-api', b!),
      down('model-gateway'),
    ],
    inhibited: [symptom('StoryApiHighErrorRatio', 'story-api', a!), symptom('StoryApiHighErrorRatio', 'story-api', b!)],
  },
  {
    name: "a tenant's dedicated inference-worker down inhibits only that tenant's model-gateway alerts",
    firing: [
      down('inference-worker', a),
      symptom('ModelGatewaySlow', 'model-gateway', a!),
      symptom('ModelGatewaySlow', 'model-gateway', b!),
    ],
    inhibited: [symptom('ModelGatewaySlow', 'model-gateway', a!)],
  },
  {
    name: 'a down service leaves services that do not depend on it alone',
    firing: [
      down('inference-worker'),
      symptom('SessionsFailing', 'session-service', a!),
      symptom('StoryApiHighErrorRatio', 'story-api', a!),
    ],
    inhibited: [symptom('StoryApiHighErrorRatio', 'story-api', a!)],
  },
  {
    name: 'a page inhibits the ticket of the same alert and tenant only',
    firing: [
      symptom('StoryApiHighErrorRatio', 'story-api', a!),
      symptom('StoryApiHighErrorRatio', 'story-api', a!, 'ticket'),
      symptom('StoryApiHighErrorRatio', 'story-api', b!, 'ticket'),
    ],
    inhibited: [symptom('StoryApiHighErrorRatio', 'story-api', a!, 'ticket')],
  },
];

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

async function post(am: RunningServer, alerts: Labels[]): Promise<void> {
  const response = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((labels) => ({ labels }))),
  });
  expect(response.ok, await response.text()).toBe(true);
}

/**
 * The alerts Alertmanager holds back, polled until they are `expected` (it ingests and indexes
 * sources asynchronously) or 3 s passed. Every case inhibits something, so a match also proves
 * the sources were seen: what is not held back then is not held back for good.
 */
async function inhibitedBy(am: RunningServer, expected: readonly string[]): Promise<string[]> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as AlertStatus[];
    const held = alerts
      .filter((x) => x.status.inhibitedBy.length > 0)
      .map((x) => key(x.labels))
      .sort();
    if (JSON.stringify(held) === JSON.stringify(expected) || Date.now() > deadline) return held;
    await sleep(50);
  }
}

describe('inhibit rules in a real Alertmanager', () => {
  it.each(cases)('$name', async ({ firing, inhibited }) => {
    const dir = await mkdtemp(join(tmpdir(), 'plotwatch-inhibit-'));
    let am: RunningServer | undefined;
    try {
      am = await startAlertmanager({
        dir,
        configYaml: alertmanagerYaml(alertmanagerConfig(routingPlan(platformRoutingInput(demoTenants())), smtpRelay)),
      });
      await post(am, firing);
      const expected = inhibited.map(key).sort();
      expect(await inhibitedBy(am, expected)).toEqual(expected);
    } finally {
      await am?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
