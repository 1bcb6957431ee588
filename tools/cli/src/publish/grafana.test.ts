import { editedSincePublish, isManaged, type Json, type ManifestEntry } from '@plotwatch/publish';
import { FAULT_KINDS, run, startGrafanaTestServer, type GrafanaTestServer } from '@plotwatch/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANTS, REPO_ROOT } from '../paths.ts';
import { publishGrafana } from './grafana.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');
/** Planted: no line any run of this file prints may contain it. */
const TOKEN = 'glsa_PLANTED9f1c2e7b_tokenThatMustNeverBePrinted';
const TOKEN_ENV = 'PLOTWATCH_TEST_GRAFANA_TOKEN';
const SLACK_SECRET = 'https://hooks.slack.example/services/PLANTED-SLACK-SECRET';

let work: string;
/** out/ of the repository's tenants, and the same with aurora-books' story-api error-ratio threshold raised. */
let base: string;
let raised: string;
let secretsRoot: string;
const everyOutputLine: string[] = [];
const servers: GrafanaTestServer[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-publish-'));
  base = join(work, 'base');
  raised = join(work, 'raised');
  const tenants = join(work, 'tenants');
  await cp(DEFAULT_TENANTS, tenants, { recursive: true });
  const aurora = join(tenants, 'aurora-books.yaml');
  await writeFile(
    aurora,
    (await readFile(aurora, 'utf8')).replace('story_api_error_ratio: 0.005', 'story_api_error_ratio: 0.007'),
  );
  const builds = await Promise.all([
    run('node', [CLI, 'build', '--out', base], REPO_ROOT),
    run('node', [CLI, 'build', '--out', raised, '--tenants-dir', tenants], REPO_ROOT),
  ]);
  for (const build of builds) expect(build.ok, build.output).toBe(true);
  secretsRoot = join(work, 'secrets');
  await writeReferencedSecrets(base, secretsRoot);
}, 60_000);

afterEach(async () => {
  for (const server of servers.splice(0)) {
    // Whatever a test did, the publisher never sent a request the spec rejects, and the server
    // never answered outside it.
    expect(server.rejectedRequests).toEqual([]);
    expect(server.responseViolations).toEqual([]);
    await server.stop();
  }
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function grafana(
  options: Partial<Parameters<typeof startGrafanaTestServer>[0]> = {},
): Promise<GrafanaTestServer> {
  const server = await startGrafanaTestServer({ token: TOKEN, ...options });
  servers.push(server);
  return server;
}

/** Runs the command in-process, as `plotwatch publish grafana`, with the token in the environment. */
async function publish(
  server: GrafanaTestServer,
  out: string,
  ...flags: string[]
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const io = { print: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), env: { [TOKEN_ENV]: TOKEN } };
  const code = await publishGrafana(
    ['--url', server.url, '--token-env', TOKEN_ENV, '--out', out, '--secrets-root', secretsRoot, ...flags],
    io,
  );
  everyOutputLine.push(...lines);
  return { code, output: lines.join('\n') };
}

async function manifest(out: string): Promise<ManifestEntry[]> {
  return (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { artifacts: ManifestEntry[] }).artifacts;
}

const dashboardsOf = async (out: string) => (await manifest(out)).filter((e) => e.kind === 'grafana-dashboard');
const uidOf = (entry: ManifestEntry) =>
  entry.path
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
const writes = (server: GrafanaTestServer) => server.requests.filter((r) => r.method !== 'GET');
const count = (server: GrafanaTestServer, operation: string) =>
  server.requests.filter((r) => `${r.method} ${r.operation}` === operation).length;

/** A copy of `out` with files added, replaced (content) or removed (null), and its manifest to match. */
async function variant(out: string, name: string, changes: Record<string, string | null>): Promise<string> {
  const dir = join(work, name);
  await cp(out, dir, { recursive: true });
  const entries = new Map((await manifest(out)).map((e) => [e.path, e]));
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) {
      entries.delete(path);
      await rm(join(dir, path), { force: true });
      continue;
    }
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    const kind =
      entries.get(path)?.kind ?? (path.startsWith('grafana/alerting/') ? 'grafana-alerting' : 'grafana-dashboard');
    entries.set(path, {
      path,
      kind,
      tenant: null,
      persona: null,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({ generator: 'plotwatch', artifacts: [...entries.values()] }, null, 2),
  );
  return dir;
}

/** Every `$__file{path}` a contact point in out/ names, written below `root` with a made-up secret. */
async function writeReferencedSecrets(out: string, root: string): Promise<void> {
  const alerting = (await manifest(out)).filter((e) => e.path.startsWith('grafana/alerting/'));
  const texts = await Promise.all(alerting.map((e) => readFile(join(out, e.path), 'utf8')));
  for (const [, path] of texts.join('\n').matchAll(/\$__file\{([^}]+)\}/g)) {
    await mkdir(dirname(join(root, path!)), { recursive: true });
    await writeFile(join(root, path!), `secret-of-${path}\n`);
  }
}

describe('plotwatch publish grafana', () => {
  it('a first publish creates every team, folder, permission and dashboard of out/', async () => {
    const server = await grafana();
    const { code, output } = await publish(server, base);
    expect(code, output).toBe(0);

    const access = JSON.parse(await readFile(join(base, 'grafana/folders.json'), 'utf8')) as {
      folders: Array<{
        uid: string;
        title: string;
        parentUid?: string;
        permissions: Array<{ team: string; permission: string }>;
      }>;
    };
    const state = server.state;
    expect([...state.dashboards.keys()].sort()).toEqual((await dashboardsOf(base)).map(uidOf).sort());
    for (const folder of access.folders) {
      const stored = state.folders.get(folder.uid);
      expect({ title: stored?.title, parentUid: stored?.parentUid }).toEqual({
        title: folder.title,
        parentUid: folder.parentUid,
      });
      // Exactly the teams folders.json names: Grafana's default Editor and Viewer entries are gone,
      // or every user would see every tenant.
      const acl = stored!.acl
        .map(
          (e) =>
            `${e.teamId !== undefined ? state.teams.get(e.teamId)?.name : (e.role ?? `user ${e.userId}`)}=${e.permission}`,
        )
        .sort();
      const levels: Record<string, number> = { View: 1, Edit: 2, Admin: 4 };
      expect(acl, folder.uid).toEqual(
        [...new Set(folder.permissions.map((p) => `${p.team}=${levels[p.permission]}`))].sort(),
      );
    }
    for (const stored of state.dashboards.values()) {
      expect(isManaged(stored.json.tags as string[])).toBe(true);
      // The stamp survives Grafana's round trip (key order, id, version), so nothing reads as a hand edit.
      expect(editedSincePublish(stored.json), stored.uid).toBe(false);
    }
  });

  it('a second publish is a no-op, without a GET per dashboard', async () => {
    const server = await grafana();
    await publish(server, base);
    server.resetRequests();

    const again = await publish(server, base);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(
      /Plan: 0 to create, 0 to update, 0 to delete, 0 drifted \(left alone\), \d+ unchanged/,
    );
    expect(writes(server)).toEqual([]);
    expect(count(server, 'GET /dashboards/uid/{uid}')).toBe(0);
    expect((await publish(server, base, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('a changed threshold updates exactly the dashboards that show it', async () => {
    const before = new Map((await dashboardsOf(base)).map((e) => [e.path, e.sha256]));
    const changed = (await dashboardsOf(raised)).filter((e) => before.get(e.path) !== e.sha256).map(uidOf);
    expect(changed).toContain('aurora-books-ops-story-api');
    expect(changed.every((uid) => uid.startsWith('aurora-books-'))).toBe(true);

    const server = await grafana();
    await publish(server, base);
    const dryRun = await publish(server, raised, '--dry-run', '--exit-code');
    expect(dryRun.code).toBe(2);
    expect([...dryRun.output.matchAll(/^ {2}update {2}dashboard +(\S+)/gm)].map((m) => m[1])).toEqual(changed);

    server.resetRequests();
    const { code, output } = await publish(server, raised);
    expect(code, output).toBe(0);
    expect(count(server, 'POST /dashboards/db')).toBe(changed.length);
    expect(count(server, 'GET /dashboards/uid/{uid}')).toBe(changed.length);
    for (const stored of server.state.dashboards.values())
      expect(stored.version, stored.uid).toBe(changed.includes(stored.uid) ? 2 : 1);
  });

  it("--prune deletes what out/ dropped (a dropped tenant's folders too) and leaves unmanaged dashboards and folders alone", async () => {
    const server = await grafana();
    await publish(server, base);
    // A person's own dashboard in a plotwatch folder, and their own empty folder.
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    await fetch(`${server.url}/api/dashboards/db`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        dashboard: { uid: 'hand-made', title: 'Mine', tags: ['plotwatch'] },
        folderUid: 'tenant-inkwell-ops',
      }),
    });
    await fetch(`${server.url}/api/folders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid: 'scratch', title: 'Scratch' }),
    });

    const dropped = (await dashboardsOf(base)).filter(
      (e) => e.tenant === 'tinytales' || uidOf(e) === 'platform-ops-health',
    );
    const access = JSON.parse(await readFile(join(base, 'grafana/folders.json'), 'utf8')) as {
      folders: Array<{ uid: string }>;
    };
    const pruned = await variant(base, 'pruned', {
      ...Object.fromEntries(dropped.map((e) => [e.path, null])),
      'grafana/folders.json': JSON.stringify({
        ...access,
        folders: access.folders.filter((f) => !f.uid.startsWith('tenant-tinytales')),
      }),
    });

    const withoutPrune = await publish(server, pruned);
    expect(withoutPrune.code, withoutPrune.output).toBe(0);
    expect(withoutPrune.output).toContain('--prune deletes them');
    expect(server.state.dashboards.has('platform-ops-health')).toBe(true);

    server.resetRequests();
    const { code, output } = await publish(server, pruned, '--prune');
    expect(code, output).toBe(0);
    const remaining = [...server.state.dashboards.keys()];
    for (const e of dropped) expect(remaining).not.toContain(uidOf(e));
    expect(remaining).toContain('hand-made');
    expect([...server.state.folders.keys()].filter((uid) => uid.startsWith('tenant-tinytales'))).toEqual([]);
    expect(server.state.folders.has('scratch')).toBe(true);
    // The tenant's folder tree goes in one request, its dashboards with it.
    expect(count(server, 'DELETE /folders/{folder_uid}')).toBe(1);
    expect(count(server, 'DELETE /dashboards/uid/{uid}')).toBe(1);
    const settled = await publish(server, pruned, '--prune', '--dry-run', '--exit-code');
    expect(settled.code, settled.output).toBe(0);
  });

  it('a dashboard edited in Grafana since the publish is drift: reported, kept, overwritten only with --force', async () => {
    const server = await grafana();
    await publish(server, base);
    server.state.editInUi('aurora-books-ops-story-api', (d) => void (d.description = 'tuned by hand'));

    const { code, output } = await publish(server, raised);
    expect(code).toBe(1);
    expect(output).toMatch(
      /^ {2}drift {3}dashboard +aurora-books-ops-story-api +edited in Grafana since plotwatch published it/m,
    );
    expect(output).toContain('--force overwrites them');
    expect(server.state.dashboards.get('aurora-books-ops-story-api')!.json.description).toBe('tuned by hand');

    const forced = await publish(server, raised, '--force');
    expect(forced.code, forced.output).toBe(0);
    const stored = server.state.dashboards.get('aurora-books-ops-story-api')!.json;
    expect(stored.description).not.toBe('tuned by hand');
    expect(editedSincePublish(stored)).toBe(false);
  });

  it('a title changed through the API is drift on the next plain run (out/ unchanged): kept, overwritten only with --force', async () => {
    const server = await grafana();
    await publish(server, base);
    const uid = 'aurora-books-ops-story-api';
    // As a user would: read the dashboard, change its title, save it back.
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const current = (await (await fetch(`${server.url}/api/dashboards/uid/${uid}`, { headers })).json()) as {
      dashboard: Json;
      meta: { folderUid: string };
    };
    const saved = await fetch(`${server.url}/api/dashboards/db`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        dashboard: { ...current.dashboard, title: 'Story API (mine now)' },
        folderUid: current.meta.folderUid,
      }),
    });
    expect(saved.status).toBe(200);

    server.resetRequests();
    const { code, output } = await publish(server, base);
    expect(code, output).toBe(1);
    expect(output).toMatch(
      new RegExp(`^ {2}drift +dashboard +${uid} +edited in Grafana since plotwatch published it`, 'm'),
    );
    expect(output).toMatch(/Plan: 0 to create, 0 to update, 0 to delete, 1 drifted \(left alone\)/);
    expect(writes(server)).toEqual([]);
    // Only the dashboard whose search hit changed is fetched.
    expect(count(server, 'GET /dashboards/uid/{uid}')).toBe(1);
    expect(server.state.dashboards.get(uid)!.json.title).toBe('Story API (mine now)');

    const forced = await publish(server, base, '--force');
    expect(forced.code, forced.output).toBe(0);
    expect(server.state.dashboards.get(uid)!.json.title).not.toBe('Story API (mine now)');
    expect((await publish(server, base, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('a partial failure exits 1 naming what failed and why; the re-run publishes only that', async () => {
    const server = await grafana({
      faults: { rate: 0.5, kinds: ['error-500'], operations: ['POST /dashboards/db'], seed: 7 },
    });
    const failed = await publish(server, base, '--retries', '0');
    expect(failed.code).toBe(1);
    const failures = [
      ...failed.output.matchAll(
        /^ {2}failed +create +dashboard +(\S+) +POST \/api\/dashboards\/db: 500 Internal Server Error \(injected\)$/gm,
      ),
    ].map((m) => m[1]!);
    expect(failures.length).toBeGreaterThan(0);
    expect(failed.output).toContain('not everything was applied');

    server.setFaults(undefined);
    server.resetRequests();
    const rerun = await publish(server, base);
    expect(rerun.code, rerun.output).toBe(0);
    expect(count(server, 'POST /dashboards/db')).toBe(failures.length);
    expect(server.state.dashboards.size).toBe((await dashboardsOf(base)).length);
  });

  it(
    'with faults on 30% of requests (500, 429, timeouts, dropped connections) it converges: nothing lost or duplicated',
    { timeout: 30_000 },
    async () => {
      const clean = await grafana();
      await publish(clean, base);

      const chaos = await grafana({ faults: { rate: 0.3, seed: 2024, retryAfterSeconds: 0, delayMs: 400 } });
      const runs: number[] = [];
      for (let attempt = 0; attempt < 6 && runs.at(-1) !== 0; attempt++)
        runs.push((await publish(chaos, base, '--timeout', '0.15', '--concurrency', '16')).code);
      expect(runs.at(-1), `exit codes of the runs: ${runs.join(', ')}`).toBe(0);
      const outcomes = new Set(chaos.requests.map((r) => r.outcome));
      for (const kind of FAULT_KINDS) expect(outcomes).toContain(kind);

      chaos.setFaults(undefined);
      expect(chaos.state.snapshot()).toEqual(clean.state.snapshot());
      chaos.resetRequests();
      expect((await publish(chaos, base)).code).toBe(0);
      expect(writes(chaos)).toEqual([]);
    },
  );

  it('a rejected token (401) or one that may not write (403) stops at once, saying so', async () => {
    const server = await grafana({ token: 'another-token', viewerToken: TOKEN });
    const forbidden = await publish(server, base);
    expect(forbidden.code).toBe(1);
    expect(forbidden.output).toMatch(/the token may not do this \(403 on POST \/api\/teams/);
    expect(writes(server).length).toBeLessThanOrEqual(8);
    expect(forbidden.output).toMatch(/not attempted: the token may not do this/);

    const rejected = await grafana({ token: 'another-token' });
    const unauthorized = await publish(rejected, base);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.output).toContain('Grafana rejected the token (401');
    expect(rejected.requests.length).toBeLessThanOrEqual(3);
  });

  it('--deadline stops a publish that hangs', async () => {
    const server = await grafana({ faults: { rate: 1, kinds: ['slow'], delayMs: 5000 } });
    const started = performance.now();
    const { code, output } = await publish(server, base, '--timeout', '0.2', '--deadline', '1');
    expect(code).toBe(1);
    expect(output).toContain('the --deadline of 1 s passed');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('publishes Grafana-managed alerting from out/grafana/alerting/, with secret files read, never shown', async () => {
    const contactPoints = [
      {
        uid: 'tenant_inkwell_ops-slack',
        name: 'tenant/inkwell/ops-slack',
        type: 'slack',
        settings: { url: '$__file{/etc/grafana/secrets/inkwell/slack-url}', recipient: '#inkwell-ops' },
      },
      {
        uid: 'platform_default',
        name: 'platform/default',
        type: 'email',
        settings: { addresses: 'oncall@platform.example' },
      },
    ];
    const policy = {
      receiver: 'platform/default',
      group_by: ['alertname', 'tenant'],
      routes: [
        {
          receiver: 'tenant/inkwell/ops-slack',
          object_matchers: [['tenant', '=', 'inkwell']],
          mute_time_intervals: ['inkwell-maintenance'],
        },
      ],
    };
    const muteTimings = [
      {
        name: 'inkwell-maintenance',
        time_intervals: [{ weekdays: ['sunday'], times: [{ start_time: '02:00', end_time: '04:00' }] }],
      },
    ];
    const ruleGroup = {
      title: 'inkwell-story-api',
      folderUid: 'tenant-inkwell-ops',
      interval: 60,
      rules: [
        {
          uid: 'inkwell-story-api-errors',
          title: 'StoryApiErrors',
          folderUID: 'tenant-inkwell-ops',
          ruleGroup: 'inkwell-story-api',
          orgID: 1,
          condition: 'A',
          for: '5m',
          noDataState: 'OK',
          execErrState: 'Error',
          data: [
            {
              refId: 'A',
              datasourceUid: 'prometheus',
              relativeTimeRange: { from: 600, to: 0 },
              model: { expr: 'vector(1)' },
            },
          ],
        },
      ],
    };
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const alerting = await variant(base, 'alerting', {
      'grafana/alerting/contact-points.json': json(contactPoints),
      'grafana/alerting/notification-policy.json': json(policy),
      'grafana/alerting/mute-timings.json': json(muteTimings),
      'grafana/alerting/rules/inkwell-story-api.json': json(ruleGroup),
    });
    await mkdir(join(secretsRoot, 'etc/grafana/secrets/inkwell'), { recursive: true });
    await writeFile(join(secretsRoot, 'etc/grafana/secrets/inkwell/slack-url'), `${SLACK_SECRET}\n`);

    const server = await grafana();
    const { code, output } = await publish(server, alerting);
    expect(code, output).toBe(0);
    expect((server.state.contactPoints.get('tenant_inkwell_ops-slack')!.settings as Json).url).toBe(SLACK_SECRET);
    expect(server.state.policy).toMatchObject(policy);
    expect([...server.state.muteTimings.keys()]).toEqual(['inkwell-maintenance']);
    expect([...server.state.ruleGroups.keys()]).toContain('tenant-inkwell-ops/inkwell-story-api');

    server.resetRequests();
    const again = await publish(server, alerting);
    expect(again.code, again.output).toBe(0);
    expect(writes(server)).toEqual([]);

    // Grafana shows secrets redacted, so a rotated secret file is pushed with --force: the one
    // contact point that reads one.
    expect((await publish(server, alerting, '--force')).code).toBe(0);
    expect(writes(server).map((w) => `${w.method} ${w.operation}`)).toEqual([
      'PUT /api/v1/provisioning/contact-points/{UID}',
    ]);
  });

  it(
    'never prints the token or a secret: not in any run above, nor from the real CLI',
    { timeout: 20_000 },
    async () => {
      const unreachable = await publishGrafana(
        ['--url', 'http://127.0.0.1:9', '--token-env', TOKEN_ENV, '--out', base, '--retries', '0'],
        {
          print: (l) => everyOutputLine.push(l),
          warn: (l) => everyOutputLine.push(l),
          env: { [TOKEN_ENV]: TOKEN },
        },
      );
      expect(unreachable).toBe(1);
      expect(everyOutputLine.join('\n')).toContain('connection failed');

      const server = await grafana();
      const cli = await new Promise<string>((resolve) => {
        const args = [
          CLI,
          'publish',
          'grafana',
          '--url',
          server.url,
          '--token-env',
          TOKEN_ENV,
          '--out',
          base,
          '--secrets-root',
          secretsRoot,
        ];
        execFile(
          'node',
          args,
          { cwd: REPO_ROOT, env: { ...process.env, [TOKEN_ENV]: TOKEN } },
          (_error, stdout, stderr) => resolve(`${stdout}${stderr}`),
        );
      });
      expect(cli).toContain('Applied:');
      for (const text of [cli, everyOutputLine.join('\n')]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(SLACK_SECRET);
        expect(text).not.toContain('secret-of-');
      }
    },
  );
});
