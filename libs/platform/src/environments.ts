export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentId = (typeof ENVIRONMENTS)[number];

/**
 * Grafana's dashboard schemas: v1 is the classic JSON model (`panels[]`, `gridPos`), v2 the
 * resource model of Grafana 13 (`elements` + `layout`, served as `dashboard.grafana.app/v2`).
 */
export const DASHBOARD_SCHEMAS = ['v1', 'v2'] as const;
export type DashboardSchema = (typeof DASHBOARD_SCHEMAS)[number];

/** The Grafana an environment's dashboards are for. */
export interface GrafanaTarget {
  /** Grafana's version, `major.minor` (e.g. `13.0`). */
  readonly version: string;
  /** Which dashboard schema it reads: `schemaForVersion(version)` unless set otherwise. */
  readonly schema: DashboardSchema;
}

/**
 * The schema a Grafana version reads natively: v2 from Grafana 13 (schema v2 on by default, the
 * stable `dashboard.grafana.app/v2` API), v1 below (12.x serves v2 only as a preview, v2beta1).
 */
export function schemaForVersion(version: string): DashboardSchema {
  const major = Number(/^(\d+)\./.exec(`${version}.`)?.[1]);
  if (!Number.isInteger(major)) throw new Error(`Grafana version "${version}" is not major.minor`);
  return major >= 13 ? 'v2' : 'v1';
}

function grafanaTarget(version: string): GrafanaTarget {
  return { version, schema: schemaForVersion(version) };
}

/** The Prometheus releases rules and queries can be checked for: `3.x` is the Prometheus 3 line. */
export const PROMETHEUS_VERSIONS = ['2.42', '2.53', '3.x'] as const;
export type PrometheusVersion = (typeof PROMETHEUS_VERSIONS)[number];

/** The Prometheus an environment runs: what its rule files and expressions must load in. */
export interface PrometheusTarget {
  readonly version: PrometheusVersion;
  /** Its `--enable-feature` values. */
  readonly features: readonly string[];
}

/** promtool 2.42 is what the rules are checked with and what the tests run. */
export const DEFAULT_PROMETHEUS: PrometheusTarget = { version: '2.42', features: [] };

export interface Environment {
  readonly id: EnvironmentId;
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  readonly retention: string;
  readonly datasources: {
    readonly prometheus: string;
    readonly loki: string;
    readonly tempo: string;
    /** Prefix of the per-tenant Mimir datasources (`<prefix>-<tenant>`), for tenants in mimir mode. */
    readonly mimirPrefix: string;
  };
  /** Base URL of Grafana, for dashboard links in alerts. */
  readonly grafanaUrl: string;
  /** The Grafana it runs, and so the dashboard schema the build writes for it. */
  readonly grafana: GrafanaTarget;
  /** The Prometheus (and Mimir ruler) it runs: the build checks expressions and rule file fields for it. */
  readonly prometheus: PrometheusTarget;
  /** Base of the runbook pages every alert links to: `<runbookUrl>/<kebab-alert-name>.md`, a file in docs/runbooks. */
  readonly runbookUrl: string;
  /** How kube-prometheus-stack runs in this environment. */
  readonly monitoring: Monitoring;
}

export interface Monitoring {
  readonly namespace: string;
  /** The Helm release name: its `release` label is what the chart's rule and monitor selectors match. */
  readonly release: string;
  /** Where Prometheus scrapes from, for the NGINX allow-list of services outside Kubernetes. */
  readonly prometheusSourceRanges: readonly string[];
  /** Ship samples to Mimir. */
  readonly remoteWriteUrl?: string;
  /** Pull aggregated series from other Prometheus servers (`/federate`). */
  readonly federation?: { readonly targets: readonly string[]; readonly match: readonly string[] };
  readonly prometheusRequests: { readonly cpu: string; readonly memory: string };
}

/** Where the runbooks are published: the repository's docs/runbooks, rendered by the Git host. */
const RUNBOOKS = 'https://github.com/plotwatch/plotwatch/blob/main/docs/runbooks';

function monitoring(over: Partial<Monitoring> & Pick<Monitoring, 'prometheusRequests'>): Monitoring {
  return {
    namespace: 'monitoring',
    release: 'kube-prometheus-stack',
    prometheusSourceRanges: ['10.40.0.0/16'],
    ...over,
  };
}

function datasources(env: EnvironmentId): Environment['datasources'] {
  return { prometheus: `prom-${env}`, loki: `loki-${env}`, tempo: `tempo-${env}`, mimirPrefix: `mimir-${env}` };
}

export const environments: Readonly<Record<EnvironmentId, Environment>> = {
  dev: {
    id: 'dev',
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    retention: '3d',
    datasources: datasources('dev'),
    grafanaUrl: 'https://grafana.dev.plotwatch.example',
    grafana: grafanaTarget('13.0'),
    prometheus: DEFAULT_PROMETHEUS,
    runbookUrl: RUNBOOKS,
    monitoring: monitoring({ prometheusRequests: { cpu: '250m', memory: '1Gi' } }),
  },
  staging: {
    id: 'staging',
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    retention: '7d',
    datasources: datasources('staging'),
    grafanaUrl: 'https://grafana.staging.plotwatch.example',
    grafana: grafanaTarget('13.0'),
    prometheus: DEFAULT_PROMETHEUS,
    runbookUrl: RUNBOOKS,
    monitoring: monitoring({
      prometheusRequests: { cpu: '500m', memory: '4Gi' },
      remoteWriteUrl: 'http://mimir-distributor.mimir.svc:8080/api/v1/push',
    }),
  },
  prod: {
    id: 'prod',
    scrapeInterval: '15s',
    evaluationInterval: '30s',
    retention: '30d',
    datasources: datasources('prod'),
    grafanaUrl: 'https://grafana.plotwatch.example',
    grafana: grafanaTarget('12.4'),
    prometheus: DEFAULT_PROMETHEUS,
    runbookUrl: RUNBOOKS,
    monitoring: monitoring({
      prometheusRequests: { cpu: '2', memory: '16Gi' },
      prometheusSourceRanges: ['10.40.0.0/16', '10.41.0.0/16'],
      remoteWriteUrl: 'http://mimir-distributor.mimir.svc:8080/api/v1/push',
      // The GPU cluster's own Prometheus keeps raw DCGM series; prod pulls its aggregates.
      federation: { targets: ['prometheus.gpu-cluster.internal:9090'], match: ['{__name__=~"DCGM_.*"}'] },
    }),
  },
};
