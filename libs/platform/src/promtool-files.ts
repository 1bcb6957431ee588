import { parse, stringify } from 'yaml';

/**
 * A file of out/ as promtool reads it. promtool reads plain rule files; mimirtool's (under
 * `mimir/`) carry a `namespace` key besides `groups`, which promtool's strict parser refuses: the
 * copy drops it and keeps the groups. Every other file is returned as it is. Shared by the test
 * harnesses and `plotwatch test`, which both stage copies of out/ for promtool.
 */
export function promtoolReadable(path: string, content: string): string {
  if (!path.startsWith('mimir/')) return content;
  const { namespace: _namespace, ...rest } = parse(content) as { namespace: string; groups: unknown };
  return stringify(rest, { lineWidth: 0 });
}
