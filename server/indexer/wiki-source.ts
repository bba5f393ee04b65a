/**
 * Reads Wiki.js's own `pages`, `tags` and `pageTags` tables (never writes them).
 *
 * A page's fingerprint hashes the columns a change behind the hooks' back can touch and that the
 * database hands over cheaply: path, locale, title, isPublished, the publishing window, updatedAt,
 * contentType, the content's length computed in the database, and the sorted tags. That catches
 * edits, moves, (un)publishing, a changed window, tag renames and deletions (which leave
 * `updatedAt` alone) and restores; only an edit that keeps both `updatedAt` and the length is
 * missed, which `reconcile({ force: true })` repairs. Reading no content keeps a 50,000-page scan
 * to a few seconds. (Adding the window to the fingerprint changed every page's: the first
 * reconciliation after that upgrade reads every page again, and so indexes their windows.)
 */
import { createHash } from 'crypto';
import type Knex from 'knex';
import type { SourcePage } from '../domain/types';
import { publishingDateOf } from '../domain/publishing';
import { MAX_VARIABLES, chunk, lengthOf, readBoolean } from '../store/dialect';

export interface SourceFingerprint {
  pageId: number;
  fingerprint: string;
  /** Content length as the database counts it (bytes or characters); sizes read batches. */
  contentLength: number;
}

export interface SourceEntry {
  page: SourcePage;
  fingerprint: string;
}

interface PageMetaRow {
  id: number;
  path: string;
  localeCode: string | null;
  title: string;
  isPublished: unknown;
  publishStartDate: unknown;
  publishEndDate: unknown;
  updatedAt: string;
  contentType: string;
  contentLength: unknown;
}

interface PageContentRow extends PageMetaRow {
  description: string | null;
  content: string | null;
}

interface PageTagRow {
  pageId: number;
  tag: string;
}

const META_COLUMNS = ['id', 'path', 'localeCode', 'title', 'isPublished', 'publishStartDate', 'publishEndDate', 'updatedAt', 'contentType'];

export class WikiPageSource {
  constructor(private readonly knex: Knex) {}

  /** Fingerprints of every page, in id order, `batchSize` pages at a time. */
  async *fingerprintBatches(batchSize = 5000): AsyncGenerator<SourceFingerprint[]> {
    let after = 0;
    for (;;) {
      const rows: PageMetaRow[] = await this.knex('pages')
        .select(...META_COLUMNS, lengthOf(this.knex, 'content', 'contentLength'))
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize);
      if (rows.length === 0) return;
      const first = Number(rows[0].id);
      after = Number(rows[rows.length - 1].id);
      const tags = await this.tagsInRange(first, after);
      yield rows.map((row) => ({
        pageId: Number(row.id),
        fingerprint: fingerprintOf(row, tags.get(Number(row.id)) ?? []),
        contentLength: Number(row.contentLength ?? 0),
      }));
      if (rows.length < batchSize) return;
    }
  }

  /**
   * These pages with content and tags; ids that no longer exist are simply absent. `knownTags`
   * (a save hook's page already carries them) spares the tag lookup: Wiki.js has no index on
   * `pageTags.pageId`, so that lookup scans the table. Wrong tags would change the fingerprint,
   * so the next reconciliation repairs them.
   */
  async readPages(ids: readonly number[], knownTags?: ReadonlyMap<number, readonly string[]>): Promise<SourceEntry[]> {
    const entries: SourceEntry[] = [];
    for (const part of chunk([...new Set(ids)], MAX_VARIABLES)) {
      const rows: PageContentRow[] = await this.knex('pages')
        .select(...META_COLUMNS, 'description', 'content', lengthOf(this.knex, 'content', 'contentLength'))
        .whereIn('id', part)
        .orderBy('id');
      const unknown = part.filter((id) => !knownTags?.has(id));
      const tags = unknown.length ? await this.tagsOf(unknown) : new Map<number, string[]>();
      for (const id of part) {
        const given = knownTags?.get(id);
        if (given) tags.set(id, [...new Set(given.map((t) => t.trim().toLowerCase()))].sort());
      }
      for (const row of rows) {
        const pageTags = tags.get(Number(row.id)) ?? [];
        entries.push({ page: sourcePageOf(row, pageTags), fingerprint: fingerprintOf(row, pageTags) });
      }
    }
    return entries;
  }

  /** Ids of the pages that carry any of these tags (exact match in code, not by collation). */
  async pageIdsWithTags(tags: readonly string[]): Promise<number[]> {
    const wanted = new Set(tags.map((t) => t.trim().toLowerCase()));
    const ids = new Set<number>();
    for (const part of chunk([...wanted], MAX_VARIABLES)) {
      const rows: PageTagRow[] = await this.knex('pageTags')
        .join('tags', 'tags.id', 'pageTags.tagId')
        .select('pageTags.pageId as pageId', 'tags.tag as tag')
        .whereIn('tags.tag', part);
      for (const row of rows) if (wanted.has(row.tag)) ids.add(Number(row.pageId));
    }
    return [...ids].sort((a, b) => a - b);
  }

  private async tagsInRange(first: number, last: number): Promise<Map<number, string[]>> {
    const rows: PageTagRow[] = await this.tagQuery().whereBetween('pageTags.pageId', [first, last]);
    return groupTags(rows);
  }

  private async tagsOf(ids: readonly number[]): Promise<Map<number, string[]>> {
    const rows: PageTagRow[] = await this.tagQuery().whereIn('pageTags.pageId', ids);
    return groupTags(rows);
  }

  private tagQuery() {
    return this.knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').select('pageTags.pageId as pageId', 'tags.tag as tag');
  }
}

function groupTags(rows: readonly PageTagRow[]): Map<number, string[]> {
  const byPage = new Map<number, string[]>();
  for (const row of rows) {
    const id = Number(row.pageId);
    const list = byPage.get(id);
    if (list) list.push(row.tag);
    else byPage.set(id, [row.tag]);
  }
  // Sorted, so a page's facts do not depend on the order the database returns rows in.
  for (const list of byPage.values()) list.sort();
  return byPage;
}

/** The hash reconciliation compares; both reading paths compute it from the same columns. */
function fingerprintOf(row: PageMetaRow, sortedTags: readonly string[]): string {
  const parts = [
    row.path,
    row.localeCode ?? '',
    row.title,
    readBoolean(row.isPublished),
    publishingDateOf(row.publishStartDate) ?? '',
    publishingDateOf(row.publishEndDate) ?? '',
    row.updatedAt,
    row.contentType,
    Number(row.contentLength ?? 0),
    sortedTags,
  ];
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64');
}

function sourcePageOf(row: PageContentRow, tags: string[]): SourcePage {
  return {
    id: Number(row.id),
    path: row.path,
    locale: row.localeCode ?? 'en',
    title: row.title,
    description: row.description ?? undefined,
    tags,
    content: row.content ?? '',
    contentType: row.contentType,
    isPublished: readBoolean(row.isPublished),
    publishStartDate: publishingDateOf(row.publishStartDate),
    publishEndDate: publishingDateOf(row.publishEndDate),
    updatedAt: row.updatedAt,
  };
}
