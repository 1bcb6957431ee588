import { smtpRelay } from '@plotwatch/platform';
import {
  alertmanagerConfig,
  alertmanagerYaml,
  grafanaAlerting,
  grafanaAlertingSchemaErrors,
  grafanaRoutingTrees,
  platformRoutingInput,
  routingPlan,
  routingTreeSchemaErrors,
  type RoutingTree,
  type RoutingTreeResource,
} from '@plotwatch/routing';
import type { Artifact } from '../artifacts.ts';
import { keptBy, keptJson, keptPer } from '../kept.ts';
import type { ProducerInput, Produced } from './producer.ts';

/**
 * Alert routing for every tenant and the platform's teams: the Alertmanager config, and the
 * same routing as Grafana contact points, notification policy tree and mute timings (the bodies
 * of Grafana's provisioning API), and as one named routing tree per tenant and one for the
 * platform (resources of Grafana's notifications API, `routing-trees/<name>.json`; the single
 * tree stays for Grafana without that API), all schema-checked. A tree holds only its scope's
 * routes, so a change to one tenant changes that tenant's tree file and no other.
 */
export function routingArtifacts({ tenants }: ProducerInput): Produced {
  const plan = routingPlan(platformRoutingInput(tenants));
  const grafana = grafanaAlerting(plan);
  const trees = grafanaRoutingTrees(plan);
  const treeFiles = trees.map(({ owner, resource }) => ({ owner, resource, content: jsonOf(resource) }));
  const grafanaFile = (name: string, value: object): Artifact => ({
    path: `grafana/alerting/${name}`,
    kind: 'grafana-alerting',
    source: 'libs/routing/src/grafana.ts',
    // Each tenant's contact points and policies are kept (grafana.ts): their text is too.
    content: `${keptJson(value)}\n`,
  });
  const errors = [
    ...grafanaAlertingSchemaErrors(grafana).map((e) => `libs/routing/src/grafana.ts: ${e}`),
    ...treeFiles.flatMap(treeErrors).map((e) => `libs/routing/src/routing-trees.ts: ${e}`),
  ];
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
    ...trees.map(treeFile),
  ];
  return { artifacts, errors };
}

/**
 * A routing tree's schema errors, by its file's text: a long-lived build process (`plotwatch dev`)
 * checks again only the trees an edit changed (one per tenant). A few builds' worth of trees.
 */
function treeErrors({ resource, content }: { resource: RoutingTreeResource; content: string }): readonly string[] {
  return checkedTrees(content, () => routingTreeSchemaErrors(resource));
}

const checkedTrees = keptBy<string, readonly string[]>(20_000);

/** A tree's text, kept by its resource (routing-trees.ts keeps each tenant's): written once per tenant edit. */
const jsonOf = keptPer((resource: RoutingTreeResource) => json(resource));

/** A tree's file, kept by the tree (routing-trees.ts keeps each scope's): the same artifact while the tree is the same (its entry is kept by it). */
const treeFile = keptPer(({ owner, resource }: RoutingTree): Artifact => ({
  path: `grafana/alerting/routing-trees/${resource.metadata.name}.json`,
  kind: 'grafana-alerting',
  ...(owner.kind === 'tenant' ? { tenant: owner.tenant } : {}),
  source: 'libs/routing/src/routing-trees.ts',
  content: jsonOf(resource),
}));

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
