import type { Persona, PersonaId, Tenant } from '@plotwatch/platform';

export type DashboardScope = { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant };

export interface Folder {
  readonly uid: string;
  readonly title: string;
  readonly parentUid?: string;
  /** Grafana teams and what they may do; tenant folders admit only that tenant's team. */
  readonly permissions: ReadonlyArray<{ readonly team: string; readonly permission: 'View' | 'Edit' }>;
}

/** The team of a tenant's persona: `<tenant>-<persona>`. */
export function tenantTeam(tenantId: string, persona: PersonaId): string {
  return `${tenantId}-${persona}`;
}

export function folderUid(scope: DashboardScope, persona?: PersonaId): string {
  const root = scope.kind === 'platform' ? 'platform' : `tenant-${scope.tenant.id}`;
  return persona ? `${root}-${persona}` : root;
}

/** `Platform/<Persona>` and `<Tenant>/<Persona>`: nested folders with team permissions. */
export function folderTree(tenants: readonly Tenant[], personas: readonly Persona[]): Folder[] {
  const platform: DashboardScope = { kind: 'platform' };
  const folders: Folder[] = [
    { uid: folderUid(platform), title: 'Platform', permissions: personas.map((p) => ({ team: p.team, permission: 'View' as const })) },
    ...personas.map((p) => ({ uid: folderUid(platform, p.id), title: p.title, parentUid: folderUid(platform), permissions: [{ team: p.team, permission: 'Edit' as const }] })),
  ];
  for (const tenant of tenants) {
    const scope: DashboardScope = { kind: 'tenant', tenant };
    folders.push({ uid: folderUid(scope), title: tenant.displayName, permissions: personas.map((p) => ({ team: tenantTeam(tenant.id, p.id), permission: 'View' as const })) });
    for (const p of personas) {
      folders.push({ uid: folderUid(scope, p.id), title: p.title, parentUid: folderUid(scope), permissions: [{ team: tenantTeam(tenant.id, p.id), permission: 'View' as const }] });
    }
  }
  return folders;
}
