import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../lint.ts';
import { EXAMPLE_CONTEXT, isRuleSetCase } from './examples.ts';
import { checks, registry } from './index.ts';
import { duplicateRules } from './rule/duplicate.ts';

const here = (path: string) => new URL(path, import.meta.url);
const NAMESPACES = ['promql', 'rule', 'alert'];

describe('the check registry', () => {
  it('names each check once, as <namespace>/<name>', () => {
    const names = registry.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(new RegExp(`^(${NAMESPACES.join('|')})/[a-z][a-z0-9-]*$`));
  });

  const ids = registry.map((c) => [c.name] as const);
  it.each(ids)('%s lives in checks/<id>.ts, its test and snapshot beside it', (name) => {
    const [namespace, base] = name.split('/');
    expect(existsSync(here(`./${name}.ts`)), `checks/${name}.ts`).toBe(true);
    expect(existsSync(here(`./${name}.test.ts`)), `checks/${name}.test.ts`).toBe(true);
    const snapshot = `${namespace}/__snapshots__/${base}.txt`;
    expect(existsSync(here(`./${snapshot}`)), `checks/${snapshot}`).toBe(true);
  });

  it('registers every check file there is', () => {
    const files = NAMESPACES.filter((ns) => existsSync(here(`./${ns}`))).flatMap((ns) =>
      readdirSync(here(`./${ns}`))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `${ns}/${f.slice(0, -3)}`),
    );
    expect(files.sort()).toEqual(registry.map((c) => c.name).sort());
  });

  const entries = registry.map((c) => [c.name, c] as const);
  it.each(entries)('%s: a one-line doc, a paragraph, good and bad cases', (_name, check) => {
    expect(check.doc).toMatch(/^[^\n]{20,}$/);
    expect(check.details.length).toBeGreaterThan(check.doc.length);
    expect(check.cases.some((c) => c.finds)).toBe(true);
    expect(check.cases.some((c) => !c.finds)).toBe(true);
  });

  it('holds every check lint() runs, and every check a finding of any case names', () => {
    const registered = new Set(registry.map((c) => c.name));
    for (const check of checks) expect(registered).toContain(check.name);
    const cases = registry.flatMap((check) => check.cases);
    const findings = cases.flatMap((c) =>
      isRuleSetCase(c) ? duplicateRules(c.rules) : lint(c.expr, { ...EXAMPLE_CONTEXT, ...c.ctx }),
    );
    for (const f of findings) expect(registered).toContain(f.check);
  });
});
