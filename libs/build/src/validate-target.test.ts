import { environment } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import type { Artifact } from './artifacts.ts';
import { validateArtifacts } from './validate.ts';

/** One rule file of one recording rule, as the rules producer writes it. */
function ruleFile(expr: string): Artifact {
  const document = { groups: [{ name: 'g', interval: '30s', rules: [{ record: 'job:x:info', expr }] }] };
  return {
    path: 'prometheus/rules/x.yaml',
    kind: 'prometheus-rules',
    source: 'recording-rules/x.ts',
    content: JSON.stringify(document),
    document,
  };
}

describe("the build's expression checks", () => {
  const expr = 'info(rate(x_total[5m]))';
  it("read an expression as the environment's Prometheus does", () => {
    const prod = environment('prod');
    const asDefault = validateArtifacts([ruleFile(expr)], [], prod).findings.join('\n');
    expect(asDefault).toContain('info needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions');
    const on3 = { ...prod, prometheus: { version: '3.x', features: ['promql-experimental-functions'] } } as const;
    expect(validateArtifacts([ruleFile(expr)], [], on3).findings.join('\n')).not.toContain('info needs');
  });
});
