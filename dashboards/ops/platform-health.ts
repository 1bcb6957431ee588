import {
  colors,
  definePlatformDashboard,
  query,
  row,
  stateTimelinePanel,
  statPanel,
  tablePanel,
  units,
} from '@plotwatch/grafana';
import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';

const UP_DOWN = [
  { value: 0, text: 'down', color: colors.bad },
  { value: 1, text: 'up', color: colors.good },
] as const;

/** Is everything there: scrape targets per job, blackbox probes of the public endpoints. */
export const platformHealthDashboard = definePlatformDashboard(
  { slug: 'health', persona: 'ops', source: import.meta.url },
  () => {
    const up = selector('up', PLATFORM_SCOPE);
    const probes = selector('probe_success', PLATFORM_SCOPE);
    return {
      title: 'Health',
      description: 'Whether every scrape target answers and every public endpoint passes its blackbox probe.',
      rows: [
        row('Now', [
          statPanel({
            title: 'Targets down',
            unit: units.count,
            limit: { value: 1, label: 'any target down', bad: 'above' },
            description: 'Scrape targets that did not answer their last scrape.',
            queries: [query(`count(${up} == 0) or vector(0)`, 'down')],
          }),
          statPanel({
            title: 'Probes failing',
            unit: units.count,
            limit: { value: 1, label: 'any probe failing', bad: 'above' },
            description: 'Public endpoints whose last blackbox probe failed.',
            queries: [query(`count(${probes} == 0) or vector(0)`, 'failing')],
          }),
          tablePanel({
            title: 'Targets down now',
            unit: units.count,
            description:
              'Every scrape target whose last scrape failed, with its job and instance; empty when all answer.',
            queries: [query(`${up} == 0`, '{{job}} {{instance}}')],
          }),
        ]),
        row('History', [
          stateTimelinePanel({
            title: 'Targets up',
            unit: units.count,
            states: UP_DOWN,
            description: 'Per job, down when any of its targets failed its scrape.',
            queries: [query(`min by (job) (${up})`, '{{job}}')],
          }),
          stateTimelinePanel({
            title: 'Probe success',
            unit: units.count,
            states: UP_DOWN,
            description: 'Per public endpoint, whether its blackbox probe succeeded.',
            queries: [query(`min by (instance) (${probes})`, '{{instance}}')],
          }),
        ]),
      ],
    };
  },
);
