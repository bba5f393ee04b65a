/** Test helpers: what the index should hold, computed straight from Wiki.js's tables. */
import { expect } from 'chai';
import type Knex from 'knex';
import { extractPageFacts, systemsOf } from '../../server/domain';
import type { PageFacts, SourcePage } from '../../server/domain';
import { isRelevant } from '../../server/store/knex-store';
import type { AgreementStore } from '../../server/store/types';
import { readBoolean } from '../../server/store/dialect';

interface PageRow {
  id: number;
  path: string;
  localeCode: string;
  title: string;
  description: string | null;
  isPublished: unknown;
  publishStartDate: string | null;
  publishEndDate: string | null;
  updatedAt: string;
  contentType: string;
  content: string | null;
}

/** Every Wiki.js page as the core sees it, read independently of WikiPageSource. */
export async function wikiPages(knex: Knex): Promise<SourcePage[]> {
  const rows: PageRow[] = await knex('pages').select('id', 'path', 'localeCode', 'title', 'description', 'isPublished', 'publishStartDate', 'publishEndDate', 'updatedAt', 'contentType', 'content').orderBy('id');
  const links: Array<{ pageId: number; tag: string }> = await knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').select('pageTags.pageId as pageId', 'tags.tag as tag');
  const tagsOf = new Map<number, string[]>();
  for (const link of links) tagsOf.set(Number(link.pageId), [...(tagsOf.get(Number(link.pageId)) ?? []), link.tag]);
  return rows.map((row) => ({
    id: Number(row.id),
    path: row.path,
    locale: row.localeCode,
    title: row.title,
    description: row.description ?? undefined,
    isPublished: readBoolean(row.isPublished),
    // Wiki.js writes '' for no date.
    publishStartDate: row.publishStartDate || undefined,
    publishEndDate: row.publishEndDate || undefined,
    updatedAt: row.updatedAt,
    contentType: row.contentType,
    content: row.content ?? '',
    tags: (tagsOf.get(Number(row.id)) ?? []).sort(),
  }));
}

/** Facts as plain JSON (what survives storage: no `undefined` members). */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Asserts the index equals a fresh full index of the same Wiki.js pages. */
export async function expectIndexMatchesWiki(knex: Knex, store: AgreementStore): Promise<PageFacts[]> {
  const expected = (await wikiPages(knex)).map(extractPageFacts);
  const indexedIds = (await store.fingerprints()).map((f) => f.pageId);
  expect(indexedIds, 'indexed page ids').to.deep.equal(expected.map((f) => f.pageId));
  const relevant = expected.filter(isRelevant);
  expect(plain(await store.relevantFacts()), 'relevant pages').to.deep.equal(plain(relevant));
  const keys = new Set(relevant.flatMap((f) => [...systemsOf(f), ...f.systemDeclarations.map((d) => d.key)]));
  for (const key of keys) {
    const members = relevant.filter((f) => systemsOf(f).includes(key) || f.systemDeclarations.some((d) => d.key === key));
    expect((await store.systemFacts([key])).map((f) => f.pageId), `pages of ${key}`).to.deep.equal(members.map((f) => f.pageId));
  }
  return expected;
}
