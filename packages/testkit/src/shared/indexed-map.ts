/** Computes the keys under which a value is indexed (e.g. its namespace id, or each of its policy ids). */
export type IndexKeys<Value> = (value: Value) => Iterable<string>;

/**
 * A `Map` from id to stored object that keeps secondary indexes up to date on
 * every `set` and `delete` (by namespace, by policy, …), so that the fake
 * consoles answer views and pages without scanning every object.
 *
 * An object changed in place must be `set` again (or {@link reindex}ed) for
 * its indexes to follow; lookups skip entries whose object no longer carries
 * the key, so a stale index never returns a wrong object. Entries keep their
 * position in an index while their key stays the same.
 */
export class IndexedMap<Value, IndexName extends string> extends Map<string, Value> {
  readonly #keyFunctions: Record<IndexName, IndexKeys<Value>>;
  readonly #indexes = new Map<IndexName, Map<string, Set<string>>>();
  readonly #indexedKeys = new Map<string, Map<IndexName, string[]>>();
  readonly #snapshots = new Map<string, readonly Value[]>();
  #version = 0;

  constructor(keyFunctions: Record<IndexName, IndexKeys<Value>>) {
    super();
    this.#keyFunctions = keyFunctions;
    for (const name of Object.keys(keyFunctions) as IndexName[]) this.#indexes.set(name, new Map());
  }

  /** Increases on every change; lets callers cache what they computed from the map. */
  get version(): number {
    return this.#version;
  }

  override set(id: string, value: Value): this {
    this.#changed();
    super.set(id, value);
    // The Map constructor calls set before the private fields exist; it never does here (no entries).
    this.reindex(id);
    return this;
  }

  override delete(id: string): boolean {
    this.#changed();
    const previous = this.#indexedKeys.get(id);
    if (previous) {
      for (const [name, keys] of previous) for (const key of keys) this.#remove(name, key, id);
      this.#indexedKeys.delete(id);
    }
    return super.delete(id);
  }

  override clear(): void {
    this.#changed();
    super.clear();
    this.#indexedKeys.clear();
    for (const index of this.#indexes.values()) index.clear();
  }

  /** Recomputes the index keys of one stored object (after changing it in place). */
  reindex(id: string): void {
    this.#changed();
    const value = super.get(id);
    if (value === undefined) {
      this.delete(id);
      return;
    }
    const previous = this.#indexedKeys.get(id) ?? new Map<IndexName, string[]>();
    const next = new Map<IndexName, string[]>();
    for (const name of Object.keys(this.#keyFunctions) as IndexName[]) {
      const keys = [...new Set(this.#keyFunctions[name](value))];
      const old = previous.get(name) ?? [];
      for (const key of old) if (!keys.includes(key)) this.#remove(name, key, id);
      for (const key of keys) if (!old.includes(key)) this.#add(name, key, id);
      next.set(name, keys);
    }
    this.#indexedKeys.set(id, next);
  }

  /** Recomputes every index (after changing many stored objects in place). */
  reindexAll(): void {
    for (const id of this.keys()) this.reindex(id);
  }

  /** The stored objects indexed under `key`, in the order they entered that key. */
  *lookup(name: IndexName, key: string): IterableIterator<Value> {
    const ids = this.#indexes.get(name)?.get(key);
    if (!ids) return;
    const keysOf = this.#keyFunctions[name];
    for (const id of ids) {
      const value = super.get(id);
      if (value === undefined) continue;
      if (!includes(keysOf(value), key)) continue;
      yield value;
    }
  }

  /**
   * The stored objects indexed under `key` as an array, cached until the map
   * changes (pages slice it instead of walking the index). Treat it as read-only.
   */
  snapshot(name: IndexName, key: string): readonly Value[] {
    const cacheKey = `${name}\u0000${key}`;
    let snapshot = this.#snapshots.get(cacheKey);
    if (!snapshot) {
      snapshot = [...this.lookup(name, key)];
      this.#snapshots.set(cacheKey, snapshot);
    }
    return snapshot;
  }

  /** Every stored object as an array, in storage order, cached until the map changes. Treat it as read-only. */
  valuesSnapshot(): readonly Value[] {
    let snapshot = this.#snapshots.get('');
    if (!snapshot) {
      snapshot = [...super.values()];
      this.#snapshots.set('', snapshot);
    }
    return snapshot;
  }

  /** How many objects are indexed under `key`. */
  countOf(name: IndexName, key: string): number {
    return this.snapshot(name, key).length;
  }

  /** Whether any object is indexed under `key`. */
  hasAny(name: IndexName, key: string): boolean {
    return !this.lookup(name, key).next().done;
  }

  #changed(): void {
    this.#version += 1;
    if (this.#snapshots.size > 0) this.#snapshots.clear();
  }

  #add(name: IndexName, key: string, id: string): void {
    const index = this.#indexes.get(name) as Map<string, Set<string>>;
    let ids = index.get(key);
    if (!ids) {
      ids = new Set();
      index.set(key, ids);
    }
    ids.add(id);
  }

  #remove(name: IndexName, key: string, id: string): void {
    const index = this.#indexes.get(name) as Map<string, Set<string>>;
    const ids = index.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) index.delete(key);
  }
}

function includes(keys: Iterable<string>, key: string): boolean {
  for (const candidate of keys) if (candidate === key) return true;
  return false;
}
