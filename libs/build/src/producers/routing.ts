import { smtpRelay } from '@plotwatch/platform';
import {
  alertmanagerConfig,
  alertmanagerYaml,
  grafanaAlerting,
  grafanaAlertingSchemaErrors,
  platformRoutingInput,
  routingPlan,
} from '@plotwatch/routing';
import type { Artifact } from '../artifacts.ts';
import type { ProducerInput, Produced } from './producer.ts';

/**
 * Alert routing for every tenant and the platform's teams: the Alertmanager config, and the
 * same routing as Grafana contact points, notification policy tree and mute timings (the bodies
 * of Grafana's provisioning API), schema-checked.
 */
export function routingArtifacts({ tenants }: ProducerInput): Produced {
  const plan = routingPlan(platformRoutingInput(tenants));
  const grafana = grafanaAlerting(plan);
  const errors = grafanaAlertingSchemaErrors(grafana).map((e) => `libs/routing/src/grafana.ts: ${e}`);
  const grafanaFile = (name: string, value: unknown): Artifact => ({
    path: `grafana/alerting/${name}`,
    kind: 'grafana-alerting',
    source: 'libs/routing/src/grafana.ts',
    content: json(value),
  });
  const artifacts: Artifact[] = [
    {
      path: 'alertmanager/alertmanager.yaml',
      kind: 'alertmanager-config',
      source: 'libs/routing/src/alertmanager.ts',
      content: alertmanagerYaml(alertmanagerConfig(plan, smtpRelay)),
    },
    grafanaFile('contact-points.json', grafana.contactPoints),
    grafanaFile('notification-policy.json', grafana.policy),
    grafanaFile('mute-timings.json', grafana.muteTimings),
  ];
  return { artifacts, errors };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
