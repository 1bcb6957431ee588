import { readTree, run } from '@plotwatch/testing';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../build.ts';
import { CLI_BIN, REPO_ROOT } from '../paths.ts';
import { BAD_INPUTS, MAIL, tenant, type BadInput, type Entry } from './cases.ts';

// Every case of the corpus through `build` as the CLI runs it (in this process: a child per case
// would take minutes on two cores), then a handful through the real executable. Each must print
// exactly its lines and a summary, no stack trace, exit 1, and leave out/ as it was.

let work: string;
let out: string;
let outBefore: Map<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-bad-input-'));
  out = join(work, 'out');
  await mkdir(join(out, 'grafana'), { recursive: true });
  await writeFile(join(out, 'grafana/folders.json'), '{"kept": true}\n');
  await writeFile(join(out, 'manifest.json'), '{"generator": "an earlier build"}\n');
  outBefore = await readTree(out);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let cases = 0;
async function tenantsFolder(files: Readonly<Record<string, Entry>>): Promise<string> {
  const dir = join(work, `tenants-${++cases}`);
  await mkdir(dir);
  for (const [name, entry] of Object.entries(files)) {
    const path = join(dir, name);
    if (typeof entry === 'string' || entry instanceof Uint8Array) await writeFile(path, entry);
    else if ('link' in entry) await symlink(entry.link, path);
    else await mkdir(path);
  }
  return dir;
}

/** What `plotwatch build` prints to stderr and returns, run in this process. */
async function buildIn(dir: string): Promise<{ code: number; printed: string[] }> {
  const printed: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: await build(['--out', out, '--tenants-dir', dir]), printed };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

const expectedLines = (dir: string, bad: BadInput) => [
  ...bad.errors.map(
    ([file, line, message]) =>
      `${relative(process.cwd(), join(dir, file))}:${line}: ${message.replaceAll('{dir}', relative(process.cwd(), dir))}`,
  ),
  `plotwatch build: ${bad.errors.length} problem${bad.errors.length === 1 ? '' : 's'}; nothing written, ${out} left as it was`,
];

describe('the bad-input corpus', { timeout: 60_000 }, () => {
  it('has at least 60 cases, each named once', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length);
  });

  it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (_, bad) => {
    const dir = await tenantsFolder(bad.files);
    const { code, printed } = await buildIn(dir);
    expect(printed).toEqual(expectedLines(dir, bad));
    expect(printed.join('\n')).not.toMatch(/^\s+at /m);
    expect(code).toBe(1);
    expect(await readTree(out)).toEqual(outBefore);
  });
});

describe('tenant files that must build', { timeout: 120_000 }, () => {
  it('ids that are prefixes of each other, CRLF, a BOM, comments, a 20-character id', async () => {
    const dir = await tenantsFolder({
      'ink.yaml': tenant('', { id: 'ink' }),
      'inkwell.yaml': tenant('', { id: 'inkwell' }),
      'ink-well.yaml': tenant('', { id: 'ink-well' }),
      'ops-first.yaml': tenant('', { id: 'ops-first' }),
      'crlf.yaml': tenant('', { id: 'crlf' }).replaceAll('\n', '\r\n'),
      'bom.yaml': `\uFEFF${tenant('', { id: 'bom' })}`,
      'comments.yaml': `# owned by the comments team\n${tenant('# more to come\n', { id: 'comments' }).replace('tier: pro', 'tier: pro # for now')}`,
      'abcdefghij0123456789.yaml': tenant('', { id: 'abcdefghij0123456789' }),
      'windows.yaml': tenant(
        "maintenanceWindows:\n  - weekdays: [monday:friday, sunday]\n    times: [{ start: '22:00', end: '24:00' }]\n    location: Asia/Kolkata\n",
        {
          id: 'windows',
          channels: `${MAIL}  - name: relay\n    type: webhook\n    url: https://relay.windows.example/alertmanager-hook\n`,
        },
      ),
    });
    const target = join(work, 'built');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => void printed.push(args.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.join(' ')));
    try {
      expect(await build(['--out', target, '--tenants-dir', dir]), printed.join('\n')).toBe(0);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(printed.join('\n')).toContain('for 9 tenants');
    const folders = JSON.parse((await readTree(target)).get('grafana/folders.json')!) as {
      folders: Array<{ uid: string }>;
    };
    for (const id of ['ink', 'inkwell', 'ink-well', 'crlf', 'bom', 'comments', 'abcdefghij0123456789'])
      expect(folders.folders.map((f) => f.uid)).toContain(`tenant-${id}-ops`);
  });
});

describe('the real executable', { timeout: 60_000 }, () => {
  // One child for several cases (a start costs a second of CPU, a build's modules another): their
  // files in one folder, a file whose name another case took first renamed `<n>-<name>`. It must
  // print exactly what the command prints in this process for that folder, every case's problem
  // among it, exit 1, and leave out/ as it was.
  const picked = [
    'an alias bomb',
    'a broken symbolic link',
    'a byte that is not UTF-8 (0xff)',
    'a Slack incoming webhook as a webhook',
    'an id that is another plus a persona (a, a-ops)',
  ];
  it(`${picked.join('; ')}: the same lines, exit 1, out/ unchanged`, async () => {
    const files: Record<string, Entry> = {};
    const cases = picked.map((name) => BAD_INPUTS.find((c) => c.name === name)!);
    cases.forEach((bad, n) => {
      for (const [file, entry] of Object.entries(bad.files)) files[file in files ? `${n}-${file}` : file] = entry;
    });
    const dir = await tenantsFolder(files);
    const here = await buildIn(dir);
    expect(here.code).toBe(1);
    // Each case's own problem is said (a renamed file may add that its id does not match its name).
    for (const bad of cases)
      for (const [, , message] of bad.errors)
        expect(here.printed.join('\n')).toContain(message.replaceAll('{dir}', relative(process.cwd(), dir)));
    const result = await run('node', [CLI_BIN, 'build', '--out', out, '--tenants-dir', dir], REPO_ROOT);
    expect(result.ok).toBe(false);
    const cwdLines = here.printed.map((l) => l.replaceAll(relative(process.cwd(), dir), relative(REPO_ROOT, dir)));
    expect(result.output).toBe(`${cwdLines.join('\n')}\n`);
    expect(await readTree(out)).toEqual(outBefore);
  });
});
