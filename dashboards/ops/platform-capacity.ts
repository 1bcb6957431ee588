import { definePlatformDashboard, gaugePanel, query, row, timeseriesPanel, units } from '@plotwatch/grafana';
import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { capacitySignals, DISK_FORECAST } from '@plotwatch/recording-rules';

/** CPU, memory, restarts of the services, GPUs of the inference workers, and where disks are heading. */
export const platformCapacityDashboard = definePlatformDashboard(
  { slug: 'capacity', persona: 'ops', source: import.meta.url },
  (ctx) => {
    // Each service runs in a container named after it.
    const ofServices = { container: { re: ctx.platform.services.map((s) => s.name).join('|') } };
    const s = (name: string, matchers = {}) => selector(name, PLATFORM_SCOPE, { ...ofServices, ...matchers });
    return {
      title: 'Capacity and saturation',
      description:
        'Resource usage of the services against their limits, GPUs of the inference workers, and disk space forecasts.',
      from: 'now-24h',
      rows: [
        row('Services', [
          timeseriesPanel({
            title: 'CPU usage by service',
            unit: units.cores,
            min: 0,
            description: 'CPU cores used, per service (all its pods).',
            queries: [query(`sum by (container) (${s(capacitySignals.cpu)})`, '{{container}}')],
          }),
          timeseriesPanel({
            title: 'CPU usage against limits',
            unit: units.ratio,
            min: 0,
            description: "CPU used as a share of the containers' limits, per service: near 100% they are throttled.",
            queries: [query(s(capacitySignals.cpuOfLimit), '{{container}}')],
          }),
          timeseriesPanel({
            title: 'Memory working set by service',
            unit: units.bytes,
            min: 0,
            description: 'Working-set memory, per service (all its pods).',
            queries: [query(`sum by (container) (${s(capacitySignals.memory)})`, '{{container}}')],
          }),
          timeseriesPanel({
            title: 'Memory against limits',
            unit: units.ratio,
            min: 0,
            description:
              "Working set as a share of the containers' memory limits, per service: at 100% they are OOM-killed.",
            queries: [query(s(capacitySignals.memoryOfLimit), '{{container}}')],
          }),
          timeseriesPanel({
            title: 'Container restarts',
            unit: units.count,
            min: 0,
            width: 24,
            description: 'Container restarts per service over 5m: crash loops and OOM kills.',
            queries: [query(`sum by (container) (${s(capacitySignals.restarts)})`, '{{container}}')],
          }),
        ]),
        row('GPUs (inference workers)', [
          gaugePanel({
            title: 'GPU utilisation now',
            unit: units.percent,
            min: 0,
            max: 100,
            width: 4,
            height: 8,
            description:
              'Average utilisation of all GPUs: low means paid-for capacity idles, near 100 means requests queue.',
            queries: [query(`avg(${selector('DCGM_FI_DEV_GPU_UTIL', PLATFORM_SCOPE)})`, 'all GPUs')],
          }),
          timeseriesPanel({
            title: 'GPU utilisation',
            unit: units.percent,
            min: 0,
            max: 100,
            width: 10,
            description: 'Utilisation of each GPU, per host.',
            queries: [
              query(
                `avg by (Hostname, gpu) (${selector('DCGM_FI_DEV_GPU_UTIL', PLATFORM_SCOPE)})`,
                '{{Hostname}} · GPU {{gpu}}',
              ),
            ],
          }),
          timeseriesPanel({
            title: 'GPU memory used',
            unit: units.mebibytes,
            min: 0,
            width: 10,
            description: 'Framebuffer memory in use on each GPU, per host.',
            queries: [
              query(
                `sum by (Hostname, gpu) (${selector('DCGM_FI_DEV_FB_USED', PLATFORM_SCOPE)})`,
                '{{Hostname}} · GPU {{gpu}}',
              ),
            ],
          }),
        ]),
        row('Disks', [
          timeseriesPanel({
            title: 'Disk usage forecast',
            unit: units.ratio,
            min: 0,
            width: 24,
            description: `Share of each filesystem expected to be used in ${DISK_FORECAST.ahead}, extrapolating the last ${DISK_FORECAST.history}: a line heading for 100% is a disk about to fill.`,
            queries: [query(selector(capacitySignals.diskForecast, PLATFORM_SCOPE), '{{instance}} {{mountpoint}}')],
          }),
        ]),
      ],
    };
  },
);
