import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { withCommitted } from '../committed.ts';
import { pendingUpdate, readFiles } from '../out-dir.ts';
import { DEFAULT_OUT } from '../paths.ts';
import { parseCommand, UsageError, type CommandSpec } from '../usage.ts';
import { renderMarkdown } from './markdown.ts';
import { summarize } from './summarize.ts';
import { readTrees } from './read.ts';

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
  const headDir = resolve(values.head ?? DEFAULT_OUT);
  const isFolder = existsSync(basePath) && statSync(basePath).isDirectory();
  const pending = (await pendingUpdate(headDir)) ?? (isFolder ? await pendingUpdate(basePath) : undefined);
  if (pending) {
    process.stderr.write(`plotwatch diff: ${pending}\n`);
    return 1;
  }
  const [base, head] = isFolder
    ? await readTrees(basePath, headDir)
    : await withCommitted(values.base, 'out', (dir) => readTrees(dir, headDir));
  const summary = summarize(base, head);
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderMarkdown(summary));
  // The repository's out/ must be what its sources build, or the summary describes another change.
  // (A --head DIR was built with options the diff cannot know, such as synthetic tenants.)
  if (headDir !== DEFAULT_OUT) return 0;
  // Loaded here only: the compiler takes a second and a half to load, and a diff of two directories needs none.
  const { staleOut } = await import('./stale.ts');
  const stale = await staleOut(await readFiles(headDir));
  if (!stale.length) return 0;
  const shown = stale.slice(0, 5).map((s) => `  ${s}`);
  const more = stale.length > 5 ? [`  … and ${stale.length - 5} more`] : [];
  process.stderr.write(
    [
      `warning: out/ is not what the sources (definitions, libs, tenants) build now: ${stale.length} ${stale.length === 1 ? 'file differs' : 'files differ'};`,
      'this summary does not show the source changes. Run `npx plotwatch build`, then diff again.',
      ...shown,
      ...more,
      '',
    ].join('\n'),
  );
  return 3;
}
