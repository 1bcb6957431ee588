import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object of out/kubernetes/<env>/, by what identifies it in a cluster. */
export interface K8sObject {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly file: string;
  readonly body: Record<string, unknown>;
}

/** `Kind namespace/name` (cluster-scoped: `Kind name`). */
export function objectId(o: Pick<K8sObject, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The objects of manifest files (YAML, possibly several documents, or JSON), by path -> text. */
export function objectsOf(files: ReadonlyMap<string, string>): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const [file, text] of files)
    for (const doc of file.endsWith('.json')
      ? [JSON.parse(text) as unknown]
      : parseAllDocuments(text).map((d) => d.toJS() as unknown)) {
      if (!doc || typeof doc !== 'object') continue;
      const body = doc as { kind?: string; metadata?: { name?: string; namespace?: string }; items?: unknown[] };
      if (body.kind?.endsWith('List') && Array.isArray(body.items)) {
        objects.push(...objectsOf(new Map(body.items.map((item) => [`${file}.json`, JSON.stringify(item)]))));
        continue;
      }
      objects.push({
        kind: body.kind ?? '(no kind)',
        namespace: body.metadata?.namespace,
        name: body.metadata?.name ?? '(no name)',
        file,
        body: body as Record<string, unknown>,
      });
    }
  return objects.sort((a, b) => objectId(a).localeCompare(objectId(b)));
}

export type Change =
  | { readonly action: 'create' | 'unchanged'; readonly object: K8sObject }
  | { readonly action: 'change'; readonly object: K8sObject; readonly fields: readonly string[] }
  | { readonly action: 'gone'; readonly object: K8sObject };

/**
 * What applying `head` changes relative to `base` (the out/ applied last), object by object: created,
 * changed (with the fields that differ, two levels deep: `spec.endpoints`, `data.dashboard.json`;
 * never their values, a Secret's included), unchanged, and gone (in base, not in head: `kubectl apply`
 * leaves those in the cluster).
 */
export function localDiff(base: readonly K8sObject[], head: readonly K8sObject[]): Change[] {
  const before = new Map(base.map((o) => [objectId(o), o]));
  const ids = new Set(head.map(objectId));
  const changes: Change[] = head.map((object) => {
    const old = before.get(objectId(object));
    if (!old) return { action: 'create', object };
    const fields = differingFields(old.body, object.body, '', 2);
    return fields.length ? { action: 'change', object, fields } : { action: 'unchanged', object };
  });
  for (const object of base) if (!ids.has(objectId(object))) changes.push({ action: 'gone', object });
  return changes;
}

function differingFields(a: unknown, b: unknown, prefix: string, depth: number): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const objectLike = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (depth === 0 || !objectLike(a) || !objectLike(b)) return [prefix || '(the whole object)'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differingFields(a[k], b[k], prefix ? `${prefix}.${k}` : k, depth - 1));
}
