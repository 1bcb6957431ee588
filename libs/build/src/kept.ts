/**
 * What `make` returns for a key, kept for a long-lived build process (`plotwatch dev`'s), which asks
 * for most of the same things build after build: at most `limit` entries, all dropped when full (a
 * few builds' worth; what the next build asks for again is made again, once).
 */
export function keptBy<K, V>(limit: number): (key: K, make: () => V) => V {
  const kept = new Map<K, V>();
  return (key, make) => {
    if (kept.has(key)) return kept.get(key)!;
    if (kept.size >= limit) kept.clear();
    const value = make();
    kept.set(key, value);
    return value;
  };
}

/**
 * `make(key)`, kept per key object for as long as the object lives: for what is made from objects
 * that are never changed once made (artifacts, entries), which a long-lived build process is given
 * again for all that an edit left alone.
 */
export function keptPer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const kept = new WeakMap<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    const value = make(key);
    kept.set(key, value);
    return value;
  };
}

/**
 * `JSON.stringify(value, null, 2)`, the text of the value and of the objects and arrays it holds,
 * down to `KEPT_LEVELS` levels in, kept by each (indented for where it is): for trees of objects
 * never changed once made, of which a long-lived build process is given the same subtrees again
 * (each tenant's policies, at 1,000 tenants a 4 MB file), so that only the path to what changed is
 * written again. Deeper objects are written whole: keeping the text of every one of some 100,000
 * objects cost more in garbage collection than it saved. kept.test.ts compares it with JSON.stringify.
 */
export function keptJson(value: object): string {
  return jsonOf(value, 0)!;
}

const KEPT_LEVELS = 3;

const jsonTexts = new WeakMap<object, { readonly level: number; readonly text: string }>();

/** As JSON.stringify writes `value` `level` levels in (undefined for what it leaves out of an object). */
function jsonOf(value: unknown, level: number): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) as string | undefined;
  const kept = jsonTexts.get(value);
  if (kept?.level === level) return kept.text;
  const pad = '  '.repeat(level);
  let text: string;
  if (
    level >= KEPT_LEVELS ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    value instanceof String ||
    value instanceof Number ||
    value instanceof Boolean
  ) {
    // JSON escapes the newlines of strings: every newline is one between lines.
    const whole = JSON.stringify(value, null, 2);
    return level ? whole.replaceAll('\n', `\n${pad}`) : whole;
  }
  const inner = `\n${pad}  `;
  if (Array.isArray(value))
    text = value.length
      ? `[${inner}${value.map((v) => jsonOf(v, level + 1) ?? 'null').join(`,${inner}`)}\n${pad}]`
      : '[]';
  else {
    const members: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      const member = jsonOf(v, level + 1);
      if (member !== undefined) members.push(`${JSON.stringify(key)}: ${member}`);
    }
    text = members.length ? `{${inner}${members.join(`,${inner}`)}\n${pad}}` : '{}';
  }
  jsonTexts.set(value, { level, text });
  return text;
}
