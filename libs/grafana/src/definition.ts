import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DefinitionContext, PersonaId } from '@plotwatch/platform';

/**
 * A dashboard: a pure function of its context. Tenant-scoped dashboards are built once per
 * tenant; platform-scoped ones once, for the platform's own teams.
 */
export interface DashboardDefinition {
  readonly slug: string;
  readonly persona: PersonaId;
  readonly scope: 'platform' | 'tenant';
  /** The module that defines it (`import.meta.url`), named in errors and in the manifest. */
  readonly source: string;
  readonly build: (ctx: DefinitionContext) => DashboardBuilder;
}
