// Helpers of the CLI's tests that run the real command in a copy of the repository.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Replaces the first match of `from` in a file; throws when nothing matched. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  await writeFile(file, edited);
}

/** Every `$__file{path}` a contact point in out/ names, written below `root` with a made-up secret. */
export async function writeReferencedSecrets(out: string, root: string): Promise<void> {
  const { artifacts } = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ path: string }>;
  };
  const alerting = artifacts.filter((e) => e.path.startsWith('grafana/alerting/'));
  const texts = await Promise.all(alerting.map((e) => readFile(join(out, e.path), 'utf8')));
  for (const [, path] of texts.join('\n').matchAll(/\$__file\{([^}]+)\}/g)) {
    await mkdir(dirname(join(root, path!)), { recursive: true });
    await writeFile(join(root, path!), `secret-of-${path}\n`);
  }
}
