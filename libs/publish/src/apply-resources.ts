import type { Folder as FolderDefinition } from '@plotwatch/grafana';
import { resourcePlacement, type DesiredDashboard } from './desired.ts';
import type { Json } from './grafana-types.ts';
import { contains, type Change } from './plan.ts';
import {
  apiVersionOf,
  CONTENT_ANNOTATION,
  FOLDER_ANNOTATION,
  GENERATION_ANNOTATION,
  isStatus,
  MANAGED_LABEL,
  MANAGED_LABEL_VALUE,
  SOURCE_ANNOTATION,
  type Resource,
  type ResourceApis,
  type ResourceClient,
  type ResourceType,
} from './resources.ts';
import { contentSha256, editedSincePublish, isManaged, stampedDashboard } from './stamp.ts';

/** Where resource writes go: the client (its namespace) and the types discovery picked. */
export interface ResourceTarget {
  readonly client: ResourceClient;
  readonly apis: ResourceApis;
}

type DashboardChange = Extract<Change, { kind: 'dashboard' }>;
type FolderChange = Extract<Change, { kind: 'folder' }>;
type RoutingTreeChange = Extract<Change, { kind: 'routing-tree' }>;

/**
 * The resource to write for an out/ dashboard: a resource file (schema v2) as it is, or a classic
 * dashboard wrapped as a v1 resource whose spec is the classic JSON, stamped as the legacy API
 * stamps it (so either API recognizes it). Ours on top: the managed-by label (what plotwatch lists
 * by), the folder annotation, the out/ file's sha256, the spec's sha256, and the generation
 * Grafana will give it after this write.
 */
export function dashboardResource(
  target: ResourceTarget,
  desired: DesiredDashboard,
  file: Json,
  write: { generation: number; resourceVersion?: string },
): Resource {
  const fromFile = desired.apiVersion ? (file as unknown as Resource) : undefined;
  const spec = fromFile ? fromFile.spec : stampedDashboard(file, desired.sha256);
  const type = fromFile ? typeOf(fromFile) : target.apis.dashboards;
  return {
    apiVersion: apiVersionOf(type),
    kind: 'Dashboard',
    metadata: {
      name: desired.uid,
      namespace: target.client.namespace,
      ...(write.resourceVersion ? { resourceVersion: write.resourceVersion } : {}),
      labels: { ...fromFile?.metadata.labels, [MANAGED_LABEL]: MANAGED_LABEL_VALUE },
      annotations: {
        ...fromFile?.metadata.annotations,
        [FOLDER_ANNOTATION]: desired.folderUid,
        [SOURCE_ANNOTATION]: desired.sha256,
        [CONTENT_ANNOTATION]: contentSha256(spec),
        [GENERATION_ANNOTATION]: String(write.generation),
      },
    },
    spec,
  };
}

/** The type a resource file names (`dashboard.grafana.app/v2` -> its group and version). */
function typeOf(resource: Resource): ResourceType {
  const [group, version] = resource.apiVersion.split('/') as [string, string];
  return { group, version, resource: 'dashboards', kind: resource.kind };
}

/**
 * Creates or updates one dashboard through the resource API. An update sends the resourceVersion
 * the list showed: a 409 means someone wrote it since, which is reported as a conflict naming the
 * dashboard (unless what Grafana holds is this very write, made by an attempt whose answer was
 * lost). A create that meets a dashboard plotwatch does not list (no label) takes it over only if
 * plotwatch published it through the legacy API and nobody edited it since, or with --force.
 */
export async function saveDashboardResource(
  target: ResourceTarget,
  change: DashboardChange,
  file: Json,
): Promise<string> {
  const desired = change.dashboard!;
  const { client } = target;
  if (desired.apiVersion) {
    // Its place in out/ said where it goes: the file must say the same.
    const placed = resourcePlacement(file);
    const differs =
      'problems' in placed
        ? placed.problems
        : [
            ...(placed.name === desired.uid ? [] : [`metadata.name "${placed.name}" is not its file name`]),
            ...(placed.folderUid === desired.folderUid
              ? []
              : [`its folder annotation "${placed.folderUid}" is not its directory's folder "${desired.folderUid}"`]),
            ...(placed.apiVersion === desired.apiVersion
              ? []
              : [`apiVersion ${placed.apiVersion} differs from out/'s other dashboards (${desired.apiVersion})`]),
          ];
    if (differs.length) throw new Error(`${desired.path}: ${differs.join('; ')}`);
  }
  const body = (generation: number, resourceVersion?: string) =>
    dashboardResource(target, desired, file, { generation, ...(resourceVersion ? { resourceVersion } : {}) });
  const type = desired.apiVersion ? typeOf(body(0)) : target.apis.dashboards;
  const specSha256 = contentSha256(body(0).spec);
  // Grafana raises the generation when the spec or the folder changes, and only then.
  const nextGeneration = (stored: { generation: number; specSha256: string; folderUid?: string }) =>
    stored.specSha256 !== specSha256 || stored.folderUid !== desired.folderUid
      ? stored.generation + 1
      : stored.generation;

  let saved: Resource;
  let how: string;
  if (change.action === 'create') {
    try {
      saved = await client.create(type, body(1));
      how = 'created';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const existing = await client.get(type, desired.uid);
      if (!existing) throw error;
      if (isThisWrite(existing, desired, specSha256))
        return `already saved by an earlier attempt, generation ${await recordGeneration(client, type, existing)}`;
      const why = takeOverReason(existing, change.overwrite);
      if (!why)
        throw new Error(
          `dashboard ${desired.uid} exists in Grafana without plotwatch's label and was not published by plotwatch (or was edited since): not overwritten; --force takes it over`,
          { cause: error },
        );
      saved = await client.update(type, body(nextGeneration(storedOf(existing)), existing.metadata.resourceVersion));
      how = why;
    }
  } else {
    try {
      saved = await client.update(
        type,
        body(
          nextGeneration({
            generation: change.generation ?? 0,
            specSha256: change.stored?.specSha256 ?? '',
            ...(change.stored?.folderUid ? { folderUid: change.stored.folderUid } : {}),
          }),
          change.resourceVersion,
        ),
      );
      how = 'updated';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const existing = await client.get(type, desired.uid);
      if (existing && isThisWrite(existing, desired, specSha256))
        return `already saved by an earlier attempt, generation ${await recordGeneration(client, type, existing)}`;
      throw new Error(
        `conflict: dashboard ${desired.uid} was changed in Grafana since the plan was made (resourceVersion ${change.resourceVersion ?? '?'}, now ${existing?.metadata.resourceVersion ?? 'deleted'}): not overwritten; run again to plan anew`,
        { cause: error },
      );
    }
  }
  return `${how}, generation ${await recordGeneration(client, type, saved)}`;
}

/**
 * Our generation annotation must equal the generation Grafana gave our write, or the next run
 * reads a hand edit. Should Grafana have counted otherwise than foreseen, the annotation is set
 * to what it did (a metadata-only write: the generation stays).
 */
async function recordGeneration(client: ResourceClient, type: ResourceType, saved: Resource): Promise<number | string> {
  const generation = saved.metadata.generation;
  const recorded = saved.metadata.annotations?.[GENERATION_ANNOTATION];
  if (generation === undefined || recorded === String(generation)) return generation ?? '?';
  const withRecord = (r: Resource): Resource => ({
    ...r,
    metadata: {
      ...r.metadata,
      annotations: { ...r.metadata.annotations, [GENERATION_ANNOTATION]: String(r.metadata.generation) },
    },
  });
  try {
    return (await client.update(type, withRecord(saved))).metadata.generation ?? generation;
  } catch (error) {
    // A retried attempt whose first one got through meets its own write: read it back.
    if (!isStatus(error, 409)) throw error;
    const now = await client.get(type, saved.metadata.name);
    if (now && now.metadata.annotations?.[GENERATION_ANNOTATION] === String(now.metadata.generation))
      return now.metadata.generation ?? generation;
    throw new Error(
      `${type.kind} ${saved.metadata.name}: written, but its generation could not be recorded (changed in Grafana meanwhile); run again`,
      { cause: error },
    );
  }
}

/** Whether Grafana holds exactly what this write sends, untouched since (an earlier attempt got through). */
function isThisWrite(existing: Resource, desired: DesiredDashboard, specSha256: string): boolean {
  const a = existing.metadata.annotations ?? {};
  return (
    existing.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_VALUE &&
    a[SOURCE_ANNOTATION] === desired.sha256 &&
    a[CONTENT_ANNOTATION] === specSha256 &&
    a[FOLDER_ANNOTATION] === desired.folderUid &&
    (a[GENERATION_ANNOTATION] === String(existing.metadata.generation) || contentSha256(existing.spec) === specSha256)
  );
}

/**
 * Why a dashboard plotwatch does not list may be written over: published by plotwatch through the
 * legacy API and not edited since (its classic JSON carries the managed tag and an intact stamp),
 * or --force. Undefined: it may not.
 */
function takeOverReason(existing: Resource, force: boolean): string | undefined {
  // Grafana keeps a classic dashboard's uid as the name, not necessarily in the spec; the stamp covers it.
  const spec: Json = { ...existing.spec, uid: existing.metadata.name };
  if (isManaged(spec.tags as string[] | undefined) && !editedSincePublish(spec))
    return 'adopted (published by plotwatch through the legacy API)';
  return force ? 'taken over (--force)' : undefined;
}

function storedOf(existing: Resource): { generation: number; specSha256: string; folderUid?: string } {
  const folderUid = existing.metadata.annotations?.[FOLDER_ANNOTATION];
  return {
    generation: existing.metadata.generation ?? 0,
    specSha256: contentSha256(existing.spec ?? {}),
    ...(folderUid ? { folderUid } : {}),
  };
}

export async function deleteDashboardResource(target: ResourceTarget, change: DashboardChange): Promise<string> {
  await deleteOwn(target.client, target.apis.dashboards, `dashboard ${change.key}`, change.key, change.resourceVersion);
  return 'deleted';
}

/** Deletes the version the plan saw; a 409 means someone wrote it since: reported, left alone. */
async function deleteOwn(
  client: ResourceClient,
  type: ResourceType,
  what: string,
  name: string,
  resourceVersion: string | undefined,
): Promise<void> {
  try {
    await client.delete(type, name, resourceVersion);
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    throw new Error(
      `conflict: ${what} was changed in Grafana since the plan was made: not deleted; run again to plan anew`,
      {
        cause: error,
      },
    );
  }
}

/** The folder resource to write; `existing`: what Grafana holds (its other labels, annotations and spec fields kept). */
function folderResource(
  target: ResourceTarget,
  folder: FolderDefinition,
  existing: {
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    spec?: Json;
  } = {},
): Resource {
  const annotations = { ...existing.annotations };
  if (folder.parentUid) annotations[FOLDER_ANNOTATION] = folder.parentUid;
  else delete annotations[FOLDER_ANNOTATION];
  return {
    apiVersion: apiVersionOf(target.apis.folders),
    kind: 'Folder',
    metadata: {
      name: folder.uid,
      namespace: target.client.namespace,
      ...(existing.resourceVersion ? { resourceVersion: existing.resourceVersion } : {}),
      labels: { ...existing.labels, [MANAGED_LABEL]: MANAGED_LABEL_VALUE },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: { ...existing.spec, title: folder.title },
  };
}

/**
 * Creates a folder, or brings one in line (title, parent, our label). Folders carry no content of
 * ours to protect, so, as through the legacy API, one that exists is taken as it is and changed:
 * a 409 on update re-reads it and writes once more with what it holds now.
 */
export async function saveFolderResource(target: ResourceTarget, change: FolderChange): Promise<string> {
  const { client, apis } = target;
  const folder = change.folder!;
  if (change.action === 'create') {
    try {
      await client.create(apis.folders, folderResource(target, folder));
      return 'created';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  } else if (change.resourceVersion) {
    try {
      await client.update(apis.folders, folderResource(target, folder, { resourceVersion: change.resourceVersion }));
      return 'updated';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }
  const existing = await client.get(apis.folders, folder.uid);
  if (!existing) throw new Error(`folder ${folder.uid}: Grafana reports a conflict but has no folder with this name`);
  const a = existing.metadata.annotations ?? {};
  const asWanted =
    existing.spec?.title === folder.title &&
    (a[FOLDER_ANNOTATION] ?? '') === (folder.parentUid ?? '') &&
    existing.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_VALUE;
  if (asWanted) return 'already as wanted';
  await client.update(apis.folders, folderResource(target, folder, { ...existing.metadata, spec: existing.spec }));
  return existing.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_VALUE
    ? 'updated'
    : "adopted (it existed without plotwatch's label)";
}

export async function deleteFolderResource(target: ResourceTarget, change: FolderChange): Promise<string> {
  await deleteOwn(target.client, target.apis.folders, `folder ${change.key}`, change.key, change.resourceVersion);
  return 'deleted';
}

/**
 * A named routing tree: created, replaced (with the resourceVersion the list showed) or deleted.
 * A 409 on create or update re-reads it: already as wanted is success; otherwise a create is
 * retried as an update of what is there, an update is a conflict, reported.
 */
export async function saveRoutingTree(target: ResourceTarget, change: RoutingTreeChange): Promise<string> {
  const type = target.apis.routingTrees!;
  const { client } = target;
  if (change.action === 'delete') {
    await deleteOwn(client, type, `routing tree ${change.key}`, change.key, change.resourceVersion);
    return 'deleted';
  }
  const tree = change.tree!;
  const body = (resourceVersion?: string): Resource => ({
    apiVersion: apiVersionOf(type),
    kind: tree.resource.kind,
    metadata: {
      ...tree.resource.metadata,
      name: tree.name,
      namespace: client.namespace,
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    spec: tree.resource.spec,
  });
  try {
    if (change.action === 'create') await client.create(type, body());
    else await client.update(type, body(change.resourceVersion));
    return change.action === 'create' ? 'created' : 'replaced';
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    const existing = await client.get(type, tree.name);
    if (existing && contains(existing.spec, tree.resource.spec))
      return 'already as wanted (an earlier attempt got through)';
    if (change.action === 'create' && existing) {
      await client.update(type, body(existing.metadata.resourceVersion));
      return 'replaced (it existed already)';
    }
    throw new Error(
      `conflict: routing tree ${tree.name} was changed in Grafana since the plan was made: not overwritten; run again to plan anew`,
      { cause: error },
    );
  }
}
