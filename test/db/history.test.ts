import { expect } from 'chai';
import type Knex from 'knex';
import { buildCatalog, extractPageFacts, matrixFor, type Matrix } from '../../server/domain';
import { AgreementIndexer, WikiPageSource } from '../../server/indexer';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { META_HISTORY_STARTS_AT, historyEventOf } from '../../server/store/history-store';
import { ReadServices } from '../../server/service/read-services';
import { HistoryMomentError } from '../../server/service/history';
import { PageRulesPolicy } from '../../dev/page-rules';
import type { HostUser } from '../../server/host/types';
import * as createAgreementHistory from '../../migrations/20261129A-create-agreement-history';
import { MIGRATIONS_TABLE } from '../../server/store/migration-source';
import { createWikiSchema, deletePage, dropWikiSchema, insertPage, movePage, renameTag, updatePage } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import { wikiPages } from './wiki-index';

const fence = '```';
const SYSTEM_PAGE = `# KB\n\n${fence}afsprakenstelsel\nkey: kb\ntitel: Krachtige Basiszorg\nthemas:\n  - { key: solk }\n${fence}\n`;
const block = (lines: string) => `# Afspraak\n\n${fence}afspraak\n${lines}\n${fence}\n`;

const ADMIN: HostUser = { id: 1, groups: [1] };
const GUEST: HostUser = { id: 2, groups: [2] };
const READ = ['read:pages'];
const policy = new PageRulesPolicy([
  { id: 1, permissions: ['manage:system'], pageRules: [] },
  {
    id: 2,
    permissions: READ,
    pageRules: [
      { deny: false, match: 'START', roles: READ, path: '', locales: [] },
      { deny: true, match: 'START', roles: READ, path: 'geheim', locales: [] },
      { deny: true, match: 'TAG', roles: READ, path: 'status:concept', locales: [] },
    ],
  },
]);

/** A clock the store and the page writes share, so every change has a known time. */
class Clock {
  constructor(public value: string) {}
  readonly now = () => this.value;
}

/** What a matrix says, without the parts history does not keep (issues found on the pages). */
function essence(matrix: Matrix | undefined) {
  if (!matrix) return undefined;
  return JSON.parse(JSON.stringify({ system: matrix.system.key, cells: matrix.cells, unplaced: matrix.unplaced, themes: matrix.themes })) as unknown;
}

/** The admin's matrix from Wiki.js's pages as they are now, read independently of the index. */
async function matrixFromWiki(knex: Knex, today: string, filter = { includeRetired: true }) {
  const facts = (await wikiPages(knex)).map(extractPageFacts);
  return essence(matrixFor(buildCatalog(facts), 'kb', filter, today));
}

async function historyRows(knex: Knex): Promise<number> {
  const row: { count?: unknown } | undefined = await knex('agr_history').count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

async function resetHistory(knex: Knex): Promise<void> {
  for (const table of ['agr_history_systems', 'agr_history', 'agr_page_systems', 'agr_pages', 'agr_meta']) {
    if (await knex.schema.hasTable(table)) await knex(table).delete();
  }
}

describeEachDatabase('history of the index (contract §9)', (db) => {
  let knex: Knex;
  let clock: Clock;
  let store: KnexAgreementStore;
  let indexer: AgreementIndexer;
  let service: ReadServices;

  /** Moves the clock and returns the time, as Wiki.js would stamp a save made now. */
  const at = (time: string): string => {
    clock.value = time;
    return time;
  };

  beforeEach(async () => {
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    await KnexAgreementStore.create(knex);
    await resetHistory(knex);
    clock = new Clock('2025-01-01T00:00:00.000Z');
    store = await KnexAgreementStore.create(knex, { now: clock.now });
    indexer = new AgreementIndexer(store, new WikiPageSource(knex), { nodeId: 'node-a' });
    service = new ReadServices({ store, access: policy, today: () => clock.value.slice(0, 10) });
  });

  it('answers matrix(asOf) at every moment of a timeline as the pages then were, and changes as the net difference', async () => {
    expect(await store.getMeta(META_HISTORY_STARTS_AT)).to.equal('2025-01-01T00:00:00.000Z');
    const snapshots: Array<{ time: string; expected: unknown }> = [];
    const snapshot = async (time: string) => snapshots.push({ time, expected: await matrixFromWiki(knex, time.slice(0, 10)) });

    let time = at('2025-02-01T10:00:00.000Z');
    await insertPage(knex, { path: 'kb', title: 'KB', content: SYSTEM_PAGE, updatedAt: time });
    const a = await insertPage(knex, { path: 'kb/a', title: 'Aanmelden', tags: ['stelsel:kb', 'kolom:dienstverlening', 'laag:normen', 'status:concept'], updatedAt: time });
    const b = await insertPage(knex, { path: 'kb/b', title: 'Bijscholing', tags: ['stelsel:kb', 'kolom:leren', 'laag:techniek', 'status:vastgesteld'], updatedAt: time });
    await indexer.reconcile();
    await snapshot(time);

    time = at('2025-03-01T10:00:00.000Z');
    await updatePage(knex, a, { tags: ['stelsel:kb', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld'], updatedAt: time });
    await indexer.indexPages([a]);
    await snapshot(time);

    time = at('2025-04-01T10:00:00.000Z');
    await movePage(knex, b, 'kb/leren/b');
    await updatePage(knex, b, { tags: ['stelsel:kb', 'kolom:borgen', 'kolom:leren', 'laag:techniek', 'status:vastgesteld'], updatedAt: time });
    await indexer.indexPages([b]);
    await snapshot(time);

    time = at('2025-05-01T10:00:00.000Z');
    await updatePage(knex, a, { title: 'Aanmelden en intake', updatedAt: time });
    await indexer.indexPages([a]);
    await snapshot(time);

    time = at('2025-06-01T10:00:00.000Z');
    const c = await insertPage(knex, { path: 'kb/c', title: 'Casusoverleg', content: block('stelsel: kb\nhoofdstuk: kwaliteit\nlaag: werkafspraken\nstatus: in-de-maak'), updatedAt: time });
    await indexer.indexPages([c]);
    await snapshot(time);

    time = at('2025-07-01T10:00:00.000Z');
    await deletePage(knex, b);
    await indexer.indexPages([b]);
    await snapshot(time);

    // A restore of an earlier version (Wiki.js: updatePage with the old content and tags), and
    // a page that leaves the system, found by reconciliation.
    time = at('2025-08-01T10:00:00.000Z');
    await updatePage(knex, a, { tags: ['stelsel:kb', 'kolom:dienstverlening', 'laag:normen', 'status:concept'], updatedAt: time });
    await updatePage(knex, c, { content: block('hoofdstuk: kwaliteit\nlaag: werkafspraken'), updatedAt: time });
    await indexer.reconcile();
    await snapshot(time);

    // An admin renames a tag: the page's update time stays, so the change counts from when it is found.
    time = at('2025-09-01T10:00:00.000Z');
    await renameTag(knex, 'status:concept', 'status:vervallen');
    await indexer.reconcile();
    await snapshot(time);

    // Saves that change no fact: text outside blocks, a forced rebuild (a new index version).
    const rows = await historyRows(knex);
    time = at('2025-10-01T10:00:00.000Z');
    await updatePage(knex, a, { content: 'Nieuwe tekst, zelfde feiten.', updatedAt: time });
    await indexer.indexPages([a]);
    await indexer.reconcile({ force: true });
    expect(await historyRows(knex), 'rows after saves without a fact change').to.equal(rows);

    at('2026-01-01T00:00:00.000Z');
    for (const [i, { time: moment, expected }] of snapshots.entries()) {
      const later = new Date(Date.parse(moment) + 60_000).toISOString();
      const nextMoment = snapshots[i + 1]?.time;
      for (const asOf of [moment, later, ...(nextMoment ? [new Date(Date.parse(nextMoment) - 1).toISOString()] : [])]) {
        expect(essence(await service.systems.matrix(ADMIN, 'kb', { includeRetired: true }, asOf)), `matrix as of ${asOf}`).to.deep.equal(expected);
      }
    }
    // A date is the end of that day; a future moment is now.
    expect(essence(await service.systems.matrix(ADMIN, 'kb', { includeRetired: true }, '2025-04-01'))).to.deep.equal(snapshots[2].expected);
    expect(essence(await service.systems.matrix(ADMIN, 'kb', { includeRetired: true }, '2999-01-01'))).to.deep.equal(
      essence(await service.systems.matrix(ADMIN, 'kb', { includeRetired: true })),
    );

    // Between the state after the first saves and the state after the deletion.
    const changes = await service.time.changes(ADMIN, 'kb', '2025-02-01T12:00:00Z', '2025-07-01T12:00:00Z');
    expect(changes?.since).to.equal('2025-02-01T12:00:00.000Z');
    expect(changes?.until).to.equal('2025-07-01T12:00:00.000Z');
    expect(changes?.changes.map((ch) => [ch.agreement.pageId, ch.kind, ch.at, ch.from, ch.to])).to.deep.equal([
      [b, 'REMOVED', '2025-07-01T10:00:00.000Z', null, null],
      [c, 'ADDED', '2025-06-01T10:00:00.000Z', null, null],
      [a, 'STATUS', '2025-05-01T10:00:00.000Z', 'concept', 'vastgesteld'],
      [a, 'RENAMED', '2025-05-01T10:00:00.000Z', 'Aanmelden', 'Aanmelden en intake'],
    ]);
    expect(changes?.changes[0].agreement.title).to.equal('Bijscholing');
    // B's page was deleted: the change says so (the views then show it without a link).
    expect(changes?.changes.map((ch) => ch.deleted)).to.deep.equal([true, false, false, false]);
    // Until now: A went back to concept (so no net STATUS change), then was retired by the tag
    // rename; C left the system; B's move happened before it was deleted.
    const sinceStart = await service.time.changes(ADMIN, 'kb', '2025-03-15');
    expect(sinceStart?.changes.map((ch) => [ch.agreement.pageId, ch.kind, ch.at, ch.from, ch.to])).to.deep.equal([
      [a, 'STATUS', '2025-09-01T10:00:00.000Z', 'vastgesteld', 'vervallen'],
      [a, 'RENAMED', '2025-09-01T10:00:00.000Z', 'Aanmelden', 'Aanmelden en intake'],
      [b, 'REMOVED', '2025-07-01T10:00:00.000Z', null, null],
    ]);
    const moved = await service.time.changes(ADMIN, 'kb', '2025-03-15', '2025-04-15');
    expect(moved?.changes.map((ch) => [ch.agreement.pageId, ch.kind, ch.from, ch.to])).to.deep.equal([
      [b, 'MOVED', 'duurzaamheid/leren/techniek', 'duurzaamheid/borgen/techniek, duurzaamheid/leren/techniek'],
    ]);
    expect(moved?.changes[0].agreement.path).to.equal('kb/leren/b');
  });

  it('refuses a moment before the history began, naming its start, and text that is no moment', async () => {
    const refusal = async (asOf: string) => service.systems.matrix(ADMIN, 'kb', undefined, asOf).then(() => undefined, (error: unknown) => error);
    const early = await refusal('2024-12-31');
    expect(early).to.be.instanceOf(HistoryMomentError);
    expect(early).to.include({ reason: 'before-start', startsAt: '2025-01-01T00:00:00.000Z' });
    expect(await refusal('gisteren')).to.include({ reason: 'invalid' });
    expect(await refusal('2025-02-30')).to.include({ reason: 'invalid' });
    expect((await service.time.historyInfo()).startsAt).to.equal('2025-01-01T00:00:00.000Z');
  });

  it('shows a guest under page rules no page of the past that the rules hide now or then', async () => {
    let time = at('2025-02-01T10:00:00.000Z');
    const tags = (...extra: string[]) => ['stelsel:kb', 'kolom:dienstverlening', 'laag:normen', ...extra];
    await insertPage(knex, { path: 'kb', title: 'KB', content: SYSTEM_PAGE, updatedAt: time });
    const open = await insertPage(knex, { path: 'kb/open', title: 'Open', tags: tags('status:vastgesteld'), updatedAt: time });
    const secretThen = await insertPage(knex, { path: 'geheim/d', title: 'Toen geheim', tags: tags('status:vastgesteld'), updatedAt: time });
    const draftNow = await insertPage(knex, { path: 'kb/e', title: 'Nu concept', tags: tags('status:vastgesteld'), updatedAt: time });
    const draftThen = await insertPage(knex, { path: 'kb/f', title: 'Toen concept', tags: tags('status:concept'), updatedAt: time });
    const unpublishedThen = await insertPage(knex, { path: 'kb/g', title: 'Toen ongepubliceerd', tags: tags('status:vastgesteld'), isPublished: false, updatedAt: time });
    await indexer.reconcile();

    time = at('2025-03-01T10:00:00.000Z');
    await movePage(knex, secretThen, 'kb/d');
    await updatePage(knex, draftNow, { tags: tags('status:concept'), updatedAt: time });
    await updatePage(knex, draftThen, { tags: tags('status:vastgesteld'), updatedAt: time });
    await updatePage(knex, unpublishedThen, { isPublished: true, updatedAt: time });
    await updatePage(knex, secretThen, { updatedAt: time });
    await indexer.reconcile();
    at('2025-04-01T00:00:00.000Z');

    const seen = async (user: HostUser, asOf?: string) =>
      (await service.systems.matrix(user, 'kb', undefined, asOf))?.cells.flatMap((cell) => cell.agreements.map((r) => r.pageId)).sort((x, y) => x - y);
    // Then: the secret path, the draft, the unpublished page and (hidden now) the later draft are out.
    expect(await seen(GUEST, '2025-02-15')).to.deep.equal([open]);
    expect(await seen(GUEST)).to.deep.equal([open, secretThen, draftThen, unpublishedThen].sort((x, y) => x - y));
    expect(await seen(ADMIN, '2025-02-15')).to.deep.equal([open, secretThen, draftNow, draftThen, unpublishedThen].sort((x, y) => x - y));

    // Judged on the facts at `until` and today: the moved and the published page are in both
    // states (no change of cells, status or title); the page that is a draft now is not shown.
    const changes = await service.time.changes(GUEST, 'kb', '2025-02-15');
    expect(changes?.changes.map((ch) => [ch.agreement.pageId, ch.kind, ch.from, ch.to])).to.deep.equal([[draftThen, 'STATUS', 'concept', 'vastgesteld']]);
    const adminChanges = await service.time.changes(ADMIN, 'kb', '2025-02-15');
    expect(adminChanges?.changes.map((ch) => [ch.agreement.pageId, ch.kind])).to.deep.equal([
      [draftNow, 'STATUS'],
      [draftThen, 'STATUS'],
    ]);
  });

  it('writes each change once when two nodes on one database record it at the same time (HA)', async () => {
    // Two Wiki.js nodes: a save hook on one and reconciliation on the other see the same change.
    const other = await KnexAgreementStore.create(db.connect(), { now: clock.now });
    const time = at('2025-02-01T10:00:00.000Z');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await insertPage(knex, { path: `kb/p${i}`, title: `P${i}`, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], updatedAt: time }));
    const eventsNow = async () => (await wikiPages(knex)).map(extractPageFacts).filter((f) => ids.includes(f.pageId)).map(historyEventOf);
    let events = await eventsNow();
    await Promise.all([store.history.record(events), other.history.record(events), store.history.record(events.slice(2)), other.history.record(events.slice(0, 3))]);
    expect(await historyRows(knex)).to.equal(5);

    for (let round = 1; round <= 3; round++) {
      const saved = at(`2025-0${round + 2}-01T10:00:00.000Z`);
      for (const id of ids) await updatePage(knex, id, { tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', `partij:p${round}`], updatedAt: saved });
      events = await eventsNow();
      await Promise.all([store.history.record(events), other.history.record([...events].reverse()), other.history.record(events.slice(1, 2))]);
      expect(await historyRows(knex), `round ${round}`).to.equal(5 + round * 5);
    }
    // As the index writes them: inside each node's own transaction (HA: several nodes on PostgreSQL).
    const inTransactions = db.engine === 'postgres' ? 5 : 0;
    if (inTransactions) {
      const saved = at('2025-05-15T10:00:00.000Z');
      for (const id of ids) await updatePage(knex, id, { title: `Q${id}`, updatedAt: saved });
      events = await eventsNow();
      const otherKnex = db.connect();
      await Promise.all([
        knex.transaction((trx) => store.history.record(events, trx)),
        otherKnex.transaction((trx) => other.history.record([...events].reverse(), trx)),
      ]);
      expect(await historyRows(knex), 'in transactions').to.equal(20 + inTransactions);
    }

    // The hook's deletion on one node, found missing by reconciliation on the other.
    at('2025-06-01T10:00:00.000Z');
    const gone = [{ pageId: ids[0], deleted: true }];
    await Promise.all([store.history.record(gone), other.history.record(gone), other.history.record(gone)]);
    const deletions: Array<{ pageId: number }> = await knex('agr_history').select('pageId').where('deleted', true);
    expect(deletions.map((r) => Number(r.pageId))).to.deep.equal([ids[0]]);
    expect(await historyRows(knex)).to.equal(21 + inTransactions);
    // Every page's rows form one chain: each follows the one before it.
    const chains: Array<{ id: number; pageId: number; prevId: number }> = await knex('agr_history').select('id', 'pageId', 'prevId').orderBy('id');
    const last = new Map<number, number>();
    for (const row of chains) {
      expect(Number(row.prevId), `row ${row.id}`).to.equal(last.get(Number(row.pageId)) ?? 0);
      last.set(Number(row.pageId), Number(row.id));
    }
  });

  it('finds a page in its system again after a write that put it there was rolled back', async () => {
    const time = at('2025-02-01T10:00:00.000Z');
    const id = await insertPage(knex, { path: 'kb/later', title: 'Later', tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], updatedAt: time });
    const [event] = (await wikiPages(knex)).map(extractPageFacts).filter((f) => f.pageId === id).map(historyEventOf);
    // The index's write records the page in `kb`, then fails and is rolled back.
    const failure = new Error('rolled back');
    const rolledBack = knex.transaction(async (trx) => {
      await store.history.record([event], trx);
      throw failure;
    });
    await rolledBack.then(() => expect.fail('the write should fail'), (error: unknown) => expect(error).to.equal(failure));
    expect(await knex('agr_history_systems').where({ pageId: id })).to.have.length(0);
    // Written again, by the same store: the page is in `kb`'s history, so in its matrix of then.
    await knex.transaction((trx) => store.history.record([event], trx));
    expect((await knex('agr_history_systems').where({ pageId: id })).map((row: { systemKey: string }) => row.systemKey)).to.deep.equal(['kb']);
    at('2025-03-01T10:00:00.000Z');
    const then = await service.systems.matrix(ADMIN, 'kb', undefined, '2025-02-15');
    expect(then?.cells.flatMap((cell) => cell.agreements.map((a) => a.path))).to.include('kb/later');
  });

  it('records a change once when the save hook and reconciliation both index it', async () => {
    const other = new AgreementIndexer(await KnexAgreementStore.create(db.connect(), { now: clock.now }), new WikiPageSource(db.connect()), { nodeId: 'node-b' });
    let time = at('2025-02-01T10:00:00.000Z');
    const id = await insertPage(knex, { path: 'kb/p', title: 'P', tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], updatedAt: time });
    await indexer.indexPages([id]);
    await other.reconcile();
    time = at('2025-03-01T10:00:00.000Z');
    await updatePage(knex, id, { title: 'Q', updatedAt: time });
    await other.indexPages([id]);
    await indexer.indexPages([id]);
    await other.reconcile();
    expect(await historyRows(knex)).to.equal(2);
  });

  it('records the index as it stands when a wiki upgrades from a version without history', async () => {
    const time = at('2025-02-01T10:00:00.000Z');
    const a = await insertPage(knex, { path: 'kb/a', title: 'A', tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], updatedAt: time });
    await insertPage(knex, { path: 'los', title: 'Los', tags: ['iets'], updatedAt: time });
    await indexer.reconcile();
    await createAgreementHistory.down(knex);
    await knex(MIGRATIONS_TABLE).where('name', '20261129A-create-agreement-history').delete();

    at('2025-03-01T00:00:00.000Z');
    const upgraded = await KnexAgreementStore.create(knex, { now: clock.now });
    expect(await upgraded.getMeta(META_HISTORY_STARTS_AT)).to.equal('2025-03-01T00:00:00.000Z');
    const rows: Array<{ pageId: number; at: string; prevId: number }> = await knex('agr_history').select('pageId', 'at', 'prevId');
    expect(rows.map((r) => [Number(r.pageId), r.at, Number(r.prevId)])).to.deep.equal([[a, '2025-03-01T00:00:00.000Z', 0]]);
  });
});
