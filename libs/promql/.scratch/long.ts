import { parse } from '../src/index.ts';
const q = Array.from({ length: 100 }, (_, i) => `http_requests_total{tenant="acme", route="/api/v1/resource/${i}"}`).join(' or ') + ' or rate(up)';
const t = performance.now();
console.log(q.length, parse(q).diagnostics, performance.now() - t);
