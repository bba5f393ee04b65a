/**
 * The reads of the index's pages (`agr_pages`, `agr_page_systems`, `agr_page_links`). Named by
 * what they return: a `…Pages` read gives `IndexedPage`s (the cheap columns, facts parsed on
 * request and kept per row version, see `FactsCache`), a `…Facts` read gives parsed `PageFacts`.
 * The store (`KnexAgreementStore`) answers with these; the history reads the pages as they are now
 * (`currentPages`) from here as well.
 */
import type Knex from 'knex';
import type { PageFacts } from '../domain/types';
import { declaresStructure } from '../domain/catalog';
import { readTags } from '../domain/tags';
import { unique } from '../domain/normalize';
import { MAX_VARIABLES, chunk, readBoolean, readJson } from './dialect';
import { KnexMeta, META_INDEX_GENERATION } from './meta';
import { tagsColumnOf, type StoreCaches } from './caches';
import type { CurrentPage as CurrentPageView, IndexedPage } from './types';

/** A row of `agr_pages`. */
export interface PageRow {
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

/** What the `…Pages` reads read first: the rows' versions (`agr_pages_version_index` holds them). */
type VersionRow = Pick<PageRow, 'pageId' | 'fingerprint' | 'indexedAt'>;
const VERSION_COLUMNS: ReadonlyArray<keyof VersionRow> = ['pageId', 'fingerprint', 'indexedAt'];
/** The columns `factsOf` reads. */
type FactsColumn = 'pageId' | 'path' | 'locale' | 'title' | 'isPublished' | 'publishStartDate' | 'publishEndDate' | 'tags' | 'facts';
/** Then, for pages whose facts are not parsed at that version yet: the facts, and the columns `factsOf` falls back on. */
type LeanRow = VersionRow & Pick<PageRow, FactsColumn>;
const LEAN_COLUMNS: ReadonlyArray<keyof LeanRow> = [...VERSION_COLUMNS, 'path', 'locale', 'title', 'isPublished', 'publishStartDate', 'publishEndDate', 'tags', 'facts'];

/** What the page rules look at of a page now (`agr_pages`). */
interface CurrentRow {
  pageId: number;
  path: string;
  locale: string;
  tags: string;
}

/**
 * A page as the index holds it now, from its `agr_pages` columns: what the page rules look at.
 * The tags column is compared as text (written sorted, as the recorded tags are) and parsed only
 * when a page rule asks for the tags.
 */
export class CurrentPage implements CurrentPageView {
  private parsedTags?: string[];

  constructor(
    readonly path: string,
    readonly locale: string,
    private readonly tagsColumn: string,
  ) {}

  /** What the page rules look at, as one text: the recorded row's `rulesKey` when none of it changed. */
  get rulesKey(): string {
    return rulesKeyOf(this.path, this.locale, this.tagsColumn);
  }

  get tags(): string[] {
    if (!this.parsedTags) {
      const parsed = readJson(this.tagsColumn);
      this.parsedTags = Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
    }
    return this.parsedTags;
  }
}

/** What the page rules look at of a page (path, locale, its `tags` column), as one text. */
export function rulesKeyOf(path: string, locale: string, tagsColumn: string): string {
  return `${path}\n${locale}\n${tagsColumn}`;
}

export class PageReads {
  private readonly meta: KnexMeta;

  constructor(
    private readonly knex: Knex,
    private readonly caches: StoreCaches,
  ) {
    this.meta = new KnexMeta(knex);
  }

  /** Facts of every relevant page (`isRelevant`), by page id. */
  async relevantFacts(): Promise<PageFacts[]> {
    const rows: PageRow[] = await this.knex('agr_pages').select('*').where('relevant', true).orderBy('pageId');
    return rows.map(factsOf);
  }

  /** Facts of the pages that belong to, or declare, one of these systems, by page id. */
  async systemFacts(keys: string[]): Promise<PageFacts[]> {
    const pages = new Map<number, PageFacts>();
    for (const part of chunk(unique(keys), MAX_VARIABLES)) {
      const rows: PageRow[] = await this.knex('agr_pages')
        .select('*')
        .whereIn('pageId', (sub) => sub.select('pageId').from('agr_page_systems').whereIn('systemKey', part).whereNot('role', 'framework'));
      for (const row of rows) pages.set(Number(row.pageId), factsOf(row));
    }
    return [...pages.values()].sort((a, b) => a.pageId - b.pageId);
  }

  async catalogPages(keys: string[]): Promise<IndexedPage[]> {
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
  async relevantPages(): Promise<readonly IndexedPage[]> {
    const generation = await this.meta.get(META_INDEX_GENERATION);
    const kept = this.caches.relevant.get(generation);
    if (kept) return kept;
    const pages = await this.lazyPages(await this.knex('agr_pages').select(...VERSION_COLUMNS).where('relevant', true));
    this.caches.relevant.set(generation, pages);
    return pages;
  }

  /** Facts of the pages that declare systems or frameworks, by page id. */
  async declaringFacts(): Promise<PageFacts[]> {
    const pages = await this.lazyPages(await this.knex('agr_pages').select(...VERSION_COLUMNS).where('declares', true));
    return pages.sort((a, b) => a.pageId - b.pageId).map((page) => page.facts());
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
   * The pages as the index holds them now (path, locale, tags: what the page rules look at), for
   * the history's visibility rule: the relevant ones from the pages read at this generation,
   * the few others (no longer in any system) from `agr_pages`. Pages that are gone are left out.
   */
  async currentPages(pageIds: readonly number[]): Promise<Map<number, CurrentPage>> {
    const byId = this.caches.relevant.byId(await this.relevantPages());
    const others: number[] = [];
    const now = new Map<number, CurrentPage>();
    for (const pageId of pageIds) {
      const page = byId.get(pageId);
      if (page) now.set(pageId, new CurrentPage(page.path, page.locale, tagsColumnOf(page.tags)));
      else others.push(pageId);
    }
    for (const ids of chunk(others, MAX_VARIABLES)) {
      const rows: CurrentRow[] = await this.knex('agr_pages').select('pageId', 'path', 'locale', 'tags').whereIn('pageId', ids);
      for (const row of rows) now.set(Number(row.pageId), new CurrentPage(row.path, row.locale, row.tags));
    }
    return now;
  }

  /**
   * The pages of these rows: facts parsed earlier at the row's version stand for the row (every
   * column but the version is written from the facts, see `pageRowOf`); the other rows are read
   * whole and parsed, once per version, also those the reader may not see: parsing one once
   * costs less than reading its facts on every request. A row that changed or went in between
   * is taken as read the second time, or left out.
   */
  private async lazyPages(rows: readonly VersionRow[]): Promise<IndexedPage[]> {
    const parsed = this.caches.facts;
    const pages: IndexedPage[] = [];
    const unparsed: number[] = [];
    for (const row of rows) {
      const facts = parsed.get(Number(row.pageId), row);
      if (facts) pages.push(parsedPage(facts));
      else unparsed.push(Number(row.pageId));
    }
    for (const ids of chunk(unparsed, MAX_VARIABLES)) {
      const found: LeanRow[] = await this.knex('agr_pages').select(...LEAN_COLUMNS).whereIn('pageId', ids);
      for (const row of found) pages.push(parsedPage(parsed.set(Number(row.pageId), row, factsOf(row))));
    }
    return pages;
  }
}

/** A page of the `…Pages` reads: its facts, parsed at its row's current version, stand for its columns. */
function parsedPage(facts: PageFacts): IndexedPage {
  const { pageId, path, locale, title, isPublished, publishStartDate, publishEndDate, tags } = facts;
  return { pageId, path, locale, title, isPublished, publishStartDate, publishEndDate, tags, declares: declaresStructure(facts), facts: () => facts };
}

function tagsOf(json: string): string[] {
  const tags = readJson(json);
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

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
