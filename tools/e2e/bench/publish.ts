import { run, startGrafanaTestServer, type GrafanaTestServer } from '@plotwatch/testing';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI_BIN, publishGrafana, REPO_ROOT } from '@plotwatch/cli';
import { fmt, medianMs, table } from './measure.ts';

const TOKEN = 'bench-token';
const MIN_DASHBOARDS = 1000;
const NO_OP_TARGET_MS = 3000;
const CONCURRENCY = 16;

interface Measured {
  readonly tenants: number;
  readonly dashboards: number;
  readonly folders: number;
  readonly fullMs: number;
  readonly fullRequests: number;
  readonly noopMs: number;
  readonly noopRequests: number;
}

/**
 * `plotwatch publish grafana` against the in-memory Grafana test server on 127.0.0.1, for out/ of
 * the repo's tenants plus enough synthetic ones for at least 1,000 dashboards: the full first
 * publish, and the no-op re-publish (median of 3) that must stay under 3 s.
 */
export async function publishBenchmarks(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'plotwatch-bench-publish-'));
  try {
    const m = await measure(work, Math.ceil(MIN_DASHBOARDS / (await dashboardsPerTenant(work))));
    const noopMet = m.noopMs < NO_OP_TARGET_MS ? 'met' : 'MISSED';
    return [
      '## Publishing to Grafana',
      '',
      `\`plotwatch publish grafana --concurrency ${CONCURRENCY}\` (in-process) against the Grafana test server (libs/testing: state in memory, every body validated against Grafana's OpenAPI spec) on 127.0.0.1, for out/ of \`plotwatch build --synthetic-tenants ${m.tenants}\`: ${fmt(m.dashboards)} dashboards, ${fmt(m.folders)} folders, alerting included. The no-op re-publishes the same out/: paged searches of folders, dashboards and teams, each folder's permissions and the alerting reads; no GET per dashboard, no write.`,
      '',
      table(
        ['run', 'time', 'requests', 'requests per dashboard', 'target'],
        [
          [
            'first publish (everything created)',
            `${fmt(m.fullMs)} ms`,
            fmt(m.fullRequests),
            fmt(m.fullRequests / m.dashboards, 2),
            '',
          ],
          [
            'no-op re-publish (median of 3)',
            `${fmt(m.noopMs)} ms`,
            fmt(m.noopRequests),
            fmt(m.noopRequests / m.dashboards, 2),
            `< ${fmt(NO_OP_TARGET_MS)} ms (${noopMet})`,
          ],
        ],
      ),
    ].join('\n');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Tenant-scoped dashboards per tenant in the repo's own out/, to size the synthetic run. */
async function dashboardsPerTenant(work: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(await build(work, 0), 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ kind: string; tenant: string | null }>;
  };
  const tenantDashboards = manifest.artifacts.filter((a) => a.kind === 'grafana-dashboard' && a.tenant);
  return tenantDashboards.length / new Set(tenantDashboards.map((a) => a.tenant)).size;
}

async function measure(work: string, synthetic: number): Promise<Measured> {
  const out = await build(work, synthetic);
  const secrets = join(work, `secrets-${synthetic}`);
  await writeReferencedSecrets(out, secrets);
  const grafana = await startGrafanaTestServer({ token: TOKEN });
  try {
    const publish = async () => {
      const io = {
        print: () => undefined,
        warn: (line: string) => void (line.startsWith('retrying') ? undefined : console.error(line)),
        env: { BENCH_TOKEN: TOKEN },
      };
      const code = await publishGrafana(
        [
          '--url',
          grafana.url,
          '--token-env',
          'BENCH_TOKEN',
          '--out',
          out,
          '--secrets-root',
          secrets,
          '--concurrency',
          String(CONCURRENCY),
        ],
        io,
      );
      if (code !== 0) throw new Error(`publish of ${synthetic} synthetic tenants exited ${code}`);
    };
    const fullStart = performance.now();
    await publish();
    const fullMs = performance.now() - fullStart;
    const fullRequests = grafana.requests.length;
    grafana.resetRequests();
    const noopMs = await medianMs(publish, 3);
    // medianMs ran it four times (one warm-up).
    const noopRequests = grafana.requests.length / 4;
    assertNoWrites(grafana);
    return {
      tenants: synthetic,
      dashboards: await dashboardCount(out),
      folders: grafana.state.folders.size,
      fullMs,
      fullRequests,
      noopMs,
      noopRequests,
    };
  } finally {
    await grafana.stop();
  }
}

async function build(work: string, synthetic: number): Promise<string> {
  const out = join(work, `out-${synthetic}`);
  const result = await run(
    'node',
    [CLI_BIN, 'build', '--out', out, ...(synthetic ? ['--synthetic-tenants', String(synthetic)] : [])],
    REPO_ROOT,
  );
  if (!result.ok) throw new Error(`plotwatch build --synthetic-tenants ${synthetic} failed:\n${result.output}`);
  return out;
}

async function dashboardCount(out: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ kind: string }>;
  };
  return manifest.artifacts.filter((a) => a.kind === 'grafana-dashboard').length;
}

/** Contact points name secret files (`$__file{path}`); the bench makes each one up below `root`. */
async function writeReferencedSecrets(out: string, root: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ path: string }>;
  };
  const alerting = manifest.artifacts.filter((a) => a.path.startsWith('grafana/alerting/'));
  const text = (await Promise.all(alerting.map((a) => readFile(join(out, a.path), 'utf8')))).join('\n');
  for (const path of new Set([...text.matchAll(/\$__file\{([^}]+)\}/g)].map((m) => m[1]!))) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), 'bench-secret');
  }
}

function assertNoWrites(grafana: GrafanaTestServer): void {
  const writes = grafana.requests.filter((r) => r.method !== 'GET');
  if (writes.length)
    throw new Error(
      `the no-op re-publish wrote: ${writes
        .slice(0, 3)
        .map((w) => `${w.method} ${w.operation}`)
        .join(', ')}`,
    );
}
