/**
 * PromQL parsing with the Prometheus team's lezer grammar: syntax errors from the tree, type
 * errors from our own type checker (the Go parser's `checkAST`), and checks of our own for what the Go parser rejects
 * beyond those two. Type checks run only on a tree without syntax errors, as in the Go parser.
 */
import { sortAndDedupe } from '../diagnostic.ts';
import type { PromqlParser } from '../parser.ts';
import { goParserChecks } from './go-parser-checks.ts';
import { prometheus242Parser } from './keywords.ts';
import { runNodeChecks } from './node-checks.ts';
import { prometheus242Checks } from './prometheus-2-42.ts';
import { syntaxErrors } from './syntax-checks.ts';
import { asLezerReadsIt } from './go-lexer-view.ts';
import { typeErrors } from './type-checker.ts';

export const lezerParser: PromqlParser = {
  parse(expr) {
    const tree = prometheus242Parser.parse(asLezerReadsIt(expr));
    const syntax = syntaxErrors(expr, tree);
    if (syntax.length > 0) return { tree, diagnostics: syntax };
    const checks = runNodeChecks(expr, tree, [...goParserChecks, ...prometheus242Checks]);
    return { tree, diagnostics: sortAndDedupe([...typeErrors(expr, tree), ...checks]) };
  },
};
