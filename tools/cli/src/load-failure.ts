// The module, not the package: every command loads this at start-up, the package takes a third of a second.
import { parseFrame } from '@plotwatch/platform/source-position';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where definitions live: a throw is reported at the innermost of their frames, the line a user wrote. */
const DEFINITION_DIRS = ['dashboards/', 'alerts/', 'recording-rules/'];

/**
 * A module that threw while the command's modules were imported (a definition whose top level calls
 * `selector()` with an unknown metric, a syntax error) as one `file:line: message`: the definition's
 * line, else the innermost line of the repository the stack passed through, else what tsx said.
 */
export function describeLoadFailure(error: unknown, root: string, definitionDirs = DEFINITION_DIRS): string {
  const message = error instanceof Error ? error.message : String(error);
  const frames = (error instanceof Error ? (error.stack ?? '') : '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .flatMap((l) => {
      const position = parseFrame(l);
      if (!position) return [];
      const path = relative(root, fileURLToPath(position.url));
      return path.startsWith('..') || path.includes('node_modules/') ? [] : [{ path, line: position.line }];
    });
  const at = frames.find((f) => definitionDirs.some((d) => f.path.startsWith(d))) ?? frames[0];
  // esbuild's syntax errors carry their own `file:line:column: ERROR: ...` and no useful frame.
  const transform = /(\/[^\s:]+\.ts):(\d+):\d+: ERROR: (.*)/.exec(message);
  if (transform && (!at || !definitionDirs.some((d) => at.path.startsWith(d))))
    return `${relative(root, transform[1]!)}:${transform[2]}: ${transform[3]}`;
  const firstLine = message.split('\n')[0]!;
  return at ? `${at.path}:${at.line}: ${firstLine}` : firstLine;
}
