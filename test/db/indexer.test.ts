import { expect } from 'chai';
import type Knex from 'knex';
import type { SourcePage } from '../../server/domain';
import { AgreementIndexer, INDEX_VERSION, META_INDEX_VERSION, WikiPageSource, LEASE_KEY } from '../../server/indexer';
import type { SourceEntry } from '../../server/indexer';
import { KnexAgreementStore } from '../../server/store/knex-store';
import {
  createWikiSchema,
  deletePage,
  deleteTag,
  dropWikiSchema,
  generatePages,
  insertPage,
  insertPages,
  movePage,
  readPageTags,
  renameTag,
  updatePage,
} from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import { expectIndexMatchesWiki } from './wiki-index';

const fence = '```';
const agreement = (system: string) => `# Afspraak\n\n${fence}afspraak\nstelsel: ${system}\nthema: solk\n${fence}\n`;

/** A source whose pages make fact extraction throw, as a corrupt page might. */
class ExplodingSource extends WikiPageSource {
  async readPages(ids: readonly number[]): Promise<SourceEntry[]> {
    return (await super.readPages(ids)).map(({ page, fingerprint }) => {
      const broken: SourcePage = { ...page };
      Object.defineProperty(broken, 'content', {
        get() {
          throw new Error('unreadable content');
        },
      });
      return { page: broken, fingerprint };
    });
  }
}

describeEachDatabase('the indexer', (db) => {
  let knex: Knex;
  let store: KnexAgreementStore;
  let indexer: AgreementIndexer;

  beforeEach(async () => {
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    store = await KnexAgreementStore.create(knex);
    await store.deletePages((await store.fingerprints()).map((f) => f.pageId));
    await knex('agr_meta').delete();
    indexer = new AgreementIndexer(store, new WikiPageSource(knex), { nodeId: 'node-a' });
  });

  it('indexes pages on save, with or without the tags a hook passes, and forgets deleted ones', async () => {
    await indexer.reconcile();
    const a = await insertPage(knex, { path: 'kb/solk', title: 'SOLK', content: agreement('kb-overvecht'), tags: ['kolom:dienstverlening', 'laag:normen'] });
    const b = await insertPage(knex, { path: 'kb/anders', title: 'Anders', tags: ['stelsel:kb-overvecht'] });
    expect(await indexer.indexPages([a, b])).to.deep.equal({ indexed: 2, removed: 0, failed: 0 });
    await expectIndexMatchesWiki(knex, store);

    await updatePage(knex, a, { tags: ['kolom:leren', 'laag:techniek'] });
    await indexer.indexPages([a], new Map([[a, ['Kolom:Leren ', 'laag:techniek']]]));
    await expectIndexMatchesWiki(knex, store);
    expect(await indexer.reconcile()).to.include({ updated: 0 });

    await deletePage(knex, b);
    expect(await indexer.indexPages([b])).to.deep.equal({ indexed: 0, removed: 1, failed: 0 });
    await expectIndexMatchesWiki(knex, store);
  });

  it('repairs every change made behind its back with one reconciliation', async () => {
    const ids = await insertPages(knex, generatePages(60, { systems: 3 }));
    expect((await indexer.reconcile()).added).to.equal(60);
    await expectIndexMatchesWiki(knex, store);

    const created = await insertPage(knex, { path: 'nieuw', title: 'Nieuw', content: agreement('gen-stelsel-1'), tags: ['kolom:leren', 'laag:techniek'] });
    await updatePage(knex, ids[5], { content: agreement('gen-stelsel-2'), tags: ['status:concept'] });
    await updatePage(knex, ids[7], { title: 'Zelfde inhoud, nieuwe titel', updatedAt: '2024-01-01T00:00:00.000Z' });
    await movePage(knex, ids[4], 'verhuisd/pagina', 'nl');
    await deletePage(knex, ids[6]);
    await renameTag(knex, 'stelsel:gen-stelsel-0', 'stelsel:gen-stelsel-9');
    await deleteTag(knex, 'laag:normen');
    await knex('pages').where({ id: ids[8] }).update({ isPublished: false });

    const result = await indexer.reconcile();
    expect(result).to.include({ status: 'done', added: 1, removed: 1, failed: 0, rebuilt: false });
    expect(result.updated).to.be.greaterThan(5);
    expect(created).to.be.greaterThan(0);
    await expectIndexMatchesWiki(knex, store);

    const again = await indexer.reconcile();
    expect(again).to.include({ added: 0, updated: 0, removed: 0 });
  });

  it('rebuilds everything when the index version changed', async () => {
    await insertPages(knex, generatePages(20, { systems: 2 }));
    await indexer.reconcile();
    expect(await store.getMeta(META_INDEX_VERSION)).to.equal(String(INDEX_VERSION));
    await store.setMeta(META_INDEX_VERSION, String(INDEX_VERSION - 1));
    const result = await indexer.reconcile();
    expect(result).to.include({ rebuilt: true, updated: 20 });
    await expectIndexMatchesWiki(knex, store);
  });

  it('handles accent variants of a tag the way the host lets it store them', async () => {
    const first = await insertPage(knex, { path: 'a', title: 'A', content: agreement('kb-overvecht'), tags: ['hoofdstuk:continuïteit', 'laag:normen'] });
    const second = await insertPage(knex, { path: 'b', title: 'B', content: agreement('kb-overvecht'), tags: ['laag:normen'] });
    const saving = updatePage(knex, second, { tags: ['hoofdstuk:continuiteit', 'laag:normen'] });
    if (db.engine === 'mariadb') {
      // Wiki.js's tags.tag unique index, under MariaDB's accent-insensitive default collation.
      expect(await saving.then(() => 'saved', (error: Error) => error.message)).to.match(/Duplicate entry/);
      expect(await readPageTags(knex, second)).to.deep.equal(['laag:normen']);
    } else {
      await saving;
      expect(await readPageTags(knex, second)).to.deep.equal(['hoofdstuk:continuiteit', 'laag:normen']);
    }
    await indexer.reconcile();
    const facts = await expectIndexMatchesWiki(knex, store);
    expect(facts.find((f) => f.pageId === first)?.tagValues.chapters).to.deep.equal(['continuiteit']);
  });

  it('indexes a 1 MB page and a page with broken YAML without error', async () => {
    const huge = await insertPage(knex, { path: 'groot', title: 'Groot', content: `${agreement('kb-overvecht')}\n${'x'.repeat(1024 * 1024)}`, tags: ['kolom:leren', 'laag:normen'] });
    const broken = await insertPage(knex, { path: 'kapot', title: 'Kapot', content: `${fence}afspraak\nstelsel: [kb-overvecht\nkolom: : :\n${fence}\n`, tags: ['stelsel:kb-overvecht'] });
    const result = await indexer.reconcile();
    expect(result).to.include({ added: 2, failed: 0 });
    const facts = await expectIndexMatchesWiki(knex, store);
    expect(facts.find((f) => f.pageId === huge)?.agreement?.systems).to.deep.equal(['kb-overvecht']);
    expect(facts.find((f) => f.pageId === broken)?.issues.map((i) => i.code)).to.include('yaml-syntax');
  });

  it('stores a page whose extraction throws with an issue, and counts it', async () => {
    const id = await insertPage(knex, { path: 'raar', title: 'Raar', tags: ['stelsel:kb-overvecht'] });
    const exploding = new AgreementIndexer(store, new ExplodingSource(knex), { nodeId: 'node-a' });
    expect(await exploding.reconcile()).to.include({ status: 'done', added: 1, failed: 1 });
    const [facts] = await store.systemFacts(['kb-overvecht']);
    expect(facts.pageId).to.equal(id);
    expect(facts.issues[0]).to.include({ code: 'index-failed' });
  });

  it('lets only one of two nodes reconcile at a time', async () => {
    await insertPages(knex, generatePages(400, { systems: 4 }));
    const other = new AgreementIndexer(await KnexAgreementStore.create(db.connect()), new WikiPageSource(db.connect()), { nodeId: 'node-b', batchSize: 50 });
    const mine = new AgreementIndexer(store, new WikiPageSource(knex), { nodeId: 'node-a', batchSize: 50 });
    const running = new Set<string>();
    let overlapped = false;
    const track = (node: string) => () => {
      running.add(node);
      if (running.size > 1) overlapped = true;
    };
    const [a, b] = await Promise.all([
      mine.reconcile({ onProgress: track('node-a') }).finally(() => running.delete('node-a')),
      other.reconcile({ onProgress: track('node-b') }).finally(() => running.delete('node-b')),
    ]);
    expect(overlapped).to.equal(false);
    expect([a.status, b.status].filter((s) => s === 'done')).to.have.length.greaterThan(0);
    const busy = [a, b].find((r) => r.status === 'busy');
    if (busy) expect(busy.holder).to.be.oneOf(['node-a', 'node-b']);
    await expectIndexMatchesWiki(knex, store);
  });

  it('takes over a lease whose node died, but not a live one', async () => {
    const lease = (expiresAt: string) => JSON.stringify({ node: 'node-b', token: 't', expiresAt });
    await store.setMeta(LEASE_KEY, lease(new Date(Date.now() + 60_000).toISOString()));
    expect(await indexer.reconcile()).to.include({ status: 'busy', holder: 'node-b' });
    expect(await indexer.status()).to.include({ reconciling: true, holder: 'node-b' });
    await store.setMeta(LEASE_KEY, lease(new Date(Date.now() - 1000).toISOString()));
    expect(await indexer.reconcile()).to.include({ status: 'done' });
    expect(await store.getMeta(LEASE_KEY)).to.equal(undefined);
    expect((await indexer.status()).lastReconciliation?.node).to.equal('node-a');
  });

  it('reconciles a few thousand generated pages', async () => {
    await insertPages(knex, generatePages(3000));
    const progress: number[] = [];
    const result = await indexer.reconcile({ onProgress: (p) => p.phase === 'index' && progress.push(p.percent) });
    expect(result).to.include({ status: 'done', scanned: 3000, added: 3000, failed: 0 });
    expect(progress[progress.length - 1]).to.equal(100);
    await expectIndexMatchesWiki(knex, store);
  });
});
