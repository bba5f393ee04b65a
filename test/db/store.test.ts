import { expect } from 'chai';
import { extractPageFacts } from '../../server/domain';
import type { PageFacts, SourcePage } from '../../server/domain';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { describeEachDatabase } from '../support/databases';
import { plain } from './wiki-index';

const fence = '```';

function page(id: number, overrides: Partial<SourcePage>): SourcePage {
  return { id, path: `p/${id}`, locale: 'nl', title: `Pagina ${id}`, tags: [], content: '', isPublished: true, updatedAt: '2024-01-01T00:00:00.000Z', ...overrides };
}

const systemPage = extractPageFacts(
  page(1, {
    title: 'Krachtige Basiszorg Overvecht',
    content: `${fence}afsprakenstelsel\nkey: kb-overvecht\ntitel: Krachtige Basiszorg Overvecht\npartijen:\n  - { key: huisartsen, naam: Huisartsen }\nthemas:\n  - { key: solk, titel: SOLK }\n${fence}\n`,
  }),
);
const agreementPage = extractPageFacts(
  page(2, {
    tags: ['stelsel:kb-overvecht', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'partij:buurtteam'],
    content: `# SOLK\n\n${fence}afspraak\nthema: solk\nherzien-voor: 2020-03-29\nbronnen: ["https://example.org/solk.pdf"]\n${fence}\n`,
  }),
);
const frameworkPage = extractPageFacts(
  page(3, {
    content: `${fence}afsprakenkader\nkey: jeugd\ntitel: { nl: Jeugd, en: Youth }\nhoofdstukken:\n  - key: zorg\n    titel: { nl: Zorg, en: Care }\n    kolommen:\n      - { key: thuis, titel: { nl: Thuis, en: Home } }\nlagen:\n  - { key: normen, titel: { nl: Normen, en: Norms } }\n${fence}\n`,
  }),
);
const ordinaryPage = extractPageFacts(page(4, { tags: ['wijk'], content: '# Gewoon een pagina' }));

describeEachDatabase('the knex store', (db) => {
  let store: KnexAgreementStore;

  before(async () => {
    store = await KnexAgreementStore.create(db.knex);
  });

  beforeEach(async () => {
    await store.deletePages((await store.fingerprints()).map((f) => f.pageId));
  });

  it('returns stored facts exactly as they were stored', async () => {
    await store.upsertPages([systemPage, agreementPage, frameworkPage, ordinaryPage].map((facts) => ({ facts, fingerprint: `fp${facts.pageId}` })));
    expect(plain(await store.relevantFacts())).to.deep.equal(plain([systemPage, agreementPage, frameworkPage]));
    expect(await store.fingerprints()).to.deep.equal([1, 2, 3, 4].map((pageId) => ({ pageId, fingerprint: `fp${pageId}` })));
    expect(await store.counts()).to.deep.equal({ pages: 4, relevantPages: 3 });
  });

  it('keeps a page without agreement facts as a fingerprint only', async () => {
    await store.upsertPage(ordinaryPage, 'fp4');
    expect(await store.relevantFacts()).to.deep.equal([]);
    expect(await store.pageByPath('p/4', 'nl')).to.equal(undefined);
    expect(await store.fingerprints()).to.deep.equal([{ pageId: 4, fingerprint: 'fp4' }]);
  });

  it('finds the pages of a system, the declaring pages and their frameworks', async () => {
    await store.upsertPages([systemPage, agreementPage, frameworkPage].map((facts) => ({ facts, fingerprint: 'x' })));
    expect((await store.systemFacts(['kb-overvecht'])).map((f) => f.pageId)).to.deep.equal([1, 2]);
    expect(await store.systemFacts(['kb-noordwest'])).to.deep.equal([]);
    expect((await store.declaringFacts()).map((f) => f.pageId)).to.deep.equal([1, 3]);
    expect((await store.frameworks()).map((f) => f.key)).to.deep.equal(['jeugd']);
    expect((await store.pageByPath('p/2', 'nl'))?.pageId).to.equal(2);
  });

  it('brings a system\'s pages and every framework-declaring page in one read, facts parsed on demand', async () => {
    // A framework keyed like a system: its page comes as a framework page, never as a member.
    const sameKey: PageFacts = { ...frameworkPage, pageId: 5, path: 'p/5', frameworks: frameworkPage.frameworks.map((f) => ({ ...f, key: 'kb-overvecht' })) };
    await store.upsertPages([systemPage, agreementPage, frameworkPage, ordinaryPage, sameKey].map((facts) => ({ facts, fingerprint: 'x' })));
    const rows = (await store.catalogPages(['kb-overvecht'])).sort((a, b) => a.pageId - b.pageId);
    expect(rows.map((r) => [r.pageId, r.path, r.locale, r.isPublished, r.declares])).to.deep.equal([
      [1, 'p/1', 'nl', true, true],
      [2, 'p/2', 'nl', true, false],
      [3, 'p/3', 'nl', true, true],
      [5, 'p/5', 'nl', true, true],
    ]);
    expect(rows[1].tags).to.deep.equal(agreementPage.tags);
    expect(plain(rows.map((r) => r.facts()))).to.deep.equal(plain([systemPage, agreementPage, frameworkPage, sameKey]));
    expect((await store.catalogPages(['kb-noordwest'])).map((r) => r.pageId).sort()).to.deep.equal([3, 5]);
    expect((await store.systemFacts(['kb-overvecht'])).map((f) => f.pageId)).to.deep.equal([1, 2]);
    const roles: Array<{ pageId: number; systemKey: string; role: string }> = await db.knex('agr_page_systems').select('pageId', 'systemKey', 'role').where('role', 'framework').orderBy('pageId');
    expect(roles.map((r) => [Number(r.pageId), r.systemKey])).to.deep.equal([
      [3, 'jeugd'],
      [5, 'kb-overvecht'],
    ]);
  });

  it('replaces a page on upsert and forgets it on delete', async () => {
    await store.upsertPage(agreementPage, 'old');
    const moved: PageFacts = { ...agreementPage, path: 'elders/2', tagValues: { ...agreementPage.tagValues, systems: ['kb-noordwest'] } };
    await store.upsertPage(moved, 'new');
    expect(await store.systemFacts(['kb-overvecht'])).to.deep.equal([]);
    expect((await store.systemFacts(['kb-noordwest']))[0].path).to.equal('elders/2');
    await store.deletePages([2]);
    expect(await store.fingerprints()).to.deep.equal([]);
  });

  it('keeps system keys apart that an accent-insensitive collation would merge', async () => {
    const facts: PageFacts = { ...agreementPage, tagValues: { ...agreementPage.tagValues, systems: ['zorg-ß', 'zorg-s', 'zorg-a', 'zorg-á'] } };
    await store.upsertPage(facts, 'x');
    for (const key of ['zorg-ß', 'zorg-s', 'zorg-a', 'zorg-á']) expect((await store.systemFacts([key])).map((f) => f.pageId), key).to.deep.equal([2]);
    expect(await store.systemFacts(['zorg-ss'])).to.deep.equal([]);
  });

  it('skips a conditional write for a page someone else indexed meanwhile', async () => {
    await store.upsertPage(agreementPage, 'by-hook');
    const written = await store.upsertPagesIfUnchanged(
      [
        { facts: agreementPage, fingerprint: 'by-reconcile' },
        { facts: systemPage, fingerprint: 'by-reconcile' },
      ],
      new Map([[2, 'seen-before-the-hook']]),
    );
    expect(written).to.equal(1);
    expect(await store.fingerprints()).to.deep.equal([
      { pageId: 1, fingerprint: 'by-reconcile' },
      { pageId: 2, fingerprint: 'by-hook' },
    ]);
  });

  it('stores pages in batches larger than the bound-variable limits', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ facts: { ...agreementPage, pageId: 1000 + i, path: `p/${1000 + i}` }, fingerprint: 'x' }));
    await store.upsertPages(many);
    expect(await store.counts()).to.deep.equal({ pages: 2500, relevantPages: 2500 });
    expect(await store.systemFacts(['kb-overvecht'])).to.have.length(2500);
    await store.deletePages(many.map((e) => e.facts.pageId));
    expect(await store.counts()).to.deep.equal({ pages: 0, relevantPages: 0 });
  });

  it('sets meta values and swaps them only from the expected value', async () => {
    expect(await store.getMeta('test.key')).to.equal(undefined);
    await store.setMeta('test.key', 'a');
    await store.setMeta('test.key', 'b');
    expect(await store.getMeta('test.key')).to.equal('b');
    expect(await store.compareAndSetMeta('test.key', 'a', 'c')).to.equal(false);
    expect(await store.compareAndSetMeta('test.key', 'b', 'c')).to.equal(true);
    expect(await store.compareAndSetMeta('test.key', undefined, 'd')).to.equal(false);
    expect(await store.compareAndSetMeta('test.key', 'c', undefined)).to.equal(true);
    expect(await store.compareAndSetMeta('test.key', undefined, 'e')).to.equal(true);
    expect(await store.getMeta('test.key')).to.equal('e');
  });

  it('lets PostgreSQL gather the statistics of the index after a rebuild, and does nothing elsewhere', async () => {
    await store.refreshStatistics();
    if (db.engine !== 'postgres') return;
    const analyzed: { rows: Array<{ relname: string }> } = await db.knex.raw(
      "select relname from pg_stat_user_tables where last_analyze is not null and relname in ('agr_pages', 'agr_page_systems', 'agr_page_links', 'agr_history', 'agr_history_systems') order by relname",
    );
    expect(analyzed.rows.map((row) => row.relname)).to.deep.equal(['agr_history', 'agr_history_systems', 'agr_page_links', 'agr_page_systems', 'agr_pages']);
  });
});
