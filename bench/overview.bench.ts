/**
 * Learning across systems (contract §8.1-8.2), resolver time over GraphQL:
 * - `overview` of 200 systems in a 50,000-page wiki, as an administrator and as a reader under
 *   page rules (target 50 ms; goal 20 ms), against the baseline a client has without it: one
 *   `matrix` query per system;
 * - `search` with text and two facets over the same wiki (target 30 ms), against the baseline of
 *   Wiki.js's own database search shape (LIKE on title and description, `checkAccess` per page,
 *   then the tags of the hits to filter by);
 * - at national scale, `overview` of 2,000 systems in a 200,000-page wiki (goal 100 ms) with the
 *   heap one answer takes, and its first page of 100 rows (contract §12: target 60 ms, goal 30 ms)
 *   with its heap, beside the whole overview in the same rounds; the index is written straight
 *   into the store there, since indexing 200,000 pages through Wiki.js's tables is the index
 *   benchmark's subject, not this one's.
 * SQLite always; PostgreSQL when reachable.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type Knex from 'knex';
import { extractPageFacts } from '../server/domain';
import { AgreementIndexer, INDEX_VERSION, META_INDEX_VERSION } from '../server/indexer/indexer';
import { KnexAgreementStore } from '../server/store/knex-store';
import type { LearningService } from '../server/service/learning-service';
import { devChain, devSchema } from '../dev/chain';
import { PageRulesPolicy, loadGroups, loadUser } from '../dev/page-rules';
import type { HostUser } from '../server/host/types';
import { ADMIN_USER_ID, createWikiSchema, generatePages, insertPages } from '../dev/wikijs-schema';
import { chunk } from '../server/store/dialect';
import type { TestDatabase } from '../test/support/databases';
import { onEachEngine } from './engines';
import { answer, ruledReader, type Schema } from './readers';
import { megabytes, timeAsync, timeAsyncPair, type Report } from './measure';

export const name = 'overview and search';

const RUNS = 20;
const OVERVIEW = `{ agreements { overview { cells { chapter column layer } totals { present inProgress empty }
  systems { coverage present system { key title pagePath } cells { state count } } } } }`;
const FIRST_PAGE = `{ agreements { overview(first: 100) { total endCursor cells { chapter column layer } totals { present inProgress empty }
  systems { coverage present system { key title pagePath } cells { state count } } } } }`;
const SEARCH = `{ agreements { search(text: "afspraak 1", filter: { statuses: ["vastgesteld", "gevalideerd"], layers: ["werkafspraken"] }, first: 50) {
  total endCursor hits { systems agreement { pageId path title status theme } } facets { field values { value count } } } } }`;

export async function run(report: Report): Promise<void> {
  await onEachEngine((db) => wikiScale(db, report));
  await onEachEngine((db) => nationalScale(db, report));
}

async function schemaOn(knex: Knex): Promise<{ schema: Schema; policy: PageRulesPolicy; service: LearningService }> {
  const policy = new PageRulesPolicy(await loadGroups(knex));
  const chain = await devChain(knex, policy, { migrate: false });
  const schema = devSchema<{ user: HostUser }>(chain, (u) => policy.permissionsOf(u));
  return { schema, policy, service: chain.reading.learning };
}

/** The overview over GraphQL and, in turns, the service's answer alone: the rest is GraphQL's execution of it. */
async function overviewTimings(schema: Schema, service: LearningService, user: HostUser, runs: number, warmup?: number) {
  const [graph, alone] = await timeAsyncPair(() => answer(schema, OVERVIEW, user), () => service.overview(user), runs, warmup);
  return { graph, alone };
}

async function wikiScale(db: TestDatabase, report: Report): Promise<void> {
  const { knex } = db;
  const pages = 50_000;
  const systems = 200;
  await createWikiSchema(knex);
  await insertPages(knex, generatePages(pages, { systems }));
  await (await AgreementIndexer.create(knex)).reconcile();
  const reader = await ruledReader(knex, 'gen/0/pagina-1');
  const admin = (await loadUser(knex, ADMIN_USER_ID)) as HostUser;
  const { schema, policy, service } = await schemaOn(knex);
  const scale = `${systems} systems, ${pages.toLocaleString('en')} pages`;

  const rows = (await answer<{ overview: { systems: Array<{ system: { key: string } }> } }>(schema, OVERVIEW, reader)).overview.systems;
  if (rows.length !== systems) throw new Error(`expected ${systems} systems, got ${rows.length}`);
  for (const [who, user] of [['administrator', admin], ['reader under page rules', reader]] as const) {
    const { graph, alone } = await overviewTimings(schema, service, user, RUNS);
    report({ name: `${db.label}: overview of ${scale}, ${who}`, unit: 'ms', ...graph, target: 50, goal: 20 });
    report({ name: `${db.label}: of which the service's answer (index, access, grouping), ${who}`, unit: 'ms', ...alone });
  }
  const matrices = rows.map((r) => `m${r.system.key.replace(/-/g, '_')}: matrix(system: "${r.system.key}") { cells { state count } }`);
  const baseline = await timeAsync(async () => {
    // One query per system, as a client must ask them without the overview (a few in parallel).
    for (const part of chunk(matrices, 4)) await Promise.all(part.map((field) => answer(schema, `{ agreements { ${field} } }`, reader)));
  }, 3, 1);
  report({ name: `${db.label}: baseline ${systems} matrix queries, reader under page rules`, unit: 'ms', ...baseline });

  const found = await answer<{ search: { total: number } }>(schema, SEARCH, reader);
  const search = await timeAsync(() => answer(schema, SEARCH, reader), RUNS);
  report({ name: `${db.label}: search text + 2 facets (${found.search.total} hits), ${scale}, reader under page rules`, unit: 'ms', ...search, target: 30 });
  const wikiSearch = await timeAsync(() => baselineSearch(knex, policy, reader), RUNS);
  report({ name: `${db.label}: baseline Wiki.js db search shape + checkAccess + tag filter`, unit: 'ms', ...wikiSearch });
}

/** Wiki.js's database search (LIKE on title and description, published pages), then what a client must add. */
async function baselineSearch(knex: Knex, policy: PageRulesPolicy, user: HostUser): Promise<number> {
  const like = '%afspraak 1%';
  const rows: Array<{ id: number; path: string; localeCode: string }> = await knex('pages')
    .select('id', 'path', 'localeCode')
    .where('isPublished', true)
    .andWhere((q) => q.where('title', 'like', like).orWhere('description', 'like', like));
  const visible = rows.filter((row) => policy.can(user, 'read:pages', { path: row.path, locale: row.localeCode, tags: [] }));
  const wanted = new Set(['status:vastgesteld', 'status:gevalideerd']);
  let hits = 0;
  for (const part of chunk(visible.map((r) => Number(r.id)), 500)) {
    const tags: Array<{ pageId: number; tag: string }> = await knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').select('pageTags.pageId as pageId', 'tags.tag as tag').whereIn('pageTags.pageId', part);
    const byPage = new Map<number, string[]>();
    for (const row of tags) byPage.set(Number(row.pageId), [...(byPage.get(Number(row.pageId)) ?? []), row.tag]);
    for (const list of byPage.values()) if (list.includes('laag:werkafspraken') && list.some((t) => wanted.has(t))) hits++;
  }
  return hits;
}

async function nationalScale(db: TestDatabase, report: Report): Promise<void> {
  const { knex } = db;
  const pages = 200_000;
  const systems = 2_000;
  await createWikiSchema(knex);
  const store = await KnexAgreementStore.create(knex);
  const generated = generatePages(pages, { systems });
  const batch = 2_000;
  for (let start = 0; start < pages; start += batch) {
    const part = generated.slice(start, start + batch).map((input, i) => ({
      facts: extractPageFacts({ id: start + i + 1, path: input.path, locale: 'en', title: input.title, tags: input.tags ?? [], content: input.content ?? '', isPublished: true }),
      fingerprint: 'bench',
    }));
    await store.upsertPages(part);
  }
  await store.setMeta(META_INDEX_VERSION, String(INDEX_VERSION));
  const reader = await ruledReader(knex, 'gen/0/pagina-1');
  const { schema, service } = await schemaOn(knex);
  const scale = `${systems.toLocaleString('en')} systems, ${pages.toLocaleString('en')} pages`;
  const kept = await keptHeapOf(() => answer(schema, OVERVIEW, reader));
  report({ name: `${db.label}: heap kept between requests after the first overview of ${scale} (the store's parsed facts)`, unit: 'MB', median: megabytes(kept) });
  const { graph, alone } = await overviewTimings(schema, service, reader, 10, 3);
  report({ name: `${db.label}: overview of ${scale}, reader under page rules`, unit: 'ms', ...graph, goal: 100 });
  report({ name: `${db.label}: of which the service's answer (index, access, grouping)`, unit: 'ms', ...alone });
  const heap = await heapOf(() => answer(schema, OVERVIEW, reader));
  report({ name: `${db.label}: heap growth over one overview of ${scale} (GC before, answer held)`, unit: 'MB', median: megabytes(heap) });
  const [firstPage, whole] = await timeAsyncPair(() => answer(schema, FIRST_PAGE, reader), () => answer(schema, OVERVIEW, reader), 10, 3);
  report({ name: `${db.label}: first page of 100 rows of the overview of ${scale}, reader under page rules`, unit: 'ms', ...firstPage, target: 60, goal: 30 });
  report({ name: `${db.label}: baseline the whole overview in the same rounds`, unit: 'ms', ...whole });
  const pageHeap = await heapOf(() => answer(schema, FIRST_PAGE, reader));
  report({ name: `${db.label}: heap growth over one first page of 100 rows (GC before, answer held)`, unit: 'MB', median: megabytes(pageHeap) });
}

/** Heap in use after `fn` minus before, garbage collected first, the answer still held. */
async function heapOf(fn: () => Promise<unknown>): Promise<number> {
  const gc = exposedGc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await fn();
  const after = process.memoryUsage().heapUsed;
  if (!held) throw new Error('no answer');
  return after - before;
}

/** Heap in use after `fn` minus before, garbage collected before and after: what outlives the answer. */
async function keptHeapOf(fn: () => Promise<unknown>): Promise<number> {
  const gc = exposedGc();
  gc();
  const before = process.memoryUsage().heapUsed;
  await fn();
  gc();
  return process.memoryUsage().heapUsed - before;
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
