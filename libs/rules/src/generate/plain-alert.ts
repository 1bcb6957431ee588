import {
  TENANT_LABEL,
  recordProblem,
  rememberPosition,
  type PersonaId,
  type QueryScope,
  type Tenant,
  type ThresholdId,
} from '@plotwatch/platform';
import { duration, seconds } from '../model/duration.ts';
import { queryScope } from './compile-alert.ts';
import { goTemplate } from './go-template.ts';
import type {
  AlertTestCase,
  ExpectedAlert,
  InputSeries,
  KeptRuleParts,
  Labels,
  PanelLink,
  PlatformAlert,
  Severity,
  TenantAlert,
} from '../model/model.ts';
import { literal, thresholdParam, unknownThreshold, withParam } from './params.ts';
import { MARGIN, type ProofTiming, type SteadyProof } from './threshold-alert.ts';
import { perTenant } from './per-tenant.ts';

/** How a plain alert's signal is compared with its threshold. */
export type Comparison = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** What the inputs of one case are, and the value the alert carries (`$value`) while they hold. */
export interface PlainCase {
  readonly value: number;
  /** The input series, `steps + 1` samples each (gaugeSeries, counterSeries, linearGauge). */
  readonly inputs: (steps: number) => InputSeries[];
  /**
   * The severities of the alert's rules that fire at these inputs, when it has several (a warning
   * and a critical threshold): by default the rule's own in the firing case, none in the silent one.
   */
  readonly firing?: readonly Severity[];
}

/**
 * A promtool proof of a plain rule, with literal inputs: one case at which it fires, one at which
 * it stays silent. `threshold` is only named in the cases' names.
 */
export interface PlainProof {
  readonly threshold?: number;
  /** The labels of the alerted series (the rule's own labels are added over them). */
  readonly labels: Labels;
  readonly firing: PlainCase;
  readonly silent: PlainCase;
  readonly timing?: Partial<ProofTiming>;
}

interface KeptParts {
  /** As Prometheus reads it; `0s` when absent. */
  readonly for?: string;
  readonly labels?: Labels;
  /** Go templates, kept verbatim. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One rule of a plain alert, as a rule file writes it. */
export interface PlainRule extends KeptParts {
  /** The platform's severity the rule routes and is tested as; its `severity` label is kept as given. */
  readonly severity: Severity;
  readonly expr: string;
  /** Absent only with a TODO in the definition saying why none could be derived. */
  readonly proof?: PlainProof;
}

/** An alert as a rule file writes it: one rule, or one per severity under the same name. */
export interface PlainAlertSpec {
  readonly name: string;
  readonly persona: PersonaId;
  readonly dashboard: PanelLink;
  readonly rules: readonly PlainRule[];
}

/** A plain alert on each tenant's series, its literal threshold replaced by a per-tenant one. */
export interface PlainThresholdAlertSpec extends KeptParts {
  readonly name: string;
  readonly persona: PersonaId;
  readonly dashboard: PanelLink;
  readonly severity: Severity;
  readonly threshold: ThresholdId;
  readonly comparison: '>' | '<' | '>=' | '<=';
  /** The signal over the given tenants' series: all of them, or one. */
  readonly signal: (scope: QueryScope) => string;
  readonly proof?: SteadyProof<string>;
}

/**
 * A selector written out, narrowed to the scope's tenant: `x{job="a"}` -> `x{tenant="ink", job="a"}`
 * for one tenant, unchanged for all of them.
 */
export function scoped(selector: string, scope: QueryScope): string {
  if (scope.kind === 'platform') return selector;
  const matcher = `${TENANT_LABEL}=${JSON.stringify(scope.tenantId)}`;
  const open = selector.indexOf('{');
  if (open < 0) return `${selector}{${matcher}}`;
  const rest = selector.slice(open + 1).trimStart();
  return `${selector.slice(0, open)}{${matcher}${rest.startsWith('}') ? '' : ', '}${rest}`;
}

function kept(parts: KeptParts): KeptRuleParts {
  return {
    labels: { ...parts.labels },
    annotations: Object.fromEntries(Object.entries(parts.annotations ?? {}).map(([k, v]) => [k, goTemplate(v)])),
  };
}

function described(name: string, persona: PersonaId, dashboard: PanelLink, parts: KeptParts) {
  const annotations = parts.annotations ?? {};
  return {
    name,
    persona,
    dashboard,
    summary: goTemplate(annotations.summary ?? ''),
    description: goTemplate(annotations.description ?? ''),
  };
}

export function plainAlert(spec: PlainAlertSpec): PlatformAlert {
  const severities = spec.rules.map((r) => r.severity);
  const alert: PlatformAlert = {
    ...described(spec.name, spec.persona, spec.dashboard, spec.rules[0] ?? {}),
    scope: 'platform',
    rules: spec.rules.map((rule) => ({
      severity: rule.severity,
      for: rule.for ?? '0s',
      expr: () => rule.expr,
      kept: kept(rule),
    })),
    tests: () =>
      spec.rules.flatMap((rule) =>
        rule.proof
          ? plainCases(
              // Several rules of one name: the case says whose threshold it probes.
              spec.rules.length > 1 ? `${spec.name} (${rule.severity})` : spec.name,
              rule.severity,
              rule.for ?? '0s',
              rule.proof,
              severities,
            )
          : [],
      ),
  };
  return rememberPosition(alert);
}

/** The signal's values 1% beyond the threshold either side; at 0, one unit. */
export function crossing(comparison: Comparison, threshold: number): { firing: number; silent: number } {
  const step = threshold === 0 ? 1 : Math.abs(threshold) * MARGIN;
  const round = (x: number) => Number(x.toPrecision(12));
  switch (comparison) {
    case '>':
    case '>=':
      return { firing: round(threshold + step), silent: round(threshold - step) };
    case '<':
    case '<=':
      return { firing: round(threshold - step), silent: round(threshold + step) };
    case '==':
      return { firing: threshold, silent: round(threshold + step) };
    case '!=':
      return { firing: round(threshold + step), silent: threshold };
  }
}

export function plainThresholdAlert(spec: PlainThresholdAlertSpec): TenantAlert {
  const threshold = thresholdParam(spec.threshold);
  const forDuration = spec.for ?? '0s';
  const proof = spec.proof;
  const alert: TenantAlert = {
    ...described(spec.name, spec.persona, spec.dashboard, spec),
    scope: 'tenant',
    rules: [
      {
        severity: spec.severity,
        for: forDuration,
        expr: (target) => withParam(spec.signal(queryScope(target)), spec.comparison, threshold, target),
        kept: kept(spec),
      },
    ],
    tests: perTenant((tenant) =>
      proof ? tenantCases(spec, forDuration, proof, tenant, threshold.valueOf(tenant)) : [],
    ),
  };
  rememberPosition(alert);
  const unknown = unknownThreshold(spec.threshold);
  return unknown ? recordProblem(alert, unknown) : alert;
}

function tenantCases(
  spec: PlainThresholdAlertSpec,
  forDuration: string,
  proof: SteadyProof<string>,
  tenant: Tenant,
  threshold: number,
): AlertTestCase[] {
  const { firing, silent } = crossing(spec.comparison, threshold);
  // The inputs follow each tenant's threshold: the proof computes them from the signal's value.
  const steady = (value: number): PlainCase => ({ value, inputs: () => [] });
  return plainCases(
    `${spec.name} ${tenant.id}`,
    spec.severity,
    forDuration,
    {
      threshold,
      labels: proof.labels(tenant.id),
      firing: steady(firing),
      silent: steady(silent),
      ...(proof.timing ? { timing: proof.timing } : {}),
    },
    [spec.severity],
    (side, steps) => proof.inputs(tenant.id, side === 'firing' ? firing : silent, steps),
    tenant,
  );
}

/** Steps of 5m keep long tests cheap; shorter `for`s need finer ones to show the pending phase. */
function defaultEvaluationInterval(forSeconds: number): string {
  return forSeconds >= 300 && forSeconds % 300 === 0 ? '5m' : '1m';
}

/**
 * Two cases, as for the kit's threshold alerts: at the firing inputs the alert is pending until
 * `for` has passed, then fires with the kept labels and annotations; at the silent ones it never fires.
 */
function plainCases(
  name: string,
  severity: Severity,
  forDuration: string,
  proof: PlainProof,
  severities: readonly Severity[],
  inputsOf: (side: 'firing' | 'silent', steps: number) => InputSeries[] = (side, steps) => proof[side].inputs(steps),
  tenant?: Tenant,
): AlertTestCase[] {
  const forSeconds = seconds(forDuration);
  const timing = proof.timing ?? {};
  const evaluationInterval = timing.evaluationInterval ?? defaultEvaluationInterval(forSeconds);
  const step = seconds(evaluationInterval);
  const from = seconds(timing.from ?? evaluationInterval);
  const settled = seconds(timing.settled ?? timing.from ?? evaluationInterval);
  const interval = timing.interval ?? '1m';
  if (settled % step || from % step)
    throw new Error(`${name}: from and settled must be multiples of the evaluation step ${evaluationInterval}`);
  const forOnGrid = Math.ceil(forSeconds / step) * step;
  const firingAt = settled + forOnGrid;
  const horizon = firingAt + 2 * step;
  const steps = Math.ceil(horizon / seconds(interval));
  const alerts = (c: PlainCase, own: Severity[]): ExpectedAlert[] =>
    (c.firing ?? own)
      .filter((s) => severities.includes(s))
      .map((s) => ({ severity: s, labels: proof.labels, value: c.value, ...(tenant ? { tenant } : {}) }));
  const pending = from + forOnGrid - step;
  const against = proof.threshold === undefined ? '' : ` (threshold ${literal(proof.threshold)})`;
  return [
    {
      name: `${name}: fires at ${literal(proof.firing.value)}${against}${forSeconds ? ` after ${forDuration}` : ''}`,
      interval,
      evaluationInterval,
      inputs: inputsOf('firing', steps),
      checks: [
        ...(pending >= from ? [{ at: duration(pending), firing: [] }] : []),
        { at: duration(firingAt), firing: alerts(proof.firing, [severity]) },
      ],
    },
    {
      name: `${name}: silent at ${literal(proof.silent.value)}${against}`,
      interval,
      evaluationInterval,
      inputs: inputsOf('silent', steps),
      checks: [
        { at: duration(firingAt), firing: alerts(proof.silent, []) },
        { at: duration(horizon), firing: alerts(proof.silent, []) },
      ],
    },
  ];
}
