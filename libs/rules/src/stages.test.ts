import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The stages of libs/rules, in order, and what each may import: only stages listed before it.
 * model <- generate <- emit, and proofs over all three (they render promtool files); emit never imports proofs.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  generate: ['model'],
  emit: ['model', 'generate'],
  proofs: ['model', 'generate', 'emit'],
};

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every module specifier of a file: static and type imports, re-exports, side-effect and dynamic imports. */
function specifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g);
  return [...found].map((m) => m[1]!);
}

/** What a file of `stage` may not import: another stage outside its table, the entry, or the package itself. */
function violations(stage: string, file: string, source: string): string[] {
  return specifiers(source).flatMap((spec) => {
    if (spec === '@plotwatch/rules' || spec.startsWith('@plotwatch/rules/')) return [`${file} imports ${spec}`];
    if (!spec.startsWith('.')) return [];
    const target = relative(SRC, resolve(SRC, dirname(file), spec)).split(sep)[0]!;
    if (target === stage || ALLOWED[stage]!.includes(target)) return [];
    return [`${file} imports ${target in ALLOWED ? `stage ${target}` : 'outside the stages'} (${spec})`];
  });
}

function filesOf(stage: string): string[] {
  return readdirSync(join(SRC, stage), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(stage, f));
}

describe('the stages of libs/rules', () => {
  it('are every folder of src, each in the table', () => {
    const folders = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory());
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('allow only the stages before them: one way, no cycle', () => {
    const order = Object.keys(ALLOWED);
    const before = (dep: string, stage: string) => order.includes(dep) && order.indexOf(dep) < order.indexOf(stage);
    const backwards = Object.entries(ALLOWED).flatMap(([stage, deps]) =>
      deps.filter((dep) => !before(dep, stage)).map((dep) => `${stage}->${dep}`),
    );
    expect(backwards).toEqual([]);
  });

  it('import only the stages below them (sources and tests alike)', () => {
    const files = Object.keys(ALLOWED).flatMap((stage) => filesOf(stage).map((file) => ({ stage, file })));
    expect(files.length).toBeGreaterThan(20);
    const wrong = files.flatMap(({ stage, file }) => violations(stage, file, readFileSync(join(SRC, file), 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('see every kind of import', () => {
    const source = [
      "import type { A } from '../generate/a.ts';",
      "import {\n  b,\n} from '../emit/b.ts';",
      "export * from '../proofs/c.ts';",
      "import '../generate/d.ts';",
      "const e = await import('../emit/e.ts');",
      "import { f } from './f.ts';",
      "import { g } from '../index.ts';",
      "import { h } from '@plotwatch/rules';",
      "import { i } from '@plotwatch/platform';",
    ].join('\n');
    expect(violations('model', join('model', 'x.ts'), source)).toEqual([
      'model/x.ts imports stage generate (../generate/a.ts)',
      'model/x.ts imports stage emit (../emit/b.ts)',
      'model/x.ts imports stage proofs (../proofs/c.ts)',
      'model/x.ts imports stage generate (../generate/d.ts)',
      'model/x.ts imports stage emit (../emit/e.ts)',
      'model/x.ts imports outside the stages (../index.ts)',
      'model/x.ts imports @plotwatch/rules',
    ]);
    expect(violations('proofs', join('proofs', 'x.ts'), source)).toEqual([
      'proofs/x.ts imports outside the stages (../index.ts)',
      'proofs/x.ts imports @plotwatch/rules',
    ]);
  });
});
