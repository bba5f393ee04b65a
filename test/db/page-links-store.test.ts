import { expect } from 'chai';
import { extractPageFacts, type SourcePage } from '../../server/domain';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { describeEachDatabase } from '../support/databases';

const page = (id: number, path: string, locale: string, content = ''): SourcePage => ({ id, path, locale, title: `P${id}`, tags: [], content, isPublished: true });
const linking = (id: number, target: string) => page(id, `l/${id}`, 'nl', `\`\`\`afspraak\ngebaseerd-op: '${target}'\n\`\`\``);

/** Paths with SQL wildcards, a backslash, a quote and accents: matched exactly. */
const ODD = ['a%b', 'a_b', 'a\\b', 'a"b', 'één/twee'];

describeEachDatabase('the knex store: pages at paths and pages linking to a page (§8.3-8.4)', (db) => {
  let store: KnexAgreementStore;

  before(async () => {
    store = await KnexAgreementStore.create(db.knex);
    const pages = [
      page(1, 'gewoon', 'nl'),
      page(2, 'gewoon', 'en'),
      ...ODD.map((path, i) => page(10 + i, path, 'nl')),
      ...ODD.map((path, i) => linking(20 + i, path)),
      page(30, 'axb', 'nl'),
    ];
    await store.upsertPages(pages.map((p) => ({ facts: extractPageFacts(p), fingerprint: `fp${p.id}` })));
  });

  it('finds any page at a path in its locale, ordinary pages included', async () => {
    const found = await store.pagesAt([
      { path: 'gewoon', locale: 'en' },
      { path: 'a%b', locale: 'nl' },
      { path: 'a%b', locale: 'en' },
      { path: 'bestaat-niet', locale: 'nl' },
    ]);
    expect(found.map((p) => `${p.pageId} ${p.locale}/${p.path}`).sort()).to.deep.equal(['10 nl/a%b', '2 en/gewoon']);
  });

  it('finds exactly the pages linking to a page, by locale and path, and forgets a link that is gone', async () => {
    for (const [i, path] of ODD.entries()) {
      expect((await store.pagesLinkingTo(path, 'nl')).map((p) => p.pageId), path).to.deep.equal([20 + i]);
      expect(await store.pagesLinkingTo(path, 'en'), `${path} in another locale`).to.deep.equal([]);
    }
    expect(await store.pagesLinkingTo('axb', 'nl'), 'no wildcard match').to.deep.equal([]);
    await store.upsertPage(extractPageFacts(page(20, 'l/20', 'nl', '# no more links')), 'fp20b');
    expect(await store.pagesLinkingTo(ODD[0], 'nl')).to.deep.equal([]);
    await store.deletePages([21]);
    expect(await store.pagesLinkingTo(ODD[1], 'nl')).to.deep.equal([]);
  });
});
