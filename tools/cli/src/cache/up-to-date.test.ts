import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ManifestEntries } from '../last-build.ts';
import { isUpToDate, outAsLeft, recordInputs, rememberOut } from './up-to-date.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const entry = (path: string, sha: string) => ({
  path,
  kind: 'grafana-dashboard' as const,
  source: 'x.ts',
  sha256: sha,
});
const manifestText = (entries: ManifestEntries) => `${JSON.stringify({ artifacts: entries }, null, 2)}\n`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('out/ as the last build left it', () => {
  it('is taken from memory while the manifest is the one this process wrote, and read again once another wrote it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'up-to-date-'));
    dirs.push(root);
    const [out, cache] = [join(root, 'out'), join(root, 'cache')];
    const written = [entry('a.json', '1'.repeat(64))];
    await mkdir(out);
    const text = manifestText(written);
    await writeFile(join(out, 'manifest.json'), text);
    await recordInputs(cache, 'inputs', sha(text));
    // What this process remembers differs from the file on purpose: while the stamp holds, memory is used.
    const remembered = [entry('a.json', '2'.repeat(64))];
    await rememberOut(out, remembered, sha(text));
    expect(await outAsLeft(cache, out)).toEqual({ entries: remembered, recorded: true });
    expect(await isUpToDate(cache, out, 'inputs')).toBe(true);

    // Another process writes out/: its manifest is read, and no longer the recorded one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const other = manifestText([entry('b.json', '3'.repeat(64))]);
    await writeFile(join(out, 'manifest.json'), other);
    expect(await outAsLeft(cache, out)).toEqual({ entries: [entry('b.json', '3'.repeat(64))], recorded: false });
    expect(await isUpToDate(cache, out, 'inputs')).toBe(false);
  });
});
