/**
 * Every in-process cache of the store, in one place. Each node of a high-availability setup shares
 * only the database; every cache here holds derived data that is checked against the database on
 * use or can never go stale (rows only ever appended), never a list or an answer for a reader:
 * who may see a page is decided on every request, from the page's columns as just read.
 *
 * | cache | holds | key | invalidated when | bound |
 * |---|---|---|---|---|
 * | `FactsCache` | parsed `PageFacts` of an `agr_pages` row | page id, used only while the row's version (`fingerprint` + `indexedAt`) just read matches | a row read with another version; writes through the store drop their pages | 100,000 entries, oldest parse makes room |
 * | `RelevantSnapshot` | the relevant pages (facts on request) as last read, and a by-id map on request | the index generation (`agr_meta`), read on every request | any node's index write sets a new generation; this node's writes drop it | one snapshot |
 * | `RecordedRows` | parsed `agr_history` rows | row id (and page id) | never: history rows are only appended, never changed | 200,000 entries, oldest makes room |
 * | `HistoryPairs` known | `pageId systemKey` pairs committed to `agr_history_systems` | the pair | never stale (append only); filled after the transaction commits | 500,000 pairs, then cleared |
 * | `HistoryPairs` pending | pairs read or written by a transaction not yet committed | the transaction's outer knex (weak) | moved to known on commit; dropped with the transaction | one list per open transaction |
 * | `KnownStart` | `history.startsAt`, once history has begun | none (one value) | never: it is set once and never changed | one value |
 * | `tagsColumnOf` | a facts' tag list as the sorted JSON text of `agr_pages.tags` | the tag array itself (weak; facts are never changed) | never; goes with the facts | weak: lives as long as the facts |
 *
 * Why the facts may be shared between requests: a page's facts are a pure function of its row's
 * `facts` text; the domain core never changes the facts it is given (it copies before sorting or
 * merging), so one request cannot change what another gets. They are not frozen: V8 copies frozen
 * arrays on a slow path, which cost more than the cache saved.
 */
import type Knex from 'knex';
import type { PageFacts } from '../domain/types';
import type { IndexedPage } from './types';

/** Enough for every relevant page of a national wiki; beyond it the oldest entries make room. */
const MAX_FACTS = 100_000;
/** Recorded rows kept parsed; beyond it the oldest make room. */
const MAX_RECORDED_ROWS = 200_000;
/** Pairs of `agr_history_systems` kept known in process; beyond it they are looked up again. */
const MAX_KNOWN_PAIRS = 500_000;

/**
 * The columns that tell one write of a row from another. `indexedAt` alone could repeat within
 * one millisecond; with the fingerprint (a hash of the page's columns) two writes of different
 * facts cannot share both, short of two writes of one unchanged page in one millisecond by
 * different extractor versions. Writes through the store drop their pages' entries as well.
 */
export interface RowVersion {
  fingerprint: string;
  indexedAt: string;
}

/**
 * Parsed page facts by page id, each with the version of the `agr_pages` row it was parsed from;
 * an entry is used only when the row just read has the same version, so a write by any node makes
 * it unused at once.
 */
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
    if (this.entries.size > MAX_FACTS) this.entries.delete(this.entries.keys().next().value as number);
    return facts;
  }

  forget(pageIds: readonly number[]): void {
    for (const pageId of pageIds) this.entries.delete(pageId);
  }
}

/**
 * The relevant pages as last read, under the index generation read just before them (so pages
 * newer than it can be kept under it and are read again next time, never pages older than it).
 */
export class RelevantSnapshot {
  private snapshot?: { generation: string; pages: readonly IndexedPage[]; byId?: Map<number, IndexedPage> };

  /** The pages read at this generation, if they are the last read. */
  get(generation: string | undefined): readonly IndexedPage[] | undefined {
    return generation !== undefined && this.snapshot?.generation === generation ? this.snapshot.pages : undefined;
  }

  set(generation: string | undefined, pages: readonly IndexedPage[]): void {
    this.snapshot = generation === undefined ? undefined : { generation, pages };
  }

  /** This node writes the index: what it read before is dropped. */
  clear(): void {
    this.snapshot = undefined;
  }

  /** These pages by id; kept with the snapshot when they are its pages. */
  byId(pages: readonly IndexedPage[]): Map<number, IndexedPage> {
    const ofSnapshot = this.snapshot?.pages === pages ? this.snapshot : undefined;
    if (ofSnapshot?.byId) return ofSnapshot.byId;
    const byId = new Map(pages.map((page) => [page.pageId, page]));
    if (ofSnapshot) ofSnapshot.byId = byId;
    return byId;
  }
}

/** What is kept of a recorded history row: it never changes once written. */
export interface RecordedRow {
  pageId: number;
  at: string;
  facts?: PageFacts;
  rulesKey?: string;
}

/**
 * History rows, parsed once, by row id. A row is never changed once written (the table is only
 * appended to), so an entry can never go stale, on any node; and it is a page's facts, not an
 * answer: who sees them is decided per reader on every request.
 */
export class RecordedRows {
  private readonly entries = new Map<number, RecordedRow>();

  get(id: number): RecordedRow | undefined {
    return this.entries.get(id);
  }

  set(id: number, row: RecordedRow): void {
    this.entries.set(id, row);
    if (this.entries.size > MAX_RECORDED_ROWS) this.entries.delete(this.entries.keys().next().value as number);
  }
}

/**
 * Pairs (`pageId systemKey`) of `agr_history_systems`: those committed, so there for good (the
 * table is only appended to), and those a transaction read or wrote that has not committed yet.
 */
export class HistoryPairs {
  private readonly known = new Set<string>();
  private readonly pending = new WeakMap<Knex, string[]>();

  has(pair: string): boolean {
    return this.known.has(pair);
  }

  /** The pending list of the transaction `outer` (created empty). */
  pendingOf(outer: Knex): string[] {
    let list = this.pending.get(outer);
    if (!list) this.pending.set(outer, (list = []));
    return list;
  }

  /** `outer` committed: its pending pairs are known now. */
  committed(outer: Knex): void {
    for (const pair of this.pending.get(outer) ?? []) this.known.add(pair);
    this.pending.delete(outer);
    if (this.known.size > MAX_KNOWN_PAIRS) this.known.clear();
  }
}

/** `history.startsAt` once it is known: set once (by whichever node begins history), never changed. */
export class KnownStart {
  value?: string;
}

/** One store's caches (each store instance has its own; `tagsColumnOf` is shared by all). */
export class StoreCaches {
  readonly facts = new FactsCache();
  readonly relevant = new RelevantSnapshot();
  readonly recorded = new RecordedRows();
  readonly pairs = new HistoryPairs();
  readonly start = new KnownStart();
}

/** Per tags list of a page's facts (never changed, see `FactsCache`): compared on every history read. */
const tagsColumns = new WeakMap<readonly string[], string>();

/**
 * `agr_pages.tags`: the tags as JSON, sorted, so that one set of tags is always one text, the
 * text a page's history compares with the tags it recorded (which are sorted too).
 */
export function tagsColumnOf(tags: readonly string[]): string {
  let column = tagsColumns.get(tags);
  if (column === undefined) tagsColumns.set(tags, (column = JSON.stringify([...tags].sort())));
  return column;
}
