import { createTransport, DEFAULT_NAMESPACE, DEFAULT_RETRY_POLICY } from '@plotwatch/publish';
import { TENANT_LABEL } from '@plotwatch/platform/catalog';
import { MAX_UID_LENGTH } from '@plotwatch/platform/naming';
import { PERSONAS, type PersonaId } from '@plotwatch/platform/personas';
import type { PanelLink } from '@plotwatch/rules';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { readToken } from '../publish/token.ts';
import { parseCommand, UsageError, type CommandSpec } from '../usage.ts';
import { ImportError } from './shared/errors.ts';
import { fetchDashboard, parseJson, readInput, SourceError, type ImportSource } from './source.ts';
import { writeAll, WriteConflict, type PlannedFile } from './write-files.ts';
import { missingMetrics, type MissingMetric } from './shared/catalog-entries.ts';

/** Where the command prints and what it reads; tests give their own. */
export interface ImportIo {
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  /** The repository the files are written into. */
  readonly root: string;
}

const processIo: ImportIo = {
  print: (line) => console.log(line),
  warn: (line) => console.error(line),
  env: process.env,
  stdin: process.stdin,
  root: REPO_ROOT,
};

const WRITE_OPTIONS = {
  'dry-run': { type: 'boolean', description: 'print the files and the summary; write nothing' },
  force: { type: 'boolean', description: 'replace a definition of the same name' },
} as const;

export const IMPORT_DASHBOARD = {
  name: 'import dashboard',
  summary: 'a Grafana dashboard (JSON model, export, v2 resource, or a live one) becomes a definition on the kit',
  details:
    'Writes dashboards/<persona>/<slug>.ts and its line in dashboards/index.ts, then prints what was converted,\nkept raw, rewritten, and the catalog entries its unknown metrics need.',
  positionals: '[FILE|-]',
  options: {
    persona: { type: 'string', value: 'ops|ml|product', default: 'ops', description: 'whose dashboard it becomes' },
    slug: { type: 'string', value: 'SLUG', description: "the file and uid's name (default: from the title)" },
    scope: {
      type: 'string',
      value: 'tenant|platform',
      description: 'built per tenant, or once (default: tenant when its queries match on the tenant label)',
    },
    'tenant-label': {
      type: 'string',
      value: 'LABEL',
      default: TENANT_LABEL,
      description: 'the label whose matchers become the tenant scope',
    },
    url: { type: 'string', value: 'URL', description: 'read the dashboard from this Grafana instead of a file' },
    uid: { type: 'string', value: 'UID', description: 'the dashboard to read with --url' },
    'token-env': { type: 'string', value: 'NAME', description: 'environment variable holding the API token' },
    'token-file': { type: 'string', value: 'PATH', description: 'file holding the API token' },
    namespace: {
      type: 'string',
      value: 'NS',
      default: DEFAULT_NAMESPACE,
      description: 'resource API namespace, for dashboards stored as v2',
    },
    timeout: { type: 'string', value: 'S', default: '30', description: 'seconds per request to Grafana' },
    ...WRITE_OPTIONS,
  },
  examples: [
    'plotwatch import dashboard --persona ml exported.json',
    'plotwatch import dashboard --url https://grafana.example.com --uid abc123 --token-env GRAFANA_TOKEN',
  ],
} as const satisfies CommandSpec;

export const IMPORT_RULES = {
  name: 'import rules',
  summary: 'a Prometheus rule file, PrometheusRule or mimirtool namespace becomes rule definitions on the kit',
  details:
    'Writes recording-rules/<domain>/ and alerts/<domain>/ modules and their registry lines, each alert with a\npromtool proof (or a TODO saying why none could be derived).',
  positionals: 'FILE|-',
  options: {
    domain: { type: 'string', value: 'NAME', description: 'the folder of the new modules (default: from the file)' },
    threshold: {
      type: 'string',
      value: 'ALERT=ID',
      multiple: true,
      description: "the alert's literal threshold becomes this threshold id, with per-tenant values",
    },
    persona: { type: 'string', value: 'ops|ml|product', default: 'ops', description: 'whose alerts they are' },
    dashboard: {
      type: 'string',
      value: 'PERSONA/SLUG:PANEL',
      description: 'the panel every alert links to (default: a TODO in each module)',
    },
    ...WRITE_OPTIONS,
  },
  examples: ['plotwatch import rules node-alerts.yaml --domain node --threshold NodeFilesystemAlmostFull=disk_free'],
} as const satisfies CommandSpec;

async function source(file: string | undefined, io: ImportIo, usage: string): Promise<ImportSource> {
  if (file === undefined) throw new UsageError(`give a file (or - for stdin): ${usage}`);
  return readInput(file, io.stdin);
}

/** `plotwatch import dashboard`: 0 written (or printed), 1 the input is wrong, 2 usage. */
export async function importDashboard(args: string[], io: ImportIo = processIo): Promise<number> {
  const parsed = parseCommand(IMPORT_DASHBOARD, args, io.print);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`import dashboard reads one file, got ${positionals.length}`);
  if (values.scope !== undefined && values.scope !== 'tenant' && values.scope !== 'platform')
    throw new UsageError(`--scope is tenant or platform, got "${values.scope}"`);
  return report(io, { dryRun: values['dry-run'], force: values.force }, [], async () => {
    let model: unknown;
    let name: string;
    if (values.url !== undefined) {
      if (positionals.length) throw new UsageError('give either a FILE or --url with --uid, not both');
      if (!values.uid) throw new UsageError('--url needs --uid: the dashboard to read');
      const token = await readToken({ tokenEnv: values['token-env'], tokenFile: values['token-file'] }, io.env);
      const transport = createTransport({
        url: values.url,
        token,
        timeoutMs: Number(values.timeout) * 1000,
        retry: DEFAULT_RETRY_POLICY,
      });
      model = await fetchDashboard(transport, values.uid, values.namespace);
      name = `${values.url.replace(/\/+$/, '')}/d/${values.uid}`;
    } else {
      const input = await source(positionals[0], io, 'plotwatch import dashboard FILE.json');
      model = parseJson(input);
      name = input.name;
    }
    const registry = await readFile(resolve(io.root, 'dashboards/index.ts'), 'utf8');
    const { importDashboard: importDashboardModel, readDashboard, scopeOf } = await import('./dashboard/index.ts');
    const read = readDashboard(model, name);
    const persona = personaOf(values.persona);
    const tenantLabel = values['tenant-label'];
    const scope = (values.scope as Scope | undefined) ?? scopeOf(read, tenantLabel);
    const imported = await importDashboardModel(
      read,
      { persona, slug: values.slug ?? slugOf(read.dashboard.title ?? '', persona, scope), scope, tenantLabel },
      registry,
    );
    return {
      files: [
        { path: imported.path, content: imported.source },
        { path: 'dashboards/index.ts', content: imported.registry, replaces: registry },
      ],
      summary: [imported.summary],
    };
  });
}

type Scope = 'tenant' | 'platform';

/**
 * A slug from the title (`Node Exporter / Nodes` -> `node-exporter-nodes`), cut at a word so the
 * longest uid (a 20-character tenant id, or `platform`) stays within Grafana's limit.
 */
function slugOf(title: string, persona: PersonaId, scope: Scope): string {
  const room = MAX_UID_LENGTH - (scope === 'tenant' ? 20 : 'platform'.length) - persona.length - 2;
  const words = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .split('-')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > room) break;
    slug = next;
  }
  if (!slug) throw new UsageError(`cannot make a slug of the title "${title}": give one with --slug`);
  return slug;
}

/** `plotwatch import rules`: 0 written (or printed), 1 the input is wrong, 2 usage. */
export async function importRules(args: string[], io: ImportIo = processIo): Promise<number> {
  const parsed = parseCommand(IMPORT_RULES, args, io.print);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`import rules reads one file, got ${positionals.length}`);
  const thresholds = new Map<string, string>();
  for (const given of values.threshold) {
    const [alert, id] = given.split('=');
    if (!alert || !id) throw new UsageError(`--threshold takes ALERT=ID, got "${given}"`);
    thresholds.set(alert, id);
  }
  const dashboard = values.dashboard === undefined ? undefined : panelLink(values.dashboard);
  const persona = personaOf(values.persona);
  const {
    buildFindings,
    planRules,
    readRuleFile,
    renderRuleModules,
    RuleFileError,
    RulePlanError,
    summarizeRulePlan,
    uncataloguedMetrics,
  } = await import('./rules/index.ts');
  const flags = { dryRun: values['dry-run'], force: values.force };
  return report(io, flags, [RuleFileError, RulePlanError], async () => {
    const input = await source(positionals[0], io, 'plotwatch import rules FILE.yaml');
    const file = readRuleFile(input.text, input.name);
    const { recordingGroups } = await import('@plotwatch/recording-rules');
    const plan = planRules(file, {
      domain: values.domain,
      thresholds,
      persona,
      dashboard,
      recordingGroups: new Set(recordingGroups.map((g) => g.name)),
    });
    const { files } = await renderRuleModules(plan, {
      alerts: await readFile(resolve(io.root, 'alerts/index.ts'), 'utf8'),
      recordingRules: await readFile(resolve(io.root, 'recording-rules/index.ts'), 'utf8'),
    });
    const recorded = new Set(recordingGroups.flatMap((g) => g.rules.map((r) => r.record)));
    const findings = buildFindings(file, recorded);
    const missing = missingMetrics(uncataloguedMetrics(file));
    return {
      files,
      summary: [
        ...summarizeRulePlan(plan),
        ...(findings.length
          ? [`the build will refuse (fix these in the new modules):`, ...findings.map((f) => indent(f))]
          : []),
        ...missingSummary(missing),
      ],
    };
  });
}

const indent = (text: string) => text.replace(/^/gm, '  ');

/** `ml/inference:Generation failure ratio`: the panel imported alerts link to. */
function panelLink(given: string): PanelLink {
  const match = /^([a-z]+)\/([a-z0-9-]+):(.+)$/.exec(given);
  if (!match)
    throw new UsageError(
      `--dashboard takes PERSONA/SLUG:PANEL (ml/inference:Generation failure ratio), got "${given}"`,
    );
  return { persona: personaOf(match[1]!), slug: match[2]!, panel: match[3]! };
}

function personaOf(given: string): PersonaId {
  if (!(PERSONAS as readonly string[]).includes(given))
    throw new UsageError(`--persona is one of ${PERSONAS.join(', ')}, got "${given}"`);
  return given as PersonaId;
}

/** What an import writes and says. */
interface Imported {
  readonly files: readonly PlannedFile[];
  readonly summary: readonly string[];
}

/**
 * Runs an import, then writes its files all at once (or prints them with --dry-run) and its summary.
 * Wrong input (a SourceError, an ImportError or one of the importer's own `inputErrors`) is one message
 * naming the file and where in it, exit 1, nothing written.
 */
async function report(
  io: ImportIo,
  { dryRun, force }: { dryRun: boolean; force: boolean },
  inputErrors: ReadonlyArray<new (...args: never[]) => Error>,
  importer: () => Promise<Imported>,
): Promise<number> {
  let result: Imported;
  try {
    result = await importer();
  } catch (error) {
    if (
      error instanceof SourceError ||
      error instanceof ImportError ||
      inputErrors.some((inputError) => error instanceof inputError)
    ) {
      io.warn(`plotwatch import: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  const { files } = result;
  if (dryRun) for (const file of files) io.print(`--- ${file.path}\n${file.content}`);
  else
    try {
      await writeAll(io.root, files, { force });
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      io.warn(`plotwatch import: ${error.message}`);
      return 1;
    }
  for (const line of result.summary) io.print(line);
  io.print(`${dryRun ? 'would write' : 'wrote'} ${files.map((f) => f.path).join(', ')}`);
  return 0;
}

/** The catalog entries the imported rules' metrics need before the build accepts them. */
function missingSummary(missing: readonly MissingMetric[]): string[] {
  if (!missing.length) return ['0 metrics missing from the catalog'];
  return [
    `${missing.length} metric${missing.length === 1 ? '' : 's'} missing from the catalog: add to libs/platform/src/catalog.ts:`,
    ...missing.map((m) => indent(m.entry)),
  ];
}
