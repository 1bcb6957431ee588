import { platformAlerting, PLATFORM_SCOPE, platform, selector } from '@plotwatch/platform';
import { SERVICE_DOWN_ALERT } from '@plotwatch/routing';
import {
  constantValues,
  humanizeLike,
  label,
  literal,
  seriesName,
  tpl,
  value,
  type AlertTestCase,
  type PlatformAlert,
} from '@plotwatch/rules';

/**
 * Prometheus Operator names a ServiceMonitor's job after the Kubernetes Service, which is named
 * after the platform service: `up{job="story-api"}`.
 */
const jobs = platform.services.map((s) => s.name);
const up = (job?: string) => selector('up', PLATFORM_SCOPE, job ? { job } : { job: { re: jobs.join('|') } });
const asService = (expr: string) => `label_replace(${expr}, "service", "$1", "job", "(.+)")`;
const health = {
  scope: 'platform',
  persona: 'ops',
  dashboard: { persona: 'ops', slug: 'health', panel: 'Targets up' },
} as const;

/** `up` of `count` targets of a job, the first `down` of them down, one sample a minute. */
function targets(job: string, count: number, down: number, steps: number) {
  return Array.from({ length: count }, (_, i) => ({
    series: seriesName('up', { job, instance: `10.40.0.${i + 1}:9000` }),
    values: constantValues(i < down ? 0 : 1, steps),
  }));
}
const minuteSteps = { interval: '1m', evaluationInterval: '1m' } as const;

const SERVICE_DOWN_FOR = '2m';
/** Every target of a service is down: the service is. Named as routing's inhibitions expect. */
export const serviceDown: PlatformAlert = {
  ...health,
  name: SERVICE_DOWN_ALERT,
  summary: tpl`${label('service')} is down`,
  description: tpl`No target of ${label('service')} has answered a scrape for ${SERVICE_DOWN_FOR}; the services that call it fail too.`,
  rules: [{ severity: 'page', for: SERVICE_DOWN_FOR, expr: () => asService(`max by (job) (${up()}) == 0`) }],
  tests: (): AlertTestCase[] => [
    {
      name: `${SERVICE_DOWN_ALERT}: fires once both story-api targets are down for ${SERVICE_DOWN_FOR}`,
      ...minuteSteps,
      inputs: targets('story-api', 2, 2, 10),
      checks: [
        { at: '1m', firing: [] },
        {
          at: SERVICE_DOWN_FOR,
          firing: [{ severity: 'page', labels: { job: 'story-api', service: 'story-api' }, value: 0 }],
        },
      ],
    },
    {
      name: `${SERVICE_DOWN_ALERT}: silent while one story-api target of two answers`,
      ...minuteSteps,
      inputs: targets('story-api', 2, 1, 10),
      checks: [{ at: '5m', firing: [] }],
    },
  ],
};

const TARGET_DOWN_FOR = '15m';
const targetDownRatio = platformAlerting.thresholds.target_down_ratio;
/**
 * The nearest shares of 40 targets strictly on either side of the threshold: exactly at it,
 * the float of Prometheus' running average lands on either side, depending on series order.
 */
const TARGETS = 40;
const downAbove = Math.floor(targetDownRatio * TARGETS) + 1;
const downBelow = Math.ceil(targetDownRatio * TARGETS) - 1;

/** A share of a job's scrape targets is down: some instances are gone, or their metrics are unreachable. */
export const targetDown: PlatformAlert = {
  ...health,
  name: 'TargetDown',
  summary: tpl`Targets of ${label('job')} are down`,
  description: tpl`A share of ${label('job')}'s scrape targets has been down for ${TARGET_DOWN_FOR}: ${value('humanizePercentage')}, threshold ${humanizeLike('humanizePercentage', targetDownRatio)}.`,
  rules: [
    {
      severity: 'ticket',
      for: TARGET_DOWN_FOR,
      expr: () => `1 - avg by (job) (${selector('up', PLATFORM_SCOPE)}) > ${literal(targetDownRatio)}`,
    },
  ],
  tests: (): AlertTestCase[] => [
    {
      name: `TargetDown: fires at ${downAbove} of ${TARGETS} targets down (threshold ${targetDownRatio}) after ${TARGET_DOWN_FOR}`,
      ...minuteSteps,
      inputs: targets('node-exporter', TARGETS, downAbove, 20),
      checks: [
        { at: '14m', firing: [] },
        {
          at: TARGET_DOWN_FOR,
          firing: [{ severity: 'ticket', labels: { job: 'node-exporter' }, value: downAbove / TARGETS }],
        },
      ],
    },
    {
      name: `TargetDown: silent at ${downBelow} of ${TARGETS} targets down (threshold ${targetDownRatio})`,
      ...minuteSteps,
      inputs: targets('node-exporter', TARGETS, downBelow, 20),
      checks: [{ at: '20m', firing: [] }],
    },
  ],
};

const ABSENT_FOR = '5m';
/** No `up` series at all for a service: its ServiceMonitor or Service is gone, so nothing else about it can alert. */
export const serviceSeriesAbsent: PlatformAlert = {
  ...health,
  name: 'ServiceSeriesAbsent',
  summary: tpl`Prometheus scrapes no target of ${label('service')}`,
  description: tpl`There has been no \`up\` series for ${label('service')} for ${ABSENT_FOR}: it is not scraped at all, and none of its alerts can fire.`,
  rules: [
    { severity: 'page', for: ABSENT_FOR, expr: () => asService(jobs.map((job) => `absent(${up(job)})`).join(' or ')) },
  ],
  tests: (): AlertTestCase[] => {
    const missing = jobs.at(-1)!;
    const scraped = (except?: string) => jobs.filter((j) => j !== except).flatMap((job) => targets(job, 1, 0, 10));
    return [
      {
        name: `ServiceSeriesAbsent: fires for ${missing} only, after ${ABSENT_FOR} without its series`,
        ...minuteSteps,
        inputs: scraped(missing),
        checks: [
          { at: '4m', firing: [] },
          { at: ABSENT_FOR, firing: [{ severity: 'page', labels: { job: missing, service: missing }, value: 1 }] },
        ],
      },
      {
        name: 'ServiceSeriesAbsent: silent while every service is scraped',
        ...minuteSteps,
        inputs: scraped(),
        checks: [{ at: '10m', firing: [] }],
      },
    ];
  },
};
