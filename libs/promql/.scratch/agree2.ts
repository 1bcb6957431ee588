import { readFileSync } from 'node:fs';
import { parse } from '../src/parser.ts';
import { checkWithPromtool } from '../src/promtool-oracle.ts';
const exprs = readFileSync(process.argv[2]!, 'utf8').split('\n').filter((l) => l.trim());
const verdicts = checkWithPromtool(exprs);
exprs.forEach((q, i) => {
  const v = verdicts[i]!;
  const ours = parse(q).diagnostics;
  const oursValid = !ours.some((d) => d.severity === 'error');
  console.log(`${oursValid !== v.valid ? '!!' : '  '} ${JSON.stringify(q)} promtool=${v.valid ? 'ok' : v.error} | ours=${ours.map((d) => `${d.from}-${d.to} ${d.message}`).join('; ')}`);
});
