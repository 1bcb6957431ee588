export type { Diagnostic } from './diagnostic.ts';
export { parse, validatePromql, type ParseResult, type PromqlParser } from './parser.ts';
export { parseDuration } from './lezer/duration.ts';
export {
  substituteVariables,
  validateQuery,
  type Substitution,
  type SubstitutionOptions,
  type TemplateVariable,
  type VariableContext,
} from './template.ts';
export {
  walk,
  type Aggregation,
  type BinaryOperation,
  type CallSite,
  type FunctionCall,
  type Grouping,
  type LabelMatcher,
  type MatchOperator,
  type Modifiers,
  type Selector,
  type Span,
  type Subquery,
  type VectorMatching,
  type WalkResult,
} from './walk.ts';
export { lint, lintSyntax, SYNTAX_CHECK } from './lint.ts';
export { caret, formatFinding } from './format.ts';
export {
  checks,
  registry,
  type Check,
  type CheckCase,
  type CheckDoc,
  type CheckInput,
  type ExpressionCase,
  type Finding,
  type LintContext,
  type RegisteredCheck,
  type RuleSetCase,
} from './checks/index.ts';
export {
  duplicate,
  duplicateRules,
  ruleWhere,
  type DuplicateRule,
  type RuleIdentity,
} from './checks/rule/duplicate.ts';
export { describeContext, EXAMPLE_CONTEXT, examplesOf, renderBadCases, type Example } from './checks/examples.ts';
export { checkAnchor, CHECKS_DOC_PATH, renderChecksDoc } from './checks/docs.ts';
export { corpus, type CorpusCase } from './corpus.ts';
export { expandRecorded, type Recording } from './expand.ts';
export {
  DEFAULT_TARGET,
  functionAvailability,
  ruleFileFieldAvailability,
  type PrometheusTarget,
  type PrometheusVersion,
  type RuleFileField,
} from './versions.ts';
