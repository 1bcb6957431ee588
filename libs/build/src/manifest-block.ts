import type { ArtifactEntry } from './artifacts.ts';
import { keptPer } from './kept.ts';

// Apart from compile.ts, which imports the dashboards: an edit to one evaluates compile.ts afresh
// in a long-lived build process (`plotwatch dev`), and what is kept here is kept through it.

/** An entry as `manifest.json` lists it, indented as its item (JSON strings hold no raw newline). */
export const manifestBlock = keptPer((a: ArtifactEntry): string => {
  const listed = {
    path: a.path,
    kind: a.kind,
    tenant: a.tenant ?? null,
    persona: a.persona ?? null,
    sha256: a.sha256,
    source: a.source,
  };
  return `    ${JSON.stringify(listed, null, 2).replaceAll('\n', '\n    ')}`;
});
