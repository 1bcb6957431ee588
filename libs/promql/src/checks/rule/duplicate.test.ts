import { describe, expect, it } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { duplicate, duplicateRules } from './duplicate.ts';

describe(duplicate.name, () => {
  checkCases(duplicate);

  it("keeps the caller's rules, and names the first rule by its where", () => {
    const rule = {
      namespace: 'r.yaml',
      kind: 'record',
      name: 'a:b:c',
      labels: {},
      expr: 'vector(1)',
      line: 7,
    } as const;
    const [found] = duplicateRules([
      { ...rule, where: 'first' },
      { ...rule, where: 'second', line: 9 },
    ]);
    expect(found).toMatchObject({ check: 'rule/duplicate', from: 0, to: 9 });
    expect(found!.message).toBe('writes the same series, a:b:c, as first');
    expect(found!.rule.line).toBe(9);
  });
});
