/**
 * Parsed page facts by page id, each with the version of the `agr_pages` row it was parsed from.
 *
 * Why this is safe with several Wiki.js nodes on one database and with per-reader answers:
 * - it holds no state, only derived data: a page's facts are a pure function of its row's `facts`
 *   text, and an entry is used only when the row just read has the same version (`fingerprint`
 *   and `indexedAt`, which every write sets anew; see `RowVersion`). Every request still reads the
 *   version from the database, so a write by any node makes the entry unused at once;
 * - it holds no list or result: who may see a page is decided on every request, from the page's
 *   path, tags and publication at the version just read, and the catalog, matrices and counts
 *   are built per reader, as before;
 * - the domain core never changes the facts it is given (it copies before sorting or merging), so
 *   one request cannot change what another gets. They are not frozen: V8 copies frozen arrays on
 *   a slow path, which cost more than the cache saved.
 */
import type { PageFacts } from '../domain/types';

/** Enough for every relevant page of a national wiki; beyond it the oldest entries make room. */
const MAX_ENTRIES = 100_000;

/**
 * The columns that tell one write of a row from another. `indexedAt` alone could repeat within
 * one millisecond; with the fingerprint (a hash of the page's columns) two writes of different
 * facts cannot share both, short of two writes of one unchanged page in one millisecond by
 * different extractor versions. Writes through this store drop their pages' entries as well.
 */
export interface RowVersion {
  fingerprint: string;
  indexedAt: string;
}

export class FactsCache {
  private readonly entries = new Map<number, RowVersion & { facts: PageFacts }>();

  /** The facts parsed from this page's row at this version, if any. */
  get(pageId: number, version: RowVersion): PageFacts | undefined {
    const entry = this.entries.get(pageId);
    return entry && entry.fingerprint === version.fingerprint && entry.indexedAt === version.indexedAt ? entry.facts : undefined;
  }

  set(pageId: number, version: RowVersion, facts: PageFacts): PageFacts {
    // Deleted first, so that the insertion order is the order of last parse (oldest made room for).
    this.entries.delete(pageId);
    this.entries.set(pageId, { fingerprint: version.fingerprint, indexedAt: version.indexedAt, facts });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as number);
    return facts;
  }

  forget(pageIds: readonly number[]): void {
    for (const pageId of pageIds) this.entries.delete(pageId);
  }
}
