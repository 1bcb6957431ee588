import { parse, walk, type Selector } from '@plotwatch/promql';
import type { RecordingRule, RuleGroup } from '../model/model.ts';

/** A rule file as the build writes it: its path and groups, in evaluation order. */
export interface RuleFile {
  readonly path: string;
  readonly groups: readonly RuleGroup[];
}

/**
 * Parsed once per expression shape. No recording rule is told apart by its tenant, so the tenant
 * matcher is dropped first: a thousand tenants' copies of a rule then share one parse.
 */
const parsedSelectors = new Map<string, readonly Selector[]>();
function selectorsOf(expr: string): readonly Selector[] {
  const shape = expr.replace(/tenant="[^"]*"(, )?/g, '');
  let selectors = parsedSelectors.get(shape);
  if (!selectors) parsedSelectors.set(shape, (selectors = walk(shape, parse(shape).tree).selectors));
  return selectors;
}

/**
 * Whether a recording rule writes series this selector can match: same name, no equality matcher
 * contradicting its labels.
 */
function produces(rule: RecordingRule, selector: Selector): boolean {
  if (rule.record !== selector.metric) return false;
  return selector.matchers.every(
    (m) => m.op !== '=' || rule.labels?.[m.label] === undefined || rule.labels[m.label] === m.value,
  );
}

/**
 * The files whose recording rules the expressions read, directly or through other recorded
 * series, in the order of `files`. A promtool test loads only these: promtool evaluates every
 * rule of every loaded file at every step, so unrelated rules only cost time.
 */
export function filesNeeded(exprs: readonly string[], files: readonly RuleFile[]): RuleFile[] {
  const needed = new Set<RuleFile>();
  const seen = new Set<RecordingRule>();
  const pending = [...exprs];
  while (pending.length) {
    for (const selector of selectorsOf(pending.pop()!)) {
      for (const file of files) {
        for (const rule of recordingRulesOf(file).get(selector.metric ?? '') ?? []) {
          if (seen.has(rule) || !produces(rule, selector)) continue;
          seen.add(rule);
          needed.add(file);
          pending.push(rule.expr);
        }
      }
    }
  }
  return files.filter((f) => needed.has(f));
}

/**
 * A file's recording rules by the series they record. Indexed once per list of groups: every
 * alert's test asks the same files (a thousand tenants' threshold rules among them), and mimir
 * tenants' files share their recording groups.
 */
const recordingIndex = new WeakMap<readonly RuleGroup[], ReadonlyMap<string, readonly RecordingRule[]>>();
function recordingRulesOf(file: RuleFile): ReadonlyMap<string, readonly RecordingRule[]> {
  let index = recordingIndex.get(file.groups);
  if (!index) {
    const byRecord = new Map<string, RecordingRule[]>();
    for (const rule of file.groups.flatMap((g) => g.rules))
      if ('record' in rule) {
        const rules = byRecord.get(rule.record);
        if (rules) rules.push(rule);
        else byRecord.set(rule.record, [rule]);
      }
    recordingIndex.set(file.groups, (index = byRecord));
  }
  return index;
}
