import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** Container usage per service (the container is named after it), and per tenant for pods dedicated to one. */
export const capacitySignals = {
  cpu: recordName(['namespace', 'container'], 'container_cpu_usage_seconds', 'rate5m'),
  memory: recordName(['namespace', 'container'], 'container_memory_working_set_bytes', 'sum'),
  tenantCpu: recordName(['tenant', 'container'], 'container_cpu_usage_seconds', 'rate5m'),
  tenantMemory: recordName(['tenant', 'container'], 'container_memory_working_set_bytes', 'sum'),
  tenantRestarts: recordName(['tenant', 'container'], 'kube_pod_container_status_restarts', 'increase1h'),
} as const;

// cAdvisor also reports each pod's sandbox (`POD`) and the pod as a whole (no container): not services.
const containers = { container: { notRe: 'POD|' } };
const all = (metric: string) => selector(metric, PLATFORM_SCOPE, containers);
const dedicatedPods = selector('kube_pod_labels', PLATFORM_SCOPE, { label_plotwatch_io_tenant: { not: '' } });

/** Gives a pod-level series the `tenant` of the pod's `plotwatch.io/tenant` label; pods without one drop out. */
function ofDedicatedPods(expr: string): string {
  return `label_replace(${expr} * on (namespace, pod) group_left (label_plotwatch_io_tenant) ${dedicatedPods}, "tenant", "$1", "label_plotwatch_io_tenant", "(.+)")`;
}

export const capacityRules: RecordingGroupDefinition = {
  name: 'capacity',
  source: import.meta.url,
  rules: [
    { record: capacitySignals.cpu, expr: `sum by (namespace, container) (rate(${all('container_cpu_usage_seconds_total')}[5m]))` },
    { record: capacitySignals.memory, expr: `sum by (namespace, container) (${all('container_memory_working_set_bytes')})` },
    { record: capacitySignals.tenantCpu, expr: `sum by (tenant, container) (${ofDedicatedPods(`rate(${all('container_cpu_usage_seconds_total')}[5m])`)})` },
    { record: capacitySignals.tenantMemory, expr: `sum by (tenant, container) (${ofDedicatedPods(all('container_memory_working_set_bytes'))})` },
    { record: capacitySignals.tenantRestarts, expr: `sum by (tenant, container) (${ofDedicatedPods(`increase(${all('kube_pod_container_status_restarts_total')}[1h])`)})` },
  ],
};
