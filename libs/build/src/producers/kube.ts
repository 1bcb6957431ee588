import {
  ALERTMANAGER_CONFIG_SECRET,
  alertmanagerConfigSecret,
  dashboardConfigMap,
  healthProbe,
  kubePrometheusStackValues,
  metricsNetworkPolicy,
  nginxMetricsLocation,
  serviceMonitor,
} from '@plotwatch/kube';
import {
  ENVIRONMENTS,
  environment,
  platform,
  type Environment,
  type PersonaId,
  type Tenant,
} from '@plotwatch/platform';
import { stringify } from 'yaml';
import { FOLDER_ANNOTATION } from '@plotwatch/grafana';
import { DASHBOARD_KINDS, dashboardUidOf, type Artifact } from '../artifacts.ts';
import type { ProducerInput, Produced } from './producer.ts';

const yaml = (manifest: { toJSON(): unknown }) => stringify(manifest.toJSON(), { lineWidth: 0 });
// Dashboards ConfigMaps are JSON (kubectl reads both): a dashboard is already JSON, and
// YAML-quoting thousands of them dominated the build.
const json = (manifest: { toJSON(): unknown }) => `${JSON.stringify(manifest.toJSON(), null, 2)}\n`;
const SOURCE = 'libs/kube/src/manifests.ts';

/**
 * Kubernetes manifests of the build's environment (ServiceMonitors, NetworkPolicies, blackbox
 * Probes), NGINX guards for services outside Kubernetes, and kube-prometheus-stack values for
 * every environment. A dashboard's ConfigMap is made with the dashboard (`dashboardUnit`).
 */
export function kubeArtifacts({ env, earlier }: ProducerInput): Produced {
  const dir = `kubernetes/${env.id}`;
  const artifacts: Artifact[] = [];
  for (const service of platform.services) {
    const push = (kind: string, manifest: { toJSON(): unknown }) =>
      artifacts.push({
        path: `${dir}/${kind}/${service.name}.yaml`,
        kind: 'kubernetes-manifest',
        source: SOURCE,
        content: yaml(manifest),
      });
    push('servicemonitors', serviceMonitor(service, env));
    push('networkpolicies', metricsNetworkPolicy(service, env));
    if (service.healthUrl) push('probes', healthProbe({ ...service, healthUrl: service.healthUrl }, env));
    if (service.behindNginx) {
      artifacts.push({
        path: `nginx/${env.id}/${service.name}-metrics.conf`,
        kind: 'nginx-config',
        source: 'libs/kube/src/nginx.ts',
        content: nginxMetricsLocation(service, env),
      });
    }
  }
  const alertmanager = earlier.find((a) => a.kind === 'alertmanager-config');
  if (alertmanager) {
    artifacts.push({
      path: `${dir}/alertmanager/${ALERTMANAGER_CONFIG_SECRET}.yaml`,
      kind: 'kubernetes-manifest',
      source: alertmanager.source,
      content: secretYaml(alertmanager.content, env),
    });
  }
  for (const id of ENVIRONMENTS) {
    artifacts.push({
      path: `helm/kube-prometheus-stack/values-${id}.yaml`,
      kind: 'helm-values',
      source: 'libs/kube/src/helm-values.ts',
      content: stringify(kubePrometheusStackValues(environment(id)), { lineWidth: 0 }),
    });
  }
  return { artifacts, errors: [] };
}

/** Stands for the config in the Secret the library writes: a line it writes as a block literal, as it does the config. */
const CONFIG_PLACEHOLDER = 'plotwatch:alertmanager-config\n';

/** The Alertmanager config's Secret as YAML: see `splicedSecret`. */
function secretYaml(config: string, env: Environment): string {
  return splicedSecret(config, env) ?? librarySecret(config, env);
}

const librarySecret = (config: string, env: Environment) =>
  yaml(alertmanagerConfigSecret(ALERTMANAGER_CONFIG_SECRET, config, env));

/**
 * The library's text for the Secret, with the config's lines put in as it writes them in a block
 * literal (each indented, an empty line left empty): writing the 2.6 MB config itself, the library
 * read it character by character (~40 ms at 1,000 tenants, on every webhook edit). None for a
 * config it might write otherwise (not ending in one newline, starting with a space, holding a
 * control character but tabs): kube.test.ts compares the two.
 */
export function splicedSecret(config: string, env: Environment): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (!/^\S[^]*[^\n]\n$/.test(config) || /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(config))
    return undefined;
  const text = librarySecret(CONFIG_PLACEHOLDER, env);
  const line = /^( +)plotwatch:alertmanager-config\n/m.exec(text);
  if (!line) return undefined;
  const lines = config
    .slice(0, -1)
    .split('\n')
    .map((l) => (l ? `${line[1]}${l}\n` : '\n'))
    .join('');
  return `${text.slice(0, line.index)}${lines}${text.slice(line.index + line[0].length)}`;
}

/**
 * Each dashboard among `artifacts` as a ConfigMap the Grafana sidecar loads into its folder, in
 * the schema the environment's Grafana reads: the classic JSON, or for v2 the dashboard resource
 * (Grafana 13's file provisioning reads v2 only as a resource). The provisioning provider decides
 * the folder (from the sidecar's `grafana_folder` annotation): a v2 resource naming a folder uid the
 * provider did not create is refused (`folderUID does not match provisioning provider folderUID`),
 * so its `grafana.app/folder` annotation is empty here.
 */
export function dashboardConfigMaps(
  artifacts: readonly Artifact[],
  tenants: readonly Tenant[],
  env: Environment,
): Produced {
  const errors: string[] = [];
  const out: Artifact[] = [];
  const displayName = new Map(tenants.map((t) => [t.id, t.displayName]));
  const kind = DASHBOARD_KINDS[env.grafana.schema];
  for (const dashboard of artifacts.filter((a) => a.kind === kind)) {
    const uid = dashboardUidOf(dashboard);
    const persona = platform.personas[dashboard.persona as PersonaId];
    const folder = `${dashboard.tenant ? displayName.get(dashboard.tenant) : 'Platform'}/${persona.title}`;
    try {
      const configMap = dashboardConfigMap({
        uid,
        json: kind === DASHBOARD_KINDS.v2 ? withoutFolder(dashboard) : dashboard.content,
        folder,
        env,
        labels: {
          'plotwatch/persona': persona.id,
          ...(dashboard.tenant ? { 'plotwatch/tenant': dashboard.tenant } : {}),
        },
      });
      out.push({
        path: `kubernetes/${env.id}/dashboards/${uid}.json`,
        kind: 'kubernetes-manifest',
        persona: persona.id,
        source: dashboard.source,
        content: json(configMap),
        ...(dashboard.tenant ? { tenant: dashboard.tenant } : {}),
      });
    } catch (e) {
      errors.push(`${dashboard.source} (${dashboard.path}): ${(e as Error).message}`);
    }
  }
  return { artifacts: out, errors };
}

/**
 * A v2 dashboard resource's JSON with an empty folder annotation: the provisioning provider places
 * it. Edited in its text (re-serializing thousands of dashboards cost seconds): the annotation is
 * the first one in the file, metadata coming before spec; kube.test.ts parses the result back.
 */
export function withoutFolder(dashboard: Pick<Artifact, 'content' | 'path'>): string {
  const folder = `"${FOLDER_ANNOTATION}": "`;
  const start = dashboard.content.indexOf(folder);
  const end = dashboard.content.indexOf('"', start + folder.length);
  const spec = dashboard.content.indexOf('"spec"');
  if (start < 0 || end < 0 || (spec >= 0 && start > spec))
    throw new Error(`${dashboard.path}: no ${FOLDER_ANNOTATION} annotation in its metadata`);
  return `${dashboard.content.slice(0, start + folder.length)}${dashboard.content.slice(end)}`;
}
