import { mapConcurrent } from '@plotwatch/publish';
import { FIXTURE_TENANTS_DIR, startGrafanaTestServer, type GrafanaTestServer } from '@plotwatch/testing';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../paths.ts';
import { plotwatchHere } from '../test-support.ts';
import { publishGrafana } from './grafana.ts';

// `plotwatch publish grafana` killed -9 at 10 points of a first publish (by how many requests the
// server has seen), then run again: Grafana ends as an uninterrupted publish leaves it, with
// nothing twice, and neither the token nor a contact point's secret is ever printed.

const TOKEN = 'glsa_PLANTED_kill_probe_token_never_printed';
const TOKEN_ENV = 'PLOTWATCH_KILL_PROBE_TOKEN';
const SECRET = 'PLANTED-CONTACT-POINT-SECRET';

let work: string;
let out: string;
let secretsRoot: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-publish-kill-'));
  out = join(work, 'out');
  // The build in this process (what it writes is the executable's): only the publish is killed.
  const built = await plotwatchHere('build', '--out', out, '--tenants-dir', FIXTURE_TENANTS_DIR);
  expect(built.ok, built.output).toBe(true);
  secretsRoot = join(work, 'secrets');
  const alerting = await Promise.all(
    ['contact-points.json', 'mute-timings.json'].map((f) => readFile(join(out, 'grafana/alerting', f), 'utf8')),
  );
  for (const [, path] of alerting.join('\n').matchAll(/\$__file\{([^}]+)\}/g)) {
    await mkdir(dirname(join(secretsRoot, path!)), { recursive: true });
    await writeFile(join(secretsRoot, path!), `${SECRET} of ${path}\n`);
  }
}, 90_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

const args = (server: GrafanaTestServer) => [
  'publish',
  'grafana',
  '--url',
  server.url,
  '--token-env',
  TOKEN_ENV,
  '--out',
  out,
  '--secrets-root',
  secretsRoot,
];

/** A publish run in this process to its end; its printed lines. */
async function publishToTheEnd(server: GrafanaTestServer): Promise<{ code: number; printed: string }> {
  const lines: string[] = [];
  const io = { print: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), env: { [TOKEN_ENV]: TOKEN } };
  const code = await publishGrafana(args(server).slice(2), io);
  return { code, printed: lines.join('\n') };
}

/** What Grafana holds, without what each write makes anew (ids, versions, times): equal when the same was published. */
function snapshot(server: GrafanaTestServer): unknown {
  const { state } = server;
  const teamName = new Map([...state.teams.values()].map((t) => [t.id, t.name]));
  const strip = (value: unknown): unknown =>
    value === undefined
      ? undefined
      : JSON.parse(JSON.stringify(value), (key, v: unknown) =>
          ['id', 'version', 'updated', 'created', 'resourceVersion', 'generation', 'uid'].includes(key) &&
          typeof v !== 'object'
            ? undefined
            : v,
        );
  const sorted = <T>(items: T[], key: (t: T) => string) => items.sort((a, b) => key(a).localeCompare(key(b)));
  return {
    teams: [...state.teams.values()].map((t) => t.name).sort(),
    folders: sorted([...state.folders.values()], (f) => f.uid).map((f) => ({
      uid: f.uid,
      title: f.title,
      parentUid: f.parentUid,
      acl: f.acl.map((a) => ({ ...a, teamId: a.teamId === undefined ? undefined : teamName.get(a.teamId) })),
    })),
    dashboards: sorted([...state.dashboards.values()], (d) => d.uid).map((d) => ({
      uid: d.uid,
      folderUid: d.folderUid,
      json: strip(d.json),
      v2: strip(d.v2),
    })),
    contactPoints: sorted([...state.contactPoints.entries()], ([k]) => k).map(([k, v]) => [k, strip(v)]),
    muteTimings: sorted([...state.muteTimings.entries()], ([k]) => k).map(([k, v]) => [k, strip(v)]),
    ruleGroups: sorted([...state.ruleGroups.entries()], ([k]) => k).map(([k, v]) => [k, strip(v)]),
    routingTrees: sorted([...state.routingTrees.values()], (t) => t.name).map((t) => [t.name, strip(t.spec)]),
    policy: strip(state.policy),
  };
}

describe('plotwatch publish grafana killed -9 and run again', { timeout: 300_000 }, () => {
  it('ends as an uninterrupted publish, at each of 10 points, nothing twice, no secret printed', async () => {
    const reference = await startGrafanaTestServer({ token: TOKEN });
    const first = await publishToTheEnd(reference);
    expect(first.code, first.printed).toBe(0);
    const expected = snapshot(reference);
    const total = reference.requests.length;
    await reference.stop();
    const printed: string[] = [first.printed];

    // Two points at a time, each on a server of its own: what a point does depends on its server's
    // request count only, not on time.
    const points = Array.from({ length: 10 }, (_, i) => i + 1);
    await mapConcurrent(points, 2, async (point) => {
      const server = await startGrafanaTestServer({ token: TOKEN });
      try {
        // After a tenth of the requests, two tenths, ...: the kill lands in observing, planning and writing.
        const killAfter = Math.max(1, Math.floor((point * total) / 11));
        const child = spawn('node', [CLI_BIN, ...args(server)], {
          cwd: REPO_ROOT,
          env: { ...process.env, [TOKEN_ENV]: TOKEN },
        });
        let childOutput = '';
        child.stdout.on('data', (d: Buffer) => (childOutput += d));
        child.stderr.on('data', (d: Buffer) => (childOutput += d));
        const exited = new Promise((resolve) => child.on('exit', resolve));
        while (server.requests.length < killAfter && child.exitCode === null)
          await new Promise((resolve) => setTimeout(resolve, 2));
        child.kill('SIGKILL');
        await exited;
        printed.push(childOutput);

        const again = await publishToTheEnd(server);
        printed.push(again.printed);
        expect(again.code, `killed after ${killAfter} of ${total} requests:\n${again.printed}`).toBe(0);
        expect(snapshot(server), `killed after ${killAfter} of ${total} requests`).toEqual(expected);
        expect(server.rejectedRequests).toEqual([]);
      } finally {
        await server.stop();
      }
    });
    const everything = printed.join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(SECRET);
  });
});
