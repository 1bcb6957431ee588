import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

/** One pod behind the monitored Service: what Kubernetes service discovery would find. */
export interface ScrapePod {
  /** `host:port` of the pod's metrics port. */
  readonly address: string;
  readonly pod: string;
  readonly container: string;
}

/** A Prometheus `scrape_config`, the fields the operator sets for a ServiceMonitor endpoint. */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly honor_labels: boolean;
  readonly scrape_interval?: string;
  readonly scrape_timeout?: string;
  readonly metrics_path: string;
  readonly scheme: string;
  readonly authorization?: { readonly type: string; readonly credentials_file: string };
  readonly static_configs: ReadonlyArray<{
    readonly targets: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
  }>;
  readonly metric_relabel_configs?: ReadonlyArray<Record<string, unknown>>;
}

type Endpoint = NonNullable<ServiceMonitor['spec']['endpoints']>[number];
type Relabeling = NonNullable<Endpoint['metricRelabelings']>[number];

/** The endpoint fields this translation carries over; any other set field is an error, not silently dropped. */
const SUPPORTED = new Set([
  'port',
  'path',
  'interval',
  'scrapeTimeout',
  'scheme',
  'honorLabels',
  'authorization',
  'metricRelabelings',
]);

function relabelConfig(r: Relabeling): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      source_labels: r.sourceLabels,
      separator: r.separator,
      target_label: r.targetLabel,
      regex: r.regex,
      modulus: r.modulus,
      replacement: r.replacement,
      action: r.action?.toLowerCase(),
    }).filter(([, v]) => v !== undefined),
  );
}

/**
 * The scrape jobs the Prometheus operator writes for a ServiceMonitor, with Kubernetes service
 * discovery replaced by the pods given: one job per endpoint (`serviceMonitor/<ns>/<name>/<i>`),
 * the endpoint's interval, path, scheme, bearer token (from `secretFile(secret, key)`, a mounted
 * file) and metric relabelings, and the target labels the operator's relabelings attach (`job`
 * is the Service's name). A real Prometheus can then scrape exactly what the ServiceMonitor asks for.
 */
export function scrapeConfigsOf(
  monitor: ServiceMonitor,
  pods: readonly ScrapePod[],
  secretFile: (secret: string, key: string) => string,
): ScrapeConfig[] {
  const { namespace = 'default', name = '' } = monitor.metadata ?? {};
  const service = monitor.spec.selector.matchLabels?.['app.kubernetes.io/name'] ?? name;
  return (monitor.spec.endpoints ?? []).map((endpoint, i) => {
    const unsupported = Object.keys(endpoint).filter(
      (k) => !SUPPORTED.has(k) && endpoint[k as keyof Endpoint] !== undefined,
    );
    if (unsupported.length)
      throw new Error(
        `ServiceMonitor ${namespace}/${name} endpoint ${i}: ${unsupported.join(', ')} not translated to a scrape config; add it to libs/kube/src/scrape-config.ts`,
      );
    const credentials = endpoint.authorization?.credentials;
    return {
      job_name: `serviceMonitor/${namespace}/${name}/${i}`,
      honor_labels: endpoint.honorLabels ?? false,
      ...(endpoint.interval ? { scrape_interval: endpoint.interval } : {}),
      ...(endpoint.scrapeTimeout ? { scrape_timeout: endpoint.scrapeTimeout } : {}),
      metrics_path: endpoint.path ?? '/metrics',
      scheme: endpoint.scheme ?? 'http',
      ...(credentials
        ? {
            authorization: {
              type: endpoint.authorization?.type ?? 'Bearer',
              credentials_file: secretFile(credentials.name ?? '', credentials.key),
            },
          }
        : {}),
      static_configs: pods.map((p) => ({
        targets: [p.address],
        labels: {
          namespace,
          service,
          pod: p.pod,
          container: p.container,
          endpoint: endpoint.port ?? String(i),
          job: service,
        },
      })),
      ...(endpoint.metricRelabelings?.length
        ? { metric_relabel_configs: endpoint.metricRelabelings.map(relabelConfig) }
        : {}),
    };
  });
}
