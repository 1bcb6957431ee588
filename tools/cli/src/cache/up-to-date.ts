import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { SHARED_CODE, sourceFiles } from './code-digest.ts';

/**
 * Whether out/ is already what a build would write, decided before the compiler is loaded: the
 * digest of every input (the code, the tenant files, the options, the working directory tenant
 * files are named from) is the one recorded by the build that wrote out/, and out/'s manifest is
 * still the one that build wrote.
 */
const RECORD = 'inputs.json';

interface Record {
  readonly inputs: string;
  /** sha256 of the out/manifest.json that build wrote. */
  readonly manifest: string;
}

export async function inputsDigest(options: { readonly tenantsDir: string } & object): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\0cwd ${process.cwd()}\0options ${JSON.stringify(options, omitStarted)}\0`);
  for (const [file, content] of await sourceFiles(REPO_ROOT, SHARED_CODE)) hash.update(`${file}\0`).update(content);
  const names = await readdir(options.tenantsDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort())
    hash.update(`tenant ${name}\0`).update(await readFile(join(options.tenantsDir, name)).catch(() => 'unreadable'));
  return hash.digest('hex');
}

/** `started` is when the command began, not an input. */
function omitStarted(key: string, value: unknown): unknown {
  return key === 'started' ? undefined : value;
}

export async function isUpToDate(cacheDir: string, outDir: string, inputs: string): Promise<boolean> {
  try {
    const record = JSON.parse(await readFile(join(cacheDir, RECORD), 'utf8')) as Record;
    return record.inputs === inputs && record.manifest === (await manifestDigest(outDir));
  } catch {
    return false;
  }
}

/** Written after a build that used the cache succeeded, out/ in place. */
export async function recordInputs(cacheDir: string, outDir: string, inputs: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, RECORD);
  const record: Record = { inputs, manifest: await manifestDigest(outDir) };
  await writeFile(`${file}.${process.pid}`, JSON.stringify(record));
  await rename(`${file}.${process.pid}`, file);
}

async function manifestDigest(outDir: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(join(outDir, 'manifest.json')))
    .digest('hex');
}
