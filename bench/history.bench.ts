/**
 * History of the index (contract §9) on a real database: a 50,000-page wiki with a system of
 * 1,000 agreements and ten recorded versions of every agreement page over a year. Measured in one
 * run: `matrix(asOf)` against the current-state matrix of the same system (target 2×), `changes`
 * over the year (target 100 ms), a page save with history on (target 5 ms) and what history adds
 * to it, and the history's size on disk per 10,000 changes. SQLite always; PostgreSQL when reachable.
 */
import type Knex from 'knex';
import { AgreementIndexer, WikiPageSource } from '../server/indexer';
import { KnexAgreementStore } from '../server/store/knex-store';
import { META_HISTORY_STARTS_AT, historyEventOf, type HistoryEvent } from '../server/store/history-store';
import { devChain } from '../dev/chain';
import { PageRulesPolicy } from '../dev/page-rules';
import type { HostUser } from '../server/host/types';
import type { HistoryFacts } from '../server/domain';
import { createWikiSchema, generatePages, insertPages, readPageTags, type WikiPageInput } from '../dev/wikijs-schema';
import type { TestDatabase } from '../test/support/databases';
import { onEachEngine } from './engines';
import { timeAsync, timeAsyncPair, type Report } from './measure';
import { timeSaves } from './store.bench';

export const name = 'history';

const WIKI_PAGES = 50_000;
const SYSTEM_PAGES = 1_000;
const SYSTEM = 'groot';
const VERSIONS = 10;
const RUNS = 30;
const DAY = 86_400_000;

const READ = ['read:pages'];
const READER: HostUser = { id: 2, groups: [2] };
const policy = new PageRulesPolicy([{ id: 2, permissions: READ, pageRules: [{ deny: false, match: 'START', roles: READ, path: '', locales: [] }] }]);

const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const STATUSES = ['concept', 'in-de-maak', 'vastgesteld', 'gevalideerd'];

/** The large system: its page and 999 agreement pages, tags only (as a tagged wiki has them). */
function largeSystem(): WikiPageInput[] {
  const updatedAt = '2024-01-01T00:00:00.000Z';
  const system: WikiPageInput = { path: `${SYSTEM}`, title: 'Groot stelsel', content: `\`\`\`afsprakenstelsel\nkey: ${SYSTEM}\ntitel: Groot stelsel\n\`\`\`\n`, updatedAt };
  return [
    system,
    ...Array.from({ length: SYSTEM_PAGES - 1 }, (_, i): WikiPageInput => ({
      path: `${SYSTEM}/afspraak-${i}`,
      title: `Afspraak ${i}`,
      content: `# Afspraak ${i}\n\nTekst.`,
      tags: [`stelsel:${SYSTEM}`, `kolom:${COLUMNS[i % COLUMNS.length]}`, `laag:${LAYERS[i % LAYERS.length]}`, `status:${STATUSES[i % STATUSES.length]}`],
      updatedAt,
    })),
  ];
}

/** Version `v` of a page's recorded facts (the last version is the page as it is). */
function version(facts: HistoryFacts, v: number): HistoryFacts {
  if (v === VERSIONS - 1) return facts;
  const tags = facts.tags.map((tag) => {
    if (tag.startsWith('status:')) return `status:${STATUSES[v % STATUSES.length]}`;
    if (tag.startsWith('kolom:') && v % 3 === 1) return `kolom:${COLUMNS[(v + tag.length) % COLUMNS.length]}`;
    return tag;
  });
  return { ...facts, title: v % 2 ? `${facts.title} (versie ${v})` : facts.title, tags };
}

export async function run(report: Report): Promise<void> {
  await onEachEngine((db) => benchEngine(db, report));
}

async function benchEngine(db: TestDatabase, report: Report): Promise<void> {
  const { knex } = db;
  const now = Date.now();
  const yearAgo = now - 365 * DAY;
  await createWikiSchema(knex);
  await insertPages(knex, [...generatePages(WIKI_PAGES - SYSTEM_PAGES, { systems: 49 }), ...largeSystem()]);
  // History began a year ago; the first index records every agreement page then.
  let clock: number | undefined = yearAgo;
  const store = await KnexAgreementStore.create(knex, { now: () => new Date(clock ?? Date.now()).toISOString() });
  const indexer = new AgreementIndexer(store, new WikiPageSource(knex));
  await indexer.reconcile();
  clock = undefined;

  // Nine more versions of every agreement page through the year, the last one as it is now.
  const current = (await store.relevantFacts()).map(historyEventOf).filter((e): e is HistoryEvent & { facts: HistoryFacts } => e.facts !== undefined);
  for (let v = 1; v < VERSIONS; v++) {
    const at = new Date(yearAgo + v * 36 * DAY).toISOString();
    await store.history.record(current.map((e) => ({ pageId: e.pageId, facts: version(e.facts, v), at })));
  }
  // PostgreSQL's autovacuum analyzes a table after a bulk load like this one; without statistics
  // the planner would walk the history's indexes blind, which no running wiki does for long.
  if (db.engine === 'postgres') await knex.raw('analyze');
  const rows = await store.history.rowCount();
  console.error(`  ${rows.toLocaleString('en')} history rows for ${current.length.toLocaleString('en')} agreement pages`);

  const { systems, time } = (await devChain(knex, policy, { migrate: false })).reading;
  const asOf = new Date(yearAgo + 200 * DAY).toISOString();
  const [matrixNow, matrixThen] = await timeAsyncPair(() => systems.matrix(READER, SYSTEM), () => systems.matrix(READER, SYSTEM, undefined, asOf), RUNS, RUNS / 5);
  report({ name: `${db.label}: matrix of ${SYSTEM_PAGES.toLocaleString('en')} pages, now (reference)`, unit: 'ms', ...matrixNow });
  report({ name: `${db.label}: matrix(asOf) of the same system, ${VERSIONS} versions a page (target 2× now, goal 1.2×; ${(matrixThen.median / matrixNow.median).toFixed(2)}×)`, unit: 'ms', ...matrixThen, target: 2 * matrixNow.median, goal: 1.2 * matrixNow.median });
  const since = new Date(yearAgo + DAY).toISOString();
  const changes = await timeAsync(() => time.changes(READER, SYSTEM, since), RUNS, RUNS / 5);
  report({ name: `${db.label}: changes over a year of that history`, unit: 'ms', ...changes, target: 100 });

  const pageId = current.find((e) => e.facts.tags.includes(`stelsel:${SYSTEM}`))?.pageId as number;
  const tags = new Map([[pageId, await readPageTags(knex, pageId)]]);
  const save = () => indexer.indexPages([pageId], tags);
  const withHistory = await timeSaves(knex, pageId, save);
  report({ name: `${db.label}: index one page save, history on`, unit: 'ms', ...withHistory, target: 5 });
  // History off: no `startsAt`, for a store and indexer that have not seen it either.
  const startsAt = await store.getMeta(META_HISTORY_STARTS_AT);
  await knex('agr_meta').where('key', META_HISTORY_STARTS_AT).delete();
  const withoutIndexer = new AgreementIndexer(await KnexAgreementStore.create(knex, { skipMigrations: true }), new WikiPageSource(knex));
  const withoutHistory = await timeSaves(knex, pageId, () => withoutIndexer.indexPages([pageId], tags));
  await store.setMeta(META_HISTORY_STARTS_AT, startsAt as string);
  report({ name: `${db.label}: history's added cost per save`, unit: 'ms', median: Math.max(0, withHistory.median - withoutHistory.median), runs: withHistory.runs });

  const bytes = await historyBytes(db, knex);
  if (bytes !== undefined) {
    const rowsNow = await store.history.rowCount();
    report({ name: `${db.label}: history on disk per 10,000 changes`, unit: 'MB', median: (bytes / rowsNow) * 10_000 / (1024 * 1024) });
  }
}

/** The history tables' size with their indexes, as the database reports it; undefined where it cannot. */
async function historyBytes(db: TestDatabase, knex: Knex): Promise<number | undefined> {
  if (db.engine === 'postgres') {
    const result = (await knex.raw(`select pg_total_relation_size('agr_history') + pg_total_relation_size('agr_history_systems') as bytes`)) as { rows: Array<{ bytes: string }> };
    return Number(result.rows[0].bytes);
  }
  if (db.engine === 'sqlite') {
    try {
      const rows = (await knex.raw(`select sum(pgsize) as bytes from dbstat where name like 'agr_history%' or name like 'sqlite_autoindex_agr_history%'`)) as Array<{ bytes: number }>;
      return Number(rows[0]?.bytes ?? 0);
    } catch {
      return undefined; // sqlite3 built without the dbstat table
    }
  }
  return undefined;
}
