export type { Diagnostic } from './diagnostic.ts';
export { parse, validatePromql, type ParseResult, type PromqlParser } from './parser.ts';
export { parseDuration } from './lezer/duration.ts';
export {
  substituteVariables, validateQuery, type Substitution, type SubstitutionOptions, type TemplateVariable, type VariableContext,
} from './template.ts';
export {
  walk, type Aggregation, type BinaryOperation, type CallSite, type FunctionCall, type Grouping, type LabelMatcher, type MatchOperator,
  type Modifiers, type Selector, type Span, type Subquery, type VectorMatching, type WalkResult,
} from './walk.ts';
export { caret, lint, SYNTAX_CHECK } from './lint.ts';
export { checks, type Check, type CheckInput, type Finding, type LintContext } from './checks/index.ts';
export { duplicateRules, type RuleIdentity } from './checks/rule/duplicate.ts';
export { corpus, type CorpusCase } from './corpus.ts';
export { expandRecorded, type Recording } from './expand.ts';
