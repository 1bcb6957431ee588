import { corpus } from '../src/corpus.ts';
import { parse } from '../src/parser.ts';
import { checkWithPromtool } from '../src/promtool-oracle.ts';
const t0 = performance.now();
const verdicts = checkWithPromtool(corpus.map((c) => c.expr));
const t1 = performance.now();
let n = 0;
corpus.forEach((c, i) => {
  const v = verdicts[i]!;
  const ours = parse(c.expr).diagnostics;
  const oursValid = !ours.some((d) => d.severity === 'error');
  if (v.valid !== c.valid || oursValid !== v.valid || process.argv[2] === 'all') {
    n++;
    console.log(`${v.valid !== c.valid ? 'MARK' : '    '} ${oursValid !== v.valid ? 'OURS' : '    '} ${JSON.stringify(c.expr)} promtool=${v.valid ? 'ok' : v.error} | ours=${ours.map((d) => `${d.from}-${d.to} ${d.message}`).join('; ')}`);
  }
});
console.log(corpus.length, 'cases', n, 'shown', 'promtool ms', (t1 - t0).toFixed(0), 'ours ms', (performance.now() - t1).toFixed(0));
