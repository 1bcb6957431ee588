/**
 * PromQL parsing with the Prometheus team's lezer grammar, read as Prometheus 2.42 reads it (keywords.ts,
 * go-lexer-view.ts): syntax errors from the tree, type errors from our type checker (the Go parser's
 * `checkAST`), and checks of our own for what the Go parser rejects beyond those. Type checks run only on a
 * tree without syntax errors, as in the Go parser. Long flat operator chains and deep nesting, which lezer
 * cannot take whole, are checked in parts (long-chains.ts, deep-nesting.ts).
 */
import type { Tree } from '@lezer/common';
import { error, hasErrors, sortAndDedupe, type Diagnostic } from '../diagnostic.ts';
import type { ParseResult, PromqlParser } from '../parser.ts';
import { DEFAULT_TARGET, type PrometheusTarget } from '../versions.ts';
import { goParserChecks } from './go-parser-checks.ts';
import { asLezerReadsIt, nestingDepth } from './go-lexer-view.ts';
import { prometheus242Parser, prometheus3Parser } from './keywords.ts';
import { analyseInParts } from './deep-nesting.ts';
import type { Analysis } from './long-chains.ts';
import { NodeChecksPass, visitTree } from './node-checks.ts';
import { versionChecks } from './prometheus-2-42.ts';
import { syntaxErrors } from './syntax-checks.ts';
import { TypeChecker } from './type-checker.ts';

/**
 * lezer gives up on nesting deeper than its parse stack (about 1,400 nested calls, 2,800 parentheses), with a
 * syntax error where it stopped, and builds the tree of deeper nesting still by recursion. deep-nesting.ts
 * takes bracketed nesting in parts; what is left past this depth (a run of thousands of unary signs) gets a
 * finding that says what it most likely is. Prometheus has no such limit.
 */
const DEEP_NESTING = 1000;
/** Beyond any depth lezer parses (parentheses, its cheapest level): not handed to it at all. */
const DEEPEST_LEZER_PARSES = 2800;

function tooDeep(expr: string, depth: number): Diagnostic {
  return error(
    0,
    expr.length,
    `expression nested ${depth} deep: too deep for this validator; Prometheus itself has no such limit`,
  );
}

/** The parser for one target Prometheus: its keywords, its lexer's quirks and its version checks. */
function lezerParserFor(target: PrometheusTarget): PromqlParser {
  const prometheus3 = target.version === '3.x';
  const lezer = prometheus3 ? prometheus3Parser : prometheus242Parser;
  const lettersAsColon = !prometheus3;
  const nodeChecks = [...goParserChecks, ...versionChecks(target)];

  /** lezer's tree, or undefined past the depth its tree building can recurse to. */
  function lezerTree(lezerText: string): Tree | undefined {
    try {
      return lezer.parse(lezerText);
    } catch (e) {
      if (e instanceof RangeError) return undefined;
      throw e;
    }
  }

  function analyseTree(tree: Tree, text: string): Analysis {
    const syntax = syntaxErrors(text, tree);
    if (syntax.length > 0) return { diagnostics: syntax, type: undefined };
    // One walk for both passes.
    const checks = new NodeChecksPass(text, nodeChecks);
    const typeChecker = new TypeChecker(text);
    visitTree(tree, [checks, typeChecker]);
    const types = typeChecker.result();
    return { diagnostics: sortAndDedupe([...types.diagnostics, ...checks.diagnostics]), type: types.type };
  }

  /** [from, to) of the text only, its first characters replaced by `prefix`; positions in the whole text. */
  function analyse(lezerText: string, text: string, from: number, to: number, prefix = ''): Analysis {
    const start = from + prefix.length;
    const part = analyseTree(lezer.parse(prefix + lezerText.slice(start, to)), prefix + text.slice(start, to));
    return {
      diagnostics: part.diagnostics.map((d) => ({ ...d, from: d.from + from, to: d.to + from })),
      type: part.type,
    };
  }

  /**
   * lezer's tree of an expression it cannot parse whole: with a syntax error where it gave up, or, past the
   * depth its tree building can recurse to, the tree of an empty expression. For walk() only: the diagnostics
   * come from the parts.
   */
  function bestEffortTree(lezerText: string): Tree {
    return lezerTree(lezerText) ?? lezer.parse('');
  }

  const parserOf: PromqlParser = {
    parse(expr): ParseResult {
      const lezerText = asLezerReadsIt(expr, lettersAsColon);
      const parts = analyseInParts(lezerText, expr, analyse);
      if (!parts) {
        if (expr.length > 2 * DEEPEST_LEZER_PARSES) {
          const depth = nestingDepth(expr);
          if (depth > DEEPEST_LEZER_PARSES) return { tree: lezer.parse(''), diagnostics: [tooDeep(expr, depth)] };
        }
        const tree = lezerTree(lezerText);
        if (!tree) return { tree: lezer.parse(''), diagnostics: [tooDeep(expr, nestingDepth(expr))] };
        const { diagnostics } = analyseTree(tree, expr);
        if (hasErrors(diagnostics) && diagnostics.some((d) => d.message.startsWith('unexpected'))) {
          const depth = nestingDepth(expr);
          if (depth > DEEP_NESTING) return { tree, diagnostics: [tooDeep(expr, depth)] };
        }
        return { tree, diagnostics };
      }
      const diagnostics: readonly Diagnostic[] = sortAndDedupe(parts.diagnostics);
      let tree: Tree | undefined;
      return {
        get tree() {
          tree ??= bestEffortTree(lezerText);
          return tree;
        },
        diagnostics,
      };
    },
  };
  return parserOf;
}

const parsers = new Map<string, PromqlParser>();

/** One parser per target (version and flags), built on first use. */
export function lezerParserForTarget(target: PrometheusTarget): PromqlParser {
  const key = `${target.version}/${[...target.features].sort().join(',')}`;
  let found = parsers.get(key);
  if (!found) parsers.set(key, (found = lezerParserFor(target)));
  return found;
}

export const lezerParser: PromqlParser = lezerParserForTarget(DEFAULT_TARGET);
