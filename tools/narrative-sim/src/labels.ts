import {
  exposedBy,
  POD_LABELS,
  SERVICE_LABEL,
  services,
  TENANT_LABEL,
  type LabelSpec,
  type MetricSpec,
  type SeriesBounds,
} from '@plotwatch/platform';

/**
 * The label values the demo platform uses: realistic names for bounded labels and a subset of
 * the closed sets, small enough that a reference dataset of days for tens of tenants builds in
 * minutes. A value listed here for a closed label must be one of the catalog's (tested).
 */
export const SIM_VALUES: Readonly<Record<string, readonly string[]>> = {
  route: ['/v1/stories', '/v1/turns'],
  method: ['GET', 'POST'],
  code: ['200', '503'],
  model: ['gpt-4o', 'claude-sonnet', 'llama-3-70b'],
  provider: ['openai', 'anthropic', 'self-hosted'],
  topic: ['story-events', 'moderation-events'],
  consumer_group: ['narrative'],
  handler: ['apply-turn'],
  feature_set: ['text'],
  interaction: ['choice', 'free_text'],
  channel: ['web', 'ios'],
  story_type: ['adventure', 'mystery'],
  category: ['violence', 'pii', 'other'],
  gpu: ['0', '1'],
  job: ['narrative'],
  resource: ['cpu', 'memory'],
  unit: ['core', 'byte'],
  device: ['/dev/nvme0n1p1'],
  mountpoint: ['/var/lib/queue'],
  fstype: ['ext4'],
};

/** Per-metric values where the label means something specific to that metric. */
const METRIC_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  // One scrape job per service (its ServiceMonitor), as `up` reports them.
  up: { job: services.map((s) => s.name), instance: ['10.40.0.10:9000'] },
  probe_success: { job: ['blackbox'], instance: ['https://api.plotwatch.example/healthz'], service: ['story-api'] },
  node_filesystem_avail_bytes: { instance: ['queue-node:9100'] },
  node_filesystem_size_bytes: { instance: ['queue-node:9100'] },
  DCGM_FI_DEV_GPU_UTIL: { Hostname: ['gpu-node-a'] },
  DCGM_FI_DEV_FB_USED: { Hostname: ['gpu-node-a'] },
};

function valuesOf(metric: MetricSpec, label: LabelSpec): readonly string[] {
  return (
    METRIC_VALUES[metric.name]?.[label.name] ??
    SIM_VALUES[label.name] ??
    label.values?.slice(0, 4) ?? [`${label.name}-1`, `${label.name}-2`]
  );
}

/**
 * The pods of the demo platform: one per shared service (its container named after it), and one
 * per tenant of each service that runs a deployment per tenant (labelled with the tenant, as
 * kube-state-metrics reports allow-listed pod labels).
 */
export function pods(tenants: readonly string[]): Array<Record<string, string>> {
  return [
    ...services.map((s) => ({
      namespace: s.namespace,
      pod: `${s.name}-0`,
      container: s.name,
      label_plotwatch_io_tenant: '',
    })),
    ...services
      .filter((s) => s.tenantPods)
      .flatMap((s) =>
        tenants.map((t) => ({
          namespace: s.namespace,
          pod: `${s.name}-${t}-0`,
          container: s.name,
          label_plotwatch_io_tenant: t,
        })),
      ),
  ];
}

/** The demo platform's own bounds: the label values above, one pod per tenant deployment, one container per pod. */
export const SIM_BOUNDS: SeriesBounds = {
  labelValues: (metric, label) => valuesOf(metric, label).length,
  tenantPods: (service) => (service.tenantPods ? 1 : 0),
  containersPerPod: 1,
};

/** Every label set of a metric (`le` aside) the sim exposes for one tenant, or (tenant undefined) for the platform. */
export function labelSets(
  metric: MetricSpec,
  tenant: string | undefined,
  tenants: readonly string[],
): Array<Record<string, string>> {
  const podLabels = metric.labels.filter((l) => POD_LABELS.has(l.name)).map((l) => l.name);
  let sets: Array<Record<string, string>> = metric.tenantScoped
    ? exposedBy(metric).map((service) => ({ [TENANT_LABEL]: tenant!, [SERVICE_LABEL]: service }))
    : podLabels.includes('pod')
      ? // kube-state-metrics reports only pods that carry the label; the others have no such series.
        pods(tenants)
          .filter((p) => !podLabels.includes('label_plotwatch_io_tenant') || p.label_plotwatch_io_tenant)
          .map((p) => Object.fromEntries(podLabels.map((l) => [l, p[l]!])))
      : [{}];
  for (const label of metric.labels.filter((l) => !(podLabels.includes('pod') && POD_LABELS.has(l.name)))) {
    const values = valuesOf(metric, label);
    sets = sets.flatMap((set) => values.map((value) => ({ ...set, [label.name]: value })));
  }
  return sets;
}
