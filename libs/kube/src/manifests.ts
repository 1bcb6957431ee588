import type { Environment, Service } from '@plotwatch/platform';
import { commonLabels, FORBIDDEN_LABELS } from '@plotwatch/platform';
// One module per kind: a group's index module (`kubernetes-models/v1`) imports every kind of the
// group, about 500 modules, which every start of the CLI paid for.
import { Probe } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';

/** The kube-prometheus-stack Grafana sidecar loads ConfigMaps with this label... */
export const DASHBOARD_LABEL = 'grafana_dashboard';
/** ...into the folder this annotation names (nested with `/`). */
export const FOLDER_ANNOTATION = 'grafana_folder';
/**
 * etcd refuses objects over 1 MiB; we apply server-side, so the 256 KiB last-applied annotation of
 * client-side apply does not apply.
 */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;
/** The Secret every ServiceMonitor reads its scrape bearer token from. */
export const SCRAPE_TOKEN_SECRET = { name: 'metrics-scrape-token', key: 'token' } as const;

export interface DashboardConfigMapInput {
  readonly uid: string;
  readonly json: string;
  /** `Aurora Books/Operations` or `Platform/Operations`. */
  readonly folder: string;
  readonly env: Environment;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The ConfigMap a dashboard is loaded from. */
export function dashboardConfigMapName(uid: string): string {
  return `dashboard-${uid}`;
}

/** One dashboard as a sidecar-loaded ConfigMap; throws, naming the dashboard, when it would not fit. */
export function dashboardConfigMap({ uid, json, folder, env, labels = {} }: DashboardConfigMapInput): ConfigMap {
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_CONFIGMAP_BYTES) {
    throw new Error(
      `dashboard ${uid} is ${bytes} bytes as JSON; a ConfigMap holds at most ${MAX_CONFIGMAP_BYTES}: split the dashboard or publish it through the Grafana API`,
    );
  }
  const configMap = new ConfigMap({
    metadata: {
      name: dashboardConfigMapName(uid),
      namespace: env.monitoring.namespace,
      labels: { ...commonLabels(env), ...labels, [DASHBOARD_LABEL]: '1' },
      annotations: { [FOLDER_ANNOTATION]: folder },
    },
    data: { [`${uid}.json`]: json },
  });
  configMap.validate();
  return configMap;
}

function serviceLabels(service: Service): Record<string, string> {
  return { 'app.kubernetes.io/name': service.name };
}

/** Scrapes a service's metrics port with a bearer token from a Secret, dropping labels the catalog forbids. */
export function serviceMonitor(service: Service, env: Environment): ServiceMonitor {
  const monitor = new ServiceMonitor({
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: { ...commonLabels(env), ...serviceLabels(service) },
    },
    spec: {
      selector: { matchLabels: serviceLabels(service) },
      endpoints: [
        {
          port: 'metrics',
          path: service.metricsPath,
          interval: env.scrapeInterval,
          authorization: {
            type: 'Bearer',
            credentials: { name: SCRAPE_TOKEN_SECRET.name, key: SCRAPE_TOKEN_SECRET.key },
          },
          metricRelabelings: [{ action: 'labeldrop', regex: FORBIDDEN_LABELS.join('|') }],
        },
      ],
    },
  });
  monitor.validate();
  return monitor;
}

/** Admits the service's metrics port only from the Prometheus pods; its API port stays open as before. */
export function metricsNetworkPolicy(service: Service, env: Environment): NetworkPolicy {
  const policy = new NetworkPolicy({
    metadata: { name: `${service.name}-metrics`, namespace: service.namespace, labels: commonLabels(env) },
    spec: {
      podSelector: { matchLabels: serviceLabels(service) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': env.monitoring.namespace } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: service.metricsPort }],
        },
        // Selecting the pods makes the policy deny-by-default: keep the API reachable.
        { ports: [{ protocol: 'TCP', port: service.port }] },
      ],
    },
  });
  policy.validate();
  return policy;
}

/** A blackbox probe of a public service's health URL, from outside the cluster's network path. */
export function healthProbe(service: Service & { healthUrl: string }, env: Environment): Probe {
  const probe = new Probe({
    metadata: {
      name: `${service.name}-health`,
      namespace: env.monitoring.namespace,
      labels: { ...commonLabels(env), ...serviceLabels(service) },
    },
    spec: {
      jobName: `probe-${service.name}`,
      interval: env.scrapeInterval,
      module: 'http_2xx',
      prober: { url: `blackbox-exporter.${env.monitoring.namespace}.svc:9115` },
      targets: { staticConfig: { static: [service.healthUrl], labels: { service: service.name } } },
    },
  });
  probe.validate();
  return probe;
}

/**
 * The generated Alertmanager config as the Secret the chart mounts (`alertmanagerSpec.configSecret`).
 * It holds no secret values itself (receivers read theirs from files); it is a Secret because that
 * is what the operator reads.
 */
export function alertmanagerConfigSecret(name: string, configYaml: string, env: Environment): Secret {
  const secret = new Secret({
    metadata: { name, namespace: env.monitoring.namespace, labels: commonLabels(env) },
    type: 'Opaque',
    stringData: { 'alertmanager.yaml': configYaml },
  });
  secret.validate();
  return secret;
}
