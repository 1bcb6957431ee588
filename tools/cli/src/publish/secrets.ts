import { FILE_REFERENCE, type EmbeddedContactPoint } from '@plotwatch/publish';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A `$__file{path}` setting of a contact point. */
export interface SecretReference {
  readonly contactPoint: string;
  readonly setting: string;
  /** As the contact point names it: where Grafana's pod mounts it. */
  readonly path: string;
}

/** Every secret file the contact points refer to, in order, each path once. */
export function secretReferences(contactPoints: readonly EmbeddedContactPoint[]): SecretReference[] {
  const seen = new Set<string>();
  const references: SecretReference[] = [];
  for (const c of contactPoints)
    for (const [setting, value] of Object.entries(c.settings)) {
      const path = typeof value === 'string' ? FILE_REFERENCE.exec(value)?.[1] : undefined;
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      references.push({ contactPoint: c.name ?? c.uid ?? '(unnamed)', setting, path });
    }
  return references;
}

/**
 * Reads secret files below `root` (contact points name them as Grafana's pod mounts them; here
 * they may live below another root). Each content is handed to `onSecret` (the redactor) and
 * never appears in an error, which names the resolved path.
 */
export function secretReader(root: string, onSecret: (secret: string) => void): (path: string) => Promise<string> {
  const base = resolve(root);
  return async (path) => {
    const resolved = join(base, path);
    const secret = await readFile(resolved, 'utf8').catch((e: NodeJS.ErrnoException) =>
      Promise.reject(new Error(`cannot read ${resolved}: ${e.code ?? e.message}`)),
    );
    if (!secret.trim()) throw new Error(`${resolved} is empty`);
    onSecret(secret);
    return secret;
  };
}

/** One problem per secret file that cannot be read (or is empty), naming its resolved path and who refers to it. */
export async function missingSecrets(
  references: readonly SecretReference[],
  read: (path: string) => Promise<string>,
): Promise<string[]> {
  const problems = await Promise.all(
    references.map((r) =>
      read(r.path).then(
        () => undefined,
        (e: Error) => `${e.message} (the ${r.setting} of contact point ${r.contactPoint}, which names ${r.path})`,
      ),
    ),
  );
  return problems.filter((p): p is string => p !== undefined);
}
