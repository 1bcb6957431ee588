/**
 * Headless use of the linter of `@prometheus-io/codemirror-promql` (the Prometheus UI's type
 * checker) on a lezer-promql tree. Its package entry is CommonJS, and the editor state it reads
 * must be built from the same CommonJS copies of `@codemirror/*`, or the state would not know
 * the language; so all of it is loaded through `require`. Nothing here touches a browser API.
 * The linter parses the expression again with its own (CommonJS) copy of the same grammar: that
 * keeps the tree we hand out free of the CommonJS declarations, for a fraction of a millisecond.
 */
import { createRequire } from 'node:module';
import type { Diagnostic } from '../diagnostic.ts';

const require = createRequire(import.meta.url);
// Typed as what `require` returns: the CommonJS declarations, which TypeScript keeps apart from the ESM ones.
const { EditorState } = require('@codemirror/state') as typeof import('@codemirror/state', {
  with: { 'resolution-mode': 'require' },
});
const { ensureSyntaxTree, syntaxTreeAvailable } = require('@codemirror/language') as typeof import(
  '@codemirror/language',
  { with: { 'resolution-mode': 'require' } }
);
const { LanguageType, promQLLanguage } =
  require('@prometheus-io/codemirror-promql') as typeof import('@prometheus-io/codemirror-promql');
const { Parser: TypeChecker } =
  require('@prometheus-io/codemirror-promql/dist/cjs/parser/index.js') as typeof import('@prometheus-io/codemirror-promql/dist/cjs/parser/index.js');

type EditorState = import('@codemirror/state', { with: { 'resolution-mode': 'require' } }).EditorState;

const promql = promQLLanguage(LanguageType.PromQL);
/** Only `\n` breaks lines, so a `\r` stays a character and offsets stay those of the input. */
const keepCarriageReturns = EditorState.lineSeparator.of('\n');
const FULL_PARSE_TIMEOUT_MS = 10_000;

/**
 * An editor state only parses a first screenful within a time budget; a long query gets the
 * rest parsed here, and an empty transaction makes the state adopt the finished tree.
 */
function fullyParsedState(expr: string): EditorState {
  const state = EditorState.create({ doc: expr, extensions: [promql, keepCarriageReturns] });
  if (syntaxTreeAvailable(state, expr.length)) return state;
  if (!ensureSyntaxTree(state, expr.length, FULL_PARSE_TIMEOUT_MS))
    throw new Error(`PromQL parse did not finish within ${FULL_PARSE_TIMEOUT_MS} ms`);
  return state.update({}).state;
}

/** The linter names types `vector` and `matrix`; Prometheus (and promtool) says `instant vector` and `range vector`. */
function withPrometheusTypeNames(message: string): string {
  return message.replace(
    /\b(type|got) (vector|matrix)\b/g,
    (_, lead: string, type: string) => `${lead} ${type === 'matrix' ? 'range' : 'instant'} vector`,
  );
}

/** The linter's diagnostics for an expression; meaningful only when it has no syntax errors. */
export function typeErrors(expr: string): Diagnostic[] {
  const checker = new TypeChecker(fullyParsedState(expr));
  checker.analyze();
  return checker.getDiagnostics().map((d) => ({
    from: d.from,
    to: d.to,
    message: withPrometheusTypeNames(d.message),
    severity: d.severity === 'error' ? 'error' : 'warning',
  }));
}
