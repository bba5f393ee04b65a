import { expect } from 'chai';
import path from 'path';
import { readFileSync } from 'fs';
import { buildCatalog, compareMatrices, extractPageFacts, matrixFor, systemsOf, type Matrix, type PageFacts, type SourcePage } from '../../server/domain';
import { readFolder } from '../../server/cli/read-folder';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness, type PageRule } from '../support/wikijs-harness';

interface CellData {
  chapter: string;
  column: string | null;
  layer: string;
  state: string;
  count: number;
  agreements: Array<{ pageId: number }>;
}

const MATRIX = `query($s: String!) { agreements { matrix(system: $s) { cells { chapter column layer state count agreements { pageId } } unplaced { pageId } } } }`;
const fence = '```';

/** Cells as comparable rows: place, state, count and page ids. */
const rows = (cells: ReadonlyArray<CellData>) => cells.map((c) => [c.chapter, c.column, c.layer, c.state, c.count, c.agreements.map((a) => a.pageId)]);

/**
 * About 15 example pages that still show both systems, a shared page, gaps and an unplaced page
 * (pages.create costs 2-3 s each on these machines).
 */
function examplePages(): SourcePage[] {
  const { pages } = readFolder(path.resolve(__dirname, '../../examples'));
  const facts = pages.map(extractPageFacts);
  const systemPages = pages.filter((_, i) => facts[i].systemDeclarations.length > 0 && ['kb-overvecht', 'kb-noordwest'].includes(facts[i].systemDeclarations[0].key));
  const shared = pages.filter((_, i) => systemsOf(facts[i]).includes('kb-overvecht') && systemsOf(facts[i]).includes('kb-noordwest')).slice(0, 2);
  const of = (key: string, n: number) => pages.filter((_, i) => systemsOf(facts[i]).length === 1 && systemsOf(facts[i])[0] === key).slice(0, n);
  const catalog = buildCatalog(facts);
  const unplaced = (matrixFor(catalog, 'kb-overvecht')?.unplaced ?? []).slice(0, 1).map((ref) => pages.find((p) => p.id === ref.pageId) as SourcePage);
  const chosen = new Map<number, SourcePage>();
  for (const page of [...systemPages, ...shared, ...unplaced, ...of('kb-overvecht', 6), ...of('kb-noordwest', 4)]) chosen.set(page.id, page);
  return [...chosen.values()].slice(0, 16);
}

describe('Afsprakenwiki in a real Wiki.js 2.5 (GraphQL)', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;
  /** Pages as created in Wiki.js, with Wiki.js's ids. */
  const created: SourcePage[] = [];
  const facts = () => created.map(extractPageFacts);

  const ok = <T>(result: { data?: T; errors?: Array<{ message: string }> }): T => {
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return result.data as T;
  };
  const matrix = async (system: string, asAdmin = true) =>
    ok(await (wiki as WikiHarness).graphql<{ agreements: { matrix: { cells: CellData[]; unplaced: Array<{ pageId: number }> } | null } }>(MATRIX, { s: system }, asAdmin)).agreements.matrix;
  const create = async (page: Omit<SourcePage, 'id'>): Promise<number> => {
    const result = ok(
      await (wiki as WikiHarness).graphql<{ pages: { create: { responseResult: { succeeded: boolean; message: string }; page: { id: number } | null } } }>(
        `mutation($c: String!, $p: String!, $t: String!, $l: String!, $g: [String]!) { pages { create(content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $l, path: $p, tags: $g, title: $t) { responseResult { succeeded message } page { id } } } }`,
        { c: page.content, p: page.path, t: page.title, l: page.locale, g: page.tags },
      ),
    );
    expect(result.pages.create.responseResult.succeeded, result.pages.create.responseResult.message).to.equal(true);
    return (result.pages.create.page as { id: number }).id;
  };
  const update = async (page: SourcePage): Promise<void> => {
    const result = ok(
      await (wiki as WikiHarness).graphql<{ pages: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
        `mutation($id: Int!, $c: String!, $p: String!, $t: String!, $l: String!, $g: [String]!) { pages { update(id: $id, content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $l, path: $p, tags: $g, title: $t) { responseResult { succeeded message } } } }`,
        { id: page.id, c: page.content, p: page.path, t: page.title, l: page.locale, g: page.tags },
      ),
    );
    expect(result.pages.update.responseResult.succeeded, result.pages.update.responseResult.message).to.equal(true);
  };
  const expected = (pages: PageFacts[], system: string) => matrixFor(buildCatalog(pages), system) as Matrix;

  before(async function () {
    wiki = await startedWiki(this);
  });

  after(async () => {
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it('boots with the extension: one log line, and the agreements API answers', async () => {
    const harness = wiki as WikiHarness;
    const log = readFileSync(harness.logFile, 'utf8');
    expect(log).to.match(/\[afsprakenwiki\] v[\d.]+, migrations ok, strings nl\+en, save hooks, client [^,]+, GraphQL agreements, reconciliation started/);
    expect(ok(await harness.graphql<{ agreements: { systems: unknown[] } }>('{ agreements { systems { key } } }')).agreements.systems).to.deep.equal([]);
  });

  it('indexes example pages created through pages.create, and answers matrix and compare as the domain core does', async () => {
    for (const page of examplePages()) created.push({ ...page, id: await create(page) });
    for (const system of ['kb-overvecht', 'kb-noordwest']) {
      expect(rows((await matrix(system))?.cells ?? []), system).to.deep.equal(rows(expected(facts(), system).cells));
    }
    const catalog = buildCatalog(facts());
    const comparison = compareMatrices(matrixFor(catalog, 'kb-overvecht') as Matrix, matrixFor(catalog, 'kb-noordwest') as Matrix);
    const result = ok(
      await (wiki as WikiHarness).graphql<{ agreements: { compare: { cells: Array<{ shared: Array<{ pageId: number }>; onlyInA: Array<{ pageId: number }> }> } } }>(
        '{ agreements { compare(a: "kb-overvecht", b: "kb-noordwest") { cells { shared { pageId } onlyInA { pageId } } } } }',
      ),
    );
    const ids = (refs: Array<{ pageId: number }>) => refs.map((r) => r.pageId);
    expect(result.agreements.compare.cells.map((c) => [ids(c.shared), ids(c.onlyInA)])).to.deep.equal(comparison.cells.map((c) => [ids(c.shared), ids(c.onlyInA)]));
    expect(comparison.cells.some((c) => c.shared.length > 0), 'a shared page').to.equal(true);
    expect(comparison.cells.some((c) => c.a.state === 'EMPTY'), 'a gap').to.equal(true);
  });

  it('shows a guest under a path rule and a tag rule exactly what Wiki.js lets it read', async () => {
    const harness = wiki as WikiHarness;
    const rules: PageRule[] = [
      { id: 'a', deny: false, match: 'START', roles: ['read:pages'], path: 'kb-overvecht', locales: [] },
      { id: 'b', deny: false, match: 'TAG', roles: ['read:pages'], path: 'thema:solk', locales: [] },
    ];
    await harness.setGuestAccess(['read:pages', 'read:assets', 'read:comments'], rules);
    const allowed = facts().filter((f) => f.path.startsWith('kb-overvecht') || f.tags.includes('thema:solk'));
    expect(rows((await matrix('kb-overvecht', false))?.cells ?? [])).to.deep.equal(rows(expected(allowed, 'kb-overvecht').cells));
  });

  it('leaves a page outside its publishing window out for the guest, as Wiki.js\'s own page view does (contract §4)', async () => {
    const harness = wiki as WikiHarness;
    // Under the guest's path rule of the test before; a system of their own, so the other tests' matrices stay as they are.
    const windowed = async (slug: string, window: string) => {
      const result = ok(
        await harness.graphql<{ pages: { create: { responseResult: { succeeded: boolean; message: string }; page: { id: number } | null } } }>(
          `mutation($c: String!, $p: String!) { pages { create(content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $p, tags: ["stelsel:kb-venster", "kolom:leren", "laag:normen"], title: $p${window}) { responseResult { succeeded message } page { id } } } }`,
          { c: `# ${slug}`, p: `kb-overvecht/venster/${slug}` },
        ),
      );
      expect(result.pages.create.responseResult.succeeded, result.pages.create.responseResult.message).to.equal(true);
      return (result.pages.create.page as { id: number }).id;
    };
    const open = await windowed('open', '');
    const closed = await windowed('gesloten', ', publishEndDate: "2020-01-01"');
    const later = await windowed('later', ', publishStartDate: "2099-01-01"');
    const ids = async (asAdmin: boolean) =>
      ((await matrix('kb-venster', asAdmin))?.cells ?? []).flatMap((c) => c.agreements.map((a) => a.pageId)).sort((a, b) => a - b);
    expect(await ids(true)).to.deep.equal([open, closed, later]);
    expect(await ids(false)).to.deep.equal([open]);
    // Wiki.js agrees: its page view refuses the guest those two pages, and shows the open one.
    expect((await harness.page('en', 'kb-overvecht/venster/open', false)).status).to.equal(200);
    expect((await harness.page('en', 'kb-overvecht/venster/gesloten', false)).status).to.equal(403);
    expect((await harness.page('en', 'kb-overvecht/venster/later', false)).status).to.equal(403);
  });

  it('shows an edit that moves a page to another cell at once', async () => {
    const page = created.find((p) => p.tags.includes('stelsel:kb-overvecht') && p.tags.some((t) => t.startsWith('kolom:')) && !p.tags.includes('kolom:leren')) as SourcePage;
    page.tags = [...page.tags.filter((t) => !t.startsWith('kolom:') && !t.startsWith('hoofdstuk:')), 'kolom:leren'];
    await update(page);
    const cells = (await matrix('kb-overvecht'))?.cells ?? [];
    expect(cells.filter((c) => c.agreements.some((a) => a.pageId === page.id)).every((c) => c.column === 'leren')).to.equal(true);
    expect(rows(cells)).to.deep.equal(rows(expected(facts(), 'kb-overvecht').cells));
  });

  it('follows an administrator renaming a tag', async () => {
    const harness = wiki as WikiHarness;
    const tags = ok(await harness.graphql<{ pages: { tags: Array<{ id: number; tag: string }> } }>('{ pages { tags { id tag } } }')).pages.tags;
    const leren = tags.find((t) => t.tag === 'kolom:leren') as { id: number };
    ok(await harness.graphql('mutation($id: Int!) { pages { updateTag(id: $id, tag: "kolom:borgen-x", title: "kolom:borgen-x") { responseResult { succeeded } } } }', { id: leren.id }));
    for (const page of created) page.tags = page.tags.map((t) => (t === 'kolom:leren' ? 'kolom:borgen-x' : t));
    await harness.waitFor(async () => JSON.stringify(rows((await matrix('kb-overvecht'))?.cells ?? [])) === JSON.stringify(rows(expected(facts(), 'kb-overvecht').cells)), 20000);
  });

  it('follows a history restore, which wipes the page tags', async () => {
    const harness = wiki as WikiHarness;
    const page = created.find((p) => p.tags.includes('stelsel:kb-noordwest') && !p.content.includes(`${fence}afspraak`)) ?? created.find((p) => p.tags.includes('stelsel:kb-noordwest')) as SourcePage;
    await update({ ...page, content: `${page.content}\n\nBewerkt.` });
    const history = ok(await harness.graphql<{ pages: { history: { trail: Array<{ versionId: number }> } } }>('query($id: Int!) { pages { history(id: $id) { trail { versionId } } } }', { id: page.id }));
    const versionId = history.pages.history.trail[0].versionId;
    ok(await harness.graphql('mutation($p: Int!, $v: Int!) { pages { restore(pageId: $p, versionId: $v) { responseResult { succeeded } } } }', { p: page.id, v: versionId }));
    page.tags = [];
    expect(rows((await matrix('kb-noordwest'))?.cells ?? [])).to.deep.equal(rows(expected(facts(), 'kb-noordwest').cells));
  });

  it('forgets a deleted page', async () => {
    const harness = wiki as WikiHarness;
    const page = created.find((p) => p.tags.includes('stelsel:kb-overvecht') && p.tags.some((t) => t.startsWith('laag:'))) as SourcePage;
    ok(await harness.graphql('mutation($id: Int!) { pages { delete(id: $id) { responseResult { succeeded } } } }', { id: page.id }));
    created.splice(created.indexOf(page), 1);
    expect(rows((await matrix('kb-overvecht'))?.cells ?? [])).to.deep.equal(rows(expected(facts(), 'kb-overvecht').cells));
  });

  it('saves and renders hostile and broken blocks as inert error boxes', async () => {
    const harness = wiki as WikiHarness;
    const payload = JSON.stringify(`<script>alert(1)</script>"><img src=x onerror=alert(2)>{{ constructor.constructor('alert(3)')() }}`);
    const content = [
      '# Vijandig',
      `${fence}afsprakenstelsel\nkey: kb-vijand\n${['titel', 'regio', 'eigenaar', 'probleem'].map((f) => `${f}: ${payload}`).join('\n')}\ndoelen: [${payload}]\n${fence}`,
      `${fence}afspraak\n${['stelsel', 'kolom', 'laag', 'thema', 'status', 'eigenaar', 'contact'].map((f) => `${f}: ${payload}`).join('\n')}\n${fence}`,
      `${fence}afspraak\nkolom: [leren\n${fence}`,
      `${fence}afspraak\neigenaar: ${'x'.repeat(70000)}\n${fence}`,
      `${fence}afsprakenmatrix\nstelsel: bestaat-niet\n${fence}`,
      'Tekst na de blokken.',
    ].join('\n\n');
    await create({ path: 'tests/vijandig', locale: 'en', title: 'Vijandig', content, tags: ['stelsel:kb-vijand'], isPublished: true });
    const view = await harness.page('en', 'tests/vijandig');
    expect(view.status).to.equal(200);
    expect(view.html).to.contain('afsprakenwiki-error');
    expect(view.html).to.contain('Tekst na de blokken.');
    expect(view.html).to.contain('data-system="bestaat-niet"');
    expect(view.html).not.to.contain('<script>alert(1)');
    expect(view.html).not.to.match(/<img[^>]*onerror/);
    expect(ok(await harness.graphql<{ agreements: { validate: unknown[] } }>('{ agreements { validate(system: "kb-vijand") { code } } }')).agreements.validate.length).to.be.greaterThan(0);
  });

  it('keeps the history of an edit: the matrix as it stood before it, and the change (contract §9)', async () => {
    const harness = wiki as WikiHarness;
    const page = created.find((p) => {
      const f = extractPageFacts(p);
      return systemsOf(f).includes('kb-overvecht') && f.systemDeclarations.length === 0;
    }) as SourcePage;
    const before = facts();
    const moment = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const oldTitle = page.title;
    page.title = `${oldTitle} (herzien)`;
    await update(page);
    const then = ok(await harness.graphql<{ agreements: { matrix: { cells: CellData[] } } }>(
      'query($s: String!, $d: String) { agreements { matrix(system: $s, asOf: $d) { cells { chapter column layer state count agreements { pageId } } } } }',
      { s: 'kb-overvecht', d: moment },
    ));
    expect(rows(then.agreements.matrix.cells)).to.deep.equal(rows(expected(before, 'kb-overvecht').cells));
    const changes = ok(await harness.graphql<{ agreements: { changes: { changes: Array<{ agreement: { pageId: number }; kind: string; from: string; to: string }> } } }>(
      'query($d: String!) { agreements { changes(system: "kb-overvecht", since: $d) { changes { agreement { pageId } kind from to } } } }',
      { d: moment },
    ));
    expect(changes.agreements.changes.changes).to.deep.equal([{ agreement: { pageId: page.id }, kind: 'RENAMED', from: oldTitle, to: page.title }]);
  });

  it('uninstalls and leaves the wiki working', async () => {
    const harness = wiki as WikiHarness;
    await harness.stop();
    const result = await harness.installer('uninstall', true);
    expect(result.code, result.lines.join('\n')).to.equal(0);
    await harness.start();
    await harness.waitFor(() => harness.healthy(), 60000);
    const after = await harness.graphql('{ agreements { systems { key } } }');
    expect(after.errors?.[0].message).to.match(/Cannot query field "agreements"/);
    expect((await harness.page('en', 'tests/vijandig')).status).to.equal(200);
  });
});
