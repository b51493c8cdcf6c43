/**
 * "Did you mean" hints: the widget name closest to a misspelt one.
 *
 * A flow can hold tens of thousands of widgets and as many references to missing ones (a copied flow, a
 * generated one): comparing every reference with every name is O(references × widgets), 24 s at 40,000
 * widgets. So each set of names gets an index, built once: case-insensitive equality first; then, while a
 * budget of comparisons lasts, the exact search over all names (the best hint, cheap for the flows people
 * draw); past it, only the names that share a one-character deletion with the misspelling (SymSpell's
 * candidate step: every name within one edit, most within two), at most CANDIDATES_PER_NAME of them. Each
 * misspelling is looked up once. Work is then linear in the number of references.
 */

/** Comparisons the exact search may make per set of names before the index takes over. */
const FULL_SEARCH_BUDGET = 2_000_000;
/** The most names one lookup through the index compares. */
const CANDIDATES_PER_NAME = 256;

/** The widget name closest to a misspelt one, for "did you mean" hints. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = limitFor(name);
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.length === name.length && candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(name, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** One more than the largest distance worth suggesting. */
const limitFor = (name: string) => Math.max(2, Math.floor(name.length / 4)) + 1;

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length]!;
}

class NameIndex {
  private readonly names: string[];
  private readonly lower = new Map<string, string>();
  private readonly memo = new Map<string, string | undefined>();
  private budget = FULL_SEARCH_BUDGET;
  /** Each name under the hashes of itself with one character deleted (or none); built when first needed. */
  private deletions: DeletionTable | undefined;

  constructor(names: Iterable<string>) {
    this.names = [...names];
    for (const n of this.names) {
      const key = n.toLowerCase();
      if (!this.lower.has(key)) this.lower.set(key, n);
    }
  }

  closest(name: string): string | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    const found = this.lower.get(name.toLowerCase()) ?? this.search(name);
    this.memo.set(name, found);
    return found;
  }

  private search(name: string): string | undefined {
    if (this.budget >= this.names.length) {
      this.budget -= this.names.length;
      return closestName(name, this.names);
    }
    const table = (this.deletions ??= new DeletionTable(this.names));
    const seen = new Set<number>();
    let best = -1;
    let bestDistance = limitFor(name);
    forEachDeletion(name, (hash) => {
      for (let e = table.first(hash); e >= 0 && seen.size < CANDIDATES_PER_NAME; e = table.next(e, hash)) {
        const id = table.id(e);
        if (seen.has(id)) continue;
        seen.add(id);
        const d = editDistance(name, this.names[id]!, bestDistance + 1);
        // Ties go to the name that comes first in the flow, as in the exact search.
        if (d < bestDistance || (d === bestDistance && best >= 0 && id < best)) {
          best = id;
          bestDistance = d;
        }
      }
    });
    return best >= 0 ? this.names[best] : undefined;
  }
}

/**
 * A multimap from 30-bit hashes to name ids in typed arrays: a Map of a million number keys would cost
 * seconds of allocation and collection; this costs 12 bytes per entry and no garbage.
 */
class DeletionTable {
  private readonly heads: Int32Array;
  private readonly hashes: Int32Array;
  private readonly ids: Int32Array;
  private readonly links: Int32Array;
  private readonly mask: number;

  constructor(names: string[]) {
    let entries = 0;
    for (const n of names) entries += n.length + 1;
    let size = 1024;
    while (size < entries * 2) size *= 2;
    this.mask = size - 1;
    this.heads = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(entries);
    this.ids = new Int32Array(entries);
    this.links = new Int32Array(entries);
    let e = 0;
    names.forEach((n, id) =>
      forEachDeletion(n, (hash) => {
        const slot = hash & this.mask;
        this.hashes[e] = hash;
        this.ids[e] = id;
        this.links[e] = this.heads[slot]!;
        this.heads[slot] = e++;
      }),
    );
  }

  first(hash: number): number {
    return this.find(this.heads[hash & this.mask]!, hash);
  }

  next(entry: number, hash: number): number {
    return this.find(this.links[entry]!, hash);
  }

  id(entry: number): number {
    return this.ids[entry]!;
  }

  private find(entry: number, hash: number): number {
    while (entry >= 0 && this.hashes[entry] !== hash) entry = this.links[entry]!;
    return entry;
  }
}

/** FNV-1a hashes, cut to 30 bits (small integers to V8), of the string and of it with each character deleted. */
function forEachDeletion(s: string, visit: (hash: number) => void): void {
  for (let skip = -1; skip < s.length; skip++) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      if (i === skip) continue;
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    }
    visit(h & 0x3fffffff);
  }
}

const indexes = new WeakMap<object, NameIndex>();

/** " (did you mean 'x'?)", or '' when no name is close. Pass the flow's map of names to reuse its index. */
export const didYouMean = (name: string, candidates: Iterable<string> | ReadonlyMap<string, unknown>): string => {
  let match: string | undefined;
  if (candidates instanceof Map) {
    let index = indexes.get(candidates);
    if (!index) indexes.set(candidates, (index = new NameIndex(candidates.keys())));
    match = index.closest(name);
  } else match = closestName(name, candidates as Iterable<string>);
  return match ? ` (did you mean '${match}'?)` : '';
};
