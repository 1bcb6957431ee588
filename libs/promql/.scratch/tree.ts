import { parser } from '@prometheus-io/lezer-promql';
for (const q of process.argv.slice(2)) {
  const tree = parser.parse(q);
  const out: string[] = [];
  tree.iterate({ enter: (n) => { out.push(`${n.type.isError ? '⚠' : n.name}[${n.from},${n.to}]${JSON.stringify(q.slice(n.from, n.to)).slice(0, 20)}`); }, leave: () => { out.push(')'); } });
  console.log(q, '\n  ', out.join(' ').replace(/ \)/g, ')'));
}
