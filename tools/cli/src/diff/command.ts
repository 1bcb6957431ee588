import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFiles } from '../out-dir.ts';
import { DEFAULT_OUT, REPO_ROOT } from '../paths.ts';
import { parseCommand, UsageError, type CommandSpec } from '../usage.ts';
import { renderMarkdown } from './markdown.ts';
import { summarize } from './summarize.ts';

/**
 * The out/ of a git ref, from the commit itself (out/ is committed and a test keeps it equal to
 * what that commit builds): no checkout, so the working tree is left alone.
 */
async function outAtRef(ref: string): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-base-'));
  try {
    execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    await rm(dir, { recursive: true, force: true });
    throw new UsageError(`--base "${ref}" is neither a directory nor a git ref of ${REPO_ROOT}`);
  }
  try {
    const archive = execFileSync('git', ['-C', REPO_ROOT, 'archive', '--format=tar', ref, 'out'], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    return existsSync(join(dir, 'out')) ? await readFiles(join(dir, 'out')) : new Map();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const DIFF = {
  name: 'diff',
  summary: 'what a change does to out/, for a PR comment',
  options: {
    base: {
      type: 'string',
      value: 'DIR|REF',
      description: 'the out/ before: a directory, or a git ref (its committed out/)',
    },
    head: { type: 'string', value: 'DIR', description: 'the out/ after (default: out/ of the repository)' },
    format: {
      type: 'string',
      value: 'markdown|json',
      default: 'markdown',
      description: 'Markdown for a comment, or every detail as JSON',
    },
  },
  examples: ['plotwatch diff --base origin/main', 'plotwatch diff --base /tmp/old-out --format json'],
} as const satisfies CommandSpec;

/** `plotwatch diff --base <dir|git ref> [--head DIR] [--format markdown|json]`. */
export async function diff(args: string[]): Promise<number> {
  const parsed = parseCommand(DIFF, args);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.base) throw new UsageError('diff needs --base DIR|REF: the out/ directory or git ref to compare with');
  if (values.format !== 'markdown' && values.format !== 'json')
    throw new UsageError(`--format must be markdown or json, got "${values.format}"`);
  const basePath = resolve(values.base);
  const base =
    existsSync(basePath) && statSync(basePath).isDirectory() ? await readFiles(basePath) : await outAtRef(values.base);
  const head = await readFiles(resolve(values.head ?? DEFAULT_OUT));
  const summary = summarize(base, head);
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderMarkdown(summary));
  return 0;
}
