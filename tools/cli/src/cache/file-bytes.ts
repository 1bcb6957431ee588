import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { keptPer } from '@plotwatch/build/kept';

/**
 * A file's bytes as `readFileSync` reads them, kept by its path while a stat finds the same regular
 * file unchanged (inode, size, and modification and change times in nanoseconds): a long-lived build
 * process (`plotwatch dev`) reads the same 500 sources and 1,000 tenant files for every build, and a
 * stat costs a fraction of a read. The same Buffer comes back, so what is made of it is kept by it
 * (`bytesDigest`). Anything but a regular file is read every time; errors are readFileSync's.
 */
export function keptBytes(path: string): Buffer {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (!stat?.isFile()) return readFileSync(path);
  const stamp = `${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs}`;
  const kept = keptFiles.get(path);
  if (kept?.stamp === stamp) return kept.bytes;
  const bytes = readFileSync(path);
  // A file changed in the last moments may change again within the file system's clock tick (a few
  // ms) and keep its stamp: kept only once its stamp is older than that (git's "racily clean").
  if (BigInt(Date.now()) * 1_000_000n - stat.ctimeNs > RACY_NS) {
    // A few checkouts' worth (dev at 1,000 tenants keeps 1,500): a process that builds many lets them go.
    if (keptFiles.size >= KEPT_FILES) keptFiles.clear();
    keptFiles.set(path, { stamp, bytes });
  }
  return bytes;
}

const RACY_NS = 100_000_000n;
const KEPT_FILES = 10_000;

const keptFiles = new Map<string, { readonly stamp: string; readonly bytes: Buffer }>();

/** The sha256 of some bytes, kept by the Buffer (`keptBytes` gives an unchanged file's again). */
export const bytesDigest = keptPer((bytes: Buffer) => createHash('sha256').update(bytes).digest('hex'));
