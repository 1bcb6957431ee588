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
