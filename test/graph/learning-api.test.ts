import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { buildCatalog, collectFrameworks, matrixFor, searchAgreements, searchWords, statusOf, systemsOf, type PageFacts } from '../../server/domain';
import { executeGraphql } from '../../server/graph/standalone';
import type { HostUser } from '../../server/host/types';
import { insertPage } from '../../dev/wikijs-schema';
import { examplesWiki, graphSetup, setGuestRules } from '../support/graph-setup';
import { compareText } from '../../server/domain/normalize';
import { describeEachDatabase } from '../support/databases';

const TODAY = '2024-06-01';

interface Context {
  user?: HostUser;
}

interface OverviewAnswer {
  cells: Array<{ chapter: string; column: string | null; layer: string }>;
  systems: Array<{ system: { key: string; title: string }; coverage: number; present: number; cells: Array<{ state: string; count: number }> }>;
  totals: Array<{ present: number; inProgress: number; empty: number }>;
}

interface SearchAnswer {
  total: number;
  hits: Array<{ agreement: { pageId: number; title: string; path: string }; systems: string[] }>;
  facets: Array<{ field: string; values: Array<{ value: string; count: number }> }>;
  endCursor: string | null;
}

const OVERVIEW = `query($k: String, $f: AgreementFilter) { agreements { overview(framework: $k, filter: $f) {
  cells { chapter column layer } systems { system { key title } coverage present cells { state count } } totals { present inProgress empty } } } }`;
const SEARCH = `query($t: String, $f: AgreementSearchFilter, $n: Int, $a: String) { agreements { search(text: $t, filter: $f, first: $n, after: $a) {
  total endCursor hits { agreement { pageId title path } systems } facets { field values { value count } } } } }`;

/** The guest's rules: a path rule, a tag rule that allows, a deeper path and a tag rule that deny. */
const GUEST_RULES = [
  { match: 'START', path: 'kb-overvecht' },
  { match: 'TAG', path: 'thema:solk' },
  { match: 'START', path: 'kb-overvecht/solk', deny: true },
  { match: 'TAG', path: 'vertrouwelijk', deny: true },
] as const;

/** Wiki.js's semantics for GUEST_RULES spelled out by hand (longest matching rule wins). */
const guestMayRead = (f: PageFacts) =>
  f.isPublished && !f.tags.includes('vertrouwelijk') && !f.path.startsWith('kb-overvecht/solk') && (f.path.startsWith('kb-overvecht') || f.tags.includes('thema:solk'));

describeEachDatabase('overview and search over GraphQL (contract §8.1-8.2)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let facts: PageFacts[];
  let admin: HostUser;
  let guest: HostUser;

  const data = async <T>(user: HostUser, source: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const overview = async (user: HostUser, variables: Record<string, unknown> = {}) => (await data<{ overview: OverviewAnswer }>(user, OVERVIEW, variables)).overview;
  const search = async (user: HostUser, variables: Record<string, unknown> = {}) => (await data<{ search: SearchAnswer }>(user, SEARCH, variables)).search;

  /** Agreement pages (never a system's own page) with their systems. */
  const agreementSystems = (f: PageFacts) => systemsOf(f).filter((key) => !f.systemDeclarations.some((d) => d.key === key));

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await examplesWiki(knex);
    // Words only pages hidden from the guest carry: by the deny path rule, the deny tag rule, unpublished.
    await insertPage(knex, { path: 'kb-overvecht/solk/geheim', locale: 'nl', title: 'Geheimwoord pad', description: 'Alleen voor beheer', tags: ['stelsel:kb-overvecht', 'kolom:leren', 'laag:normen', 'partij:padpartij'] });
    await insertPage(knex, { path: 'kb-overvecht/vertrouwelijk', locale: 'nl', title: 'Vertrouwelijke afspraak', description: 'Geheimwoord tag', tags: ['stelsel:kb-overvecht', 'stelsel:verborgen-stelsel', 'kolom:borgen', 'laag:techniek', 'vertrouwelijk', 'partij:tagpartij'] });
    await insertPage(knex, { path: 'kb-overvecht/concept', locale: 'nl', title: 'Concept geheimwoord', tags: ['stelsel:kb-overvecht', 'kolom:leren', 'laag:techniek', 'status:concept'], isPublished: false });
    // A page the guest sees only through the tag rule, with its description searched.
    await insertPage(knex, { path: 'elders/solk-notitie', locale: 'nl', title: 'Notitie', description: 'Zichtbaar via de tagregel', tags: ['stelsel:elders', 'thema:solk', 'kolom:leren', 'laag:normen'] });
    await setGuestRules(knex, GUEST_RULES);
    const setup = await graphSetup(knex, { host: { today: () => TODAY } });
    ({ schema, admin, guest } = setup);
    facts = await setup.chain.store.relevantFacts();
  });

  /** The overview by hand from each system's matrix on the pages a reader sees. */
  function expectedOverview(visible: PageFacts[]) {
    const catalog = buildCatalog(visible, collectFrameworks(facts).frameworks);
    const rows = [...catalog.systems.values()]
      .filter((e) => e.framework.key === 'werkende-afspraken')
      .map((e) => {
        const cells = (matrixFor(catalog, e.info.key, undefined, TODAY)?.cells ?? []).map((c) => ({ state: c.state, count: c.count }));
        return {
          system: { key: e.info.key, title: e.info.title },
          coverage: cells.filter((c) => c.state !== 'EMPTY').length,
          present: cells.filter((c) => c.state === 'PRESENT').length,
          cells,
        };
      })
      .sort((a, b) => b.coverage - a.coverage || compareText(a.system.title, b.system.title) || compareText(a.system.key, b.system.key));
    const totals = rows[0].cells.map((_, i) => ({
      present: rows.filter((r) => r.cells[i].state === 'PRESENT').length,
      inProgress: rows.filter((r) => r.cells[i].state === 'IN_PROGRESS').length,
      empty: rows.filter((r) => r.cells[i].state === 'EMPTY').length,
    }));
    return { rows, totals };
  }

  for (const who of ['admin', 'guest'] as const) {
    it(`gives the ${who} every system it sees with the cells of its matrix, coverage, order and totals`, async () => {
      const user = who === 'admin' ? admin : guest;
      const visible = who === 'admin' ? facts : facts.filter(guestMayRead);
      const answer = await overview(user);
      const expected = expectedOverview(visible);
      expect(answer.cells).to.have.length(24);
      expect(answer.systems).to.deep.equal(expected.rows);
      expect(answer.totals).to.deep.equal(expected.totals);
    });
  }

  it('shows the guest no system, cell or count of pages it may not read', async () => {
    const adminKeys = (await overview(admin)).systems.map((r) => r.system.key);
    const guestRows = (await overview(guest)).systems;
    expect(adminKeys).to.include('verborgen-stelsel');
    expect(guestRows.map((r) => r.system.key)).not.to.include('verborgen-stelsel');
    expect(guestRows.map((r) => r.system.key)).to.include('elders');
    const countOf = async (user: HostUser, key: string) => {
      const row = (await overview(user)).systems.find((r) => r.system.key === key);
      return row ? row.cells.reduce((n, c) => n + c.count, 0) : 0;
    };
    expect(await countOf(guest, 'kb-overvecht')).to.be.lessThan(await countOf(admin, 'kb-overvecht'));
  });

  it('applies the filter and refuses an unknown framework', async () => {
    const filtered = await overview(admin, { f: { statuses: ['concept'] } });
    const catalog = buildCatalog(facts, collectFrameworks(facts).frameworks);
    const row = filtered.systems.find((r) => r.system.key === 'kb-overvecht');
    expect(row?.cells).to.deep.equal(matrixFor(catalog, 'kb-overvecht', { statuses: ['concept'] }, TODAY)?.cells.map((c) => ({ state: c.state, count: c.count })));
    const result = await executeGraphql<Context>(schema, { query: OVERVIEW, variables: { k: 'geen-kader' } }, { user: admin });
    expect(result.errors?.[0].message).to.equal("Invalid argument 'framework': expected the key of a framework the wiki knows.");
  });

  it('finds for the admin what the guest may not see, and for the guest nothing of it: hits, totals and facets', async () => {
    const adminHits = await search(admin, { t: 'geheimwoord' });
    expect(adminHits.hits.map((h) => h.agreement.title).sort()).to.deep.equal(['Concept geheimwoord', 'Geheimwoord pad', 'Vertrouwelijke afspraak']);
    const parties = adminHits.facets.find((f) => f.field === 'party')?.values.map((v) => v.value).sort();
    expect(parties).to.deep.equal(['padpartij', 'tagpartij']);
    expect(await search(guest, { t: 'geheimwoord' })).to.deep.equal({ total: 0, endCursor: null, hits: [], facets: ['system', 'chapter', 'column', 'layer', 'theme', 'status', 'party'].map((field) => ({ field, values: [] })) });
    const all = await search(guest, { n: 500 });
    const guestFacets = new Map(all.facets.map((f) => [f.field, f.values.map((v) => v.value)]));
    expect(guestFacets.get('party')).not.to.include.members(['padpartij']);
    expect(guestFacets.get('party')).not.to.include('tagpartij');
    expect(guestFacets.get('system')).not.to.include('verborgen-stelsel');
    expect((await search(guest, { t: 'tagregel' })).hits.map((h) => h.agreement.path)).to.deep.equal(['elders/solk-notitie']);
  });

  for (const who of ['admin', 'guest'] as const) {
    it(`searches for the ${who} exactly the agreement pages it may read, by title then path`, async () => {
      const user = who === 'admin' ? admin : guest;
      const visible = who === 'admin' ? facts : facts.filter(guestMayRead);
      const expected = visible
        .filter((f) => agreementSystems(f).length > 0 && statusOf(f).status !== 'vervallen')
        .sort((a, b) => compareText(a.title, b.title) || compareText(a.path, b.path) || a.pageId - b.pageId);
      const answer = await search(user, { n: 500 });
      expect(answer.total).to.equal(expected.length);
      expect(answer.hits.map((h) => [h.agreement.pageId, h.systems])).to.deep.equal(expected.map((f) => [f.pageId, agreementSystems(f).sort()]));
      const systemFacet = answer.facets.find((f) => f.field === 'system')?.values ?? [];
      for (const { value, count } of systemFacet) expect(count, value).to.equal(expected.filter((f) => agreementSystems(f).includes(value)).length);
      // Text: every word a prefix of a word of the title, description or a tag value.
      const text = 'samenw ggz';
      const words = (f: PageFacts) => [f.title, f.description ?? '', ...f.tags.map((t) => t.slice(t.indexOf(':') + 1))].flatMap(searchWords);
      const matching = expected.filter((f) => searchWords(text).every((w) => words(f).some((x) => x.startsWith(w))));
      expect(matching.length, 'the examples have matches').to.be.greaterThan(0);
      expect((await search(user, { t: text, n: 500 })).hits.map((h) => h.agreement.pageId)).to.deep.equal(matching.map((f) => f.pageId));
    });
  }

  it('pages through the same hits with first and after as the domain core on the guest pages, with two facets', async () => {
    const filter = { statuses: ['vastgesteld', 'gevalideerd'], layers: ['werkafspraken'] };
    const visible = facts.filter(guestMayRead);
    const expected = searchAgreements(buildCatalog(visible, collectFrameworks(facts).frameworks), { filter, first: 500 }, TODAY);
    const seen: number[] = [];
    let after: string | null = null;
    for (let round = 0; round < 50; round++) {
      const page: SearchAnswer = await search(guest, { f: filter, n: 3, a: after });
      expect(page.total).to.equal(expected.total);
      expect(page.facets).to.deep.equal(expected.facets);
      seen.push(...page.hits.map((h) => h.agreement.pageId));
      after = page.endCursor;
      if (!after) break;
    }
    expect(expected.total, 'more than one page').to.be.greaterThan(3);
    expect(seen).to.deep.equal(expected.hits.map((h) => h.agreement.pageId));
    const refused = await executeGraphql<Context>(schema, { query: SEARCH, variables: { a: 'kapot' } }, { user: guest });
    expect(refused.errors?.[0].message).to.equal("Invalid argument 'after': expected the endCursor of an earlier answer.");
  });
});
