// Lint, plus the layer rules of docs/decisions.md: platform <- promql <- kit (grafana, rules,
// routing, kube) <- definitions (dashboards, alerts, recording-rules) <- tools. A layer imports
// only from layers below it; definitions and libraries do no I/O (only tools/ and libs/testing do).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const kit = ['grafana', 'rules', 'routing', 'kube', 'publish'];
const definitions = ['dashboards', 'alerts', 'recording-rules'];
const io = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http', 'node:https', 'fs', 'child_process'];

function layer(files, forbiddenPackages, { pure = true } = {}) {
  const patterns = forbiddenPackages.map((name) => ({
    group: [`@plotwatch/${name}`],
    message: `this layer may not import @plotwatch/${name} (a higher layer): see docs/decisions.md, "Layers"`,
  }));
  const paths = pure ? io.map((name) => ({ name, message: 'definitions and libraries are pure: do I/O in tools/ only' })) : [];
  return { files, rules: { 'no-restricted-imports': ['error', { patterns, paths }] } };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'out/**', '.nx/**', '**/.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['libs/platform/**/*.ts'], ['promql', 'testing', 'cli', ...kit, ...definitions]),
  layer(['libs/promql/**/*.ts'], ['testing', 'cli', ...kit, ...definitions]),
  ...kit.map((name) => layer([`libs/${name}/**/*.ts`], ['testing', 'cli', ...definitions])),
  layer(['libs/testing/**/*.ts'], ['cli', ...kit, ...definitions], { pure: false }),
  layer(['dashboards/**/*.ts', 'alerts/**/*.ts', 'recording-rules/**/*.ts'], ['testing', 'cli']),
  // Tests may read fixtures and run real tools.
  { files: ['**/*.test.ts'], rules: { 'no-restricted-imports': 'off' } },
);
