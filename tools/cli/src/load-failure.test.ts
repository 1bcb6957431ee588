import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { describeLoadFailure } from './load-failure.ts';
import { REPO_ROOT } from './paths.ts';

const thrownBy = (load: () => Promise<unknown>) =>
  load().then(
    () => {
      throw new Error('expected the import to throw');
    },
    (e: unknown) => e,
  );

describe('a module that throws while it is imported', () => {
  it('is said at the line of the definition that threw, with its message', async () => {
    const error = await thrownBy(() => import('./__fixtures__/throws-at-import.ts'));
    expect(describeLoadFailure(error, REPO_ROOT, ['tools/cli/src/__fixtures__/'])).toBe(
      "tools/cli/src/__fixtures__/throws-at-import.ts:5: selector: metric 'story_api_requests_totl' is not in the catalog (libs/platform/src/catalog.ts)",
    );
  });

  // The CLI loads its TypeScript through tsx (esbuild), whose syntax errors read unlike vitest's: run it as the CLI does.
  it('a syntax error, as tsx reports it, is said at its file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plotwatch-load-'));
    try {
      await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
      await writeFile(join(dir, 'broken.ts'), 'export const a = 1;\nexport const b = ;\n');
      const script = [
        "import { register } from 'tsx/esm/api';",
        'register();',
        `const { describeLoadFailure } = await import(${JSON.stringify(join(import.meta.dirname, 'load-failure.ts'))});`,
        `await import(${JSON.stringify(join(dir, 'broken.ts'))}).catch((e) => console.log(describeLoadFailure(e, ${JSON.stringify(dir)})));`,
      ].join('\n');
      const result = await run('node', ['--input-type=module', '-e', script], REPO_ROOT);
      expect(result.output).toBe('broken.ts:2: Unexpected ";"\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
