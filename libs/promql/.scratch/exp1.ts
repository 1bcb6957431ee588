import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const t0 = performance.now();
const { EditorState } = require('@codemirror/state') as typeof import('@codemirror/state');
const { syntaxTree, ensureSyntaxTree, syntaxTreeAvailable } = require('@codemirror/language') as typeof import('@codemirror/language');
const { promQLLanguage, LanguageType } = require('@prometheus-io/codemirror-promql') as typeof import('@prometheus-io/codemirror-promql');
const { Parser } = require('@prometheus-io/codemirror-promql/dist/cjs/parser/index.js') as typeof import('@prometheus-io/codemirror-promql/dist/cjs/parser/index.js');
console.log('load ms', performance.now() - t0);
const lang = promQLLanguage(LanguageType.PromQL);
for (const q of ['rate(x)', 'sum(rate(x[5m])', 'foo{bar=}', 'rate(x[5m])', '1 > 2', '{}', 'x[1h] offset -5m', 'sum by (a) (x) + on(b) group_left(c) y', 'foo bar', 'x +', '-1^2', 'topk(3, x)', 'topk("a", x)', 'count_values(1, x)', 'x @ start()', 'x{a=~"(" }', 'limitk(1, x)', 'info(x)', 'x[1h30m]', 'x[5m:]', 'x[5m:1m] offset 1h']) {
  const t1 = performance.now();
  const state = EditorState.create({ doc: q, extensions: [lang] });
  const avail = syntaxTreeAvailable(state, state.doc.length);
  const p = new Parser(state);
  p.analyze();
  console.log(JSON.stringify(q), avail, syntaxTree(state).toString(), JSON.stringify(p.getDiagnostics()), (performance.now() - t1).toFixed(2));
}
