import { findMetric, metricNames, SERVICE_LABEL, TENANT_LABEL } from './catalog.ts';
import { didYouMean } from './nearest.ts';

/** Whose series a query may see: all tenants (platform scope) or exactly one. */
export type QueryScope = { readonly kind: 'platform' } | { readonly kind: 'tenant'; readonly tenantId: string };

export const PLATFORM_SCOPE: QueryScope = { kind: 'platform' };
export function tenantScope(tenantId: string): QueryScope {
  return { kind: 'tenant', tenantId };
}

export type MatcherValue = string | { readonly re: string } | { readonly not: string } | { readonly notRe: string };

function renderMatcher(label: string, value: MatcherValue): string {
  if (typeof value === 'string') return `${label}=${JSON.stringify(value)}`;
  if ('re' in value) return `${label}=~${JSON.stringify(value.re)}`;
  if ('notRe' in value) return `${label}!~${JSON.stringify(value.notRe)}`;
  return `${label}!=${JSON.stringify(value.not)}`;
}

/**
 * A vector selector with the scope's tenant matcher always first, so a tenant-scoped query can
 * never forget it. Series of the catalog are checked: unknown metric or label throws.
 * Recorded series (names with `:`) are not in the catalog and skip that check.
 */
export function selector(
  name: string,
  scope: QueryScope,
  matchers: Readonly<Record<string, MatcherValue>> = {},
): string {
  const labels = Object.keys(matchers);
  if (!name.includes(':')) {
    const spec = findMetric(name);
    if (!spec)
      throw new Error(
        `selector: metric '${name}' is not in the catalog (libs/platform/src/catalog.ts)${didYouMean(name, metricNames())}`,
      );
    const known = new Set([
      ...spec.labels.map((l) => l.name),
      ...(spec.tenantScoped ? [TENANT_LABEL, SERVICE_LABEL] : []),
      ...(spec.type === 'histogram' ? ['le'] : []),
    ]);
    const unknown = labels.filter((l) => !known.has(l));
    if (unknown.length)
      throw new Error(
        `selector: ${name} has no label ${unknown.join(', ')}${unknown.length === 1 ? didYouMean(unknown[0]!, known) : ''} (it has ${[...known].join(', ')})`,
      );
  }
  if (TENANT_LABEL in matchers)
    throw new Error(`selector: ${name}: the tenant matcher comes from the scope, not from the caller`);
  const rendered = Object.entries(matchers).map(([label, value]) => renderMatcher(label, value));
  if (scope.kind === 'tenant') rendered.unshift(renderMatcher(TENANT_LABEL, scope.tenantId));
  return rendered.length ? `${name}{${rendered.join(', ')}}` : name;
}
