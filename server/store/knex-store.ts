/**
 * The index on knex: `agr_pages` (one row per Wiki.js page), `agr_page_systems` (which systems a
 * page belongs to or declares), `agr_page_links` and `agr_meta`, with its history. Every Wiki.js
 * node on one database answers from the same rows; what is kept in process is in caches.ts, each
 * cache checked against the database on use. The reads are in page-reads.ts, `agr_meta` in
 * meta.ts, the history in history-store.ts; this class is the store's one face and its writes.
 */
import { randomBytes } from 'crypto';
import type Knex from 'knex';
import type { Framework, PageFacts, PageLinkField } from '../domain/types';
import { PAGE_LINK_FIELDS } from '../domain/links';
import { declaresStructure, systemsOf } from '../domain/catalog';
import { unique } from '../domain/normalize';
import { MAX_VARIABLES, chunk, insertChunkSize, readCount, refreshStatistics } from './dialect';
import { migrateLatest } from './migration-source';
import { KnexMeta } from './meta';
import { StoreCaches, tagsColumnOf } from './caches';
import { PageReads, type PageRow } from './page-reads';
import { KnexHistoryStore, historyEventOf } from './history-store';
import type { IndexStore, IndexedPage, PageFingerprint } from './types';

interface SystemRow {
  pageId: number;
  systemKey: string;
  /** `framework`: the page declares the framework `systemKey` (cut to the column's length). */
  role: 'agreement' | 'system' | 'framework';
}

interface LinkRow {
  pageId: number;
  field: PageLinkField;
  locale: string;
  path: string;
}

interface CountRow {
  count?: unknown;
}

type Entry = { facts: PageFacts; fingerprint: string };

const PAGE_COLUMNS = 13;
const SYSTEM_COLUMNS = 3;
const LINK_COLUMNS = 4;
/** Longer keys cannot be valid system keys and would not fit the key column. */
const MAX_KEY_LENGTH = 255;

/** How often an index write is tried in all when it meets another node's write (see `writeConflict`). */
export const INDEX_WRITE_ATTEMPTS = 5;

/**
 * Why the database gave up an index write that may simply be run again, because another
 * connection wrote the same rows at the same moment: a deadlock victim or a lock wait timeout
 * (MariaDB's gap locks), a deadlock or serialisation failure (PostgreSQL), a row the other one
 * inserted after this one's delete looked (PostgreSQL's read committed: the key is then taken),
 * or the file held by another connection (SQLite). Undefined for any other error.
 */
export function writeConflict(err: unknown): string | undefined {
  const { code, errno } = (err ?? {}) as { code?: unknown; errno?: unknown };
  if (code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062) return `the same row written by another connection (${String(code)})`;
  if (code === 'ER_LOCK_DEADLOCK' || errno === 1213) return 'deadlock (ER_LOCK_DEADLOCK)';
  if (code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205) return 'lock wait timeout (ER_LOCK_WAIT_TIMEOUT)';
  if (code === '40P01') return 'deadlock (40P01)';
  if (code === '40001') return 'serialization failure (40001)';
  if (code === 'SQLITE_BUSY') return 'database busy (SQLITE_BUSY)';
  return undefined;
}

/** A page matters to the service when it takes part in a system, declares something or has issues. */
export function isRelevant(facts: PageFacts): boolean {
  return (
    systemsOf(facts).length > 0 ||
    facts.systemDeclarations.length > 0 ||
    facts.frameworks.length > 0 ||
    facts.agreement !== undefined ||
    facts.embeds.length > 0 ||
    facts.issues.length > 0
  );
}

export class KnexAgreementStore implements IndexStore {
  /** History of the index (contract §9): every write below records what changed in it. */
  readonly history: KnexHistoryStore;
  /** Every in-process cache of this store (see caches.ts). */
  private readonly caches = new StoreCaches();
  private readonly reads: PageReads;
  private readonly meta: KnexMeta;

  private constructor(
    private readonly knex: Knex,
    now?: () => string,
    /** Where a retried write is told (Wiki.js's logger). */
    private readonly log?: (message: string) => void,
  ) {
    this.reads = new PageReads(knex, this.caches);
    this.meta = new KnexMeta(knex);
    this.history = new KnexHistoryStore(knex, this.reads, this.caches, now);
  }

  /**
   * The store on a knex instance (Wiki.js's own, in production); runs our migrations unless told
   * not to. `now` gives the current ISO time to the history (tests and the dev app pin it); `log`
   * hears of writes run again after a lock conflict.
   */
  static async create(knex: Knex, options: { skipMigrations?: boolean; now?: () => string; log?: (message: string) => void } = {}): Promise<KnexAgreementStore> {
    const store = new KnexAgreementStore(knex, options.now, options.log);
    if (!options.skipMigrations) await store.migrate();
    return store;
  }

  /** Our migrations, then the history's baseline when it has none yet (the index as it stands). */
  async migrate(): Promise<void> {
    await migrateLatest(this.knex);
    await this.history.begin(async () => (await this.relevantFacts()).map(historyEventOf));
  }

  async upsertPage(facts: PageFacts, fingerprint: string): Promise<void> {
    await this.upsertPages([{ facts, fingerprint }]);
  }

  async upsertPages(entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.writing(async (trx) => {
      await this.write(trx, entries);
      await this.history.record(entries.map((e) => historyEventOf(e.facts)), trx);
    });
  }

  async upsertPagesIfUnchanged(entries: Entry[], seen: ReadonlyMap<number, string>): Promise<number> {
    if (entries.length === 0) return 0;
    return this.writing(async (trx) => {
      const current = new Map<number, string>();
      for (const ids of chunk(entries.map((e) => e.facts.pageId), MAX_VARIABLES)) {
        const rows: Array<Pick<PageRow, 'pageId' | 'fingerprint'>> = await trx('agr_pages').select('pageId', 'fingerprint').whereIn('pageId', ids);
        for (const row of rows) current.set(Number(row.pageId), row.fingerprint);
      }
      const unchanged = entries.filter((e) => current.get(e.facts.pageId) === seen.get(e.facts.pageId));
      await this.write(trx, unchanged);
      await this.history.record(unchanged.map((e) => historyEventOf(e.facts)), trx);
      return unchanged.length;
    });
  }

  async deletePages(pageIds: number[]): Promise<void> {
    if (pageIds.length === 0) return;
    this.caches.facts.forget(pageIds);
    await this.writing(async (trx) => {
      for (const ids of chunk(pageIds, MAX_VARIABLES)) {
        await trx('agr_page_systems').whereIn('pageId', ids).delete();
        await trx('agr_page_links').whereIn('pageId', ids).delete();
        await trx('agr_pages').whereIn('pageId', ids).delete();
      }
      await this.history.record(pageIds.map((pageId) => ({ pageId, deleted: true })), trx);
    });
  }

  async fingerprints(): Promise<PageFingerprint[]> {
    const rows: Array<Pick<PageRow, 'pageId' | 'fingerprint'>> = await this.knex('agr_pages').select('pageId', 'fingerprint').orderBy('pageId');
    return rows.map((row) => ({ pageId: Number(row.pageId), fingerprint: row.fingerprint }));
  }

  // ---- Page reads (page-reads.ts): `…Pages` give IndexedPages, `…Facts` parsed facts ----------

  relevantPages(): Promise<readonly IndexedPage[]> {
    return this.reads.relevantPages();
  }

  relevantFacts(): Promise<PageFacts[]> {
    return this.reads.relevantFacts();
  }

  catalogPages(keys: string[]): Promise<IndexedPage[]> {
    return this.reads.catalogPages(keys);
  }

  skeletonPages(keys: string[]): Promise<IndexedPage[]> {
    return this.reads.skeletonPages(keys);
  }

  systemFacts(keys: string[]): Promise<PageFacts[]> {
    return this.reads.systemFacts(keys);
  }

  declaringFacts(): Promise<PageFacts[]> {
    return this.reads.declaringFacts();
  }

  async frameworks(): Promise<Framework[]> {
    return (await this.declaringFacts()).flatMap((page) => page.frameworks);
  }

  pageByPath(path: string, locale: string): Promise<PageFacts | undefined> {
    return this.reads.pageByPath(path, locale);
  }

  pagesAt(targets: ReadonlyArray<{ path: string; locale: string }>): Promise<IndexedPage[]> {
    return this.reads.pagesAt(targets);
  }

  pagesLinkingTo(path: string, locale: string): Promise<IndexedPage[]> {
    return this.reads.pagesLinkingTo(path, locale);
  }

  async refreshStatistics(): Promise<void> {
    await refreshStatistics(this.knex, ['agr_pages', 'agr_page_systems', 'agr_page_links', 'agr_history', 'agr_history_systems']);
  }

  async counts(): Promise<{ pages: number; relevantPages: number }> {
    const all: CountRow | undefined = await this.knex('agr_pages').count({ count: '*' }).first();
    const relevant: CountRow | undefined = await this.knex('agr_pages').count({ count: '*' }).where('relevant', true).first();
    return { pages: readCount(all?.count), relevantPages: readCount(relevant?.count) };
  }

  getMeta(key: string): Promise<string | undefined> {
    return this.meta.get(key);
  }

  setMeta(key: string, value: string): Promise<void> {
    return this.meta.set(key, value);
  }

  compareAndSetMeta(key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    return this.meta.compareAndSet(key, expected, next);
  }

  /**
   * A write of the index: `body` in one transaction that ends by setting a new generation (last,
   * so a node holds that row's lock only until its commit; writes of several nodes then wait
   * for each other there, but never in a cycle). The deletes and inserts before it can still meet
   * another node's (InnoDB's gap locks make a cycle; on PostgreSQL the other's new row takes the
   * key): the database then fails one, and that one runs again, a few times at most, after a
   * short random pause.
   */
  private async writing<T>(body: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(body);
      } catch (err) {
        const conflict = writeConflict(err);
        if (!conflict || attempt >= INDEX_WRITE_ATTEMPTS) throw err;
        // 5-15 ms, then twice as long each time: the other transaction is short.
        const pause = Math.round(10 * 2 ** (attempt - 1) * (0.5 + Math.random()));
        this.log?.(`[afsprakenwiki] index write: ${conflict}; attempt ${attempt} of ${INDEX_WRITE_ATTEMPTS} rolled back, again in ${pause} ms`);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async writeOnce<T>(body: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    this.caches.relevant.clear();
    let written: Knex.Transaction | undefined;
    const result = await this.knex.transaction(async (trx) => {
      written = trx;
      const value = await body(trx);
      await KnexMeta.newGeneration(trx, randomBytes(12).toString('hex'));
      return value;
    });
    if (written) this.history.committed(written);
    return result;
  }

  /** Replaces the rows of these pages: delete + insert, portable on every database. */
  private async write(trx: Knex.Transaction, entries: Entry[]): Promise<void> {
    const latest = new Map<number, Entry>();
    for (const entry of entries) latest.set(entry.facts.pageId, entry);
    const ids = [...latest.keys()];
    this.caches.facts.forget(ids);
    for (const part of chunk(ids, MAX_VARIABLES)) {
      await trx('agr_page_systems').whereIn('pageId', part).delete();
      await trx('agr_page_links').whereIn('pageId', part).delete();
      await trx('agr_pages').whereIn('pageId', part).delete();
    }
    const indexedAt = new Date().toISOString();
    const pageRows = [...latest.values()].map((entry) => pageRowOf(entry, indexedAt));
    const systemRows = [...latest.values()].flatMap((entry) => systemRowsOf(entry.facts));
    for (const part of chunk(pageRows, insertChunkSize(PAGE_COLUMNS))) await trx('agr_pages').insert(part);
    for (const part of chunk(systemRows, insertChunkSize(SYSTEM_COLUMNS))) await trx('agr_page_systems').insert(part);
    const linkRows = [...latest.values()].flatMap((entry) => linkRowsOf(entry.facts));
    for (const part of chunk(linkRows, insertChunkSize(LINK_COLUMNS))) await trx('agr_page_links').insert(part);
  }
}

function pageRowOf({ facts, fingerprint }: Entry, indexedAt: string): PageRow {
  const relevant = isRelevant(facts);
  return {
    pageId: facts.pageId,
    path: facts.path,
    locale: facts.locale,
    title: facts.title,
    isPublished: facts.isPublished,
    publishStartDate: facts.publishStartDate ?? null,
    publishEndDate: facts.publishEndDate ?? null,
    // Sorted: a page's history compares them as text with the tags it recorded (sorted, too).
    tags: tagsColumnOf(facts.tags),
    fingerprint,
    relevant,
    declares: declaresStructure(facts),
    facts: relevant ? JSON.stringify(facts) : null,
    indexedAt,
  };
}

function systemRowsOf(facts: PageFacts): SystemRow[] {
  const usable = (key: string) => key.length > 0 && key.length <= MAX_KEY_LENGTH;
  const agreements = systemsOf(facts).filter(usable);
  const declared = unique(facts.systemDeclarations.map((d) => d.key.trim())).filter(usable);
  const frameworks = unique(facts.frameworks.map((f) => f.key.slice(0, MAX_KEY_LENGTH))).filter((key) => key.length > 0);
  return [
    ...agreements.map((systemKey): SystemRow => ({ pageId: facts.pageId, systemKey, role: 'agreement' })),
    ...declared.map((systemKey): SystemRow => ({ pageId: facts.pageId, systemKey, role: 'system' })),
    ...frameworks.map((systemKey): SystemRow => ({ pageId: facts.pageId, systemKey, role: 'framework' })),
  ];
}

/** The page's links by target (§8.3-8.4); a path longer than the column is left out, it names no Wiki.js page. */
function linkRowsOf(facts: PageFacts): LinkRow[] {
  const rows = new Map<string, LinkRow>();
  for (const field of PAGE_LINK_FIELDS) {
    for (const link of facts.agreement?.[field] ?? []) {
      const row = { pageId: facts.pageId, field, locale: (link.locale ?? facts.locale).slice(0, 16), path: link.path };
      if (row.path.length <= MAX_KEY_LENGTH) rows.set(JSON.stringify([field, row.locale, row.path]), row);
    }
  }
  return [...rows.values()];
}
