import type { Persona, PersonaId, Tenant } from '@plotwatch/platform';

export type DashboardScope = { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant };

export type FolderPermission = 'View' | 'Edit' | 'Admin';

/** A Grafana team: the platform's own people of a persona, or one tenant's. */
export interface Team {
  readonly name: string;
  readonly persona: PersonaId;
  /** The tenant whose team it is; absent for the platform's teams. */
  readonly tenant?: string;
}

export interface Folder {
  readonly uid: string;
  readonly title: string;
  readonly parentUid?: string;
  /**
   * Everyone who may open the folder. Grafana's nested folders inherit their parent's
   * permissions, so a child lists its parent's and adds its own: what is written is what applies.
   */
  readonly permissions: ReadonlyArray<{ readonly team: string; readonly permission: FolderPermission }>;
}

/** The team of a tenant's persona: `<tenant>-<persona>`. */
export function tenantTeam(tenantId: string, persona: PersonaId): string {
  return `${tenantId}-${persona}`;
}

/** The team that administers every folder: the platform's ops team. */
export function adminTeam(personas: readonly Persona[]): string {
  const ops = personas.find((p) => p.id === 'ops');
  if (!ops) throw new Error('no ops persona: it administers every folder');
  return ops.team;
}

export function folderUid(scope: DashboardScope, persona?: PersonaId): string {
  const root = scope.kind === 'platform' ? 'platform' : `tenant-${scope.tenant.id}`;
  return persona ? `${root}-${persona}` : root;
}

/**
 * The directory of a folder's resources (under `grafana/resources/`): one directory per folder,
 * nested as the folders are, since Git Sync makes each directory a folder (named and identified by
 * the `_folder.json` in it). A root folder is its uid (`platform`, `tenant-aurora-books`), a
 * persona's folder the persona's id inside it.
 */
export function folderDirectory(scope: DashboardScope, persona?: PersonaId): string {
  return persona ? `${folderUid(scope)}/${persona}` : folderUid(scope);
}

export function teams(tenants: readonly Tenant[], personas: readonly Persona[]): Team[] {
  return [
    ...personas.map((p) => ({ name: p.team, persona: p.id })),
    ...tenants.flatMap((t) => personas.map((p) => ({ name: tenantTeam(t.id, p.id), persona: p.id, tenant: t.id }))),
  ];
}

/**
 * `Platform/<Persona>` and `<Tenant>/<Persona>`. Platform ops administers all. The platform's
 * persona teams view the platform folders and every tenant's folder of their persona. A tenant's
 * teams view their own tenant's folders and nothing else: a tenant root grants nobody else
 * anything, since its children would inherit it.
 */
export function folderTree(tenants: readonly Tenant[], personas: readonly Persona[]): Folder[] {
  const admin = { team: adminTeam(personas), permission: 'Admin' as const };
  const view = (team: string) => ({ team, permission: 'View' as const });
  const platformScope: DashboardScope = { kind: 'platform' };
  const platformRoot: Folder = {
    uid: folderUid(platformScope),
    title: 'Platform',
    permissions: [admin, ...personas.filter((p) => p.team !== admin.team).map((p) => view(p.team))],
  };
  const folders: Folder[] = [
    platformRoot,
    ...personas.map((p) => ({
      uid: folderUid(platformScope, p.id),
      title: p.title,
      parentUid: platformRoot.uid,
      permissions: platformRoot.permissions,
    })),
  ];
  for (const tenant of tenants) {
    const scope: DashboardScope = { kind: 'tenant', tenant };
    const root: Folder = {
      uid: folderUid(scope),
      title: tenant.displayName,
      permissions: [admin, ...personas.map((p) => view(tenantTeam(tenant.id, p.id)))],
    };
    folders.push(root);
    for (const p of personas) {
      const platformTeam = p.team === admin.team ? [] : [view(p.team)];
      folders.push({
        uid: folderUid(scope, p.id),
        title: p.title,
        parentUid: root.uid,
        permissions: [...root.permissions, ...platformTeam],
      });
    }
  }
  return folders;
}
