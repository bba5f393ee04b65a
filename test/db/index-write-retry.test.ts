import { expect } from 'chai';
import type Knex from 'knex';
import { extractPageFacts } from '../../server/domain';
import type { PageFacts } from '../../server/domain';
import { INDEX_WRITE_ATTEMPTS, KnexAgreementStore } from '../../server/store/knex-store';
import { describeEachDatabase } from '../support/databases';

const fence = '```';
const PAGES = 12;
const ROUNDS = 25;

/** Round `round`'s version of page `id`: an agreement whose title, column and link change every round. */
function agreement(id: number, round: number): PageFacts {
  const column = ['dienstverlening', 'klantrelatie', 'gezond-werk'][(id + round) % 3];
  return extractPageFacts({
    id,
    path: `kb/afspraak-${id}`,
    locale: 'nl',
    title: `Afspraak ${id} (ronde ${round})`,
    tags: ['stelsel:kb-overvecht', `kolom:${column}`, 'laag:werkafspraken', 'status:vastgesteld'],
    content: `# Afspraak ${id}\n\n${fence}afspraak\neigenaar: Eigenaar ${round}\ngebaseerd-op: /nl/kb/afspraak-${((id + round) % PAGES) + 1}\n${fence}\n`,
    isPublished: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

const entriesOf = (round: number, ids: number[]) => ids.map((id) => ({ facts: agreement(id, round), fingerprint: `r${round}-p${id}` }));

/** The index's rows as they are, without the moment each was written. */
async function indexRows(knex: Knex): Promise<unknown> {
  const pages: Array<Record<string, unknown>> = await knex('agr_pages').select('*').orderBy('pageId');
  return {
    pages: pages.map(({ indexedAt: _at, ...rest }) => ({ ...rest, relevant: Boolean(Number(rest.relevant)), declares: Boolean(Number(rest.declares)), isPublished: Boolean(Number(rest.isPublished)) })),
    systems: await knex('agr_page_systems').select('pageId', 'systemKey', 'role').orderBy(['pageId', 'systemKey', 'role']),
    links: await knex('agr_page_links').select('pageId', 'field', 'locale', 'path').orderBy(['pageId', 'field', 'path']),
  };
}

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });

describeEachDatabase('index writes under lock conflicts', (db) => {
  let store: KnexAgreementStore;
  const logged: string[] = [];

  before(async () => {
    store = await KnexAgreementStore.create(db.knex, { log: (m) => logged.push(m) });
  });

  beforeEach(async () => {
    logged.length = 0;
    await store.deletePages((await store.fingerprints()).map((f) => f.pageId));
  });

  it('runs a write the database rolled back as a deadlock victim once more, and logs it', async () => {
    const record = store.history.record.bind(store.history);
    let calls = 0;
    // The history is written in the same transaction as the index, after the index's rows.
    store.history.record = async (...args) => {
      calls++;
      if (calls === 1) throw deadlock();
      return record(...args);
    };
    try {
      await store.upsertPages(entriesOf(1, [1, 2]));
    } finally {
      store.history.record = record;
    }
    expect(calls).to.equal(2);
    expect((await store.fingerprints()).map((f) => f.fingerprint)).to.deep.equal(['r1-p1', 'r1-p2']);
    expect(await db.knex('agr_page_systems').count({ n: '*' }).first().then((r) => Number(r?.n))).to.equal(2);
    expect(logged).to.have.length(1);
    expect(logged[0]).to.match(/^\[afsprakenwiki\] index write: deadlock \(ER_LOCK_DEADLOCK\); attempt 1 of 5 rolled back, again in \d+ ms$/);
  });

  it('does not run a write again for any other error, and leaves nothing of it', async () => {
    const record = store.history.record.bind(store.history);
    let calls = 0;
    store.history.record = () => {
      calls++;
      return Promise.reject(new Error('disk full'));
    };
    try {
      await store.upsertPages(entriesOf(1, [1, 2])).then(
        () => expect.fail('the write succeeded'),
        (err: Error) => expect(err.message).to.equal('disk full'),
      );
    } finally {
      store.history.record = record;
    }
    expect(calls).to.equal(1);
    expect(await store.fingerprints()).to.deep.equal([]);
    expect(logged).to.deep.equal([]);
  });

  it(`gives up after ${INDEX_WRITE_ATTEMPTS} attempts and passes the deadlock on`, async () => {
    const record = store.history.record.bind(store.history);
    let calls = 0;
    store.history.record = () => {
      calls++;
      return Promise.reject(deadlock());
    };
    try {
      await store.upsertPages(entriesOf(1, [1])).then(
        () => expect.fail('the write succeeded'),
        (err: { code?: string }) => expect(err.code).to.equal('ER_LOCK_DEADLOCK'),
      );
    } finally {
      store.history.record = record;
    }
    expect(calls).to.equal(5);
    expect(logged).to.have.length(4);
    expect(await store.fingerprints()).to.deep.equal([]);
  });

  it('two nodes writing the same pages at once: every write is applied, none fails, the index is what one writer makes', async function () {
    this.timeout(240000);
    const other = db.connect();
    try {
      const nodeB = await KnexAgreementStore.create(other, { skipMigrations: true, log: (m) => logged.push(m) });
      const ids = Array.from({ length: PAGES }, (_, i) => i + 1);
      for (let round = 1; round <= ROUNDS; round++) {
        // The same pages in opposite orders, as two nodes' hooks and reconciliations meet.
        const results = await Promise.allSettled([store.upsertPages(entriesOf(round, ids)), nodeB.upsertPages(entriesOf(round, [...ids].reverse()))]);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
        expect(failures, `round ${round}`).to.deep.equal([]);
        expect(
          (await store.fingerprints()).map((f) => f.fingerprint),
          `round ${round}`,
        ).to.deep.equal(ids.map((id) => `r${round}-p${id}`));
      }
      const concurrent = await indexRows(db.knex);

      // The reference: the last round written by one writer alone into an empty index.
      await store.deletePages(ids);
      await store.upsertPages(entriesOf(ROUNDS, ids));
      expect(concurrent).to.deep.equal(await indexRows(db.knex));
      const rows = concurrent as { pages: unknown[]; systems: unknown[]; links: unknown[] };
      // By hand: one row per page, each in one system, each with one `gebaseerd-op` link.
      expect([rows.pages.length, rows.systems.length, rows.links.length]).to.deep.equal([PAGES, PAGES, PAGES]);
    } finally {
      await other.destroy();
    }
  });
});
