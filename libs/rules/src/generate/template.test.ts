import { resolveTenant } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { thresholdParam } from './params.ts';
import { expectedText, grafanaTemplate, label, param, prometheusTemplate, tpl, value } from './template.ts';

const tenant = resolveTenant(
  {
    id: 'ink',
    displayName: 'Ink',
    tier: 'pro',
    tenancy: 'mimir',
    thresholds: { story_api_error_ratio: 0.03 },
    notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }],
  },
  'ink.yaml',
);
const errorRatio = thresholdParam('story_api_error_ratio');
const description = tpl`Tenant ${label('tenant')}: ${value('humanizePercentage')} of requests fail, threshold ${param(errorRatio)}.`;

describe('annotation templates', () => {
  it("render for the shared rule: the tenant's threshold fetched with a query", () => {
    expect(prometheusTemplate(description, { kind: 'shared' })).toBe(
      'Tenant {{ $labels.tenant }}: {{ $value | humanizePercentage }} of requests fail, threshold ' +
        `{{ with printf "tenant:story_api_error_ratio:threshold{tenant='%s'}" $labels.tenant | query }}{{ . | first | value | humanizePercentage }}{{ end }}.`,
    );
  });

  it('render for a mimir tenant with its value inline, already printed', () => {
    expect(prometheusTemplate(description, { kind: 'own', tenant })).toBe(
      'Tenant {{ $labels.tenant }}: {{ $value | humanizePercentage }} of requests fail, threshold 3%.',
    );
  });

  it('refuse a per-tenant value in a platform-scope annotation', () => {
    expect(() => prometheusTemplate(description, { kind: 'platform' })).toThrow(/platform-scope annotation/);
  });

  it("render Grafana's flavour: $values instead of $value and query", () => {
    expect(grafanaTemplate(description, { kind: 'shared' }, 'A', () => 'T1')).toBe(
      'Tenant {{ $labels.tenant }}: {{ $values.A.Value | humanizePercentage }} of requests fail, threshold {{ $values.T1.Value | humanizePercentage }}.',
    );
  });

  it('print what Prometheus prints for known labels and value, and name a label the alert lacks', () => {
    expect(expectedText(description, { labels: { tenant: 'ink' }, value: 0.0303, tenant })).toBe(
      'Tenant ink: 3.03% of requests fail, threshold 3%.',
    );
    expect(() => expectedText(description, { labels: {}, value: 1, tenant })).toThrow(/reads label tenant/);
    expect(prometheusTemplate(tpl`${value('decimal')}`, { kind: 'platform' })).toBe('{{ $value | printf "%.4g" }}');
  });
});
