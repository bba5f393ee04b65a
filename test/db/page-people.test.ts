import { expect } from 'chai';
import type Knex from 'knex';
import type { PageFacts } from '../../server/domain';
import { AgreementIndexer, INDEX_VERSION, META_INDEX_VERSION, WikiPageSource } from '../../server/indexer';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { createWikiSchema, dropWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';

const content = ['# Afspraak', '', '```afspraak', 'eigenaar: [POH GGZ, "  Gemeente  "]', 'contact: Jan de Vries', '```', ''].join('\n');

describeEachDatabase('owners and contacts in the index (contract §11)', (db) => {
  let knex: Knex;
  let store: KnexAgreementStore;
  let indexer: AgreementIndexer;
  let pageId: number;

  before(async () => {
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    store = await KnexAgreementStore.create(knex);
    indexer = new AgreementIndexer(store, new WikiPageSource(knex), { nodeId: 'node-a' });
    pageId = await insertPage(knex, { path: 'kb/bellen', title: 'Bellen', content, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', 'partij:gemeente'] });
    await indexer.reconcile();
  });

  const storedBlock = async () => (await store.relevantFacts()).find((f) => f.pageId === pageId)?.agreement;

  it('keeps each owner and contact of an afspraak block, one value or a list', async () => {
    expect(await storedBlock()).to.deep.include({ owner: 'POH GGZ, Gemeente', owners: ['POH GGZ', 'Gemeente'], contact: 'Jan de Vries', contacts: ['Jan de Vries'] });
  });

  it('re-reads facts an earlier index version wrote without them', async () => {
    const [current] = (await store.fingerprints()).filter((f) => f.pageId === pageId);
    const facts = (await store.relevantFacts()).find((f) => f.pageId === pageId) as PageFacts;
    const earlier: Partial<NonNullable<PageFacts['agreement']>> = { ...facts.agreement };
    delete earlier.owners;
    delete earlier.contacts;
    await store.upsertPages([{ facts: { ...facts, agreement: earlier as NonNullable<PageFacts['agreement']> }, fingerprint: current.fingerprint }]);
    // The page itself did not change: only a new index version makes the reconciliation read it again.
    expect(await indexer.reconcile()).to.include({ rebuilt: false, updated: 0 });
    expect(await storedBlock()).not.to.have.property('owners');
    await store.setMeta(META_INDEX_VERSION, String(INDEX_VERSION - 1));
    expect(await indexer.reconcile()).to.include({ rebuilt: true, updated: 1 });
    expect(await storedBlock()).to.deep.include({ owners: ['POH GGZ', 'Gemeente'], contacts: ['Jan de Vries'] });
  });
});
