import { DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  checkedDashboardUid,
  PLATFORM_SCOPE,
  rememberPosition,
  tenantDatasourceUid,
  tenantScope,
  type DefinitionContext,
  type Environment,
  type Persona,
  type PersonaId,
  type Platform,
  type QueryScope,
} from '@plotwatch/platform';
import type {
  PlatformDashboardDefinition,
  PlatformDefinitionContext,
  TenantDashboardDefinition,
} from './definition.ts';
import { layoutRows, type KitPanel, type Row } from './layout.ts';
import { personaTag, scopeTag, siblingLinks, type DashboardLinkSpec } from './links.ts';
import { refreshInterval } from './refresh.ts';
import { datasourceVariable, fixedTenantVariable, type VariableBuilder } from './variables.ts';

/** What a dashboard definition decides; everything else is the kit's conventions. */
export interface DashboardSpec {
  readonly slug: string;
  /** Without the tenant's name: the kit prefixes the scope (`Aurora Books · Inference`). */
  readonly title: string;
  readonly description: string;
  /** Extra tags, e.g. `service:story-api`. */
  readonly tags?: readonly string[];
  readonly rows?: readonly Row[];
  /** Panels above the first row, in none. */
  readonly panels?: readonly KitPanel[];
  /** The dashboard's own variables, after the kit's `datasource` (and a tenant's `tenant`). */
  readonly variables?: readonly VariableBuilder[];
  /** Header links, after the kit's links to sibling dashboards. */
  readonly links?: readonly DashboardLinkSpec[];
  /** Default time range, `now-6h` unless the dashboard looks at slower signals. */
  readonly from?: string;
  /** End of the default time range, `now` unless it lags on purpose (`now-1m` for late data). */
  readonly to?: string;
}

interface Frame {
  readonly scope: QueryScope;
  /** `aurora-books` or `platform`: the first part of the uid. */
  readonly uidScope: string;
  readonly scopeTitle: string;
  readonly persona: Persona;
  readonly env: Environment;
  readonly platform: Platform;
  readonly datasourceUid: string;
}

/** A tenant's dashboard: its uid, tags, fixed tenant variable and datasource (its Mimir org in mimir mode). */
export function tenantDashboard(
  { tenant, persona, env, platform }: DefinitionContext,
  spec: DashboardSpec,
): DashboardBuilder {
  const frame: Frame = {
    scope: tenantScope(tenant.id),
    uidScope: tenant.id,
    scopeTitle: tenant.displayName,
    persona,
    env,
    platform,
    datasourceUid: tenantDatasourceUid(env, tenant),
  };
  return assemble(frame, spec, [fixedTenantVariable(tenant.id)]);
}

/** A dashboard of the platform's own teams, across all tenants, on the environment's Prometheus. */
export function platformDashboard(
  { persona, env, platform }: PlatformDefinitionContext,
  spec: DashboardSpec,
): DashboardBuilder {
  return assemble(
    {
      scope: PLATFORM_SCOPE,
      uidScope: 'platform',
      scopeTitle: 'Platform',
      persona,
      env,
      platform,
      datasourceUid: env.datasources.prometheus,
    },
    spec,
  );
}

function assemble(
  frame: Frame,
  spec: DashboardSpec,
  scopeVariables: readonly VariableBuilder[] = [],
): DashboardBuilder {
  const builder = new DashboardBuilder(`${frame.scopeTitle} · ${spec.title}`)
    .uid(checkedDashboardUid(frame.uidScope, frame.persona.id, spec.slug))
    .description(spec.description)
    .tags(['plotwatch', scopeTag(frame.scope), personaTag(frame.persona), ...(spec.tags ?? [])])
    .editable()
    .refresh(refreshInterval(frame.persona, frame.env))
    .time({ from: spec.from ?? 'now-6h', to: spec.to ?? 'now' })
    .timezone('utc')
    .tooltip(DashboardCursorSync.Crosshair)
    .links([...siblingLinks(frame.scope, Object.values(frame.platform.personas)), ...(spec.links ?? [])]);
  const names = new Set<string>();
  for (const variable of [datasourceVariable(frame.datasourceUid), ...scopeVariables, ...(spec.variables ?? [])]) {
    const { name } = variable.build();
    // Queries refer to variables by name: a second one of a name would shadow the first.
    if (names.has(name))
      throw new Error(
        `dashboard "${spec.title}" has two variables named "${name}"; the kit's own are datasource and (for tenants) tenant`,
      );
    names.add(name);
    builder.withVariable(variable);
  }
  layoutRows(builder, spec.rows ?? [], spec.panels);
  return builder;
}

/** What a dashboard's uid, folder and manifest entry derive from: said once, by its definition. */
export interface DashboardIdentity {
  readonly slug: string;
  readonly persona: PersonaId;
  /** `import.meta.url` of the defining module. */
  readonly source: string;
}

/** A tenant-scoped definition from what it shows for a tenant; the kit adds the slug and the conventions. */
export function defineTenantDashboard(
  identity: DashboardIdentity,
  spec: (ctx: DefinitionContext) => Omit<DashboardSpec, 'slug'>,
): TenantDashboardDefinition {
  return rememberPosition({
    ...identity,
    scope: 'tenant',
    build: (ctx) => tenantDashboard(ctx, { slug: identity.slug, ...spec(ctx) }),
  });
}

/** A platform-scoped definition: built once, its context has no tenant. */
export function definePlatformDashboard(
  identity: DashboardIdentity,
  spec: (ctx: PlatformDefinitionContext) => Omit<DashboardSpec, 'slug'>,
): PlatformDashboardDefinition {
  return rememberPosition({
    ...identity,
    scope: 'platform',
    build: (ctx) => platformDashboard(ctx, { slug: identity.slug, ...spec(ctx) }),
  });
}
