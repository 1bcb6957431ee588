import { readTree, writeTree } from '@plotwatch/testing';
import { execFile } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER_CONFIG, amtoolRefusal } from './amtool-check.ts';
import { CLI_BIN, REPO_ROOT } from './paths.ts';

let work: string;
beforeAll(async () => {
  work = await writeTree([
    ['bad.yaml', 'route:\n  receiver: x\nreceivers:\n  - name: y\n'],
    ['good.yaml', 'route:\n  receiver: x\nreceivers:\n  - name: x\n'],
  ]);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('amtool check-config before out/ is replaced', { timeout: 60_000 }, () => {
  it("says amtool's own reason, and nothing for a config it accepts", async () => {
    expect(await amtoolRefusal(join(work, 'bad.yaml'))).toBe('undefined receiver "x" used in route');
    expect(await amtoolRefusal(join(work, 'good.yaml'))).toBeUndefined();
  });

  it('a refusal fails the build (writing nothing) and validate, saying what to do', async () => {
    // An amtool that refuses everything stands in for a gap in the tenant files' checks.
    const bin = join(work, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'amtool'), '#!/bin/sh\necho "Checking \'$2\'  FAILED: planted refusal"\nexit 1\n');
    await chmod(join(bin, 'amtool'), 0o755);
    const out = join(work, 'out');
    await mkdir(out);
    await writeFile(join(out, 'kept.txt'), 'an earlier build\n');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        'node',
        [CLI_BIN, 'build', '--out', out],
        { cwd: REPO_ROOT, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
        (error, _, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(result).toEqual({
      code: 1,
      stderr:
        `${ALERTMANAGER_CONFIG} (generated): amtool check-config refuses it: planted refusal; ` +
        'the tenant files passed their checks, so they miss this one: fix what it names and report it\n' +
        `plotwatch build: 1 problem; nothing written, ${out} left as it was\n`,
    });
    expect(await readTree(out)).toEqual(new Map([['kept.txt', 'an earlier build\n']]));
    const validated = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        'node',
        [CLI_BIN, 'validate'],
        { cwd: REPO_ROOT, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
        (error, _, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain('amtool check-config refuses it: planted refusal');
  });
});
