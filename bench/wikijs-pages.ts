/**
 * Pages written straight into a real Wiki.js's tables (SQLite or PostgreSQL), for the benchmarks
 * that need more pages than Wiki.js's pages.create can make in time (2.5 s a page): each row is
 * shaped like a page Wiki.js created itself, and `agreements.reindex` indexes them afterwards.
 */
import { createHash } from 'crypto';
import type { WikiHarness } from '../test/support/wikijs-harness';

export interface RawPage {
  path: string;
  locale: string;
  title: string;
  content: string;
  tags: string[];
}

/** Writes the pages and their tags behind Wiki.js's back, every column but these copied from the page `templatePageId`. */
export async function writePagesBehindWikisBack(wiki: WikiHarness, templatePageId: number, pages: readonly RawPage[]): Promise<void> {
  const knex = wiki.openDatabase();
  try {
    const template = (await knex('pages').where({ id: templatePageId }).first()) as Record<string, unknown>;
    const shape = { ...template };
    delete shape.id;
    await knex.batchInsert(
      'pages',
      pages.map((page) => ({
        ...shape,
        path: page.path,
        localeCode: page.locale,
        hash: createHash('sha1').update(`${page.locale}|${page.path}|`).digest('hex'),
        title: page.title,
        content: page.content,
        render: `<h1 class="toc-header">${page.title}</h1>`,
        toc: '[]',
      })),
      40,
    );
    const now = new Date().toISOString();
    const wanted = [...new Set(pages.flatMap((page) => page.tags))];
    const known = new Set(((await knex('tags').select('tag')) as Array<{ tag: string }>).map((row) => row.tag));
    await knex.batchInsert('tags', wanted.filter((tag) => !known.has(tag)).map((tag) => ({ tag, title: tag, createdAt: now, updatedAt: now })), 100);
    const tagIds = new Map(((await knex('tags').select('id', 'tag')) as Array<{ id: number; tag: string }>).map((row) => [row.tag, row.id]));
    const pageIds = new Map(((await knex('pages').select('id', 'path', 'localeCode')) as Array<{ id: number; path: string; localeCode: string }>).map((row) => [`${row.localeCode}/${row.path}`, row.id]));
    await knex.batchInsert(
      'pageTags',
      pages.flatMap((page) => page.tags.map((tag) => ({ pageId: pageIds.get(`${page.locale}/${page.path}`), tagId: tagIds.get(tag) }))),
      400,
    );
  } finally {
    await knex.destroy();
  }
}
