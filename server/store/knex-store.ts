/**
 * The index on knex: `agr_pages` (one row per Wiki.js page), `agr_page_systems` (which systems a
 * page belongs to or declares) and `agr_meta`. Every Wiki.js node on one database answers from
 * the same rows; the only thing kept in process is parsed facts checked against each row's version
 * on every read (see `FactsCache`).
 */
import { randomBytes } from 'crypto';
import type Knex from 'knex';
import type { Framework, PageFacts, PageLinkField } from '../domain/types';
import { PAGE_LINK_FIELDS } from '../domain/links';
import { declaresStructure, systemsOf } from '../domain/catalog';
import { readTags } from '../domain/tags';
import { unique } from '../domain/normalize';
import { MAX_VARIABLES, chunk, insertChunkSize, isUniqueViolation, readBoolean, readCount, readJson, refreshStatistics } from '../../migrations/helpers';
import { migrateLatest } from './migration-source';
import { META_INDEX_GENERATION } from '../../migrations/20261130A-index-generation';
import { KnexHistoryStore, NowPage, historyEventOf, readPagesNow, tagsColumnOf } from './history-store';
import { FactsCache } from './facts-cache';
import type { IndexStore, IndexedPage, PageFingerprint } from './types';

interface PageRow {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  isPublished: unknown;
  publishStartDate: string | null;
  publishEndDate: string | null;
  tags: string;
  fingerprint: string;
  relevant: unknown;
  declares: unknown;
  facts: string | null;
  indexedAt: string;
}

interface SystemRow {
  pageId: number;
  systemKey: string;
  /** `framework`: the page declares the framework `systemKey` (cut to the column's length). */
  role: 'agreement' | 'system' | 'framework';
}

/** What the lean reads (`systemPages` …) read first: the rows' versions (`agr_pages_version_index` holds them). */
type VersionRow = Pick<PageRow, 'pageId' | 'fingerprint' | 'indexedAt'>;
const VERSION_COLUMNS: ReadonlyArray<keyof VersionRow> = ['pageId', 'fingerprint', 'indexedAt'];
/** Then, for pages whose facts are not parsed at that version yet: the facts, and the columns `factsOf` falls back on. */
type LeanRow = VersionRow & Pick<PageRow, FactsColumn>;
const LEAN_COLUMNS: ReadonlyArray<keyof LeanRow> = [...VERSION_COLUMNS, 'path', 'locale', 'title', 'isPublished', 'publishStartDate', 'publishEndDate', 'tags', 'facts'];

interface LinkRow {
  pageId: number;
  field: PageLinkField;
  locale: string;
  path: string;
}

interface MetaRow {
  key: string;
  value: string | null;
  updatedAt: string;
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
  private readonly parsed = new FactsCache();
  /** The relevant pages as last read, with the index's generation then (see `leanRelevantPages`); by id when asked. */
  private snapshot?: { generation: string; pages: readonly IndexedPage[]; byId?: Map<number, IndexedPage> };

  private constructor(
    private readonly knex: Knex,
    now?: () => string,
    /** Where a retried write is told (Wiki.js's logger). */
    private readonly log?: (message: string) => void,
  ) {
    this.history = new KnexHistoryStore(knex, this, now, (pageIds) => this.pagesNow(pageIds));
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
    await this.history.begin(async () => (await this.relevantPages()).map(historyEventOf));
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
    this.parsed.forget(pageIds);
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

  async relevantPages(): Promise<PageFacts[]> {
    const rows: PageRow[] = await this.knex('agr_pages').select('*').where('relevant', true).orderBy('pageId');
    return rows.map(factsOf);
  }

  async pagesOfSystems(keys: string[]): Promise<PageFacts[]> {
    const pages = new Map<number, PageFacts>();
    for (const part of chunk(unique(keys), MAX_VARIABLES)) {
      const rows: PageRow[] = await this.knex('agr_pages')
        .select('*')
        .whereIn('pageId', (sub) => sub.select('pageId').from('agr_page_systems').whereIn('systemKey', part).whereNot('role', 'framework'));
      for (const row of rows) pages.set(Number(row.pageId), factsOf(row));
    }
    return [...pages.values()].sort((a, b) => a.pageId - b.pageId);
  }

  async systemPages(keys: string[]): Promise<IndexedPage[]> {
    return this.pagesWithRoles(keys, (sub, part) => sub.whereIn('systemKey', part));
  }

  async skeletonPages(keys: string[]): Promise<IndexedPage[]> {
    return this.pagesWithRoles(keys, (sub, part) => sub.where((of) => of.whereIn('systemKey', part).andWhere('role', 'system')));
  }

  /**
   * The pages `agr_page_systems` names for these systems (`ofSystems` picks the rows), and every
   * page that declares a framework; facts on request. Both conditions are indexed (`systemKey`;
   * `role`, `systemKey`): no scan of agr_pages.
   */
  private async pagesWithRoles(keys: string[], ofSystems: (sub: Knex.QueryBuilder, part: string[]) => Knex.QueryBuilder): Promise<IndexedPage[]> {
    const rows = new Map<number, VersionRow>();
    for (const part of chunk(unique(keys), MAX_VARIABLES)) {
      const found: VersionRow[] = await this.knex('agr_pages')
        .select(...VERSION_COLUMNS)
        .whereIn('pageId', (sub) => ofSystems(sub.select('pageId').from('agr_page_systems'), part).orWhere('role', 'framework'));
      for (const row of found) rows.set(Number(row.pageId), row);
    }
    return this.lazyPages([...rows.values()]);
  }

  /**
   * Every relevant page, facts on request. Read again only when the index's generation changed
   * since the last read (any node's write sets a new one, in its own transaction): the pages
   * are the index's, the same for every reader, and each request still filters them for its
   * reader. The generation is read before the pages, so pages newer than it can be kept under
   * it (and are read again next time), never pages older than it.
   */
  async leanRelevantPages(): Promise<readonly IndexedPage[]> {
    const generation = await this.getMeta(META_INDEX_GENERATION);
    if (generation !== undefined && this.snapshot?.generation === generation) return this.snapshot.pages;
    const pages = await this.lazyPages(await this.knex('agr_pages').select(...VERSION_COLUMNS).where('relevant', true));
    this.snapshot = generation === undefined ? undefined : { generation, pages };
    return pages;
  }

  async declaringPages(): Promise<PageFacts[]> {
    const pages = await this.lazyPages(await this.knex('agr_pages').select(...VERSION_COLUMNS).where('declares', true));
    return pages.sort((a, b) => a.pageId - b.pageId).map((page) => page.facts());
  }

  async frameworks(): Promise<Framework[]> {
    return (await this.declaringPages()).flatMap((page) => page.frameworks);
  }

  async pageByPath(path: string, locale: string): Promise<PageFacts | undefined> {
    const row: PageRow | undefined = await this.knex('agr_pages').first('*').where({ locale, path }).where('relevant', true).orderBy('pageId');
    return row ? factsOf(row) : undefined;
  }

  async pagesAt(targets: ReadonlyArray<{ path: string; locale: string }>): Promise<IndexedPage[]> {
    const wanted = new Set(targets.map((t) => `${t.locale}/${t.path}`));
    const rows: VersionRow[] = [];
    for (const part of chunk(unique(targets.map((t) => t.path)), MAX_VARIABLES)) {
      const found: Array<VersionRow & Pick<PageRow, 'path' | 'locale'>> = await this.knex('agr_pages').select(...VERSION_COLUMNS, 'path', 'locale').whereIn('path', part);
      for (const row of found) if (wanted.has(`${row.locale}/${row.path}`)) rows.push(row);
    }
    return this.lazyPages(rows);
  }

  async pagesLinkingTo(path: string, locale: string): Promise<IndexedPage[]> {
    const rows: VersionRow[] = await this.knex('agr_pages')
      .select(...VERSION_COLUMNS)
      .whereIn('pageId', (sub) => sub.select('pageId').from('agr_page_links').where({ locale, path }));
    return this.lazyPages(rows);
  }

  /**
   * The pages of these rows: facts parsed earlier at the row's version stand for the row (every
   * column but the version is written from the facts, see `pageRowOf`); the other rows are read
   * whole and parsed, once per version, also those the reader may not see: parsing one once
   * costs less than reading its facts on every request. A row that changed or went in between
   * is taken as read the second time, or left out.
   */
  private async lazyPages(rows: readonly VersionRow[]): Promise<IndexedPage[]> {
    const pages: IndexedPage[] = [];
    const unparsed: number[] = [];
    for (const row of rows) {
      const facts = this.parsed.get(Number(row.pageId), row);
      if (facts) pages.push(parsedPage(facts));
      else unparsed.push(Number(row.pageId));
    }
    for (const ids of chunk(unparsed, MAX_VARIABLES)) {
      const found: LeanRow[] = await this.knex('agr_pages').select(...LEAN_COLUMNS).whereIn('pageId', ids);
      for (const row of found) pages.push(parsedPage(this.parsed.set(Number(row.pageId), row, factsOf(row))));
    }
    return pages;
  }

  async refreshStatistics(): Promise<void> {
    await refreshStatistics(this.knex, ['agr_pages', 'agr_page_systems', 'agr_page_links', 'agr_history', 'agr_history_systems']);
  }

  async counts(): Promise<{ pages: number; relevantPages: number }> {
    const all: CountRow | undefined = await this.knex('agr_pages').count({ count: '*' }).first();
    const relevant: CountRow | undefined = await this.knex('agr_pages').count({ count: '*' }).where('relevant', true).first();
    return { pages: readCount(all?.count), relevantPages: readCount(relevant?.count) };
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row: MetaRow | undefined = await this.knex('agr_meta').first('*').where({ key });
    return row?.value ?? undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    const updatedAt = new Date().toISOString();
    // Update first, insert when absent; a concurrent insert by another node means update again.
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.knex('agr_meta').where({ key }).update({ value, updatedAt })) > 0) return;
      try {
        await this.knex('agr_meta').insert({ key, value, updatedAt });
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`agr_meta: could not set ${key}`);
  }

  async compareAndSetMeta(key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    const updatedAt = new Date().toISOString();
    if (expected === undefined) {
      if (next === undefined) return (await this.getMeta(key)) === undefined;
      try {
        await this.knex('agr_meta').insert({ key, value: next, updatedAt });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    }
    const matching = this.knex('agr_meta').where({ key, value: expected });
    const changed = next === undefined ? await matching.delete() : await matching.update({ value: next, updatedAt });
    return changed === 1;
  }

  /**
   * The pages as the index holds them now (path, locale, tags: what the page rules look at), for
   * the history's visibility rule: the relevant ones from the pages read at this generation,
   * the few others (no longer in any system) from `agr_pages`.
   */
  private async pagesNow(pageIds: readonly number[]): Promise<Map<number, NowPage>> {
    const pages = await this.leanRelevantPages();
    let byId = this.snapshot?.pages === pages ? this.snapshot.byId : undefined;
    if (!byId) {
      byId = new Map(pages.map((page) => [page.pageId, page]));
      if (this.snapshot?.pages === pages) this.snapshot.byId = byId;
    }
    const others: number[] = [];
    const now = new Map<number, NowPage>();
    for (const pageId of pageIds) {
      const page = byId.get(pageId);
      if (page) now.set(pageId, new NowPage(page.path, page.locale, tagsColumnOf(page.tags)));
      else others.push(pageId);
    }
    if (others.length === 0) return now;
    for (const [pageId, page] of await readPagesNow(this.knex, others)) now.set(pageId, page);
    return now;
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
    this.snapshot = undefined;
    let written: Knex.Transaction | undefined;
    const result = await this.knex.transaction(async (trx) => {
      written = trx;
      const value = await body(trx);
      await trx('agr_meta').where({ key: META_INDEX_GENERATION }).update({ value: randomBytes(12).toString('hex'), updatedAt: new Date().toISOString() });
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
    this.parsed.forget(ids);
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

/** A page of the lean reads: its facts, parsed at its row's current version, stand for its columns. */
function parsedPage(facts: PageFacts): IndexedPage {
  const { pageId, path, locale, title, isPublished, publishStartDate, publishEndDate, tags } = facts;
  return { pageId, path, locale, title, isPublished, publishStartDate, publishEndDate, tags, declares: declaresStructure(facts), facts: () => facts };
}

function tagsOf(json: string): string[] {
  const tags = readJson(json);
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** The columns `factsOf` reads. */
type FactsColumn = 'pageId' | 'path' | 'locale' | 'title' | 'isPublished' | 'publishStartDate' | 'publishEndDate' | 'tags' | 'facts';

/** Parses a row's facts defensively; unreadable JSON falls back to what the columns say. */
function factsOf(row: Pick<PageRow, FactsColumn>): PageFacts {
  const parsed = readJson(row.facts);
  if (isFacts(parsed)) return parsed;
  const tagList = tagsOf(row.tags);
  return {
    pageId: Number(row.pageId),
    path: row.path,
    locale: row.locale,
    title: row.title,
    isPublished: readBoolean(row.isPublished),
    ...(row.publishStartDate ? { publishStartDate: row.publishStartDate } : {}),
    ...(row.publishEndDate ? { publishEndDate: row.publishEndDate } : {}),
    tags: tagList,
    tagValues: readTags(tagList),
    systemDeclarations: [],
    frameworks: [],
    embeds: [],
    issues: [],
  };
}

function isFacts(value: unknown): value is PageFacts {
  const facts = value as Partial<PageFacts> | undefined;
  return (
    typeof facts === 'object' &&
    facts !== null &&
    typeof facts.pageId === 'number' &&
    Array.isArray(facts.tags) &&
    typeof facts.tagValues === 'object' &&
    Array.isArray(facts.systemDeclarations) &&
    Array.isArray(facts.frameworks) &&
    Array.isArray(facts.embeds) &&
    Array.isArray(facts.issues)
  );
}
