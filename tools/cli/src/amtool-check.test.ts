import { readTree, repoPath, writeTree } from '@plotwatch/testing';
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER_CONFIG, amtoolRefusal } from './amtool-check.ts';
import { plotwatchHere } from './test-support.ts';

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
    // The commands in this process, with the planted amtool first on PATH while they run.
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let result, validated;
    try {
      result = await plotwatchHere('build', '--out', out);
      validated = await plotwatchHere('validate');
    } finally {
      process.env.PATH = path;
    }
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr:
        `${ALERTMANAGER_CONFIG} (generated): amtool check-config refuses it: planted refusal; ` +
        'the tenant files passed their checks, so they miss this one: fix what it names and report it\n' +
        `plotwatch build: 1 problem; nothing written, ${out} left as it was\n`,
    });
    expect(await readTree(out)).toEqual(new Map([['kept.txt', 'an earlier build\n']]));
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain('amtool check-config refuses it: planted refusal');
  });

  it('checks a config an edit changed when out/ is patched in place (amtool runs while the dashboards are built)', async () => {
    const tenants = join(work, 'tenants');
    await cp(repoPath('libs/platform/tenants'), tenants, { recursive: true });
    const out = join(work, 'patched');
    expect((await plotwatchHere('build', '--out', out, '--tenants-dir', tenants)).code).toBe(0);
    const before = await readTree(out);
    const file = join(tenants, 'mythweaver.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('/hooks/alertmanager', '/hooks/alertmanager-2'));
    const path = process.env.PATH;
    process.env.PATH = `${join(work, 'bin')}:${path}`;
    let result;
    try {
      result = await plotwatchHere('build', '--out', out, '--tenants-dir', tenants);
    } finally {
      process.env.PATH = path;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('amtool check-config refuses it: planted refusal');
    expect(await readTree(out)).toEqual(before);
    // The real amtool accepts it: the same build, patched in.
    const accepted = await plotwatchHere('build', '--out', out, '--tenants-dir', tenants);
    expect(accepted.stdout).toMatch(/units rebuilt/);
    expect((await readTree(out)).get(ALERTMANAGER_CONFIG)).toContain('/hooks/alertmanager-2');
  });
});
