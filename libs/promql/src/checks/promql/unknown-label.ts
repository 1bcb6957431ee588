import { findMetric, SERVICE_LABEL, TENANT_LABEL } from '@plotwatch/platform';
import type { Check } from '../check.ts';

/** Labels every series has after scraping or recording. */
const UNIVERSAL = new Set(['__name__', 'job', 'instance']);

export const unknownLabel: Check = {
  name: 'promql/unknown-label',
  doc: "A matcher uses a label the catalog's metric does not have, or an exact value outside the label's allowed values: it can never match.",
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      const spec = s.metric ? findMetric(s.metric) : undefined;
      if (!spec) return [];
      const labels = new Map(spec.labels.map((l) => [l.name, l]));
      const allowed = new Set([...labels.keys(), ...UNIVERSAL, ...(spec.tenantScoped ? [TENANT_LABEL, SERVICE_LABEL] : []), ...(spec.type === 'histogram' && s.metric!.endsWith('_bucket') ? ['le'] : [])]);
      return s.matchers.flatMap((m) => {
        if (!allowed.has(m.label)) return [{ from: m.from, to: m.to, message: `${spec.name} has no label ${m.label} (it has ${[...allowed].filter((l) => !UNIVERSAL.has(l)).join(', ')})` }];
        const values = labels.get(m.label)?.values;
        if (m.op === '=' && m.value !== '' && values && !values.includes(m.value)) {
          return [{ from: m.from, to: m.to, message: `${m.label}="${m.value}" is not a value of ${spec.name} (allowed: ${values.join(', ')})` }];
        }
        return [];
      });
    }),
};
