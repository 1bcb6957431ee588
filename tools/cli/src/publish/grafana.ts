import {
  apiVersionOf,
  applyPlan,
  applySummary,
  chooseApi,
  createGrafanaClient,
  createRedactor,
  createResourceClient,
  createTransport,
  DEFAULT_NAMESPACE,
  DEFAULT_RETRY_POLICY,
  forApi,
  isPending,
  observe,
  observeResources,
  plan,
  planTable,
  type ApiChoice,
  type Change,
  type DesiredState,
} from '@plotwatch/publish';
import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { DEFAULT_OUT } from '../paths.ts';
import { parseCommand, UsageError, type CommandSpec } from '../usage.ts';
import { readGrafanaOut } from './out.ts';
import { progress } from './progress.ts';
import { missingSecrets, secretReader, secretReferences } from './secrets.ts';
import { readToken } from './token.ts';

/** Where the command writes; tests capture it. Everything passes through the token redactor first. */
export interface PublishIo {
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  /** Rewrites a terminal's status line; absent when output is not a terminal. */
  readonly status?: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** On a terminal, stderr carries a status line that warnings first clear. */
export const processIo: PublishIo = process.stderr.isTTY
  ? {
      print: (line) => console.log(line),
      warn: (line) => void process.stderr.write(`\r\x1b[2K${line}\n`),
      status: (text) => void process.stderr.write(`\r\x1b[2K${text}`),
      env: process.env,
    }
  : { print: (line) => console.log(line), warn: (line) => console.error(line), env: process.env };

/**
 * Exit codes: 0 done (or nothing to do), 1 failed or drift left alone, 2 usage error or (with
 * --exit-code) changes pending.
 */
export const EXIT = { ok: 0, failed: 1, pending: 2 } as const;

const APIS = ['auto', 'legacy', 'resources'] as const;

export const PUBLISH_GRAFANA = {
  name: 'publish grafana',
  summary: "teams, folders, permissions, dashboards and alerting of out/ to Grafana's HTTP API",
  details:
    'prints the plan, then applies it; what is done stays done, so a re-run after a failure converges.\nexit: 0 done, 1 failed or drift left alone, 2 usage error or (--dry-run --exit-code) changes pending',
  options: {
    url: { type: 'string', value: 'URL', description: "Grafana's root URL (required)" },
    'token-env': { type: 'string', value: 'NAME', description: 'environment variable holding the API token' },
    'token-file': { type: 'string', value: 'PATH', description: 'file holding the API token (instead of --token-env)' },
    out: { type: 'string', value: 'DIR', description: 'the built out/ (default: out/ of the repository)' },
    'dry-run': {
      type: 'boolean',
      description: 'stop after the plan (and after checking every secret file contact points refer to)',
    },
    'exit-code': { type: 'boolean', description: 'with --dry-run: exit 2 when changes are pending' },
    prune: { type: 'boolean', description: 'delete managed resources out/ no longer has' },
    force: { type: 'boolean', description: 'overwrite what was edited in Grafana since it was published' },
    concurrency: { type: 'string', value: 'N', default: '8', description: 'requests at once (1 to 64)' },
    deadline: { type: 'string', value: 'S', default: '600', description: 'give up after this many seconds' },
    timeout: { type: 'string', value: 'S', default: '30', description: 'seconds per request' },
    retries: {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_RETRY_POLICY.retries),
      description: 'retries of a request that failed for a network error, 429 or 5xx (0 to 20)',
    },
    'secrets-root': {
      type: 'string',
      value: 'DIR',
      default: '/',
      description: "where the secret files contact points refer to are (they name them as Grafana's pod mounts them)",
    },
    'skip-alerting': { type: 'boolean', description: 'publish no alerting resources' },
    api: {
      type: 'string',
      value: APIS.join('|'),
      default: 'auto',
      description: 'the resource API /apis when Grafana serves it (auto), or always /api (legacy) or /apis (resources)',
    },
    namespace: {
      type: 'string',
      value: 'NS',
      default: DEFAULT_NAMESPACE,
      description: "the resource API's namespace (e.g. stacks-123 on Grafana Cloud)",
    },
  },
  examples: [
    'plotwatch publish grafana --url https://grafana.example.com --token-env GRAFANA_TOKEN --dry-run',
    'plotwatch publish grafana --url https://grafana.example.com --token-file /run/secrets/grafana --prune',
  ],
} as const satisfies CommandSpec;

/**
 * `plotwatch publish grafana --url URL (--token-env NAME | --token-file PATH) [--out DIR]
 * [--api auto|legacy|resources] [--namespace NS]
 * [--dry-run] [--exit-code] [--prune] [--force] [--concurrency N] [--deadline S] [--timeout S] [--retries N]
 * [--secrets-root DIR] [--skip-alerting]`:
 * plans every team, folder, folder permission, dashboard and alerting resource of out/ against
 * Grafana, prints the plan, and applies it unless --dry-run. Dashboards, folders and named routing
 * trees go through Grafana's resource API (`/apis`) when it has one (`--api auto`, from `GET /apis`),
 * else through the legacy `/api`; teams, permissions and the rest of alerting through `/api`.
 */
export async function publishGrafana(args: string[], rawIo: PublishIo = processIo): Promise<number> {
  const parsed = parseCommand(PUBLISH_GRAFANA, args, rawIo.print);
  if (!parsed) return EXIT.ok;
  const { values } = parsed;
  if (!values.url)
    throw new UsageError("publish grafana needs --url (Grafana's root URL, e.g. https://grafana.example.com)");
  if (!/^https?:\/\//.test(values.url))
    throw new UsageError(`--url must start with http:// or https://, got "${values.url}"`);
  if (!(APIS as readonly string[]).includes(values.api))
    throw new UsageError(`--api must be one of ${APIS.join(', ')}, got "${values.api}"`);
  const api = values.api as (typeof APIS)[number];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(values.namespace))
    throw new UsageError(
      `--namespace must be a Kubernetes namespace name (e.g. default, stacks-123), got "${values.namespace}"`,
    );
  const concurrency = integer('--concurrency', values.concurrency, 1, 64);
  const retries = integer('--retries', values.retries, 0, 20);
  const deadlineMs = seconds('--deadline', values.deadline) * 1000;
  const timeoutMs = seconds('--timeout', values.timeout) * 1000;

  const token = await readToken({ tokenEnv: values['token-env'], tokenFile: values['token-file'] }, rawIo.env);
  const redactor = createRedactor([token]);
  const io: PublishIo = {
    print: (line) => rawIo.print(redactor.redact(line)),
    warn: (line) => rawIo.warn(redactor.redact(line)),
    ...(rawIo.status ? { status: (text: string) => rawIo.status!(redactor.redact(text)) } : {}),
    env: rawIo.env,
  };

  const out = await readGrafanaOut(resolve(values.out ?? DEFAULT_OUT), { alerting: !values['skip-alerting'] }).catch(
    (error: Error) => {
      io.warn(`plotwatch publish grafana: cannot read out/: ${error.message}`);
      return undefined;
    },
  );
  if (!out) return EXIT.failed;
  for (const note of out.notes) io.warn(`note: ${note}`);
  if (out.errors.length) {
    for (const error of out.errors) io.warn(`plotwatch publish grafana: ${error}`);
    return EXIT.failed;
  }

  const stop = new AbortController();
  // Every request in flight listens to it (the deadline, a refused token): that many are expected.
  setMaxListeners(concurrency * 2 + 16, stop.signal);
  const deadline = setTimeout(
    () => stop.abort(new Error(`the --deadline of ${deadlineMs / 1000} s passed`)),
    deadlineMs,
  );
  let requests = 0;
  const started = performance.now();
  const transport = createTransport({
    url: values.url,
    token,
    timeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, retries },
    signal: stop.signal,
    onAttempt: (attempt) => {
      requests += 1;
      if (typeof attempt.outcome === 'string' || attempt.outcome === 429 || attempt.outcome >= 500)
        io.warn(`retrying ${attempt.method} ${attempt.path}: ${attempt.outcome} (attempt ${attempt.attempt})`);
    },
  });
  const client = createGrafanaClient(transport);
  try {
    const choice = await chooseApi(transport, api, {
      dashboardResourceApiVersions: (out.desired.dashboardResources ?? []).map((d) => d.apiVersion!),
      classicDashboards: out.desired.dashboards.length > 0,
      routingTreeApiVersions: (out.desired.alerting?.routingTrees ?? []).map((t) => t.resource.apiVersion),
    });
    const desired = forApi(out.desired, choice);
    io.print(
      `plotwatch publish grafana: ${values.url}, ${desired.dashboards.length} dashboards, ${desired.folders.length} folders, ${desired.teams.length} teams${desired.alerting ? ', alerting' : ''}`,
    );
    io.print(`  through ${describeApi(choice, desired)}`);
    const resources =
      choice.mode === 'resources'
        ? { client: createResourceClient(transport, values.namespace), apis: choice.apis }
        : undefined;
    const observeOptions = { prune: values.prune, concurrency };
    const observed = resources
      ? await observeResources(client, resources.client, resources.apis, desired, observeOptions)
      : await observe(client, desired, observeOptions);
    const thePlan = plan(desired, observed, { prune: values.prune, force: values.force });
    io.print(planTable(thePlan));
    // Every secret file a contact point refers to, before anything is written (and on a dry run):
    // a missing one fails the plan, not the apply halfway.
    const readReferencedFile = secretReader(values['secrets-root'], (secret) => redactor.add(secret));
    const missing = await missingSecrets(secretReferences(desired.alerting?.contactPoints ?? []), readReferencedFile);
    if (missing.length) {
      for (const problem of missing) io.warn(`plotwatch publish grafana: ${problem}`);
      io.warn(
        `plotwatch publish grafana: ${missing.length} secret file${missing.length === 1 ? '' : 's'} of contact points missing; nothing applied: create ${missing.length === 1 ? 'it' : 'them'} (below --secrets-root ${resolve(values['secrets-root'])}) or fix the contact points, then run again`,
      );
      return EXIT.failed;
    }
    const pending = thePlan.changes.filter(isPending);
    const drifted = pending.filter((c) => c.action === 'drift');
    if (values['dry-run']) {
      io.print(`dry run: nothing applied (${requests} requests, ${elapsed(started)})`);
      return values['exit-code'] && pending.length ? EXIT.pending : EXIT.ok;
    }
    if (pending.length === drifted.length) {
      io.print(`nothing to apply (${requests} requests, ${elapsed(started)})`);
      return reportDrift(drifted, io);
    }

    const shown = progress(pending.length - drifted.length, io);
    const report = await applyPlan(client, thePlan, {
      concurrency,
      stop,
      readDashboard: out.readDashboard,
      ...(resources ? { resources } : {}),
      onResult: (r) => shown.update(r),
      readReferencedFile,
    });
    shown.finish();
    io.print(applySummary(report));
    io.print(`${requests} requests in ${elapsed(started)}`);
    const ok = report.results.every((r) => r.outcome === 'done');
    if (!ok)
      io.warn(
        'plotwatch publish grafana: not everything was applied (see above); fix the cause and run again: what is done stays done',
      );
    return reportDrift(drifted, io) === EXIT.ok && ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    io.warn(`plotwatch publish grafana: ${(error as Error).message}`);
    return EXIT.failed;
  } finally {
    clearTimeout(deadline);
  }
}

/** Which API, why, and what goes through it. */
function describeApi(choice: ApiChoice, desired: DesiredState): string {
  const trees = desired.alerting?.routingTrees?.length;
  if (choice.mode === 'legacy')
    return `the legacy API (/api; ${choice.why})${trees ? ': the single notification policy tree, not the named routing trees' : ''}`;
  const { apis } = choice;
  const dashboards =
    choice.dashboards === 'classic'
      ? `${apiVersionOf(apis.dashboards)} (classic dashboards as resources)`
      : (desired.dashboards[0]?.apiVersion ?? apiVersionOf(apis.dashboards));
  const routing = !trees
    ? ''
    : apis.routingTrees
      ? `, routing trees ${apiVersionOf(apis.routingTrees)}`
      : '; no routing-trees API: the single notification policy tree';
  return `the resource API (/apis; ${choice.why}): dashboards ${dashboards}, folders ${apiVersionOf(apis.folders)}${routing}; teams, permissions and alerting through /api`;
}

function reportDrift(drifted: readonly Change[], io: PublishIo): number {
  if (!drifted.length) return EXIT.ok;
  io.warn(
    `plotwatch publish grafana: ${drifted.length} resource(s) changed in Grafana since plotwatch published them were left alone: ${drifted.map((c) => c.key).join(', ')}; --force overwrites them`,
  );
  return EXIT.failed;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function seconds(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag} must be a number of seconds above 0, got "${text}"`);
  return value;
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(2)} s`;
}
