import { platformAlerting, PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { capacitySignals } from '@plotwatch/recording-rules';
import {
  counterValues,
  gaugeProof,
  gaugeSeries,
  label,
  linearGauge,
  platformThresholdAlert,
  platformTrendAlert,
  seriesName,
  tpl,
  type InputSeries,
} from '@plotwatch/rules';

const ops = { persona: 'ops', comparison: '>' } as const;
const panel = (title: string) => ({ persona: 'ops', slug: 'capacity', panel: title }) as const;

/** Containers are named after their service: the alert carries `service` for routing and inhibitions. */
const asService = (expr: string) => `label_replace(${expr}, "service", "$1", "container", "(.+)")`;
const limit = (resource: 'cpu' | 'memory') =>
  `sum by (namespace, container) (${selector('kube_pod_container_resource_limits', PLATFORM_SCOPE, { resource })})`;

const pod = { namespace: 'narrative', pod: 'story-api-7d9f8-x2x4q', container: 'story-api' };
const perContainer = () => ({ namespace: pod.namespace, container: pod.container, service: pod.container });
const CPU_LIMIT_CORES = 2;
const MEMORY_LIMIT_BYTES = 4 * 2 ** 30;
const limitSeries = (resource: string, unit: string, value: number) => ({
  series: seriesName('kube_pod_container_resource_limits', { ...pod, resource, unit }),
  value,
});

/** A container uses nearly all the CPU its limit allows: it is being throttled. */
export const containerCpuSaturated = platformThresholdAlert({
  ...ops,
  name: 'ContainerCpuSaturated',
  threshold: 'container_cpu_saturation_ratio',
  for: '15m',
  severity: 'ticket',
  signal: () => asService(`${capacitySignals.cpu} / ${limit('cpu')}`),
  summary: tpl`${label('container')} in ${label('namespace')} is at its CPU limit`,
  description: tpl`Container ${label('container')} in ${label('namespace')} uses nearly all the CPU its limit allows, and is throttled.`,
  dashboard: panel('CPU usage against limits'),
  proof: {
    // One sample a minute: CPU seconds per minute at `share` of the limit.
    inputs: (_, share, steps): InputSeries[] => [
      {
        series: seriesName('container_cpu_usage_seconds_total', pod),
        values: counterValues([{ perStep: share * CPU_LIMIT_CORES * 60, steps }]),
      },
      gaugeSeries(limitSeries('cpu', 'core', CPU_LIMIT_CORES).series, CPU_LIMIT_CORES, steps),
    ],
    labels: perContainer,
  },
});

/** A container's working set is close to its memory limit: the next peak gets it OOM-killed. */
export const containerMemorySaturated = platformThresholdAlert({
  ...ops,
  name: 'ContainerMemorySaturated',
  threshold: 'container_memory_saturation_ratio',
  for: '15m',
  severity: 'ticket',
  signal: () => asService(`${capacitySignals.memory} / ${limit('memory')}`),
  summary: tpl`${label('container')} in ${label('namespace')} is close to its memory limit`,
  description: tpl`The working set of container ${label('container')} in ${label('namespace')} is close to its memory limit.`,
  dashboard: panel('Memory against limits'),
  proof: gaugeProof({
    series: (_, share) => [
      { series: seriesName('container_memory_working_set_bytes', pod), value: share * MEMORY_LIMIT_BYTES },
      limitSeries('memory', 'byte', MEMORY_LIMIT_BYTES),
    ],
    labels: perContainer,
  }),
});

/** A container restarts again and again. */
export const containerCrashLooping = platformThresholdAlert({
  ...ops,
  name: 'ContainerCrashLooping',
  threshold: 'container_restarts_per_15m',
  for: '5m',
  severity: 'ticket',
  signal: () =>
    asService(
      `sum by (namespace, pod, container) (increase(${selector('kube_pod_container_status_restarts_total', PLATFORM_SCOPE)}[15m]))`,
    ),
  summary: tpl`${label('pod')} keeps restarting`,
  description: tpl`Container ${label('container')} of pod ${label('pod')} in ${label('namespace')} restarted again and again over the last 15m (restarts in 15m).`,
  dashboard: panel('Container restarts'),
  proof: {
    // `restarts` every 15 minutes, one sample a minute; increase() is exact once its window is full.
    inputs: (_, restarts, steps) => [
      {
        series: seriesName('kube_pod_container_status_restarts_total', pod),
        values: counterValues([{ perStep: restarts / 15, steps }]),
      },
    ],
    labels: () => ({ ...pod, service: pod.container }),
    timing: { from: '5m', settled: '15m' },
  },
});

const gpu = { gpu: '0', Hostname: 'gpu-node-1' };
const GPU_MEMORY_MIB = 81_920;
const gpuOwner = { service: 'inference-worker' } as const;

/** A GPU runs flat out for half an hour: inference queues up behind it. */
export const gpuSaturated = platformThresholdAlert({
  ...ops,
  ...gpuOwner,
  name: 'GpuSaturated',
  threshold: 'gpu_utilisation_ratio',
  for: '30m',
  severity: 'ticket',
  signal: () => `avg by (Hostname, gpu) (${selector('DCGM_FI_DEV_GPU_UTIL', PLATFORM_SCOPE)}) / 100`,
  summary: tpl`GPU ${label('gpu')} of ${label('Hostname')} is saturated`,
  description: tpl`GPU ${label('gpu')} of ${label('Hostname')} has been busy nearly all the time for 30m.`,
  dashboard: panel('GPU utilisation'),
  proof: gaugeProof({
    series: (_, share) => [{ series: seriesName('DCGM_FI_DEV_GPU_UTIL', gpu), value: share * 100 }],
    labels: () => gpu,
  }),
});

const framebuffer = (kind: 'USED' | 'FREE') =>
  `sum by (Hostname, gpu) (${selector(`DCGM_FI_DEV_FB_${kind}`, PLATFORM_SCOPE)})`;

/** A GPU's memory is nearly full: the next model or batch will not fit. */
export const gpuMemorySaturated = platformThresholdAlert({
  ...ops,
  ...gpuOwner,
  name: 'GpuMemorySaturated',
  threshold: 'gpu_memory_ratio',
  for: '15m',
  severity: 'ticket',
  signal: () => `${framebuffer('USED')} / (${framebuffer('USED')} + ${framebuffer('FREE')})`,
  summary: tpl`GPU ${label('gpu')} of ${label('Hostname')} is out of memory`,
  description: tpl`The framebuffer memory of GPU ${label('gpu')} of ${label('Hostname')} is nearly full.`,
  dashboard: panel('GPU memory used'),
  proof: gaugeProof({
    series: (_, share) => [
      { series: seriesName('DCGM_FI_DEV_FB_USED', gpu), value: share * GPU_MEMORY_MIB },
      { series: seriesName('DCGM_FI_DEV_FB_FREE', gpu), value: (1 - share) * GPU_MEMORY_MIB },
    ],
    labels: () => gpu,
  }),
});

const filesystem = {
  instance: 'node-3:9100',
  device: '/dev/nvme0n1p1',
  mountpoint: '/var/lib/containerd',
  fstype: 'ext4',
};
const DISK_BYTES = 100e9;

/** A node's disk fills up at a rate that leaves it full within the forecast horizon. */
export const diskFillingUp = platformTrendAlert({
  name: 'DiskFillingUp',
  persona: 'ops',
  severity: 'ticket',
  for: '30m',
  comparison: '<',
  limit: 0,
  unit: 'bytes',
  range: '6h',
  horizonHours: platformAlerting.forecastHours.diskFull,
  gauge: () => selector('node_filesystem_avail_bytes', PLATFORM_SCOPE, { fstype: { notRe: 'tmpfs|overlay|squashfs' } }),
  summary: tpl`${label('mountpoint')} on ${label('instance')} is filling up`,
  description: tpl`${label('mountpoint')} on ${label('instance')} fills at a rate that leaves no free space within the horizon (free bytes predicted).`,
  dashboard: panel('Disk usage forecast'),
  proof: {
    series: (_, start, perSecond, steps) => [
      linearGauge(seriesName('node_filesystem_avail_bytes', filesystem), start, perSecond, steps, '5m'),
    ],
    labels: () => filesystem,
    start: DISK_BYTES,
    interval: '5m',
    evaluationInterval: '15m',
  },
});
