import {
  platformAlerting,
  platformThresholdSpecs,
  didYouMean,
  recordProblem,
  rememberPosition,
  type PersonaId,
  type PlatformThresholdId,
  type QueryScope,
  type Tenant,
  type ThresholdId,
} from '@plotwatch/platform';
import { duration, seconds } from '../model/duration.ts';
import { queryScope } from './compile-alert.ts';
import { humanizeLike } from './humanize.ts';
import type {
  AlertTestCase,
  ExpectedAlert,
  InputSeries,
  Labels,
  PanelLink,
  PlatformAlert,
  Severity,
  TenantAlert,
  Template,
} from '../model/model.ts';
import { formatOf, literal, thresholdParam, unknownThreshold, withParam } from './params.ts';
import { param, tpl, value } from './template.ts';
import { perTenant } from './per-tenant.ts';

/** The threshold is approached from 1% away on either side. */
export const MARGIN = 0.01;
/** Counters advance by this many events per minute, so that ratios of integers are exact. */
export const PROOF_SCALE = 1_000_000;

/**
 * How a threshold alert is proven: input series for which its signal equals a given value.
 * `S` is the tenant's id for tenant alerts, nothing for platform ones.
 */
export interface SteadyProof<S> {
  /**
   * Series, `steps + 1` samples every `timing.interval`, for which the signal equals `value` from `timing.settled` on.
   */
  readonly inputs: (subject: S, value: number, steps: number) => InputSeries[];
  /** The labels of the signal's series for these inputs (what the alert carries besides the rule's). */
  readonly labels: (subject: S) => Labels;
  readonly timing?: Partial<ProofTiming>;
}

export interface ProofTiming {
  /** Spacing of the input samples. */
  readonly interval: string;
  /** Step of the rule evaluations; coarse steps keep the long tests cheap. */
  readonly evaluationInterval: string;
  /** The first evaluation at which the signal may cross the threshold. */
  readonly from: string;
  /** From this evaluation on the signal equals the value exactly. */
  readonly settled: string;
}

interface ThresholdAlertSpec {
  readonly name: string;
  readonly comparison: '>' | '<';
  readonly for: string;
  readonly severity: Severity;
  readonly persona: PersonaId;
  readonly service?: string;
  readonly summary: Template;
  /** What is wrong, in words; the current value and the threshold are appended. */
  readonly description: Template;
  readonly dashboard: PanelLink;
}

/** A signal crossing a per-tenant threshold: thresholds as series in label tenancy, inline in mimir. */
export interface TenantThresholdSpec extends ThresholdAlertSpec {
  readonly threshold: ThresholdId;
  /** The signal over the given tenants' series: all of them, or one. */
  readonly signal: (scope: QueryScope) => string;
  readonly proof: SteadyProof<string>;
}

/** A signal of the shared infrastructure crossing a threshold of the platform's config. */
export interface PlatformThresholdSpec extends ThresholdAlertSpec {
  readonly threshold: PlatformThresholdId;
  readonly signal: () => string;
  readonly proof: SteadyProof<void>;
}

export function tenantThresholdAlert(spec: TenantThresholdSpec): TenantAlert {
  const threshold = thresholdParam(spec.threshold);
  const format = threshold.format;
  const alert: TenantAlert = {
    scope: 'tenant',
    name: spec.name,
    persona: spec.persona,
    dashboard: spec.dashboard,
    summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: [...spec.description, ...tpl` Now ${value(format)}, threshold ${param(threshold)}.`],
    rules: [
      {
        severity: spec.severity,
        for: spec.for,
        expr: (target) => withParam(spec.signal(queryScope(target)), spec.comparison, threshold, target),
      },
    ],
    tests: perTenant((tenant) =>
      steadyCases(spec, {
        subject: tenant.id,
        proof: spec.proof,
        threshold: threshold.valueOf(tenant),
        who: ` ${tenant.id}`,
        tenant,
      }),
    ),
  };
  rememberPosition(alert);
  const unknown = unknownThreshold(spec.threshold);
  return unknown ? recordProblem(alert, unknown) : alert;
}

export function platformThresholdAlert(spec: PlatformThresholdSpec): PlatformAlert {
  const threshold = platformAlerting.thresholds[spec.threshold];
  const known = spec.threshold in platformThresholdSpecs;
  const format = formatOf(known ? platformThresholdSpecs[spec.threshold].unit : 'none');
  const alert: PlatformAlert = {
    scope: 'platform',
    name: spec.name,
    persona: spec.persona,
    dashboard: spec.dashboard,
    summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: [...spec.description, ...tpl` Now ${value(format)}, threshold ${humanizeLike(format, threshold)}.`],
    rules: [
      {
        severity: spec.severity,
        for: spec.for,
        expr: () => `${spec.signal()} ${spec.comparison} ${literal(threshold)}`,
      },
    ],
    tests: () => steadyCases(spec, { subject: undefined, proof: spec.proof, threshold, who: '' }),
  };
  rememberPosition(alert);
  if (known) return alert;
  const ids = Object.keys(platformThresholdSpecs);
  return recordProblem(
    alert,
    `unknown platform threshold id "${spec.threshold}"${didYouMean(spec.threshold, ids)}: the platform's thresholds are defined in libs/platform/src/policy.ts`,
  );
}

/** A value 1% beyond the threshold on the given side, rounded to the counters' resolution. */
function probe(comparison: '>' | '<', threshold: number, side: 'firing' | 'silent'): number {
  const towardFiring = comparison === '>' ? 1 : -1;
  const sign = side === 'firing' ? towardFiring : -towardFiring;
  return Math.round(threshold * (1 + sign * MARGIN) * PROOF_SCALE) / PROOF_SCALE;
}

/** Steps of 5m keep long tests cheap; shorter `for`s need finer ones to show the pending phase. */
function defaultEvaluationInterval(forSeconds: number): string {
  return forSeconds >= 300 && forSeconds % 300 === 0 ? '5m' : '1m';
}

/**
 * Two cases per subject: 1% beyond the threshold the alert is pending until `for` has passed,
 * then fires with exact labels and annotations; 1% short of it, it stays silent.
 */
function steadyCases<S>(
  spec: ThresholdAlertSpec,
  o: { subject: S; proof: SteadyProof<S>; threshold: number; who: string; tenant?: Tenant },
): AlertTestCase[] {
  const forSeconds = seconds(spec.for);
  const evaluationInterval = o.proof.timing?.evaluationInterval ?? defaultEvaluationInterval(forSeconds);
  const step = seconds(evaluationInterval);
  const from = seconds(o.proof.timing?.from ?? evaluationInterval);
  const settled = seconds(o.proof.timing?.settled ?? o.proof.timing?.from ?? evaluationInterval);
  const interval = o.proof.timing?.interval ?? '1m';
  if (settled % step || from % step)
    throw new Error(`${spec.name}: from and settled must be multiples of the evaluation step ${evaluationInterval}`);
  // Evaluations happen on the step's grid: `for` has passed at the first one after it.
  const forOnGrid = Math.ceil(forSeconds / step) * step;
  const firingAt = settled + forOnGrid;
  const horizon = firingAt + 2 * step;
  const steps = Math.ceil(horizon / seconds(interval));
  const above = probe(spec.comparison, o.threshold, 'firing');
  const below = probe(spec.comparison, o.threshold, 'silent');
  const firing: ExpectedAlert = {
    severity: spec.severity,
    labels: o.proof.labels(o.subject),
    value: above,
    ...(o.tenant ? { tenant: o.tenant } : {}),
  };
  const pending = from + forOnGrid - step;
  return [
    {
      name: `${spec.name}${o.who}: fires at ${above} (threshold ${o.threshold}) after ${spec.for}`,
      interval,
      evaluationInterval,
      inputs: o.proof.inputs(o.subject, above, steps),
      checks: [
        ...(pending >= from ? [{ at: duration(pending), firing: [] }] : []),
        { at: duration(firingAt), firing: [firing] },
      ],
    },
    {
      name: `${spec.name}${o.who}: silent at ${below} (threshold ${o.threshold})`,
      interval,
      evaluationInterval,
      inputs: o.proof.inputs(o.subject, below, steps),
      checks: [
        { at: duration(firingAt), firing: [] },
        { at: duration(horizon), firing: [] },
      ],
    },
  ];
}
