import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, DEFAULT_TENANTS, REPO_ROOT } from '../paths.ts';

// `plotwatch dev` in a terminal clears the screen before each build, so a save's findings replace the
// last ones; into a pipe or a file it writes lines only. The terminal is a pseudo-terminal from
// util-linux's `script` (Debian installs it with every system).
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';
const SUMMARY = /plotwatch dev: first build -> \d+ of \d+ units rebuilt, .* in \d+\.\d\ds; done/;
// What is on the screen does not depend on how much is built: one tenant (the first in the repo, as its
// file is named) builds a third of the units, the same summary line, in less time.
const TENANT = readdirSync(DEFAULT_TENANTS)
  .filter((f) => f.endsWith('.yaml'))
  .sort()[0]!
  .replace(/\.yaml$/, '');

describe('plotwatch dev --once, its screen', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'plotwatch-dev-tty-'));
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('in a terminal: the screen cleared, then the summary line', () => {
    const command = `node ${CLI_BIN} dev --once --tenant ${TENANT} --out ${join(work, 'tty')}`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const output = run.stdout.replaceAll('\r\n', '\n');
    expect(output.startsWith(CLEAR)).toBe(true);
    expect(output.slice(CLEAR.length)).toMatch(new RegExp(`^${SUMMARY.source}\\n$`));
  });

  it('into a pipe: the summary line alone, no control characters', () => {
    const run = spawnSync('node', [CLI_BIN, 'dev', '--once', '--tenant', TENANT, '--out', join(work, 'pipe')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${SUMMARY.source}\\n$`));
    expect(run.stdout).not.toContain('\x1b');
  });
});
