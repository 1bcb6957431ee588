import { didYouMean } from './nearest.ts';
/**
 * The metric catalog: every series the platform exposes, with its type, unit and labels.
 * Labels carry either their allowed values or a cardinality bound, so that queries can be
 * checked against them and a tenant's series count can be estimated.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';
export type Unit =
  | 'seconds'
  | 'requests'
  | 'messages'
  | 'tokens'
  | 'usd'
  | 'ratio'
  | 'score'
  | 'items'
  | 'sessions'
  | 'stories'
  | 'bytes'
  | 'percent'
  | 'none';

export interface LabelSpec {
  readonly name: string;
  /** The closed set of values, when there is one. */
  readonly values?: readonly string[];
  /** Otherwise an upper bound on distinct values per tenant and service. */
  readonly maxValues?: number;
}

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly unit: Unit;
  readonly help: string;
  /** Labels besides `tenant` and `service`. */
  readonly labels: readonly LabelSpec[];
  readonly buckets?: readonly number[];
  /** False for series the platform's own infrastructure exports without a tenant (kube, node, DCGM). */
  readonly tenantScoped: boolean;
}

/** Labels every tenant-scoped platform metric carries. */
export const TENANT_LABEL = 'tenant';
export const SERVICE_LABEL = 'service';

/**
 * Labels no series may carry: per-user or per-request identifiers explode cardinality and leak
 * personal data. Scrapes drop them (ServiceMonitor metricRelabelings).
 */
export const FORBIDDEN_LABELS = ['user_id', 'session_id', 'story_id', 'request_id', 'email'] as const;

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
const GENERATION_BUCKETS = [0.5, 1, 2, 4, 8, 15, 30, 60] as const;
const FAST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

const MODELS: LabelSpec = { name: 'model', maxValues: 12 };
const STORY_TYPE: LabelSpec = {
  name: 'story_type',
  values: ['adventure', 'mystery', 'romance', 'horror', 'educational'],
};
const CHANNEL: LabelSpec = { name: 'channel', values: ['web', 'ios', 'android', 'api'] };

function metric(spec: Omit<MetricSpec, 'tenantScoped'> & { tenantScoped?: boolean }): MetricSpec {
  return { tenantScoped: true, ...spec };
}

export const catalog: readonly MetricSpec[] = [
  metric({
    name: 'http_requests_total',
    type: 'counter',
    unit: 'requests',
    help: 'HTTP requests served.',
    labels: [
      { name: 'route', maxValues: 10 },
      { name: 'method', values: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      { name: 'code', maxValues: 10 },
    ],
  }),
  metric({
    name: 'http_request_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'HTTP request latency.',
    labels: [
      { name: 'route', maxValues: 10 },
      { name: 'method', values: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    ],
    buckets: LATENCY_BUCKETS,
  }),
  metric({
    name: 'http_requests_in_flight',
    type: 'gauge',
    unit: 'requests',
    help: 'HTTP requests being served right now.',
    labels: [],
  }),
  metric({
    name: 'narrative_generation_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Time to generate one story turn.',
    labels: [MODELS, STORY_TYPE],
    buckets: GENERATION_BUCKETS,
  }),
  metric({
    name: 'narrative_generation_requests_total',
    type: 'counter',
    unit: 'requests',
    help: 'Story turn generation requests by outcome.',
    labels: [MODELS, { name: 'outcome', values: ['success', 'error', 'timeout', 'moderated'] }],
  }),
  metric({
    name: 'user_interaction_response_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Time from a user action to the visible response.',
    labels: [CHANNEL, { name: 'interaction', values: ['choice', 'free_text', 'undo', 'restart', 'share'] }],
    buckets: FAST_BUCKETS,
  }),
  metric({
    name: 'model_inference_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'One model inference call.',
    labels: [MODELS, { name: 'provider', values: ['self-hosted', 'openai', 'anthropic', 'vertex'] }],
    buckets: GENERATION_BUCKETS,
  }),
  metric({
    name: 'model_tokens_total',
    type: 'counter',
    unit: 'tokens',
    help: 'Tokens processed by models.',
    labels: [MODELS, { name: 'direction', values: ['input', 'output'] }],
  }),
  metric({
    name: 'model_cost_usd_total',
    type: 'counter',
    unit: 'usd',
    help: 'Model spend in US dollars.',
    labels: [MODELS, { name: 'provider', values: ['self-hosted', 'openai', 'anthropic', 'vertex'] }],
  }),
  metric({
    name: 'ai_agent_response_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Response time of one AI agent step.',
    labels: [{ name: 'agent', values: ['narrator', 'character', 'planner'] }],
    buckets: GENERATION_BUCKETS,
  }),
  metric({
    name: 'content_processing_items_total',
    type: 'counter',
    unit: 'items',
    help: 'Content items processed by stage and outcome.',
    labels: [
      { name: 'stage', values: ['moderation', 'rendering', 'indexing'] },
      { name: 'outcome', values: ['success', 'error', 'rejected'] },
    ],
  }),
  metric({
    name: 'content_processing_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Processing time of one content item.',
    labels: [
      { name: 'stage', values: ['moderation', 'rendering', 'indexing'] },
      { name: 'outcome', values: ['success', 'error', 'rejected'] },
    ],
    buckets: LATENCY_BUCKETS,
  }),
  metric({
    name: 'content_moderation_flags_total',
    type: 'counter',
    unit: 'items',
    help: 'Content flagged by moderation.',
    labels: [{ name: 'category', values: ['violence', 'sexual', 'hate', 'self_harm', 'pii', 'other'] }],
  }),
  metric({
    name: 'content_personalization_accuracy_ratio',
    type: 'gauge',
    unit: 'ratio',
    help: 'Offline-evaluated accuracy of personalization.',
    labels: [MODELS],
  }),
  metric({
    name: 'content_quality_score',
    type: 'gauge',
    unit: 'score',
    help: 'Content quality score (0-1) by evaluator.',
    labels: [{ name: 'evaluator', values: ['coherence', 'engagement', 'safety'] }],
  }),
  metric({
    name: 'model_drift_score',
    type: 'gauge',
    unit: 'score',
    help: 'Population drift of model inputs (0 = none).',
    labels: [MODELS, { name: 'feature_set', maxValues: 8 }],
  }),
  metric({
    name: 'story_sessions_active',
    type: 'gauge',
    unit: 'sessions',
    help: 'Story sessions open right now.',
    labels: [CHANNEL],
  }),
  metric({
    name: 'story_session_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Length of finished story sessions.',
    labels: [CHANNEL],
    buckets: [30, 60, 300, 600, 1200, 1800, 3600, 7200],
  }),
  metric({
    name: 'stories_started_total',
    type: 'counter',
    unit: 'stories',
    help: 'Stories started.',
    labels: [STORY_TYPE],
  }),
  metric({
    name: 'stories_completed_total',
    type: 'counter',
    unit: 'stories',
    help: 'Stories read to their end.',
    labels: [STORY_TYPE],
  }),
  metric({
    name: 'stories_abandoned_total',
    type: 'counter',
    unit: 'stories',
    help: 'Stories left unfinished.',
    labels: [STORY_TYPE],
  }),
  metric({
    name: 'event_bus_consumer_lag_messages',
    type: 'gauge',
    unit: 'messages',
    help: 'Messages not yet consumed.',
    labels: [
      { name: 'topic', maxValues: 16 },
      { name: 'consumer_group', maxValues: 8 },
    ],
  }),
  metric({
    name: 'event_processing_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Handling time of one event.',
    labels: [
      { name: 'topic', maxValues: 16 },
      { name: 'handler', maxValues: 8 },
    ],
    buckets: FAST_BUCKETS,
  }),
  metric({
    name: 'event_dead_letters_total',
    type: 'counter',
    unit: 'messages',
    help: 'Events moved to the dead-letter queue.',
    labels: [{ name: 'topic', maxValues: 16 }],
  }),
  // Scraped by kube-prometheus-stack and the DCGM exporter; no tenant label of their own.
  metric({
    name: 'up',
    type: 'gauge',
    unit: 'none',
    help: 'Scrape target health.',
    labels: [
      { name: 'job', maxValues: 50 },
      { name: 'instance', maxValues: 500 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'container_cpu_usage_seconds_total',
    type: 'counter',
    unit: 'seconds',
    help: 'cAdvisor container CPU time.',
    labels: [
      { name: 'namespace', maxValues: 50 },
      { name: 'pod', maxValues: 2000 },
      { name: 'container', maxValues: 100 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'container_memory_working_set_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'cAdvisor container working set.',
    labels: [
      { name: 'namespace', maxValues: 50 },
      { name: 'pod', maxValues: 2000 },
      { name: 'container', maxValues: 100 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'kube_pod_container_status_restarts_total',
    type: 'counter',
    unit: 'none',
    help: 'kube-state-metrics container restarts.',
    labels: [
      { name: 'namespace', maxValues: 50 },
      { name: 'pod', maxValues: 2000 },
      { name: 'container', maxValues: 100 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'DCGM_FI_DEV_GPU_UTIL',
    type: 'gauge',
    unit: 'percent',
    help: 'GPU utilisation (DCGM exporter).',
    labels: [
      { name: 'gpu', maxValues: 8 },
      { name: 'Hostname', maxValues: 64 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'DCGM_FI_DEV_FB_USED',
    type: 'gauge',
    unit: 'bytes',
    help: 'GPU framebuffer memory used, MiB (DCGM exporter).',
    labels: [
      { name: 'gpu', maxValues: 8 },
      { name: 'Hostname', maxValues: 64 },
    ],
    tenantScoped: false,
  }),
  // Read by the dashboards: blackbox probes of the public services, kube-state-metrics and node-exporter.
  metric({
    name: 'probe_success',
    type: 'gauge',
    unit: 'none',
    help: 'Blackbox probe result: 1 when the probe succeeded.',
    labels: [
      { name: 'job', maxValues: 10 },
      { name: 'instance', maxValues: 50 },
      { name: 'service', maxValues: 16 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'kube_pod_container_resource_limits',
    type: 'gauge',
    unit: 'none',
    help: 'kube-state-metrics container limits: cores for cpu, bytes for memory.',
    labels: [
      { name: 'namespace', maxValues: 50 },
      { name: 'pod', maxValues: 2000 },
      { name: 'container', maxValues: 100 },
      { name: 'resource', values: ['cpu', 'memory', 'nvidia_com_gpu'] },
      { name: 'unit', values: ['core', 'byte', 'integer'] },
    ],
    tenantScoped: false,
  }),
  // Pods dedicated to one tenant carry the pod label plotwatch.io/tenant (allow-listed in
  // kube-state-metrics' --metric-labels-allowlist).
  metric({
    name: 'kube_pod_labels',
    type: 'gauge',
    unit: 'none',
    help: 'kube-state-metrics pod labels (value 1), the allow-listed ones as label_<name>.',
    labels: [
      { name: 'namespace', maxValues: 50 },
      { name: 'pod', maxValues: 2000 },
      { name: 'label_plotwatch_io_tenant', maxValues: 1000 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'node_filesystem_avail_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'node-exporter filesystem space available to non-root users.',
    labels: [
      { name: 'instance', maxValues: 200 },
      { name: 'device', maxValues: 20 },
      { name: 'mountpoint', maxValues: 20 },
      { name: 'fstype', maxValues: 10 },
    ],
    tenantScoped: false,
  }),
  metric({
    name: 'node_filesystem_size_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'node-exporter filesystem size.',
    labels: [
      { name: 'instance', maxValues: 200 },
      { name: 'device', maxValues: 20 },
      { name: 'mountpoint', maxValues: 20 },
      { name: 'fstype', maxValues: 10 },
    ],
    tenantScoped: false,
  }), // Used + free is the GPU's memory: the GPU memory saturation alert divides by it.
  metric({
    name: 'DCGM_FI_DEV_FB_FREE',
    type: 'gauge',
    unit: 'bytes',
    help: 'GPU framebuffer memory free, MiB (DCGM exporter).',
    labels: [
      { name: 'gpu', maxValues: 8 },
      { name: 'Hostname', maxValues: 64 },
    ],
    tenantScoped: false,
  }),
];

/**
 * Labels that name a pod (kube-state-metrics, cAdvisor): they come together from the pod list, not as a cross product.
 */
export const POD_LABELS: ReadonlySet<string> = new Set(['namespace', 'pod', 'container', 'label_plotwatch_io_tenant']);

const byName = new Map(catalog.map((m) => [m.name, m]));

/** Looks up a metric by its exposed name; histogram series (`_bucket`, `_sum`, `_count`) resolve to their histogram. */
export function findMetric(seriesName: string): MetricSpec | undefined {
  const direct = byName.get(seriesName);
  if (direct) return direct;
  const base = seriesName.replace(/_(bucket|sum|count)$/, '');
  const histogram = byName.get(base);
  return histogram?.type === 'histogram' ? histogram : undefined;
}

/** The catalog entry for a name the code relies on; a typo fails at build time, loudly. */
export function metricNamed(name: string): MetricSpec {
  const spec = byName.get(name);
  if (!spec)
    throw new Error(
      `metric '${name}' is not in the catalog (libs/platform/src/catalog.ts)${didYouMean(name, byName.keys())}`,
    );
  return spec;
}

/** The names of the catalog's metrics, to suggest the one meant. */
export function metricNames(): readonly string[] {
  return catalog.map((m) => m.name);
}
