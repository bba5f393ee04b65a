import { expect } from 'chai';
import { extractPageFacts, type SourcePage } from '../../server/domain';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { describeEachDatabase } from '../support/databases';

const page = (id: number, path: string, locale: string, content = ''): SourcePage => ({ id, path, locale, title: `P${id}`, tags: [], content, isPublished: true });
const linking = (id: number, target: string) => page(id, `l/${id}`, 'nl', `\`\`\`afspraak\ngebaseerd-op: '${target}'\n\`\`\``);

/** Paths with LIKE's wildcards, its escape character, a quote and accents: found, and only where linked. */
const ODD = ['a%b', 'a_b', 'a\\b', 'a"b', 'één/twee'];

describeEachDatabase('the knex store: pages at paths and pages mentioning a path (§8.3-8.4)', (db) => {
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

  it('finds the pages linking to a path among those it returns, whatever characters the path holds', async () => {
    for (const [i, path] of ODD.entries()) {
      const ids = (await store.pagesMentioning(path)).map((p) => p.pageId);
      expect(ids, path).to.include(20 + i);
      expect(ids, `${path}: only linking pages`).to.not.include(10 + i);
    }
  });
});
