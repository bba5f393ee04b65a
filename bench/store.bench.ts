/**
 * The index on a real database: a 50,000-page wiki written straight into Wiki.js's tables (behind
 * the hooks' back) reconciled to fully indexed (target 60 s), a reconciliation with nothing to do,
 * and the cost of indexing one page save (target 5 ms). SQLite always; PostgreSQL when reachable.
 */
import { performance } from 'perf_hooks';
import { AgreementIndexer } from '../server/indexer';
import type Knex from 'knex';
import { createWikiSchema, generatePages, insertPages, readPageTags, updatePage } from '../dev/wikijs-schema';
import type { TestDatabase } from '../test/support/databases';
import { onEachEngine } from './engines';
import { timingOf, type Report, type Timing } from './measure';

export const name = 'index store';

const PAGES = 50_000;
const SAVES = 60;

export async function run(report: Report): Promise<void> {
  await onEachEngine((db) => benchEngine(db, report));
}

async function benchEngine(db: TestDatabase, report: Report): Promise<void> {
  const { knex } = db;
  await createWikiSchema(knex);
  const ids = await insertPages(knex, generatePages(PAGES));
  const indexer = await AgreementIndexer.create(knex, { log: (message) => console.error(`  ${message}`) });

  const full = await indexer.reconcile();
  if (full.added !== PAGES) throw new Error(`expected ${PAGES} pages indexed, got ${full.added}`);
  report({ name: `${db.label}: reconcile ${PAGES.toLocaleString('en')} new pages to fully indexed`, unit: 'ms', median: full.durationMs, runs: 1, target: 60_000 });

  const idle = await indexer.reconcile();
  report({ name: `${db.label}: reconcile ${PAGES.toLocaleString('en')} unchanged pages (boot scan)`, unit: 'ms', median: idle.durationMs, runs: 1 });

  // One page save as a hook sees it: the page was just written, the hook re-indexes it, passing
  // the tags Wiki.js's page object carries; without them the source scans pageTags.
  const agreementId = ids[13];
  const tags = new Map([[agreementId, await readPageTags(knex, agreementId)]]);
  const withTags = await timeSaves(knex, agreementId, () => indexer.indexPages([agreementId], tags));
  report({ name: `${db.label}: index one page save (hook passes its tags)`, unit: 'ms', ...withTags, target: 5 });
  const rereading = await timeSaves(knex, agreementId, () => indexer.indexPages([agreementId]));
  report({ name: `${db.label}: index one page save (tags re-read)`, unit: 'ms', ...rereading });
}

/**
 * Median and p95 of indexing one saved page, the first sixth of the runs discarded as warm-up.
 * Each save changes a fact (the title), so history, when on, writes a row every time.
 */
export async function timeSaves(knex: Knex, pageId: number, index: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    await updatePage(knex, pageId, { title: `Afspraak bewaard ${Math.random()}` });
    const start = performance.now();
    await index();
    samples.push(performance.now() - start);
  }
  return timingOf(samples.slice(SAVES / 6));
}
