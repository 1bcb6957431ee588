import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntries } from '../last-build.ts';
import { bytesDigest, keptBytes } from './file-bytes.ts';
import { stampOf } from './stamp.ts';

/**
 * Whether out/ is already what a build would write, decided before the compiler is loaded: the
 * digest of every input (the code, the tenant files, the options, the working directory tenant
 * files are named from) is the one recorded by the build that wrote out/, and out/'s manifest is
 * still the one that build wrote.
 */
const RECORD = 'inputs.json';

interface InputsRecord {
  readonly inputs: string;
  /** sha256 of the out/manifest.json that build wrote. */
  readonly manifest: string;
}

/** `sources`: the code's files, `sourceFiles(REPO_ROOT, SHARED_CODE)`, read once for this and the units' keys. */
export async function inputsDigest(
  options: { readonly tenantsDir: string } & object,
  sources: readonly (readonly [string, Buffer])[],
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\0cwd ${process.cwd()}\0options ${JSON.stringify(options, omitStarted)}\0`);
  for (const [file, content] of sources) hash.update(`${file}\0${bytesDigest(content)}\0`);
  const names = await readdir(options.tenantsDir).catch(() => [] as string[]);
  // Read one after another, synchronously: a thousand small files take ~10 ms so, ~200 ms as awaited reads.
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort())
    hash.update(`tenant ${name}\0${readOrSay(join(options.tenantsDir, name))}\0`);
  return hash.digest('hex');
}

/** A file's digest, or what says it could not be read. */
function readOrSay(file: string): string {
  try {
    return bytesDigest(keptBytes(file));
  } catch {
    return 'unreadable';
  }
}

/** `started` is when the command began, not an input. */
function omitStarted(key: string, value: unknown): unknown {
  return key === 'started' ? undefined : value;
}

export async function isUpToDate(cacheDir: string, outDir: string, inputs: string): Promise<boolean> {
  const record = await readRecord(cacheDir);
  if (record?.inputs !== inputs) return false;
  const file = join(outDir, 'manifest.json');
  const known = await rememberedOut(file);
  if (known) return record.manifest === known.digest;
  const manifest = await readFile(file).catch(() => undefined);
  return manifest !== undefined && record.manifest === digestOf(manifest);
}

/** Written after a build that used the cache succeeded, out/ in place: `manifest` is the sha256 of the manifest it wrote. */
export async function recordInputs(cacheDir: string, inputs: string, manifest: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, RECORD);
  const record: InputsRecord = { inputs, manifest };
  await writeFile(`${file}.${process.pid}`, JSON.stringify(record));
  await rename(`${file}.${process.pid}`, file);
}

/**
 * out/ as its manifest lists it, and whether it is the out/ the last build with the cache wrote
 * (its manifest is the one recorded): only that one is patched in place, its files trusted to be
 * the bytes its manifest names (out/ is generated: a hand edit to it is not looked for, but to its
 * manifest makes the next build write a whole new tree).
 */
export async function outAsLeft(
  cacheDir: string,
  outDir: string,
): Promise<{ entries?: ManifestEntries; recorded: boolean }> {
  const file = join(outDir, 'manifest.json');
  let manifest: { entries?: ManifestEntries; digest: string } | undefined = await rememberedOut(file);
  if (!manifest) {
    const text = await readFile(file).catch(() => undefined);
    if (text === undefined) return { recorded: false };
    try {
      const { artifacts } = JSON.parse(text.toString('utf8')) as { artifacts?: ManifestEntries };
      manifest = { ...(artifacts ? { entries: artifacts } : {}), digest: digestOf(text) };
    } catch {
      return { recorded: false };
    }
  }
  const record = await readRecord(cacheDir);
  const { entries, digest } = manifest;
  return { ...(entries ? { entries } : {}), recorded: entries !== undefined && record?.manifest === digest };
}

/**
 * The manifest this process last wrote, with its file's stamp: a long-lived build process (`plotwatch
 * dev`'s) does not read and parse it again (24,000 entries at 1,000 tenants, ~40 ms) unless another wrote it since.
 */
let knownOut:
  | { readonly file: string; readonly stamp: string; readonly entries: ManifestEntries; readonly digest: string }
  | undefined;

/** The manifest this process remembers, while `file` is still the one it wrote. */
async function rememberedOut(file: string): Promise<typeof knownOut> {
  if (knownOut?.file !== file) return undefined;
  const stamp = await stampOf(file).catch(() => undefined);
  return knownOut.stamp === stamp ? knownOut : undefined;
}

/** After a build wrote out/: its manifest's entries (all but the manifest) and sha256. */
export async function rememberOut(outDir: string, entries: ManifestEntries, digest: string): Promise<void> {
  const file = join(outDir, 'manifest.json');
  knownOut = { file, stamp: await stampOf(file), entries, digest };
}

/** What the last build with the cache recorded, or undefined when there is no readable record. */
async function readRecord(cacheDir: string): Promise<InputsRecord | undefined> {
  return readFile(join(cacheDir, RECORD), 'utf8').then(
    (text) => JSON.parse(text) as InputsRecord,
    () => undefined,
  );
}

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
