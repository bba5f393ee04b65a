import { expect } from 'chai';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness, type PageRule } from '../support/wikijs-harness';

interface PageResult {
  succeeded: boolean;
  errorCode: string | null;
  message: string | null;
  pageId: number | null;
  path: string | null;
  locale: string | null;
}

interface WikiPage {
  id: number;
  path: string;
  locale: string;
  title: string;
  description: string;
  content: string;
  editor: string;
  isPublished: boolean;
  scriptCss: string | null;
  tags: Array<{ tag: string }>;
}

const RESULT = 'succeeded errorCode message pageId path locale';
const SINGLE = 'query($id: Int!) { pages { single(id: $id) { id path locale title description content editor isPublished scriptCss tags { tag } } } }';
const fence = '```';

describe('Creating and placing agreements in a real Wiki.js 2.5, through its own page API', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;

  const ok = <T>(result: { data?: T; errors?: Array<{ message: string }> }): T => {
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return result.data as T;
  };
  const harness = () => wiki as WikiHarness;
  /** Wiki.js's own view of a page (pages.single, as the administrator). */
  const single = async (id: number) => ok(await harness().graphql<{ pages: { single: WikiPage } }>(SINGLE, { id })).pages.single;
  const createAgreement = async (input: Record<string, unknown>, asAdmin = true) =>
    ok(await harness().graphql<{ agreements: { createAgreement: PageResult } }>(`mutation($i: NewAgreementInput!) { agreements { createAgreement(input: $i) { ${RESULT} } } }`, { i: input }, asAdmin)).agreements
      .createAgreement;
  const cellCount = async (column: string, layer: string) => {
    const matrix = ok(await harness().graphql<{ agreements: { matrix: { cells: Array<{ column: string | null; layer: string; count: number }> } } }>('{ agreements { matrix(system: "kb-e2e") { cells { column layer count } } } }'))
      .agreements.matrix;
    return matrix.cells.find((c) => c.column === column && c.layer === layer)?.count;
  };

  before(async function () {
    wiki = await startedWiki(this);
  });

  after(async () => {
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it('creates a system page and an agreement through pages.create; pages.single shows their tags, content, editor and locale', async () => {
    const system = ok(
      await harness().graphql<{ agreements: { createAgreementSystem: PageResult } }>(
        `mutation { agreements { createAgreementSystem(input: { key: "kb-e2e", title: "Basiszorg E2E", region: "Utrecht" }) { ${RESULT} } } }`,
      ),
    ).agreements.createAgreementSystem;
    expect(system).to.include({ succeeded: true, path: 'kb-e2e', locale: 'en' });
    const systemPage = await single(system.pageId as number);
    expect(systemPage).to.include({ path: 'kb-e2e', locale: 'en', editor: 'markdown', title: 'Basiszorg E2E' });
    expect(systemPage.content).to.equal(`# Basiszorg E2E\n\n${fence}afsprakenstelsel\nkey: kb-e2e\ntitel: "Basiszorg E2E"\nregio: "Utrecht"\n${fence}\n`);

    const created = await createAgreement({ system: 'kb-e2e', chapter: 'kwaliteit', column: 'dienstverlening', layer: 'normen', title: 'Warme overdracht', themes: ['solk'] });
    expect(created).to.include({ succeeded: true, path: 'kb-e2e/dienstverlening/warme-overdracht', locale: 'en' });
    const page = await single(created.pageId as number);
    expect(page).to.include({ path: 'kb-e2e/dienstverlening/warme-overdracht', locale: 'en', editor: 'markdown', title: 'Warme overdracht', isPublished: true });
    expect(page.content).to.equal(`# Warme overdracht\n\n${fence}afspraak\neigenaar:\nherzien-voor:\n${fence}\n`);
    expect(page.tags.map((t) => t.tag)).to.have.members(['stelsel:kb-e2e', 'kolom:dienstverlening', 'laag:normen', 'status:concept', 'thema:solk']);
    // The save hooks indexed it: the matrix counts it.
    expect(await cellCount('dienstverlening', 'normen')).to.equal(1);
  });

  it('replaces only the placement tags through pages.update, keeping other tags, content, description, styles and publishing', async () => {
    const id = (await createAgreement({ system: 'kb-e2e', column: 'leren', layer: 'techniek', title: 'Te verplaatsen' })).pageId as number;
    const content = `# Te verplaatsen\n\nEigen tekst.\n\n${fence}afspraak\neigenaar: POH\n${fence}\n`;
    const updated = ok(
      await harness().graphql<{ pages: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
        'mutation($id: Int!, $c: String!, $g: [String]!) { pages { update(id: $id, content: $c, description: "Een beschrijving", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: "kb-e2e/leren/te-verplaatsen", tags: $g, title: "Te verplaatsen", scriptCss: "p{color:red}") { responseResult { succeeded message } } } }',
        { id, c: content, g: ['stelsel:kb-e2e', 'kolom:leren', 'laag:techniek', 'status:concept', 'afdeling:noord'] },
      ),
    ).pages.update.responseResult;
    expect(updated.succeeded, updated.message).to.equal(true);
    const before = await single(id);

    const placed = ok(
      await harness().graphql<{ agreements: { updatePlacement: PageResult } }>(
        `mutation($id: Int!) { agreements { updatePlacement(pageId: $id, placement: { systems: ["kb-e2e"], columns: ["borgen"], layers: ["normen"], status: "vastgesteld" }) { ${RESULT} } } }`,
        { id },
      ),
    ).agreements.updatePlacement;
    expect(placed).to.include({ succeeded: true, pageId: id });
    const after = await single(id);
    expect(after.tags.map((t) => t.tag)).to.have.members(['afdeling:noord', 'stelsel:kb-e2e', 'kolom:borgen', 'laag:normen', 'status:vastgesteld']);
    expect({ ...after, tags: [] }).to.deep.equal({ ...before, tags: [] });
    expect(after.content).to.equal(content);
    expect(await cellCount('borgen', 'normen')).to.equal(1);
    expect(await cellCount('leren', 'techniek')).to.equal(0);
  });

  it('offers a guest under a page rule no action where it may not write, and refuses its creation there', async () => {
    const rules: PageRule[] = [
      { id: 'r', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
      { id: 'w', deny: false, match: 'START', roles: ['write:pages'], path: 'openbaar', locales: [] },
    ];
    await harness().setGuestAccess(['read:pages', 'write:pages'], rules);
    const forGuest = ok(
      await harness().graphql<{ agreements: { matrix: { newAgreementPath: string | null; cells: Array<{ newAgreementPath: string | null }> } } }>(
        '{ agreements { matrix(system: "kb-e2e") { newAgreementPath cells { newAgreementPath } } } }',
        {},
        false,
      ),
    ).agreements.matrix;
    expect(forGuest.newAgreementPath).to.equal(null);
    expect(forGuest.cells.filter((c) => c.newAgreementPath !== null)).to.deep.equal([]);
    const refused = await createAgreement({ system: 'kb-e2e', column: 'leren', layer: 'normen', title: 'Gast' }, false);
    expect(refused).to.include({ succeeded: false, errorCode: 'forbidden' });
    const missing = await harness().graphql<{ pages: { singleByPath: WikiPage | null } }>('{ pages { singleByPath(path: "kb-e2e/leren/gast", locale: "en") { id } } }');
    expect(missing.data?.pages.singleByPath ?? null).to.equal(null);
  });
});
