import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { executeGraphql } from '../../server/graph/standalone';
import type { AgreementChain } from '../../server/service/chain';
import { loadUser } from '../../dev/page-rules';
import type { HostUser } from '../../server/host/types';
import { insertGroup, insertPage, insertUser, readPageTags, GUEST_GROUP_ID } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import { examplesWiki, graphSetup } from '../support/graph-setup';

interface Context {
  user?: HostUser;
}

interface PageResult {
  succeeded: boolean;
  errorCode: string | null;
  message: string | null;
  pageId: number | null;
  path: string | null;
  locale: string | null;
}

const RESULT = 'succeeded errorCode message pageId path locale';
const CREATE = `mutation($i: NewAgreementInput!) { agreements { createAgreement(input: $i) { ${RESULT} } } }`;
const CREATE_SYSTEM = `mutation($i: NewAgreementSystemInput!) { agreements { createAgreementSystem(input: $i) { ${RESULT} } } }`;
const PLACE = `mutation($id: Int!, $p: AgreementPlacementInput!) { agreements { updatePlacement(pageId: $id, placement: $p) { ${RESULT} } } }`;
const VALUES = 'systems columns chapters layers statuses themes parties';
const PLACEMENT = `query($path: String!, $locale: String!) { agreements { placement(path: $path, locale: $locale) { pageId fromTags { ${VALUES} } fromBlock { ${VALUES} } } } }`;
const MATRIX = `query($s: String!) { agreements { matrix(system: $s) { newAgreementPath newAgreementLocale
  cells { chapter column layer count newAgreementPath agreements { pageId } } unplaced { pageId } } } }`;

interface Cell {
  chapter: string;
  column: string | null;
  layer: string;
  count: number;
  newAgreementPath: string | null;
  agreements: Array<{ pageId: number }>;
}

interface PageRow {
  id: number;
  path: string;
  localeCode: string;
  title: string;
  description: string;
  content: string;
  contentType: string;
  editorKey: string;
  isPublished: unknown;
  isPrivate: unknown;
  publishStartDate: string;
  publishEndDate: string;
  extra: unknown;
}

describeEachDatabase('creating and placing agreements through the host page API (contract §7.1, §7.2)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let chain: AgreementChain;
  let writer: HostUser;
  let reader: HostUser;
  let guest: HostUser;
  let limited: HostUser;

  const run = async (user: HostUser | undefined, source: string, variables: Record<string, unknown> = {}) => executeGraphql<Context>(schema, { query: source, variables }, { user });
  const data = async <T>(user: HostUser | undefined, source: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await run(user, source, variables);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const create = async (user: HostUser, input: Record<string, unknown>) => (await data<{ createAgreement: PageResult }>(user, CREATE, { i: input })).createAgreement;
  const matrix = async (user: HostUser, system = 'kb-overvecht') =>
    (await data<{ matrix: { newAgreementPath: string | null; newAgreementLocale: string; cells: Cell[]; unplaced: Array<{ pageId: number }> } }>(user, MATRIX, { s: system })).matrix;
  const row = async (pagePath: string, locale = 'nl'): Promise<PageRow | undefined> => knex('pages').first('*').where({ path: pagePath, localeCode: locale });
  const pageCount = async () => Number((await knex('pages').count({ n: '*' }))[0].n);

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await examplesWiki(knex);

    const all = ['read:pages', 'write:pages'];
    const editors = await insertGroup(knex, { name: 'Editors', permissions: all, pageRules: [{ id: 'e', deny: false, match: 'START', roles: all, path: '', locales: [] }] });
    const readers = await insertGroup(knex, { name: 'Readers', permissions: ['read:pages'], pageRules: [{ id: 'r', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] }] });
    // Writes only below kb-overvecht/dienstverlening; reads everything.
    const partial = await insertGroup(knex, {
      name: 'Dienstverlening',
      permissions: all,
      pageRules: [
        { id: 'p1', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
        { id: 'p2', deny: false, match: 'START', roles: ['write:pages'], path: 'kb-overvecht/dienstverlening', locales: [] },
      ],
    });
    writer = (await loadUser(knex, await insertUser(knex, { email: 'w@example.org', name: 'W', groups: [editors] }))) as HostUser;
    reader = (await loadUser(knex, await insertUser(knex, { email: 'r@example.org', name: 'R', groups: [readers] }))) as HostUser;
    limited = { ...((await loadUser(knex, await insertUser(knex, { email: 'l@example.org', name: 'L', groups: [partial] }))) as HostUser), locale: 'en' };
    // The guest may read everything and write under one path only (a page rule), like `limited`.
    await knex('groups')
      .where('id', GUEST_GROUP_ID)
      .update({
        permissions: JSON.stringify(all),
        pageRules: JSON.stringify([
          { id: 'g1', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
          { id: 'g2', deny: false, match: 'START', roles: ['write:pages'], path: 'openbaar', locales: [] },
        ]),
      });
    ({ schema, guest, chain } = await graphSetup(knex, { host: { siteLocale: 'en' }, authoring: true }));
  });

  it('offers a new agreement in every cell to a writer, with contract §7.1 path start, and in none to a reader', async () => {
    const forWriter = await matrix(writer);
    expect(forWriter.newAgreementPath).to.equal('kb-overvecht');
    expect(forWriter.newAgreementLocale).to.equal('nl');
    for (const cell of forWriter.cells) expect(cell.newAgreementPath).to.equal(`kb-overvecht/${cell.column ?? cell.chapter}`);
    const forReader = await matrix(reader);
    expect(forReader.newAgreementPath).to.equal(null);
    expect(forReader.cells.every((c) => c.newAgreementPath === null)).to.equal(true);
  });

  it('follows write page rules: only the cells of the column the reader may write offer the action', async () => {
    const offered = (await matrix(limited)).cells.filter((c) => c.newAgreementPath !== null).map((c) => `${c.column}/${c.layer}`);
    expect(offered).to.deep.equal(['dienstverlening/normen', 'dienstverlening/werkafspraken', 'dienstverlening/techniek']);
    const forGuest = await matrix(guest);
    expect(forGuest.newAgreementPath).to.equal(null);
    expect(forGuest.cells.filter((c) => c.newAgreementPath !== null)).to.deep.equal([]);
  });

  it('creates an agreement in an empty cell: tags, body, locale of the system page, suggested path; the matrix counts it at once', async () => {
    const before = await matrix(writer);
    const empty = before.cells.find((c) => c.count === 0 && c.column !== null) as Cell;
    expect(empty, 'an empty column cell in the example').to.not.equal(undefined);
    const result = await create(writer, {
      system: 'kb-overvecht',
      chapter: empty.chapter,
      column: empty.column,
      layer: empty.layer,
      title: '  Overleg über Zorg & Welzijn!  ',
      themes: ['solk'],
      parties: ['Huisartsen', 'buurtteam'],
    });
    const expectedPath = `kb-overvecht/${empty.column}/overleg-uber-zorg-welzijn`;
    expect(result).to.include({ succeeded: true, errorCode: null, path: expectedPath, locale: 'nl' });
    const page = (await row(expectedPath)) as PageRow;
    expect(page.title).to.equal('Overleg über Zorg & Welzijn!');
    expect(page.content).to.equal('# Overleg über Zorg \\& Welzijn\\!\n\n```afspraak\neigenaar:\nherzien-voor:\n```\n');
    expect(page.editorKey).to.equal('markdown');
    expect(page.contentType).to.equal('markdown');
    expect(await readPageTags(knex, page.id)).to.have.members([
      'stelsel:kb-overvecht',
      `kolom:${empty.column}`,
      `laag:${empty.layer}`,
      'status:concept',
      'thema:solk',
      'partij:huisartsen',
      'partij:buurtteam',
    ]);
    const after = (await matrix(writer)).cells.find((c) => c.chapter === empty.chapter && c.column === empty.column && c.layer === empty.layer) as Cell;
    expect(after.count).to.equal(1);
    expect(after.agreements.map((a) => a.pageId)).to.deep.equal([page.id]);
  });

  it('creates a chapter-wide agreement with a hoofdstuk tag, and an unplaced one from "Niet ingedeeld", with gebaseerd-op', async () => {
    const wide = await create(writer, { system: 'kb-overvecht', chapter: 'kwaliteit', layer: 'normen', title: 'Breed', status: 'vastgesteld' });
    expect(wide).to.include({ succeeded: true, path: 'kb-overvecht/kwaliteit/breed' });
    expect(await readPageTags(knex, (await row('kb-overvecht/kwaliteit/breed'))!.id)).to.have.members(['stelsel:kb-overvecht', 'hoofdstuk:kwaliteit', 'laag:normen', 'status:vastgesteld']);
    const loose = await create(writer, { system: 'kb-overvecht', title: 'Los', basedOn: '/kb-noordwest/leren/samenwerking-in-beeld/' });
    expect(loose).to.include({ succeeded: true, path: 'kb-overvecht/los' });
    const page = (await row('kb-overvecht/los')) as PageRow;
    expect(page.content).to.equal('# Los\n\n```afspraak\neigenaar:\nherzien-voor:\ngebaseerd-op: "kb-noordwest/leren/samenwerking-in-beeld"\n```\n');
    expect(await readPageTags(knex, page.id)).to.have.members(['stelsel:kb-overvecht', 'status:concept']);
    expect((await matrix(writer)).unplaced.map((u) => u.pageId)).to.include(page.id);
  });

  it("answers open handover items with 'Nieuwe afspraak': basedOn as /<locale>/path, /path or path; each item is adopted then", async () => {
    const HANDOVER = `{ agreements { handover(reference: "kb-overvecht", receiver: "kb-kanaleneiland") { open adopted
      cells { chapter column layer items { agreement { title path locale } status newPath answeredBy { title } } } } } }`;
    type Item = { agreement: { title: string; path: string; locale: string }; status: string; newPath: string | null; answeredBy: Array<{ title: string }> };
    type Handover = { open: number; adopted: number; cells: Array<{ chapter: string; column: string | null; layer: string; items: Item[] }> };
    const handover = async () => (await data<{ handover: Handover }>(writer, HANDOVER)).handover;
    const before = await handover();
    const open = before.cells.flatMap((cell) => cell.items.filter((item) => item.status === 'OPEN' && item.newPath !== null).map((item) => ({ cell, item })));
    expect(open.length, 'open items in the example handover').to.be.at.least(3);
    // The three link forms of contract §8.3, the first as the client's handover dialog sends it.
    const forms = [(i: Item) => `/${i.agreement.locale}/${i.agreement.path}`, (i: Item) => `/${i.agreement.path}`, (i: Item) => i.agreement.path];
    const answered = open.slice(0, 3);
    for (const [n, { cell, item }] of answered.entries()) {
      const basedOn = forms[n](item);
      const title = `Ons antwoord ${n + 1}`;
      const created = await create(writer, { system: 'kb-kanaleneiland', chapter: cell.chapter, column: cell.column, layer: cell.layer, title, basedOn, lang: 'nl' });
      expect(created, basedOn).to.include({ succeeded: true, errorCode: null, locale: 'nl' });
    }
    const after = await handover();
    expect([after.open, after.adopted]).to.deep.equal([before.open - 3, before.adopted + 3]);
    const items = after.cells.flatMap((cell) => cell.items);
    for (const [n, { item }] of answered.entries()) {
      const now = items.find((i) => i.agreement.path === item.agreement.path) as Item;
      expect(now.status, item.agreement.path).to.equal('ADOPTED');
      expect(now.answeredBy.map((a) => a.title)).to.include(`Ons antwoord ${n + 1}`);
    }
  });

  it('refuses a basedOn link that names no page Wiki.js could hold, naming the field', async () => {
    const refusals: Array<[string, string]> = [
      ['/nl/', "Ongeldig pad '/nl/': het eerste deel van het pad is voor Wiki.js gereserveerd (een enkele letter, een taalcode of een systeemnaam)."],
      ['nl/kb-overvecht/x', "Ongeldig pad 'nl/kb-overvecht/x': het eerste deel van het pad is voor Wiki.js gereserveerd (een enkele letter, een taalcode of een systeemnaam)."],
      ['https://example.org/x', "Ongeldig pad 'https://example.org/x': het pad bevat een teken dat Wiki.js niet toestaat (punt, spatie, \\, ?, #, %, \", <, >, | of //)."],
    ];
    for (const [basedOn, message] of refusals) {
      const result = await create(writer, { system: 'kb-overvecht', title: 'Link', basedOn, lang: 'nl' });
      expect(result, basedOn).to.include({ succeeded: false, errorCode: 'invalid-path', message });
    }
  });

  it('answers a bad argument the same way in every field: a GraphQL error naming it, in the request\'s language, nothing written', async () => {
    const count = await pageCount();
    const long = `kb-overvecht/${'a'.repeat(300)}`;
    const cases: Array<[HostUser, string, Record<string, unknown>, string, string]> = [
      // Before, `placement` answered null here while other fields threw.
      [writer, PLACEMENT, { path: long, locale: 'nl' }, 'path', "Invalid argument 'path': expected a page path of at most 255 characters."],
      [writer, CREATE, { i: { system: 'kb-overvecht', title: 'x'.repeat(1001), lang: 'nl' } }, 'input.title', "Ongeldig argument 'input.title': verwacht tekst van hooguit 1000 tekens."],
      [writer, CREATE, { i: { system: 'kb-overvecht', title: 'Lang pad', path: long } }, 'input.path', "Invalid argument 'input.path': expected a page path of at most 255 characters."],
      [writer, CREATE, { i: { system: 'kb-overvecht', title: 'Veel', themes: Array.from({ length: 51 }, (_, i) => `t${i}`) } }, 'input.themes', "Invalid argument 'input.themes': expected at most 50 values of at most 100 characters each."],
      [writer, CREATE_SYSTEM, { i: { key: 'k'.repeat(101), title: 'X' } }, 'input.key', "Invalid argument 'input.key': expected text of at most 100 characters."],
      [writer, PLACE, { id: 0, p: { systems: ['kb-overvecht'] } }, 'pageId', "Invalid argument 'pageId': expected a whole number from 1 to 2147483647."],
      [writer, PLACE, { id: 1, p: { systems: ['x'.repeat(101)] } }, 'placement.systems', "Invalid argument 'placement.systems': expected at most 50 values of at most 100 characters each."],
      [writer, '{ agreements { pageContext(path: "x", locale: "") { pageId } } }', {}, 'locale', "Invalid argument 'locale': expected a key of 1 to 100 characters."],
      // A reader whose language nobody knows gets both.
      [
        { ...writer, locale: undefined },
        '{ agreements { maintenance(dueWithinDays: -1) { errors } } }',
        {},
        'dueWithinDays',
        "Ongeldig argument 'dueWithinDays': verwacht een geheel getal van 0 tot en met 36500. / Invalid argument 'dueWithinDays': expected a whole number from 0 to 36500.",
      ],
    ];
    for (const [user, source, variables, argument, message] of cases) {
      const result = await run(user, source, variables);
      expect(result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.argument]), argument).to.deep.equal([[message, 'BAD_USER_INPUT', argument]]);
    }
    expect(await pageCount()).to.equal(count);
  });

  it('checks the sizes of authoring inputs before anything else, and what needs no index before the index', async () => {
    const slashes = `a${'/'.repeat(80_000)}b`;
    for (const [field, input] of [
      ['input.path', { system: 'kb-overvecht', title: 'Pad', path: slashes }],
      ['input.basedOn', { system: 'kb-overvecht', title: 'Pad', basedOn: 'x'.repeat(40_000) }],
      ['input.system', { system: 's'.repeat(40_000), title: 'Pad' }],
      ['input.status', { system: 'kb-overvecht', title: 'Pad', status: 's'.repeat(101) }],
    ] as const) {
      const result = await run(writer, CREATE, { i: input });
      expect(result.errors?.map((e) => e.extensions?.argument), field).to.deep.equal([field]);
    }
    const systemInput = await run(writer, CREATE_SYSTEM, { i: { key: 'kb-x', title: 'X', region: 'r'.repeat(1001) } });
    expect(systemInput.errors?.map((e) => e.extensions?.argument)).to.deep.equal(['input.region']);
    // A theme that is no key is refused before the system is looked up (which would be unknown).
    const both = await create(writer, { system: 'bestaat-niet', title: 'Beide', themes: ['<b>'], lang: 'en' });
    expect(both).to.include({ succeeded: false, errorCode: 'invalid-value', message: "Invalid value '<b>' for 'thema'." });
  });

  it('refuses creation where a page rule withholds write:pages, and a guest without it gets Forbidden', async () => {
    const count = await pageCount();
    const refused = await create(limited, { system: 'kb-overvecht', column: 'leren', layer: 'normen', title: 'Niet hier' });
    expect(refused).to.include({ succeeded: false, errorCode: 'forbidden', pageId: null });
    expect(refused.message).to.equal('You may not write pages here (kb-overvecht/leren/niet-hier).');
    const allowed = await create(limited, { system: 'kb-overvecht', column: 'dienstverlening', layer: 'normen', title: 'Wel hier' });
    expect(allowed).to.include({ succeeded: true, path: 'kb-overvecht/dienstverlening/wel-hier' });
    const byGuest = await create(guest, { system: 'kb-overvecht', column: 'leren', layer: 'normen', title: 'Gast' });
    expect(byGuest.errorCode).to.equal('forbidden');
    const byReader = await run(reader, CREATE, { i: { system: 'kb-overvecht', title: 'Lezer' } });
    expect(byReader.errors?.[0].message).to.equal('Forbidden');
    expect(await pageCount()).to.equal(count + 1);
  });

  it('keeps a <script> title inert, and refuses huge titles, illegal paths, unknown values and duplicates with clear messages', async () => {
    const count = await pageCount();
    const script = await create(writer, { system: 'kb-overvecht', column: 'leren', layer: 'techniek', title: '<script>alert(1)</script>' });
    expect(script).to.include({ succeeded: true, path: 'kb-overvecht/leren/script-alert-1-script' });
    expect((await row('kb-overvecht/leren/script-alert-1-script'))!.content.split('\n')[0]).to.equal('# \\<script\\>alert(1)\\</script\\>');
    const refusals: Array<[Record<string, unknown>, string, string]> = [
      [{ title: 'x'.repeat(256) }, 'title-too-long', 'De titel is te lang (hooguit 255 tekens).'],
      [{ title: ' \n\t ' }, 'title-required', 'Geef een titel op.'],
      [{ title: 'Pad', path: 'kb-overvecht/een pad' }, 'invalid-path', "Ongeldig pad 'kb-overvecht/een pad': het pad bevat een teken dat Wiki.js niet toestaat (punt, spatie, \\, ?, #, %, \", <, >, | of //)."],
      [{ title: 'Pad', path: 'e/nieuw' }, 'invalid-path', "Ongeldig pad 'e/nieuw': het eerste deel van het pad is voor Wiki.js gereserveerd (een enkele letter, een taalcode of een systeemnaam)."],
      [{ title: 'Kolom', column: 'bestaat-niet', layer: 'normen' }, 'invalid-value', "Ongeldige waarde 'bestaat-niet' voor 'kolom'."],
      [{ title: 'Status', status: 'klaar' }, 'invalid-value', "Ongeldige waarde 'klaar' voor 'status'."],
      [{ title: 'Thema', themes: ['<b>'] }, 'invalid-value', "Ongeldige waarde '<b>' voor 'thema'."],
      [{ title: 'Wel hier', path: 'kb-overvecht/dienstverlening/wel-hier' }, 'duplicate', 'Er bestaat al een pagina op kb-overvecht/dienstverlening/wel-hier.'],
      [{ title: 'Stelsel', system: 'bestaat-niet' }, 'unknown-system', "Onbekend afsprakenstelsel 'bestaat-niet'."],
    ];
    for (const [input, code, message] of refusals) {
      const result = await create(writer, { system: 'kb-overvecht', lang: 'nl', ...input });
      expect(result, JSON.stringify(input)).to.include({ succeeded: false, errorCode: code, message });
    }
    expect(await pageCount()).to.equal(count + 1);
  });

  it('creates a system page with its afsprakenstelsel block (markup kept as text), and refuses an existing or invalid key', async () => {
    const result = (await data<{ createAgreementSystem: PageResult }>(writer, CREATE_SYSTEM, { i: { key: 'kb-zuid', title: 'Basiszorg "Zuid"', region: 'Utrecht Zuid' } })).createAgreementSystem;
    expect(result).to.include({ succeeded: true, path: 'kb-zuid', locale: 'en' });
    expect((await row('kb-zuid', 'en'))!.content).to.equal('# Basiszorg "Zuid"\n\n```afsprakenstelsel\nkey: kb-zuid\ntitel: "Basiszorg \\"Zuid\\""\nregio: "Utrecht Zuid"\n```\n');
    const systems = await data<{ systems: Array<{ key: string; title: string; declared: boolean; region: string | null }> }>(writer, '{ agreements { systems { key title declared region } } }');
    expect(systems.systems.find((s) => s.key === 'kb-zuid')).to.deep.equal({ key: 'kb-zuid', title: 'Basiszorg "Zuid"', declared: true, region: 'Utrecht Zuid' });
    const again = (await data<{ createAgreementSystem: PageResult }>(writer, CREATE_SYSTEM, { i: { key: 'kb-overvecht', title: 'Dubbel', lang: 'en' } })).createAgreementSystem;
    expect(again).to.include({ succeeded: false, errorCode: 'system-exists', message: "An agreement system with key 'kb-overvecht' already exists." });
    const badKey = (await data<{ createAgreementSystem: PageResult }>(writer, CREATE_SYSTEM, { i: { key: 'kb zuid!', title: 'X', lang: 'en' } })).createAgreementSystem;
    expect(badKey).to.include({ succeeded: false, errorCode: 'invalid-value', message: "Invalid value 'kb zuid!' for 'key'." });
    const script = (await data<{ createAgreementSystem: PageResult }>(writer, CREATE_SYSTEM, { i: { key: 'kb-script', title: '<script>x</script>', region: '</script>' } })).createAgreementSystem;
    expect(script).to.include({ succeeded: true, path: 'kb-script' });
    expect((await row('kb-script', 'en'))!.content).to.equal('# \\<script\\>x\\</script\\>\n\n```afsprakenstelsel\nkey: kb-script\ntitel: "<script>x</script>"\nregio: "</script>"\n```\n');
  });

  describe('the placement panel', () => {
    const CONTENT = '# Plaatsing\n\nTekst die blijft.\n\n```afspraak\nlaag: werkafspraken\nthema: meer-bewegen\neigenaar: POH\n```\n';
    let pageId: number;
    let original: PageRow;

    before(async () => {
      pageId = await insertPage(knex, {
        path: 'kb-overvecht/plaatsing',
        locale: 'nl',
        title: 'Plaatsing',
        description: 'Een beschrijving',
        content: CONTENT,
        isPublished: true,
        tags: ['stelsel:kb-overvecht', 'System:kb-overvecht', 'kolom:leren', 'layer:normen', 'status:concept', 'thema:solk', 'afdeling:noord', 'wijk', 'kolom:'],
      });
      await knex('pages').where({ id: pageId }).update({ publishStartDate: '2024-01-01T00:00:00.000Z', extra: JSON.stringify({ css: 'p{color:red}', js: '' }) });
      await chain.indexer.indexPages([pageId]);
      original = (await row('kb-overvecht/plaatsing')) as PageRow;
    });

    it('shows the values from tags and those from the afspraak block apart, to writers only', async () => {
      const shown = await data<{ placement: unknown }>(writer, PLACEMENT, { path: 'kb-overvecht/plaatsing', locale: 'nl' });
      expect(shown.placement).to.deep.equal({
        pageId,
        fromTags: { systems: ['kb-overvecht'], columns: ['leren'], chapters: [], layers: ['normen'], statuses: ['concept'], themes: ['solk'], parties: [] },
        fromBlock: { systems: [], columns: [], chapters: [], layers: ['werkafspraken'], statuses: [], themes: ['meer-bewegen'], parties: [] },
      });
      expect((await data<{ placement: unknown }>(reader, PLACEMENT, { path: 'kb-overvecht/plaatsing', locale: 'nl' })).placement).to.equal(null);
      expect((await data<{ placement: unknown }>(limited, PLACEMENT, { path: 'kb-overvecht/plaatsing', locale: 'nl' })).placement).to.equal(null);
    });

    it('replaces exactly the contract tags and keeps everything else as it was; the matrix follows', async () => {
      const result = (
        await data<{ updatePlacement: PageResult }>(writer, PLACE, {
          id: pageId,
          p: { systems: ['kb-overvecht'], columns: ['service-delivery'], layers: ['techniek'], status: 'agreed', parties: ['buurtteam'] },
        })
      ).updatePlacement;
      expect(result).to.include({ succeeded: true, pageId, path: 'kb-overvecht/plaatsing', locale: 'nl' });
      expect(await readPageTags(knex, pageId)).to.have.members(['afdeling:noord', 'wijk', 'stelsel:kb-overvecht', 'kolom:dienstverlening', 'laag:techniek', 'status:vastgesteld', 'partij:buurtteam']);
      const now = (await row('kb-overvecht/plaatsing')) as PageRow;
      for (const field of ['path', 'localeCode', 'title', 'description', 'content', 'contentType', 'editorKey', 'isPublished', 'isPrivate', 'publishStartDate', 'publishEndDate', 'extra'] as const) {
        expect(now[field], field).to.deep.equal(original[field]);
      }
      const cells = (await matrix(writer)).cells.filter((c) => c.agreements.some((a) => a.pageId === pageId)).map((c) => `${c.column}/${c.layer}`);
      // The block's layer still counts: placement merges block and tags (contract §2 rule 9).
      expect(cells).to.have.members(['dienstverlening/techniek', 'dienstverlening/werkafspraken']);
    });

    it('refuses unknown values and readers without write:pages, and leaves the tags alone', async () => {
      const tags = await readPageTags(knex, pageId);
      const bad = (await data<{ updatePlacement: PageResult }>(writer, PLACE, { id: pageId, p: { systems: ['kb-overvecht'], columns: ['nergens'], lang: 'en' } })).updatePlacement;
      expect(bad).to.include({ succeeded: false, errorCode: 'invalid-value', message: "Invalid value 'nergens' for 'kolom'." });
      const refused = (await data<{ updatePlacement: PageResult }>(limited, PLACE, { id: pageId, p: { systems: ['kb-overvecht'] } })).updatePlacement;
      expect(refused).to.include({ succeeded: false, errorCode: 'forbidden' });
      expect((await run(reader, PLACE, { id: pageId, p: { systems: ['kb-overvecht'] } })).errors?.[0].message).to.equal('Forbidden');
      const missing = (await data<{ updatePlacement: PageResult }>(writer, PLACE, { id: 999999, p: { systems: ['kb-overvecht'] } })).updatePlacement;
      expect(missing).to.include({ succeeded: false, errorCode: 'not-found' });
      expect(await readPageTags(knex, pageId)).to.deep.equal(tags);
    });
  });
});
