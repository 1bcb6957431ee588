import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** How far ahead the disk forecast looks, and over how much history it fits its line. */
export const DISK_FORECAST = { ahead: '4d', aheadSeconds: 4 * 86_400, history: '6h' } as const;

/** Container usage per service (the container is named after it), and per tenant for pods dedicated to one. */
export const capacitySignals = {
  cpu: recordName(['namespace', 'container'], 'container_cpu_usage_seconds', 'rate5m'),
  memory: recordName(['namespace', 'container'], 'container_memory_working_set_bytes', 'sum'),
  /**
   * Per service, all namespaces: usage as a share of the containers' limits (a ratio of sums; ratios cannot be summed).
   */
  cpuOfLimit: recordName(['container'], 'container_cpu_usage_seconds', 'rate5m_ratio_limit'),
  memoryOfLimit: recordName(['container'], 'container_memory_working_set_bytes', 'ratio_limit'),
  restarts: recordName(['namespace', 'container'], 'kube_pod_container_status_restarts', 'increase5m'),
  /**
   * The share of each filesystem expected to be used DISK_FORECAST.ahead from now, extrapolating DISK_FORECAST.history.
   */
  diskForecast: recordName(['instance', 'mountpoint'], 'node_filesystem_used', `ratio_predict${DISK_FORECAST.ahead}`),
  tenantCpu: recordName(['tenant', 'container'], 'container_cpu_usage_seconds', 'rate5m'),
  tenantMemory: recordName(['tenant', 'container'], 'container_memory_working_set_bytes', 'sum'),
  tenantRestarts: recordName(['tenant', 'container'], 'kube_pod_container_status_restarts', 'increase1h'),
} as const;

// cAdvisor also reports each pod's sandbox (`POD`) and the pod as a whole (no container): not services.
const containers = { container: { notRe: 'POD|' } };
const all = (metric: string) => selector(metric, PLATFORM_SCOPE, containers);
const limit = (resource: 'cpu' | 'memory') =>
  `sum by (container) (${selector('kube_pod_container_resource_limits', PLATFORM_SCOPE, { ...containers, resource })})`;
const disks = (metric: string) => selector(metric, PLATFORM_SCOPE, { fstype: { notRe: 'tmpfs|overlay|squashfs' } });
const dedicatedPods = selector('kube_pod_labels', PLATFORM_SCOPE, { label_plotwatch_io_tenant: { not: '' } });

/** Gives a pod-level series the `tenant` of the pod's `plotwatch.io/tenant` label; pods without one drop out. */
function ofDedicatedPods(expr: string): string {
  return `label_replace(${expr} * on (namespace, pod) group_left (label_plotwatch_io_tenant) ${dedicatedPods}, "tenant", "$1", "label_plotwatch_io_tenant", "(.+)")`;
}

export const capacityRules: RecordingGroupDefinition = {
  name: 'capacity',
  source: import.meta.url,
  rules: [
    {
      record: capacitySignals.cpu,
      expr: `sum by (namespace, container) (rate(${all('container_cpu_usage_seconds_total')}[5m]))`,
    },
    {
      record: capacitySignals.memory,
      expr: `sum by (namespace, container) (${all('container_memory_working_set_bytes')})`,
    },
    { record: capacitySignals.cpuOfLimit, expr: `sum by (container) (${capacitySignals.cpu}) / ${limit('cpu')}` },
    {
      record: capacitySignals.memoryOfLimit,
      expr: `sum by (container) (${capacitySignals.memory}) / ${limit('memory')}`,
    },
    {
      record: capacitySignals.restarts,
      expr: `sum by (namespace, container) (increase(${all('kube_pod_container_status_restarts_total')}[5m]))`,
    },
    {
      // One filesystem per mountpoint of an instance: max keeps it, named by the two labels the panel shows.
      record: capacitySignals.diskForecast,
      expr: `max by (instance, mountpoint) (1 - predict_linear(${disks('node_filesystem_avail_bytes')}[${DISK_FORECAST.history}], ${DISK_FORECAST.aheadSeconds}) / ${disks('node_filesystem_size_bytes')})`,
    },
    {
      record: capacitySignals.tenantCpu,
      expr: `sum by (tenant, container) (${ofDedicatedPods(`rate(${all('container_cpu_usage_seconds_total')}[5m])`)})`,
    },
    {
      record: capacitySignals.tenantMemory,
      expr: `sum by (tenant, container) (${ofDedicatedPods(all('container_memory_working_set_bytes'))})`,
    },
    {
      record: capacitySignals.tenantRestarts,
      expr: `sum by (tenant, container) (${ofDedicatedPods(`increase(${all('kube_pod_container_status_restarts_total')}[1h])`)})`,
    },
  ],
};
