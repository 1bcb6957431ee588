import type { PrometheusTarget } from '../versions.ts';
import type { WalkResult } from '../walk.ts';
import type { RuleIdentity } from './rule/duplicate.ts';

/** Where an expression lives, as far as the checks need to know. */
export interface LintContext {
  /** A dashboard query (may hold template variables), a recording rule or an alerting rule. */
  readonly origin: 'dashboard' | 'record' | 'alert';
  /** The tenant of a tenant-scoped artifact: every tenant-labelled selector must match exactly it. */
  readonly tenant?: string;
  /** The artifact queries the tenant's own datasource (mimir mode): isolation is the datasource's job. */
  readonly ownDatasource?: boolean;
  readonly scrapeIntervalSeconds: number;
  /** Names of the series the repo's recording rules produce. */
  readonly recorded: ReadonlySet<string>;
  /** The rule the expression belongs to. */
  readonly rule?: { readonly record?: string; readonly for?: string };
  /** Bounds of an alert's `for`, in seconds. */
  readonly alertFor?: { readonly min: number; readonly max: number };
  /** The Prometheus the expression must load in (the environment's); 2.42 when absent. */
  readonly target?: PrometheusTarget;
}

export interface Finding {
  /** The check's id, e.g. `promql/unknown-metric`: its file under checks/ and its heading in docs/checks.md. */
  readonly check: string;
  readonly message: string;
  /** Offsets into the expression as written (template variables included). */
  readonly from: number;
  readonly to: number;
}

export interface CheckInput {
  /** The parsed text: template variables already replaced by stand-ins. */
  readonly expr: string;
  /** The text as written. */
  readonly original: string;
  /** Maps an offset in `expr` to one in `original`. */
  readonly toOriginal: (offset: number) => number;
  readonly walk: WalkResult;
  readonly ctx: LintContext;
}

/** What docs/checks.md shows of a check, besides its cases. */
export interface CheckDoc {
  /**
   * The check's id, `<namespace>/<name>` (`promql/unknown-metric`): the check lives in
   * `checks/<id>.ts`, its test in `checks/<id>.test.ts`, and its entry in docs/checks.md is
   * headed by the id (anchor `#promql-unknown-metric`).
   */
  readonly name: string;
  /** One line: what it finds and why that is wrong. */
  readonly doc: string;
  /** A short paragraph: why it matters and how to fix it. */
  readonly details: string;
}

/** One row of an expression check's table: good when `finds` is absent. */
export interface ExpressionCase {
  readonly expr: string;
  /** Overrides of EXAMPLE_CONTEXT (checks/examples.ts). */
  readonly ctx?: Partial<LintContext>;
  /** The message of the one finding the check must produce for a bad case. */
  readonly finds?: RegExp;
}

/** One row of a rule-set check's table (rule/duplicate): good when `finds` is absent. */
export interface RuleSetCase {
  /** What this case shows, e.g. "threshold series of two tenants". */
  readonly title: string;
  readonly rules: readonly RuleIdentity[];
  /** The message of the one finding the check must produce for a bad case. */
  readonly finds?: RegExp;
}

export type CheckCase = ExpressionCase | RuleSetCase;

/** An entry of the registry (checks/index.ts): documented, with good and bad cases. */
export interface RegisteredCheck extends CheckDoc {
  readonly cases: readonly CheckCase[];
}

/** A check over one expression in its context, run by `lint()`. */
export interface Check extends RegisteredCheck {
  readonly cases: readonly ExpressionCase[];
  /** Findings with positions in `expr`; the runner maps them to the original text. */
  run(input: CheckInput): Array<Omit<Finding, 'check'>>;
}

/** Functions that turn a counter into something meaningful. */
export const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);
/** Functions that tell whether a series exists, whatever its type. */
export const PRESENCE_FUNCTIONS = new Set([
  'absent',
  'absent_over_time',
  'present_over_time',
  'count_over_time',
  'timestamp',
  'changes',
]);
export const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
