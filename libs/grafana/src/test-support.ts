import {
  environments,
  personas,
  platform,
  resolveTenant,
  type DefinitionContext,
  type Tenant,
} from '@plotwatch/platform';

/** A tenant as the loader resolves it, without reading tenant files. */
export function sampleTenant(overrides: Partial<Pick<Tenant, 'id' | 'displayName' | 'tenancy'>> = {}): Tenant {
  const id = overrides.id ?? 'acme';
  return resolveTenant(
    {
      id,
      displayName: overrides.displayName ?? 'Acme',
      tier: 'pro',
      tenancy: overrides.tenancy ?? 'label',
      notifications: [{ name: 'ops', type: 'email', to: 'ops@acme.example' }],
    },
    `test:${id}`,
  );
}

export function sampleContext(tenant: Tenant = sampleTenant()): DefinitionContext {
  return { tenant, persona: personas.ops, env: environments.prod, platform };
}
