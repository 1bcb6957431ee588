import { formatTypeScript } from '../shared/format.ts';
import { print, resolveSeriesReferences, seriesReferences, type Module } from './code.ts';
import { camelCase } from './plan.ts';
import type { DashboardPlan } from './plan.ts';

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);

/** `dashboards/<persona>/<slug>.ts`: the definition, formatted, its imports sorted and all used. */
export async function renderDefinition(plan: DashboardPlan): Promise<string> {
  const imports: Array<readonly [Module, string]> = [];
  const printed = print(plan.spec as never, imports);
  const tenant = plan.scope === 'tenant';
  const scopeName = tenant ? 'scope' : 'PLATFORM_SCOPE';
  // A series read more than once is named once, as the repository's dashboards do (`const up = selector(...)`).
  const consts: string[] = [];
  const names = new Map<string, string>();
  const taken = new Set<string>(['scope', 'ctx', ...imports.map(([, name]) => name)]);
  for (const [metric, uses] of seriesReferences(printed)) {
    if (uses < 2) continue;
    let name = camelCase(metric.replace(/_total$/, ''));
    if (!/^[a-z_$]/i.test(name) || taken.has(name)) name = `${name}Series`;
    taken.add(name);
    names.set(metric, name);
    consts.push(`const ${name} = selector(${JSON.stringify(metric)}, ${scopeName});`);
  }
  const spec = resolveSeriesReferences(
    printed,
    (metric) => names.get(metric) ?? `selector(${JSON.stringify(metric)}, ${scopeName})`,
  );
  const define = tenant ? 'defineTenantDashboard' : 'definePlatformDashboard';
  imports.push(['@plotwatch/grafana', define]);
  // `scope` is the tenant's: declared once when a selector uses it.
  const usesScope = tenant && (/\bselector\([^)]*?, scope\b/.test(spec) || consts.length > 0);
  if (usesScope) imports.push(['@plotwatch/platform', 'tenantScope']);
  const usesCtx = usesScope || spec.includes('${ctx.tenant.id}');
  const byModule = new Map<Module, Set<string>>();
  for (const [module, name] of imports) byModule.set(module, (byModule.get(module) ?? new Set()).add(name));
  const importLines = [...byModule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, names]) => `import { ${[...names].sort(byName).join(', ')} } from '${module}';`);
  const declarations = [...(usesScope ? ['const scope = tenantScope(ctx.tenant.id);'] : []), ...consts];
  const body = declarations.length ? `{\n${declarations.join('\n')}\n return ${spec};\n}` : `(${spec})`;
  const source = [
    ...importLines,
    '',
    docComment(plan.doc),
    `export const ${plan.exportName} = ${define}(`,
    `  { slug: ${JSON.stringify(plan.slug)}, persona: ${JSON.stringify(plan.persona)}, source: import.meta.url },`,
    `  (${usesCtx ? 'ctx' : ''}) => ${body},`,
    ');',
    '',
  ].join('\n');
  return formatTypeScript(source);
}

/** A JSDoc comment, wrapped to the repository's width. */
function docComment(text: string): string {
  const clean = text.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();
  if (clean.length <= 112) return `/** ${clean} */`;
  const lines: string[] = [];
  let line = '';
  for (const word of clean.split(' ')) {
    if (line && line.length + word.length + 1 > 114) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return ['/**', ...lines.map((l) => ` * ${l}`), ' */'].join('\n');
}

export interface RegistryEntry {
  readonly persona: string;
  readonly slug: string;
  readonly exportName: string;
  readonly scope: 'tenant' | 'platform';
}

/**
 * `dashboards/index.ts` with the definition registered: its import among the others (sorted by
 * path), its name last in its scope's block. Unchanged when it is registered already.
 */
export function addToRegistry(indexTs: string, entry: RegistryEntry): string {
  const path = `./${entry.persona}/${entry.slug}.ts`;
  const importLine = `import { ${entry.exportName} } from '${path}';`;
  const lines = indexTs.split('\n');
  if (lines.some((l) => l.includes(`from '${path}'`))) return indexTs;
  const localImports = lines
    .map((l, i) => ({ l, i, path: /^import \{ \w+ \} from '(\.\/[^']+)';$/.exec(l)?.[1] }))
    .filter((x) => x.path !== undefined);
  const after = localImports.filter((x) => x.path! < path).at(-1);
  const before = localImports.find((x) => x.path! > path);
  const importAt = after ? after.i + 1 : before ? before.i : lines.findLastIndex((l) => l.startsWith('import ')) + 1;
  lines.splice(importAt, 0, importLine);
  const start = lines.findIndex((l) => /^export const dashboards\b/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^\];/.test(l));
  if (start < 0 || end < 0) throw new Error('dashboards/index.ts: no `export const dashboards = [...]` to register in');
  const platformMarker = lines.findIndex((l, i) => i > start && i < end && /^\s*\/\/ Platform scope/.test(l));
  const insertAt = entry.scope === 'tenant' && platformMarker > 0 ? platformMarker : end;
  lines.splice(insertAt, 0, `  ${entry.exportName},`);
  return lines.join('\n');
}
