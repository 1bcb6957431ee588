import type { DashboardDefinition } from '@plotwatch/grafana';
import { dashboardSchemaErrors, toSchemaV2 } from '@plotwatch/grafana';
import { environments, personas, platform, type PersonaId, type Tenant } from '@plotwatch/platform';
import { lint } from '@plotwatch/promql';
import { demoTenants, REPO_ROOT } from '@plotwatch/testing';
import { ESLint } from 'eslint';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoPrinter, type GoPrinter } from '../shared/test-support.ts';
import { compareDashboards, type Difference } from './compare.ts';
import type { DashboardJson } from './model.ts';
import { planDashboard, type DashboardPlan } from './plan.ts';
import { readDashboard } from './read.ts';
import { renderDefinition } from './render.ts';
import { formatSummary } from './summary.ts';

// Required, not imported: an import of the compiler's 9 MB CommonJS file has Node scan it for its exports
// first (0.35 s of CPU), and only the default export is used.
const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');

const CORPUS = join(import.meta.dirname, '../fixtures/dashboards');
const OWN = join(import.meta.dirname, '__fixtures__');
/** Where generated modules are written so their `@plotwatch/*` imports resolve (gitignored, removed after). */
const TMP = join(REPO_ROOT, 'dashboards', `.import-tmp-${process.pid}`);

interface Fixture {
  readonly file: string;
  readonly slug: string;
  readonly scope: 'tenant' | 'platform';
  readonly persona: PersonaId;
}

/** Our own fixtures say their scope in their name; the public corpus has no tenant label: platform. */
function fixtures(): Fixture[] {
  const files = [
    ...(existsSync(CORPUS) ? readdirSync(CORPUS).map((f) => join(CORPUS, f)) : []),
    ...readdirSync(OWN).map((f) => join(OWN, f)),
  ].filter((f) => f.endsWith('.json'));
  return files.sort().map((file) => {
    const name = basename(file, '.json');
    const tenant = name.startsWith('narrative-');
    return {
      file,
      slug: name.replace(/^narrative-/, '').slice(0, 24),
      scope: tenant ? 'tenant' : 'platform',
      persona: 'ops',
    };
  });
}

function context(tenant: Tenant | undefined, persona: PersonaId) {
  return { ...(tenant ? { tenant } : {}), persona: personas[persona], env: environments.prod, platform };
}

function build(definition: DashboardDefinition, tenant: Tenant | undefined): DashboardJson {
  const builder =
    definition.scope === 'tenant'
      ? definition.build(context(tenant, definition.persona) as never)
      : definition.build(context(undefined, definition.persona) as never);
  return JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
}

/** A difference the summary named: a panel it kept raw (its JSON as is, so only its queries' tenant changes). */
function listedAsRaw(d: Difference, plan: DashboardPlan): boolean {
  return d.panel !== undefined && plan.summary.keptRaw.some((r) => r.title === d.panel);
}

let printer: GoPrinter;
let eslint: ESLint;
const results: string[] = [];

beforeAll(async () => {
  printer = await startGoPrinter();
  mkdirSync(TMP, { recursive: true });
  eslint = new ESLint({ cwd: REPO_ROOT });
}, 60_000);

afterAll(async () => {
  rmSync(TMP, { recursive: true, force: true });
  await printer?.stop();
  console.log(`dashboard round trip:\n${results.join('\n')}`);
});

describe('dashboard round trip: import, render, build, compare', () => {
  const tenants = demoTenants().slice(0, 2);

  it.each(fixtures())(
    '$slug ($scope)',
    async (fixture) => {
      const read = readDashboard(readFileSync(fixture.file, 'utf8'), fixture.file);
      const plan = planDashboard(read, { persona: fixture.persona, slug: fixture.slug, scope: fixture.scope });
      const source = await renderDefinition(plan);
      const modulePath = join(TMP, `${fixture.slug}.ts`);
      writeFileSync(modulePath, source);

      // Formatted and lint-clean as the repository's own dashboards are.
      const config = await prettier.resolveConfig(modulePath);
      expect(await prettier.check(source, { ...config, filepath: modulePath }), 'prettier --check').toBe(true);
      const [lintResult] = await eslint.lintText(source, { filePath: modulePath });
      expect(lintResult!.messages.map((m) => `${m.line}:${m.column} ${m.message} [${m.ruleId}]`)).toEqual([]);

      const module = (await import(pathToFileURL(modulePath).href)) as Record<string, DashboardDefinition>;
      const definition = module[plan.exportName]!;
      expect(definition.scope).toBe(fixture.scope);

      const builtFor = fixture.scope === 'tenant' ? tenants : [undefined];
      const lines: string[] = [];
      for (const tenant of builtFor) {
        const built = build(definition, tenant);
        // What `plotwatch build` checks: Grafana's schemas, the plugins' options of the version it targets
        // included (the importer leaves out, and names, the options of other versions).
        expect(dashboardSchemaErrors(built as never), `${fixture.slug}: schema findings`).toEqual([]);
        // Dev and staging build schema v2 too: every imported dashboard converts.
        expect(() => toSchemaV2(built as never)).not.toThrow();
        const diffs = await compareDashboards(read.dashboard, built, { tenantId: tenant?.id, format: printer.format });
        const unexplained = diffs.filter((d) => !listedAsRaw(d, plan));
        const raw = diffs.filter((d) => listedAsRaw(d, plan)).length;
        lines.push(
          `${tenant ? `tenant ${tenant.id}: ` : ''}${diffs.length} differences${raw ? ` (${raw} in panels the summary lists as kept raw)` : ''}`,
        );
        expect(unexplained, `${fixture.slug}: differences\n${JSON.stringify(unexplained, null, 1)}`).toEqual([]);
      }
      const s = plan.summary;
      results.push(
        `  ${basename(fixture.file)} (${fixture.scope}): ${lines.join('; ')}; ${s.converted.length} panels converted, ${s.keptRaw.length} kept raw, ${s.queries.rewritten}/${s.queries.total} queries rewritten, ${s.missingMetrics.length} metrics missing`,
      );
      expect(formatSummary(plan.summary)).toContain('panels');
    },
    60_000,
  );
});

describe('the generated modules', () => {
  it('typecheck with the definitions’ compiler options', () => {
    const files = readdirSync(TMP)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(TMP, f));
    expect(files.length).toBeGreaterThan(0);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(REPO_ROOT, 'dashboards/tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const program = ts.createProgram({ rootNames: files, options: config.options });
    // The generated modules' own diagnostics (and the program's): what they import is checked where it
    // is defined (each package's tsc); checking its 650 files again here was half of the check's 3 s.
    // A module can put no error into another file (no globals, no augmentations) that it does not show itself.
    const errors = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...files.flatMap((file) => {
        const source = program.getSourceFile(file)!;
        return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      }),
    ].map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('an imported tenant dashboard selects only its tenant', () => {
  it('every query of the narrative fixture, built for two tenants, passes the tenant-isolation check', async () => {
    const file = join(OWN, 'narrative-story-health.json');
    const read = readDashboard(readFileSync(file, 'utf8'), file);
    const plan = planDashboard(read, { persona: 'ops', slug: 'story-health-iso', scope: 'tenant' });
    const modulePath = join(TMP, 'story-health-iso.ts');
    writeFileSync(modulePath, await renderDefinition(plan));
    const module = (await import(pathToFileURL(modulePath).href)) as Record<string, DashboardDefinition>;
    const definition = module[plan.exportName]!;
    const [first, second] = demoTenants().filter((t) => t.tenancy !== 'mimir');
    for (const tenant of [first!, second!]) {
      const built = build(definition, tenant);
      const exprs = (built.panels ?? [])
        .flatMap((p) => [p, ...(p.panels ?? [])])
        .flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''))
        .filter(Boolean);
      expect(exprs.length).toBeGreaterThan(10);
      const findings = exprs.flatMap((expr) =>
        lint(expr, { origin: 'dashboard', tenant: tenant.id, scrapeIntervalSeconds: 30, recorded: new Set() })
          .filter((f) => f.check === 'promql/tenant-isolation')
          .map((f) => `${expr}: ${f.message}`),
      );
      expect(findings).toEqual([]);
      // What the build's other checks say of the built queries is what the summary said they would.
      const said = new Set(plan.summary.checks.map((c) => `${c.message} [${c.check}]`));
      const found = new Set(
        exprs.flatMap((expr) =>
          lint(expr, { origin: 'dashboard', tenant: tenant.id, scrapeIntervalSeconds: 30, recorded: new Set() })
            .filter((f) => f.check !== 'promql/unknown-metric')
            .map((f) => `${f.message.replaceAll(tenant.id, '<tenant>')} [${f.check}]`),
        ),
      );
      expect([...found].sort()).toEqual([...said].sort());
      // And no other tenant's id appears anywhere in its queries.
      for (const other of demoTenants().filter((t) => t.id !== tenant.id))
        expect(exprs.filter((e) => e.includes(`"${other.id}"`))).toEqual([]);
    }
  });
});
