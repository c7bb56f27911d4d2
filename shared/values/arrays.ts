/**
 * Appends every item of `from` to `to`. `to.push(...from)` passes each item
 * as an argument on the stack, and a file with a million headings (a million
 * problems) overflows it: "Maximum call stack size exceeded".
 */
export function appendAll<T>(to: T[], from: Iterable<T>): void {
  for (const x of from) to.push(x);
}

/** `items` in lists by `key`, each list and the keys in the order first met. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The largest of `values` and `start`, in a loop: `Math.max(...values)` overflows the stack on a big array. */
export function maxOf(values: Iterable<number>, start = -Infinity): number {
  let m = start;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** The smallest of `values` and `start` (see maxOf). */
export function minOf(values: Iterable<number>, start = Infinity): number {
  let m = start;
  for (const v of values) if (v < m) m = v;
  return m;
}

/**
 * The names of a record of labels, in the order written: the one list of a set of
 * names (the lists of a template year, the kinds of table), so the names and their
 * labels cannot drift apart. Typed as a non-empty tuple for z.enum.
 */
export function namesOf<K extends string>(labels: Record<K, string>): [K, ...K[]] {
  return Object.keys(labels) as [K, ...K[]];
}
