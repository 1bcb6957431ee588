import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DefinitionContext, PersonaId } from '@plotwatch/platform';

/** What a platform-scoped dashboard is built from: everything a tenant's is, except a tenant. */
export type PlatformDefinitionContext = Omit<DefinitionContext, 'tenant'>;

interface DefinitionBase {
  readonly slug: string;
  readonly persona: PersonaId;
  /** The module that defines it (`import.meta.url`), named in errors and in the manifest. */
  readonly source: string;
}

/** Built once per tenant, for that tenant's team, every series filtered to it. */
export interface TenantDashboardDefinition extends DefinitionBase {
  readonly scope: 'tenant';
  readonly build: (ctx: DefinitionContext) => DashboardBuilder;
}

/** Built once, for the platform's own teams, across all tenants. */
export interface PlatformDashboardDefinition extends DefinitionBase {
  readonly scope: 'platform';
  readonly build: (ctx: PlatformDefinitionContext) => DashboardBuilder;
}

/** A dashboard: a pure function of its context; the scope decides which context it gets. */
export type DashboardDefinition = TenantDashboardDefinition | PlatformDashboardDefinition;
