// The rules importer: pure functions the `plotwatch import rules` command calls in order.
export { readRuleFile, RuleFileError, type ReadRuleFile, type ReadRule, type ReadGroup } from './read.ts';
export {
  planRules,
  RulePlanError,
  summarizeRulePlan,
  type NewThreshold,
  type RulePlan,
  type RulePlanOptions,
} from './plan.ts';
export { renderRuleModules, type RenderedFile, type RenderedRules, type RuleRegistries } from './render.ts';
export { deriveProof, type DerivedProof, type Derivation } from './derive.ts';
export { buildFindings, uncataloguedMetrics } from './findings.ts';
