/**
 * Contract §1 (a framework's labels are content of its page) and §4 (a page outside its
 * publishing window counts as unpublished), through the GraphQL API, for an administrator, a
 * writer and a guest under page rules. Every expectation is written out by hand from the pages
 * below.
 */
import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import type { AgreementIndexer } from '../../server/indexer';
import { executeGraphql } from '../../server/graph/standalone';
import { devChain, devSchema } from '../../dev/chain';
import { PageRulesPolicy, type PageRule } from '../../dev/page-rules';
import type { HostUser } from '../../server/host/types';
import { createWikiSchema, dropWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';

interface Context {
  user?: HostUser;
}

const READ = ['read:pages'];
const WRITE = ['read:pages', 'write:pages'];
const rule = (path: string, roles: string[], deny = false): PageRule => ({ deny, match: 'START', roles, path, locales: [] });
const policy = new PageRulesPolicy([
  { id: 1, permissions: ['manage:system'], pageRules: [] },
  // The guest reads everything but the framework pages under kaders/ and the pages under geheim/.
  { id: 2, permissions: READ, pageRules: [rule('', READ), rule('kaders', READ, true), rule('geheim', READ, true)] },
  { id: 3, permissions: WRITE, pageRules: [rule('', WRITE)] },
]);
const ADMIN: HostUser = { id: 1, groups: [1], locale: 'nl' };
const GUEST: HostUser = { id: 2, groups: [2], locale: 'nl' };
const WRITER: HostUser = { id: 3, groups: [3], locale: 'nl' };

const fence = '```';
const block = (kind: string, lines: string[]) => [`${fence}${kind}`, ...lines, fence].join('\n');
const PLACED = ['kolom:dienstverlening', 'laag:normen'];

/** When the history begins, and the moment every request is asked at (unless a test moves it). */
const HISTORY_START = '2026-11-01T00:00:00.000Z';
const NOW = '2026-12-07T12:00:00.000Z';

describeEachDatabase('visibility: framework labels (contract §1) and publishing windows (§4)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let indexer: AgreementIndexer;
  let now = NOW;
  let timeZone: string | undefined;
  const ids: Record<string, number> = {};

  const data = async <T>(user: HostUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await executeGraphql<Context>(schema, { query, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const errorsOf = async (user: HostUser, query: string) => (await executeGraphql<Context>(schema, { query }, { user })).errors ?? [];
  const page = async (name: string, path: string, tags: string[], extra: { content?: string; publishStartDate?: string; publishEndDate?: string; isPublished?: boolean } = {}) => {
    ids[name] = await insertPage(knex, { path, locale: 'nl', title: name, tags, content: extra.content ?? `# ${name}`, publishStartDate: extra.publishStartDate, publishEndDate: extra.publishEndDate, isPublished: extra.isPublished, updatedAt: '2026-10-01T00:00:00.000Z' });
  };
  /** The pages of kb's matrix the user sees, by name, cells and unplaced together. */
  const kbPages = async (user: HostUser, asOf?: string): Promise<string[]> => {
    const { matrix } = await data<{ matrix: { cells: Array<{ agreements: Array<{ title: string }> }>; unplaced: Array<{ title: string }> } }>(
      user,
      'query($d: String) { agreements { matrix(system: "kb", asOf: $d) { cells { agreements { title } } unplaced { title } } } }',
      { d: asOf ?? null },
    );
    return [...new Set([...matrix.cells.flatMap((c) => c.agreements.map((a) => a.title)), ...matrix.unplaced.map((a) => a.title)])].sort();
  };

  before(async function () {
    this.timeout(120000);
    // Dates without a time are the server's local midnight: the expectations below are in UTC.
    timeZone = process.env.TZ;
    process.env.TZ = 'UTC';
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    const chain = await devChain(knex, policy, { historyNow: () => HISTORY_START, today: () => NOW.slice(0, 10), now: () => now });
    indexer = chain.indexer;

    // Frameworks: zorgkader (its page hidden from the guest) used by wijk-a, whose pages the
    // guest reads; geheimkader (hidden too) used only by wijk-geheim, hidden from the guest.
    const framework = (key: string, title: string) =>
      block('afsprakenkader', [`key: ${key}`, `titel: { nl: ${title}, en: ${title} EN }`, 'hoofdstukken:', '  - key: zorg', '    titel: { nl: Zorg, en: Care }', '    kolommen:', '      - key: thuis', '        titel: { nl: Thuis, en: Home }', 'lagen:', '  - key: basis', '    titel: { nl: Basis, en: Base }']);
    await page('Zorgkader', 'kaders/zorgkader', [], { content: framework('zorgkader', 'Zorgkader') });
    await page('Geheimkader', 'kaders/geheimkader', [], { content: framework('geheimkader', 'Geheimkader') });
    await page('Wijk A', 'wijk-a', [], { content: block('afsprakenstelsel', ['key: wijk-a', 'titel: Wijk A', 'kader: zorgkader']) });
    await page('Thuiszorg', 'wijk-a/thuiszorg', ['stelsel:wijk-a', 'kolom:thuis', 'laag:basis', 'status:vastgesteld']);
    await page('Wijk geheim', 'geheim/wijk', [], { content: block('afsprakenstelsel', ['key: wijk-geheim', 'titel: Wijk geheim', 'kader: geheimkader']) });
    await page('Geheime afspraak', 'geheim/wijk/afspraak', ['stelsel:wijk-geheim', 'kolom:thuis', 'laag:basis']);

    // Publishing windows, around NOW (2026-12-07 12:00 UTC). The server's time zone is UTC here,
    // so a day without a time is midnight UTC at its start.
    await page('KB', 'kb', [], { content: block('afsprakenstelsel', ['key: kb', 'titel: KB']) });
    await page('Open', 'kb/open', ['stelsel:kb', ...PLACED, 'status:vastgesteld']);
    await page('Lege datums', 'kb/lege-datums', ['stelsel:kb', ...PLACED], { publishStartDate: '', publishEndDate: '' });
    await page('Toekomst', 'kb/toekomst', ['stelsel:kb', ...PLACED, 'thema:later', 'partij:nieuwkomer'], { publishStartDate: '2026-12-10' });
    await page('Gestart', 'kb/gestart', ['stelsel:kb', ...PLACED], { publishStartDate: '2026-12-01T00:00:00.000Z' });
    await page('Verlopen', 'kb/verlopen', ['stelsel:kb', 'kolom:onbekend', 'laag:normen'], {
      publishEndDate: '2026-12-05T00:00:00.000Z',
      content: `# Verlopen\n\n${block('afspraak', ['herzien-voor: 2026-01-01'])}`,
    });
    await page('Start precies nu', 'kb/start-nu', ['stelsel:kb', ...PLACED], { publishStartDate: NOW });
    await page('Eind precies nu', 'kb/eind-nu', ['stelsel:kb', ...PLACED], { publishEndDate: NOW });
    await page('Einddag vandaag', 'kb/einddag', ['stelsel:kb', ...PLACED], { publishEndDate: '2026-12-07' });
    await page('Einddag morgen', 'kb/einddag-morgen', ['stelsel:kb', ...PLACED], { publishEndDate: '2026-12-08' });
    await page('Onleesbaar', 'kb/onleesbaar', ['stelsel:kb', ...PLACED], { publishStartDate: 'morgen' });
    await page('Niet gepubliceerd', 'kb/niet', ['stelsel:kb', ...PLACED], { isPublished: false, publishStartDate: '2026-01-01' });
    // A system only a page outside its window names.
    await page('Later systeem', 'later/afspraak', ['stelsel:kb-later', ...PLACED], { publishStartDate: '2027-01-01' });

    await indexer.reconcile();
    schema = devSchema<Context>(chain, (user) => policy.permissionsOf(user));
  });

  beforeEach(() => {
    now = NOW;
  });

  after(() => {
    if (timeZone === undefined) delete process.env.TZ;
    else process.env.TZ = timeZone;
  });

  describe('framework labels per reader (§1)', () => {
    const FRAMEWORKS = '{ agreements { frameworks { key pagePath labels { nl en } chapters { key labels { nl en } columns { key labels { nl en } } } layers { key labels { nl en } } } } }';
    const keyed = (key: string) => ({ nl: key, en: key });

    it('gives the administrator every framework with its labels and page', async () => {
      const { frameworks } = await data<{ frameworks: Array<{ key: string; pagePath: string | null; labels: unknown; chapters: Array<{ labels: unknown; columns: Array<{ labels: unknown }> }> }> }>(ADMIN, FRAMEWORKS);
      expect(frameworks.map((f) => [f.key, f.pagePath])).to.deep.equal([
        ['werkende-afspraken', null],
        ['zorgkader', 'kaders/zorgkader'],
        ['geheimkader', 'kaders/geheimkader'],
      ]);
      const zorg = frameworks[1];
      expect(zorg.labels).to.deep.equal({ nl: 'Zorgkader', en: 'Zorgkader EN' });
      expect(zorg.chapters[0].labels).to.deep.equal({ nl: 'Zorg', en: 'Care' });
      expect(zorg.chapters[0].columns[0].labels).to.deep.equal({ nl: 'Thuis', en: 'Home' });
    });

    it('gives the guest keys in place of the labels of a framework on a page it may not read, listed only because a system it sees uses it', async () => {
      const { frameworks } = await data<{ frameworks: unknown[] }>(GUEST, FRAMEWORKS);
      expect(frameworks).to.have.length(2);
      expect((frameworks[0] as { key: string; labels: unknown }).key).to.equal('werkende-afspraken');
      expect((frameworks[0] as { labels: unknown }).labels).to.deep.equal({ nl: 'Werkende afspraken', en: 'Working agreements' });
      expect(frameworks[1]).to.deep.equal({
        key: 'zorgkader',
        pagePath: null,
        labels: keyed('zorgkader'),
        chapters: [{ key: 'zorg', labels: keyed('zorg'), columns: [{ key: 'thuis', labels: keyed('thuis') }] }],
        layers: [{ key: 'basis', labels: keyed('basis') }],
      });
    });

    it('keeps the structure for the guest: the system\'s matrix counts in the framework\'s cells, its detail with keys', async () => {
      const query = '{ agreements { matrix(system: "wijk-a") { system { framework frameworkDetail { labels { nl } chapters { labels { en } } } } cells { chapter column layer count } } } }';
      const guest = await data<{ matrix: { system: unknown; cells: unknown[] } }>(GUEST, query);
      expect(guest.matrix.system).to.deep.equal({ framework: 'zorgkader', frameworkDetail: { labels: { nl: 'zorgkader' }, chapters: [{ labels: { en: 'zorg' } }] } });
      expect(guest.matrix.cells).to.deep.equal([
        { chapter: 'zorg', column: 'thuis', layer: 'basis', count: 1 },
        { chapter: 'zorg', column: null, layer: 'basis', count: 0 },
      ]);
      const admin = await data<{ matrix: { system: unknown; cells: unknown[] } }>(ADMIN, query);
      expect(admin.matrix.system).to.deep.equal({ framework: 'zorgkader', frameworkDetail: { labels: { nl: 'Zorgkader' }, chapters: [{ labels: { en: 'Care' } }] } });
      expect(admin.matrix.cells).to.deep.equal(guest.matrix.cells);
    });

    it('answers overview(framework:) with keys for the guest, and not at all for a framework no system it sees uses', async () => {
      const query = (key: string) => `{ agreements { overview(framework: "${key}") { frameworkDetail { labels { nl } chapters { columns { labels { nl } } } } systems { system { key } } } } }`;
      const guest = await data<{ overview: unknown }>(GUEST, query('zorgkader'));
      expect(guest.overview).to.deep.equal({ frameworkDetail: { labels: { nl: 'zorgkader' }, chapters: [{ columns: [{ labels: { nl: 'thuis' } }] }] }, systems: [{ system: { key: 'wijk-a' } }] });
      const admin = await data<{ overview: unknown }>(ADMIN, query('geheimkader'));
      expect(admin.overview).to.deep.equal({ frameworkDetail: { labels: { nl: 'Geheimkader' }, chapters: [{ columns: [{ labels: { nl: 'Thuis' } }] }] }, systems: [{ system: { key: 'wijk-geheim' } }] });
      const errors = await errorsOf(GUEST, query('geheimkader'));
      expect(errors).to.have.length(1);
      expect(JSON.stringify(errors)).not.to.contain('Geheimkader');
    });
  });

  describe('publishing windows (§4)', () => {
    const INSIDE = ['Eind precies nu', 'Einddag morgen', 'Gestart', 'Lege datums', 'Open', 'Start precies nu'];
    const OUTSIDE = ['Einddag vandaag', 'Niet gepubliceerd', 'Onleesbaar', 'Toekomst', 'Verlopen'];

    it('counts for the guest only the pages inside their window, boundaries inclusive, a day\'s end date excluding that day', async () => {
      expect(await kbPages(GUEST)).to.deep.equal(INSIDE);
    });

    it('counts every page for the administrator and for a writer, as unpublished pages', async () => {
      expect(await kbPages(ADMIN)).to.deep.equal([...INSIDE, ...OUTSIDE].sort());
      expect(await kbPages(WRITER)).to.deep.equal([...INSIDE, ...OUTSIDE].sort());
    });

    it('leaves pages outside their window out of every answer to the guest: counts, systems, issues, facets, upkeep', async () => {
      const guest = await data<{ systems: Array<{ key: string; agreementCount: number }>; validate: Array<{ pagePath: string }>; search: { total: number; facets: Array<{ field: string; values: Array<{ value: string }> }> }; maintenance: { overdue: unknown[] } }>(
        GUEST,
        '{ agreements { systems { key agreementCount } validate(system: "kb") { pagePath } search(text: "") { total facets { field values { value } } } maintenance(system: "kb") { overdue { agreement { title } } } } }',
      );
      expect(guest.systems.map((s) => [s.key, s.agreementCount])).to.deep.equal([['kb', 6], ['wijk-a', 1]]);
      expect(guest.validate.map((i) => i.pagePath)).not.to.include('kb/verlopen');
      expect(guest.search.total).to.equal(7);
      const values = guest.search.facets.flatMap((f) => f.values.map((v) => `${f.field}:${v.value}`));
      expect(values).not.to.include('theme:later');
      expect(values).not.to.include('party:nieuwkomer');
      expect(guest.maintenance.overdue).to.deep.equal([]);

      const admin = await data<typeof guest>(
        ADMIN,
        '{ agreements { systems { key agreementCount } validate(system: "kb") { pagePath } search(text: "") { total facets { field values { value } } } maintenance(system: "kb") { overdue { agreement { title } } } } }',
      );
      expect(admin.systems.map((s) => [s.key, s.agreementCount]).sort()).to.deep.equal([['kb', 11], ['kb-later', 1], ['wijk-a', 1], ['wijk-geheim', 1]]);
      expect(admin.validate.map((i) => i.pagePath)).to.include('kb/verlopen');
      expect(admin.search.facets.flatMap((f) => f.values.map((v) => `${f.field}:${v.value}`))).to.include.members(['theme:later', 'party:nieuwkomer']);
      expect(admin.maintenance.overdue).to.deep.equal([{ agreement: { title: 'Verlopen' } }]);
    });

    it('lets a page start and stop counting as its dates pass, with no write and no reindex', async () => {
      now = '2026-12-09T23:59:59.999Z';
      expect(await kbPages(GUEST), 'a moment before Toekomst starts').not.to.include('Toekomst');
      now = '2026-12-10T00:00:00.000Z';
      expect(await kbPages(GUEST), 'Toekomst starts').to.include('Toekomst');
      now = '2026-12-08T00:00:00.000Z';
      expect(await kbPages(GUEST), 'at the very start of its end day').to.include('Einddag morgen');
      now = '2026-12-08T00:00:00.001Z';
      expect(await kbPages(GUEST), 'a millisecond into its end day').not.to.include('Einddag morgen');
      now = '2027-01-01T00:00:00.000Z';
      const { systems } = await data<{ systems: Array<{ key: string }> }>(GUEST, '{ agreements { systems { key } } }');
      expect(systems.map((s) => s.key)).to.include('kb-later');
    });

    it('judges the window at the moment asked about in matrix(asOf)', async () => {
      // Gestart starts 2026-12-01 00:00 UTC; Verlopen ends 2026-12-05 00:00 UTC.
      // Before 2026-12-07 12:00, Eind precies nu and Einddag vandaag are inside, Start precies nu is not.
      expect(await kbPages(GUEST, '2026-11-30T23:59:59.999Z')).to.deep.equal(['Eind precies nu', 'Einddag morgen', 'Einddag vandaag', 'Lege datums', 'Open', 'Verlopen']);
      expect(await kbPages(GUEST, '2026-12-01T00:00:00.000Z')).to.deep.equal(['Eind precies nu', 'Einddag morgen', 'Einddag vandaag', 'Gestart', 'Lege datums', 'Open', 'Verlopen']);
      expect(await kbPages(GUEST, '2026-12-05T00:00:00.000Z')).to.include('Verlopen');
      expect(await kbPages(GUEST, '2026-12-05')).to.deep.equal(['Eind precies nu', 'Einddag morgen', 'Einddag vandaag', 'Gestart', 'Lege datums', 'Open']);
      expect(await kbPages(ADMIN, '2026-12-05')).to.include.members(['Verlopen', 'Toekomst', 'Onleesbaar']);
    });

    it('notices a window changed without any other change at the next reconciliation', async () => {
      // Only the dates change: no content, no updatedAt, as a direct edit of Wiki.js's table would.
      await knex('pages').where({ id: ids.Open }).update({ publishEndDate: '2026-12-01' });
      await knex('pages').where({ id: ids.Toekomst }).update({ publishStartDate: '' });
      expect(await kbPages(GUEST), 'before reconciliation').to.include('Open');
      const result = await indexer.reconcile();
      expect(result.updated).to.equal(2);
      const pages = await kbPages(GUEST);
      expect(pages).not.to.include('Open');
      expect(pages).to.include('Toekomst');
    });
  });
});
