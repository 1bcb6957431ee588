// Lint, plus the layer rules of docs/decisions.md ("Layers"):
//   platform <- promql <- kit (grafana | rules | routing | kube) <- definitions <- build <- cli <- e2e
// with publish beside the definitions (it reads what the kit models) and testing, the harnesses, beside the
// kit. A layer imports only from layers below it, and a kit package never from another kit package (what two
// of them share lives in platform). Libraries and definitions do no I/O; the compiler (libs/build) imports
// nothing from Node at all. @plotwatch/testing and @plotwatch/build/testing are for tests only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const kit = ['grafana', 'rules', 'routing', 'kube'];
const definitions = ['dashboards', 'alerts', 'recording-rules'];
const io = [
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'fs',
  'child_process',
];
const testOnly = ['testing', 'build/testing'];

function layer(files, forbiddenPackages, { pure = true, node = true } = {}) {
  const patterns = forbiddenPackages.map((name) => ({
    group: [`@plotwatch/${name}`],
    message: testOnly.includes(name)
      ? `@plotwatch/${name} is for tests only: shipped code must not depend on the test harnesses`
      : `this layer may not import @plotwatch/${name} (a higher layer, or a kit package beside it): see docs/decisions.md, "Layers"`,
  }));
  if (!node)
    patterns.push({ group: ['node:*'], message: 'the compiler is pure: Node modules belong to the CLI (tools/cli)' });
  const paths = pure
    ? io.map((name) => ({ name, message: 'definitions and libraries are pure: do I/O in tools/ only' }))
    : [];
  return { files, rules: { 'no-restricted-imports': ['error', { patterns, paths }] } };
}

const above = (...names) => names;
const tools = ['cli', 'e2e', 'narrative-sim'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'out/**', '.nx/**', '**/.scratch/**', 'libs/*/schemas/validators.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['libs/platform/**/*.ts'], above('promql', ...kit, ...definitions, 'publish', 'build', ...testOnly, ...tools)),
  layer(['libs/promql/**/*.ts'], above(...kit, ...definitions, 'publish', 'build', ...testOnly, ...tools)),
  ...kit.map((name) =>
    layer(
      [`libs/${name}/**/*.ts`],
      above(...kit.filter((k) => k !== name), ...definitions, 'publish', 'build', ...testOnly, ...tools),
    ),
  ),
  layer(['libs/publish/**/*.ts'], above(...definitions, 'build', ...testOnly, ...tools)),
  layer(['libs/testing/**/*.ts'], above(...kit, ...definitions, 'publish', 'build', ...tools), { pure: false }),
  layer(
    ['dashboards/**/*.ts', 'alerts/**/*.ts', 'recording-rules/**/*.ts'],
    above('publish', 'build', ...testOnly, ...tools),
  ),
  layer(['libs/build/**/*.ts'], above('publish', ...testOnly, ...tools), { node: false }),
  layer(['tools/cli/**/*.ts'], above(...testOnly, 'e2e'), { pure: false }),
  layer(['tools/narrative-sim/**/*.ts'], above(...kit, ...definitions, 'publish', 'build', ...testOnly, 'cli', 'e2e'), {
    pure: false,
  }),
  // Tests (and the helpers only tests import) may read fixtures, run real tools and use the harnesses.
  { files: ['**/*.test.ts', '**/test-support.ts', 'tools/e2e/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
);
