import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths.ts';

/** The layer rules of eslint.config.js, on imports planted in files that do not exist. */
describe('layers (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const restricted = async (file: string, code: string) => {
    const [result] = await eslint.lintText(`${code}\nexport const planted = 1;\n`, { filePath: join(REPO_ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it.each([
    [
      'a kit package importing another',
      'libs/rules/src/planted.ts',
      "import { dashboardUid } from '@plotwatch/grafana';",
      /kit package beside it/,
    ],
    [
      'the kit importing a definition',
      'libs/grafana/src/planted.ts',
      "import { dashboards } from '@plotwatch/dashboards';",
      /higher layer/,
    ],
    [
      'the shipped diff command importing the test harness',
      'tools/cli/src/diff/planted.ts',
      "import { readTree } from '@plotwatch/testing';",
      /tests only/,
    ],
    [
      'the CLI importing the test compile helpers',
      'tools/cli/src/planted.ts',
      "import { compileOrThrow } from '@plotwatch/build/testing';",
      /tests only/,
    ],
    [
      'the compiler importing Node',
      'libs/build/src/planted.ts',
      "import { createHash } from 'node:crypto';",
      /compiler is pure/,
    ],
    ['a definition reading files', 'dashboards/ops/planted.ts', "import { readFileSync } from 'node:fs';", /pure/],
    [
      'the compiler importing the CLI',
      'libs/build/src/planted.ts',
      "import { build } from '@plotwatch/cli';",
      /higher layer/,
    ],
  ])('refuses %s', async (_case, file, code, message) => {
    expect(await restricted(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['the kit importing platform', 'libs/rules/src/planted.ts', "import { platform } from '@plotwatch/platform';"],
    ['the CLI importing the compiler', 'tools/cli/src/diff/planted.ts', "import { compile } from '@plotwatch/build';"],
    [
      'a CLI test importing the harness',
      'tools/cli/src/diff/planted.test.ts',
      "import { readTree } from '@plotwatch/testing';",
    ],
    ['the e2e suite importing the CLI', 'tools/e2e/src/planted.ts', "import { build } from '@plotwatch/cli';"],
  ])('allows %s', async (_case, file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
