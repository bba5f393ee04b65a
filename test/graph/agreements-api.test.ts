import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import {
  buildCatalog,
  collectFrameworks,
  compareMatrices,
  formatIssue,
  matrixFor,
  validateSystem,
  type Matrix,
  type PageFacts,
} from '../../server/domain';
import { executeGraphql } from '../../server/graph/standalone';
import type { AgreementChain } from '../../server/service/chain';
import { loadUser } from '../../dev/page-rules';
import type { HostUser } from '../../server/host/types';
import { insertGroup, insertPage, insertUser } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import { examplesWiki, graphSetup, setGuestRules, type GuestRule, type LivePolicy } from '../support/graph-setup';

const TODAY = '2024-06-01';

interface Context {
  user?: HostUser;
}

const CELL_FIELDS = 'chapter column layer state count coveredByChapter agreements { pageId path locale title status theme }';
const MATRIX = `query($s: String!, $f: AgreementFilter) { agreements { matrix(system: $s, filter: $f) {
  system { key title declared frameworkDetail { key chapters { key } } parties { key name } }
  cells { ${CELL_FIELDS} } unplaced { pageId } themes parties } } }`;

/** The matrix as the API shows it, from the domain core's own result. */
function expectedCells(matrix: Matrix) {
  return matrix.cells.map((c) => ({
    chapter: c.chapter,
    column: c.column,
    layer: c.layer,
    state: c.state,
    count: c.count,
    coveredByChapter: c.coveredByChapter,
    agreements: c.agreements.map((a) => ({ pageId: a.pageId, path: a.path, locale: a.locale, title: a.title, status: a.status, theme: a.theme })),
  }));
}

describeEachDatabase('the agreements GraphQL API', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let policy: LivePolicy;
  let chain: AgreementChain;
  let facts: PageFacts[];
  let admin: HostUser;
  let guest: HostUser;
  let writer: HostUser;
  let reader: HostUser;
  let hiddenDraft: PageFacts;

  /** The domain core on a set of pages, frameworks wiki-wide: what the API must answer. */
  const core = (pages: PageFacts[]) => buildCatalog(pages, collectFrameworks(facts).frameworks);
  const query = async (user: HostUser | undefined, source: string, variables: Record<string, unknown> = {}) => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    return result;
  };
  const data = async <T>(user: HostUser | undefined, source: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await query(user, source, variables);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  /** Sets the guest group's page rules, reloading the policy like Wiki.js's `reloadGroups`. */
  const guestRules = async (rules: GuestRule[]) => {
    await setGuestRules(knex, rules);
    await policy.reload();
  };


  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    const sources = await examplesWiki(knex);
    // An unpublished agreement: only readers who may edit it see it.
    const draftId = await insertPage(knex, {
      path: 'kb-overvecht/concepten/nieuw',
      locale: 'nl',
      title: 'Nieuwe afspraak (concept)',
      content: '# Nieuw',
      tags: ['stelsel:kb-overvecht', 'kolom:leren', 'laag:normen', 'status:concept'],
      isPublished: false,
    });
    expect(sources.length).to.be.greaterThan(50);
    const editors = await insertGroup(knex, { name: 'Editors', permissions: ['read:pages', 'write:pages'], pageRules: [{ id: 'e', deny: false, match: 'START', roles: ['read:pages', 'write:pages'], path: '', locales: [] }] });
    const readers = await insertGroup(knex, { name: 'Readers', permissions: ['read:pages'], pageRules: [{ id: 'r', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] }] });
    writer = (await loadUser(knex, await insertUser(knex, { email: 'w@example.org', name: 'W', groups: [editors] }))) as HostUser;
    reader = { ...((await loadUser(knex, await insertUser(knex, { email: 'r@example.org', name: 'R', groups: [readers] }))) as HostUser), locale: 'en' };
    ({ schema, policy, admin, guest, chain } = await graphSetup(knex, { host: { today: () => TODAY } }));
    facts = await chain.store.relevantFacts();
    hiddenDraft = facts.find((f) => f.pageId === draftId) as PageFacts;
  });

  it('answers matrix exactly as the domain core does on the same pages, for an administrator', async () => {
    // manage:system sees every page, unpublished ones included.
    const expected = matrixFor(core(facts), 'kb-overvecht', undefined, TODAY) as Matrix;
    const result = await data<{ matrix: { cells: unknown[]; unplaced: Array<{ pageId: number }>; themes: string[]; system: { declared: boolean; frameworkDetail: { key: string } } } }>(admin, MATRIX, { s: 'kb-overvecht' });
    expect(result.matrix.cells).to.have.length(24);
    expect(result.matrix.cells).to.deep.equal(expectedCells(expected));
    expect(result.matrix.unplaced.map((u) => u.pageId)).to.deep.equal(expected.unplaced.map((u) => u.pageId));
    expect(result.matrix.themes).to.deep.equal(expected.themes);
    expect(result.matrix.system.declared).to.equal(true);
    expect(result.matrix.system.frameworkDetail.key).to.equal('werkende-afspraken');
  });

  it('gives a first view of each cell with agreements(first:), full counts, and the distinct count of the matrix', async () => {
    const expected = matrixFor(core(facts), 'kb-overvecht', { statuses: ['vastgesteld', 'gevalideerd'] }, TODAY) as Matrix;
    const result = await data<{ matrix: { agreementCount: number; cells: Array<{ count: number; agreements: Array<{ pageId: number }> }> } }>(
      admin,
      `query($f: AgreementFilter) { agreements { matrix(system: "kb-overvecht", filter: $f) { agreementCount cells { count agreements(first: 2) { pageId } } } } }`,
      { f: { statuses: ['vastgesteld', 'gevalideerd'] } },
    );
    expect(result.matrix.cells.map((c) => c.count)).to.deep.equal(expected.cells.map((c) => c.count));
    expect(result.matrix.cells.map((c) => c.agreements.map((a) => a.pageId))).to.deep.equal(expected.cells.map((c) => c.agreements.slice(0, 2).map((a) => a.pageId)));
    expect(expected.cells.some((c) => c.agreements.length > 2), 'a cell is cut short').to.equal(true);
    const distinct = new Set(expected.cells.flatMap((c) => c.agreements.map((a) => a.pageId)));
    const placements = expected.cells.reduce((n, c) => n + c.agreements.length, 0);
    expect(result.matrix.agreementCount).to.equal(distinct.size);
    expect(placements, 'a page sits in more than one cell').to.be.greaterThan(distinct.size);

    const all = await data<{ matrix: { cells: Array<{ agreements: unknown[] }> } }>(admin, `{ agreements { matrix(system: "kb-overvecht") { cells { agreements(first: null) { pageId } } } } }`);
    expect(all.matrix.cells.reduce((n, c) => n + c.agreements.length, 0)).to.be.greaterThan(0);
    const refused = await query(admin, `{ agreements { matrix(system: "kb-overvecht") { cells { agreements(first: -1) { pageId } } } } }`);
    expect(refused.errors?.[0]?.message).to.equal("Invalid argument 'first': expected a whole number from 0 to 2147483647.");
  });

  it('answers compare exactly as the domain core does, shared pages included', async () => {
    const catalog = core(facts);
    const expected = compareMatrices(matrixFor(catalog, 'kb-overvecht', undefined, TODAY) as Matrix, matrixFor(catalog, 'kb-noordwest', undefined, TODAY) as Matrix);
    const result = await data<{ compare: { cells: Array<{ onlyInA: Array<{ pageId: number }>; onlyInB: Array<{ pageId: number }>; shared: Array<{ pageId: number }>; a: { count: number }; b: { count: number } }>; themesOnlyInA: string[]; themesOnlyInB: string[] } }>(
      admin,
      `{ agreements { compare(a: "kb-overvecht", b: "kb-noordwest") { themesOnlyInA themesOnlyInB cells { a { count } b { count } onlyInA { pageId } onlyInB { pageId } shared { pageId } } } } }`,
    );
    const ids = (refs: Array<{ pageId: number }>) => refs.map((r) => r.pageId);
    expect(result.compare.cells.map((c) => [c.a.count, c.b.count, ids(c.onlyInA), ids(c.onlyInB), ids(c.shared)])).to.deep.equal(
      expected.cells.map((c) => [c.a.count, c.b.count, ids(c.onlyInA), ids(c.onlyInB), ids(c.shared)]),
    );
    expect(result.compare.themesOnlyInA).to.deep.equal(expected.themesOnlyInA);
    expect(result.compare.themesOnlyInB).to.deep.equal(expected.themesOnlyInB);
    expect(expected.cells.some((c) => c.shared.length > 0), 'the examples share a page').to.equal(true);
  });

  it('shows a guest under a path rule and a tag rule exactly the pages those rules allow', async () => {
    await guestRules([
      { match: 'START', path: 'kb-overvecht' },
      { match: 'TAG', path: 'thema:solk' },
      { match: 'START', path: 'kb-overvecht/solk', deny: true },
    ]);
    // Wiki.js's semantics spelled out: the longest matching rule wins; 'kb-overvecht/solk' (17) beats 'thema:solk' (10).
    const allowed = facts.filter(
      (f) => f.isPublished && !f.path.startsWith('kb-overvecht/solk') && (f.path.startsWith('kb-overvecht') || f.tags.includes('thema:solk')),
    );
    const expected = matrixFor(core(allowed), 'kb-overvecht', undefined, TODAY) as Matrix;
    const result = await data<{ matrix: { cells: unknown[] } }>(guest, MATRIX, { s: 'kb-overvecht' });
    expect(result.matrix.cells).to.deep.equal(expectedCells(expected));
    const seen = new Set((result.matrix.cells as Array<{ agreements: Array<{ pageId: number }> }>).flatMap((c) => c.agreements.map((a) => a.pageId)));
    for (const id of seen) expect(allowed.map((f) => f.pageId)).to.include(id);
    const systems = await data<{ systems: Array<{ key: string; agreementCount: number }> }>(guest, '{ agreements { systems { key agreementCount } } }');
    expect(systems.systems.map((s) => s.key).sort()).to.deep.equal([...core(allowed).systems.keys()].sort());
  });

  it('shows a guest without page rules nothing at all, not even a count', async () => {
    await guestRules([]);
    const result = await data<{ systems: unknown[]; matrix: null; system: null }>(guest, '{ agreements { systems { key } matrix(system: "kb-overvecht") { cells { count } } system(key: "kb-overvecht") { key } } }');
    expect(result).to.deep.equal({ systems: [], matrix: null, system: null });
  });

  it('hides an unpublished page from a reader and shows it to a reader who may edit it', async () => {
    const ids = async (user: HostUser) => {
      const result = await data<{ matrix: { cells: Array<{ agreements: Array<{ pageId: number }> }> } }>(user, MATRIX, { s: 'kb-overvecht' });
      return result.matrix.cells.flatMap((c) => c.agreements.map((a) => a.pageId));
    };
    expect(await ids(reader)).not.to.include(hiddenDraft.pageId);
    expect(await ids(writer)).to.include(hiddenDraft.pageId);
  });

  it('validates only the pages the reader sees, with messages in the asked or the user language', async () => {
    const visible = facts.filter((f) => f.isPublished);
    const expected = validateSystem(core(visible), 'kb-overvecht', visible);
    const en = await data<{ validate: Array<{ code: string; pageId: number | null; message: string }> }>(reader, '{ agreements { validate(system: "kb-overvecht") { code pageId message } } }');
    expect(en.validate.map((i) => [i.code, i.pageId])).to.deep.equal(expected.map((i) => [i.code, i.pageId ?? null]));
    expect(en.validate.map((i) => i.message)).to.deep.equal(expected.map((i) => formatIssue(i, 'en')));
    const nl = await data<{ validate: Array<{ message: string }> }>(reader, '{ agreements { validate(system: "kb-overvecht", lang: "nl") { message } } }');
    expect(nl.validate.map((i) => i.message)).to.deep.equal(expected.map((i) => formatIssue(i, 'nl')));
  });

  it('tells where a page sits for the sidebar, and nothing about a page the reader may not see', async () => {
    const agreement = facts.find((f) => f.isPublished && f.tagValues.systems.includes('kb-overvecht') && f.tagValues.columns.length > 0 && f.tagValues.layers.length > 0) as PageFacts;
    const source = `query($p: String!, $l: String!) { agreements { pageContext(path: $p, locale: $l) { pageId placements { isSystemPage status system { key } cells { chapter column layer } } } } }`;
    const seen = await data<{ pageContext: { pageId: number; placements: Array<{ system: { key: string }; cells: unknown[] }> } }>(reader, source, { p: agreement.path, l: agreement.locale });
    expect(seen.pageContext.pageId).to.equal(agreement.pageId);
    const placement = seen.pageContext.placements.find((p) => p.system.key === 'kb-overvecht');
    expect(placement?.cells.length).to.be.greaterThan(0);
    const systemPage = await data<{ pageContext: { placements: Array<{ isSystemPage: boolean }> } }>(reader, source, { p: 'kb-overvecht', l: 'nl' });
    expect(systemPage.pageContext.placements.some((p) => p.isSystemPage)).to.equal(true);
    const hidden = await data<{ pageContext: unknown }>(reader, source, { p: hiddenDraft.path, l: hiddenDraft.locale });
    expect(hidden.pageContext).to.deep.equal({ pageId: null, placements: [] });
  });

  it('refuses like Wiki.js: Unauthorized without a user, Forbidden without the permission', async () => {
    const noUser = await query(undefined, '{ agreements { systems { key } } }');
    expect(noUser.errors?.[0].message).to.equal('Unauthorized');
    const forbidden = await query({ id: 9, groups: [], permissions: ['write:comments'] }, '{ agreements { systems { key } } }');
    expect(forbidden.errors?.[0].message).to.equal('Forbidden');
    const status = await query(reader, '{ agreements { indexStatus { pages } } }');
    expect(status.errors?.[0].message).to.equal('Forbidden');
    const adminStatus = await data<{ indexStatus: { pages: number; relevantPages: number } }>(admin, '{ agreements { indexStatus { pages relevantPages reconciling } } }');
    expect(adminStatus.indexStatus.relevantPages).to.equal(facts.length);
  });
});
