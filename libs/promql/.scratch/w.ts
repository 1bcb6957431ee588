import { walk, substituteVariables, validateQuery } from '../src/index.ts';
for (const q of process.argv.slice(2)) console.log(q, JSON.stringify(walk(q), null, 0));
const s = substituteVariables('sum by (${grp}) (rate(http_requests_total{tenant="$tenant", route=~"${route:regex}"}[$__rate_interval])) / $__range_s > $threshold offset [[off]]');
console.log(s.text, s.variables.map(v => `${v.name}:${v.context}`));
console.log(validateQuery('rate(x{a="$a"}[$__interval]) > $__interval'));
console.log(validateQuery('rate($metric{a="$a"}[$__interval]) + '));
