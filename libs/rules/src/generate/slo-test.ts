import type { Tenant } from '@plotwatch/platform';
import { duration, seconds } from '../model/duration.ts';
import type { AlertTestCase, Severity } from '../model/model.ts';
import {
  BASE_WINDOW,
  burnRatePolicies,
  errorBudget,
  type BurnRatePolicy,
  type BurnWindows,
  type SloSpec,
  type TrafficSegment,
} from '../model/slo-policy.ts';
import { MARGIN } from './threshold-alert.ts';

/** Input samples every 5 minutes: the recorded 5m rates need two per window. */
const SAMPLE_SECONDS = 300;
const SAMPLE_INTERVAL = duration(SAMPLE_SECONDS);
/** Events per sample, 1,000,000 a minute: bad counts stay whole numbers even for a 0.05% budget. */
const EVENTS_PER_SAMPLE = 5_000_000;
/** Rule evaluation step of the tests per severity: the ticket windows span days, the page ones hours. */
const TEST_STEP_SECONDS: Readonly<Record<Severity, number>> = { page: 1800, ticket: 7200 };

/** Test traffic: no bad events until `quietUntil`, then `bad` of every sample's events. */
interface Profile {
  readonly quietUntil: number;
  readonly bad: number;
}

interface SeverityState {
  readonly firing: boolean;
  readonly activeAt: number | undefined;
  /** The window pairs whose both windows exceed their factor; the first one gives the alert its value. */
  readonly holding: readonly BurnWindows[];
  /** The long-window burn rate of the first pair that holds. */
  readonly value: number;
}

type Timeline = Array<{ readonly t: number; readonly states: ReadonlyMap<Severity, SeverityState> }>;

/** Tenants of a tier share their budget, and so their timelines: each is computed once. */
const timelines = new Map<string, Timeline>();

function simulate(profile: Profile, budget: number, step: number, until: number): Timeline {
  const key = `${profile.quietUntil} ${profile.bad} ${budget} ${step} ${until}`;
  let timeline = timelines.get(key);
  if (!timeline) timelines.set(key, (timeline = evaluate(profile, budget, step, until)));
  return timeline;
}

/**
 * A model of the generated SLO rules, evaluated at the test's steps: the recorded 5m rates,
 * their sums over each window (samples at the steps, both ends included, as Prometheus
 * 2.x selects them), the burn-rate conditions and `for`. promtool then checks the real rules
 * against what it predicts.
 */
function evaluate(profile: Profile, budget: number, step: number, until: number): Timeline {
  const rates = (t: number) =>
    t < SAMPLE_SECONDS
      ? undefined
      : {
          errors: (t <= profile.quietUntil ? 0 : profile.bad) / SAMPLE_SECONDS,
          requests: EVENTS_PER_SAMPLE / SAMPLE_SECONDS,
        };
  const burn = (window: string, t: number): number => {
    if (window === BASE_WINDOW) {
      const now = rates(t);
      return now ? now.errors / now.requests / budget : NaN;
    }
    let errors = 0;
    let requests = 0;
    for (let s = t - Math.floor(seconds(window) / step) * step; s <= t; s += step) {
      const r = s >= 0 ? rates(s) : undefined;
      if (!r) continue;
      errors += r.errors;
      requests += r.requests;
    }
    return errors / requests / budget;
  };
  const activeSince = new Map<Severity, number>();
  const timeline: Timeline = [];
  for (let t = 0; t <= until; t += step) {
    const states = new Map<Severity, SeverityState>();
    for (const policy of burnRatePolicies) {
      const holding = policy.windows.filter((w) => burn(w.long, t) > w.factor && burn(w.short, t) > w.factor);
      if (!holding.length) activeSince.delete(policy.severity);
      else if (!activeSince.has(policy.severity)) activeSince.set(policy.severity, t);
      const activeAt = activeSince.get(policy.severity);
      states.set(policy.severity, {
        firing: activeAt !== undefined && t - activeAt >= seconds(policy.for),
        activeAt,
        holding,
        value: holding.length ? burn(holding[0]!.long, t) : NaN,
      });
    }
    timeline.push({ t, states });
  }
  return timeline;
}

const roundUp = (value: number, step: number) => Math.ceil(value / step) * step;
const rate = (burn: number) => Number(burn.toPrecision(4));

/** A case of one window pair at one error budget: what every tenant with that budget shares. */
interface PairCase {
  /** The case's name after `<alert> <tenant>: `. */
  readonly title: string;
  readonly evaluationInterval: string;
  readonly segments: readonly TrafficSegment[];
  /** At each check, the severities firing and their values (the alerts then carry the tenant's labels). */
  readonly checks: ReadonlyArray<{ readonly at: string; readonly firing: ReadonlyArray<[Severity, number]> }>;
  /** Set when the model contradicts the case: a mistake in this file, reported for the first tenant. */
  readonly problem?: string;
}

/** Tenants of a tier share their budget, and so their cases: each pair's are worked out once per budget. */
const pairCasesByBudget = new Map<BurnRatePolicy, Map<BurnWindows, Map<number, readonly PairCase[]>>>();

function pairCasesAt(policy: BurnRatePolicy, pair: BurnWindows, budget: number): readonly PairCase[] {
  let byPair = pairCasesByBudget.get(policy);
  if (!byPair) pairCasesByBudget.set(policy, (byPair = new Map()));
  let byBudget = byPair.get(pair);
  if (!byBudget) byPair.set(pair, (byBudget = new Map()));
  let cases = byBudget.get(budget);
  if (!cases) byBudget.set(budget, (cases = modelPairCases(policy, pair, budget)));
  return cases;
}

/**
 * Two cases per window pair: at its factor plus 1% the severity fires with that pair's long-window
 * burn rate once `for` has passed, and is pending just before; at minus 1% the pair does not hold
 * with both its windows full. A pair with longer windows beside it in the same severity would
 * hide the tested one, so the traffic starts quiet long enough for those to stay below their
 * factor. Whatever else fires meanwhile (the other severity, the other pair later) is expected
 * too, as the model predicts it: promtool compares the whole set.
 */
function modelPairCases(policy: BurnRatePolicy, pair: BurnWindows, budget: number): PairCase[] {
  const step = TEST_STEP_SECONDS[policy.severity];
  const longer = policy.windows.map((w) => seconds(w.long) - seconds(pair.long)).filter((d) => d > 0);
  const quietUntil = roundUp(Math.max(0, ...longer), step);
  const full = quietUntil + seconds(pair.long);
  // Windows include both ends: one more step until the long one holds burst samples only.
  const afterFor = full + step + roundUp(seconds(policy.for), step);
  const evaluationInterval = duration(step);
  const caseFor = (side: 'fires' | 'silent'): PairCase | undefined => {
    const bad = Math.round(pair.factor * (1 + (side === 'fires' ? MARGIN : -MARGIN)) * budget * EVENTS_PER_SAMPLE);
    // A burn this fast would need more bad events than there are: this pair can never fire for this objective.
    if (bad > EVENTS_PER_SAMPLE) return undefined;
    const burn = bad / EVENTS_PER_SAMPLE / budget;
    const timeline = simulate({ quietUntil, bad }, budget, step, afterFor + step);
    const at = (t: number) => timeline.find((x) => x.t === t)!.states;
    const checksAt = (times: readonly number[]) =>
      times.map((t) => ({
        at: duration(t),
        firing: [...at(t)].filter(([, s]) => s.firing).map(([severity, s]): [Severity, number] => [severity, s.value]),
      }));
    const segments = [
      ...(quietUntil ? [{ steps: quietUntil / SAMPLE_SECONDS, total: EVENTS_PER_SAMPLE, bad: 0 }] : []),
      { steps: (afterFor + step - quietUntil) / SAMPLE_SECONDS, total: EVENTS_PER_SAMPLE, bad },
    ];
    const title = `${policy.severity} ${side === 'fires' ? 'fires' : 'silent'} at ${rate(burn)}x over ${pair.long} and ${pair.short} (budget ${budget})`;
    const base = { title, evaluationInterval, segments };
    if (side === 'fires') {
      const fired = timeline.find((x) => x.states.get(policy.severity)!.firing);
      const state = fired?.states.get(policy.severity);
      if (!fired || !state || fired.t > afterFor || state.holding[0] !== pair)
        return {
          ...base,
          checks: [],
          problem: `the model does not fire this pair by ${duration(afterFor)}; the case is wrong`,
        };
      return { ...base, checks: checksAt([state.activeAt!, fired.t]) };
    }
    const silentAt = [full, afterFor];
    if (
      at(full).get(policy.severity)!.activeAt !== undefined ||
      silentAt.some((t) => at(t).get(policy.severity)!.holding.includes(pair))
    ) {
      return { ...base, checks: [], problem: 'the model has the pair hold below its factor; the case is wrong' };
    }
    return { ...base, checks: checksAt(silentAt) };
  };
  return [caseFor('fires'), caseFor('silent')].filter((c): c is PairCase => c !== undefined);
}

/** A pair's cases for one tenant: its budget's, with its own series, labels and name. */
function pairCases(
  spec: SloSpec,
  tenant: Tenant,
  name: string,
  policy: BurnRatePolicy,
  pair: BurnWindows,
): AlertTestCase[] {
  const labels = { tenant: tenant.id, slo: spec.id };
  return pairCasesAt(policy, pair, errorBudget(spec.objective(tenant))).map((c) => {
    const title = `${name} ${tenant.id}: ${c.title}`;
    const inputs = spec.traffic(tenant.id, c.segments);
    if (c.problem) throw new Error(`${title}: ${c.problem}`);
    return {
      name: title,
      interval: SAMPLE_INTERVAL,
      evaluationInterval: c.evaluationInterval,
      inputs,
      checks: c.checks.map((check) => ({
        at: check.at,
        firing: check.firing.map(([severity, value]) => ({ severity, labels, value, tenant })),
      })),
    };
  });
}

/** For every severity and window pair, at the tenant's own error budget. */
export function sloBurnCases(spec: SloSpec, tenant: Tenant, name: string): AlertTestCase[] {
  return burnRatePolicies.flatMap((policy) =>
    policy.windows.flatMap((pair) => pairCases(spec, tenant, name, policy, pair)),
  );
}

/**
 * For all the tenants one rule serves at once: without any of the SLI's series each fires once
 * `for` has passed; once they report, none does.
 */
export function sloPresenceCases(
  spec: SloSpec,
  tenants: readonly Tenant[],
  name: string,
  o: { severity: Severity; for: string; window: string },
): AlertTestCase[] {
  const step = SAMPLE_SECONDS;
  const firingAt = seconds(o.for);
  const horizon = firingAt + seconds(o.window) + step;
  const common = { interval: duration(step), evaluationInterval: duration(step) };
  const who = tenants.length <= 5 ? tenants.map((t) => t.id).join(', ') : `${tenants.length} tenants`;
  return [
    {
      name: `${name} ${who}: fires after ${o.for} without series`,
      ...common,
      inputs: [],
      checks: [
        { at: duration(firingAt - step), firing: [] },
        {
          at: duration(firingAt),
          firing: tenants.map((tenant) => ({ severity: o.severity, labels: { tenant: tenant.id }, value: 1, tenant })),
        },
      ],
    },
    {
      name: `${name} ${who}: silent while their series are scraped`,
      ...common,
      inputs: tenants.flatMap((t) => spec.traffic(t.id, [{ steps: horizon / step, total: EVENTS_PER_SAMPLE, bad: 0 }])),
      checks: [
        { at: duration(firingAt), firing: [] },
        { at: duration(horizon), firing: [] },
      ],
    },
  ];
}
