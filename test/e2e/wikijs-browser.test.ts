/**
 * The client bundle inside a real Wiki.js 2.5 (WIKIJS_DIR), in Debian's Chromium: the matrix and
 * metadata card on a system page, the sidebar and breadcrumb on an agreement page, the comparison
 * view, a guest under a page rule, no console errors, an admin area without the extension, and
 * screenshots (test-output/screenshots/wikijs-*.png).
 */
import { expect } from 'chai';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { WikiTabs } from '../support/wikijs-tabs';
import { extractPageFacts, systemsOf, type SourcePage } from '../../server/domain';
import { cellDifference } from '../../server/domain/compare';
import type { ComparisonCell as DomainComparisonCell } from '../../server/domain/types';
import { readFolder } from '../../server/cli/read-folder';
import { launch, screenshot } from '../browser/support';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness, type NewPage } from '../support/wikijs-harness';

interface Cell {
  chapter: string;
  column: string | null;
  layer: string;
  state: string;
  count: number;
  agreements: Array<{ title: string }>;
}

const CELL = 'chapter column layer state count coveredByChapter agreements { title path locale status }';
const MATRIX = `query($s: String!) { agreements { matrix(system: $s) { system { title } cells { ${CELL} } unplaced { title } } } }`;
const COMPARE = `query($a: String!, $b: String!) { agreements { compare(a: $a, b: $b) {
  cells { chapter column layer a { ${CELL} } b { ${CELL} } onlyInA { title } onlyInB { title } shared { title } } } } }`;

const SYSTEM = 'kb-overvecht';
const PARTNER = 'kb-noordwest';
const COMPARISON = 'kb-overvecht/vergelijking-noord-west';
const ORDINARY = 'algemeen/gewone-pagina';
/** The guest rule: nothing under this prefix may be read. */
const DENIED_PREFIX = 'kb-overvecht/kern';
/** Any markup of the extension. */
const EXTENSION_MARKUP = `[class*="afsprakenwiki"], [class^="afw"], [class*=" afw"], script[src*="afsprakenwiki"]`;

const cellId = (cell: { chapter: string; column: string | null; layer: string }) => `${cell.chapter}|${cell.column ?? '*'}|${cell.layer}`;

/**
 * About ten example pages: both system pages, the comparison page, one shared gedeeld/ page, three
 * Overvecht agreements (two under kern/, which the guest rule denies), two Noordwest agreements,
 * and one ordinary page without tags or blocks.
 */
function pagesToCreate(): SourcePage[] {
  const { pages } = readFolder(path.resolve(__dirname, '../../examples'));
  const facts = pages.map(extractPageFacts);
  const byPath = (p: string) => pages.find((page) => page.path === p) as SourcePage;
  const only = (key: string) => pages.filter((_, i) => systemsOf(facts[i]).length === 1 && systemsOf(facts[i])[0] === key && facts[i].systemDeclarations.length === 0);
  const overvecht = only(SYSTEM);
  const kern = overvecht.filter((p) => p.path.startsWith(`${DENIED_PREFIX}/`)).slice(0, 2);
  const elsewhere = overvecht.filter((p) => !p.path.startsWith(`${DENIED_PREFIX}/`) && p.path !== COMPARISON).slice(0, 1);
  const shared = pages.find((p, i) => p.path.startsWith('gedeeld/') && systemsOf(facts[i]).includes(SYSTEM) && systemsOf(facts[i]).includes(PARTNER)) as SourcePage;
  const ordinary: SourcePage = {
    id: 0,
    path: ORDINARY,
    locale: 'nl',
    title: 'Gewone pagina',
    content: '# Gewone pagina\n\nEen pagina zonder afspraken, tags of blokken.\n\n- een\n- twee\n',
    tags: [],
    isPublished: true,
  };
  return [byPath(SYSTEM), byPath(PARTNER), byPath(COMPARISON), shared, ...kern, ...elsewhere, ...only(PARTNER).slice(0, 2), ordinary];
}

describe('Afsprakenwiki in a real Wiki.js 2.5 (browser)', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;
  let browser: Browser | undefined;
  const created: SourcePage[] = [];
  const tabs = new WikiTabs(() => wiki as WikiHarness, () => browser as Browser);

  const harness = () => wiki as WikiHarness;
  const api = async <T>(query: string, variables: Record<string, unknown>, asAdmin = true): Promise<T> => {
    const result = await harness().graphql<{ agreements: T }>(query, variables, asAdmin);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const matrix = (system: string, asAdmin = true) => api<{ matrix: { system: { title: string }; cells: Cell[]; unplaced: unknown[] } }>(MATRIX, { s: system }, asAdmin).then((a) => a.matrix);

  /** A fresh light-theme tab at 1400 px, as the administrator (Wiki.js's `jwt` cookie) or as a guest. */
  const open = (pagePath: string, asAdmin = true): Promise<Page> => tabs.open(pagePath, asAdmin ? 'admin' : 'guest', { colorScheme: 'light' });

  /** The matrix cells as the page shows them. */
  const domCells = (page: Page) =>
    page.evaluate(`Array.from(document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell')).map((td) => ({
      id: td.dataset.cell, state: td.dataset.state, count: Number(td.dataset.count) }))`) as Promise<Array<{ id: string; state: string; count: number }>>;
  const waitForMatrix = async (page: Page) => {
    await page.waitForSelector('.afsprakenwiki-matrix td.afw-cell', { timeout: 20000 });
    await page.waitForFunction(`document.querySelector('.afw-matrix')?.getAttribute('aria-busy') === 'false'`, undefined, { timeout: 20000 });
    await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]', { timeout: 20000 });
  };
  const expectMatrixShown = async (page: Page, cells: Cell[]) => {
    const shown = await domCells(page);
    expect(shown.map((c) => c.id)).to.have.members(cells.map(cellId));
    const byId = new Map(shown.map((c) => [c.id, c]));
    for (const cell of cells) {
      expect(byId.get(cellId(cell))?.count, `count of ${cellId(cell)}`).to.equal(cell.count);
      expect(byId.get(cellId(cell))?.state, `state of ${cellId(cell)}`).to.equal(cell.state);
    }
  };
  const settle = (page: Page) => page.waitForTimeout(400); // Vuetify's transitions, before a screenshot

  before(async function () {
    wiki = await startedWiki(this, { browser: true });
    await wiki.prepareForBrowser('nl');
    for (const page of pagesToCreate()) {
      const fields: NewPage = { path: page.path, locale: page.locale, title: page.title, content: page.content, tags: page.tags };
      created.push({ ...page, id: await wiki.createPage(fields) });
    }
    browser = await launch();
  });

  afterEach(() => tabs.closeAll());

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
    else await wiki?.stop();
  });

  tabs.it('shows the administrator the system page’s metadata card and the matrix with the counts and states of agreements.matrix', async () => {
    const data = await matrix(SYSTEM);
    expect(data.cells.reduce((n, c) => n + c.count, 0)).to.be.greaterThan(0);
    const page = await open(`/nl/${SYSTEM}`);
    const card = page.locator('.afsprakenwiki-system .afsprakenwiki-card');
    expect(await card.count()).to.equal(1);
    expect(await card.textContent()).to.contain(data.system.title);
    await waitForMatrix(page);
    await expectMatrixShown(page, data.cells);
    const filled = data.cells.filter((c) => c.count > 0);
    expect(filled.length, 'cells with agreements').to.be.greaterThan(1);
    for (const cell of filled.slice(0, 3)) {
      const titles = await page.locator(`.afsprakenwiki-matrix td.afw-cell[data-cell="${cellId(cell)}"] .afw-agreement__link`).allTextContents();
      expect(titles.map((t) => t.trim()), cellId(cell)).to.deep.equal(cell.agreements.map((a) => a.title));
    }
    // Wiki.js's page styles put a '▸' before every list item in the contents; the matrix's lists have none.
    const markers = await page.evaluate(`Array.from(document.querySelectorAll('.afsprakenwiki-matrix li')).map((li) => getComputedStyle(li, '::before').content)`);
    expect(markers as string[]).to.have.length.greaterThan(0);
    expect(new Set(markers as string[])).to.deep.equal(new Set(['none']));
    await settle(page);
    await screenshot(page, 'wikijs-system-matrix');
  });

  tabs.it('asks for the matrix’s first view while Wiki.js is still booting, before its page-ready', async () => {
    const context = await tabs.context('admin');
    // Marks Wiki.js's boot events and the moment the first matrix request is sent.
    await context.addInitScript(`(() => {
      let boot;
      Object.defineProperty(window, 'boot', { configurable: true, get: () => boot, set: (value) => {
        boot = value;
        const notify = value.notify;
        value.notify = function (event) { performance.mark('boot:' + event); return notify.apply(this, arguments); };
      } });
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (body) {
        if (typeof body === 'string' && body.includes('AfwMatrix') && window.__afwMatrixSent === undefined) {
          window.__afwMatrixSent = { at: performance.now(), first: JSON.parse(body).variables.first };
        }
        return send.apply(this, arguments);
      };
    })()`);
    const page = await context.newPage();
    await page.goto(`${harness().url}/nl/${SYSTEM}`);
    await waitForMatrix(page);
    const timing = (await page.evaluate(`({ sent: window.__afwMatrixSent, ready: performance.getEntriesByName('boot:page-ready')[0]?.startTime })`)) as {
      sent?: { at: number; first: number };
      ready?: number;
    };
    expect(timing.ready, 'page-ready').to.be.a('number');
    expect(timing.sent?.first, 'the first view asks for the first five of each cell').to.equal(5);
    expect(timing.sent?.at).to.be.below(timing.ready as number);
  });

  tabs.it('styles the metadata card with the rendering styles (client/render.css)', async () => {
    const page = await open(`/nl/${SYSTEM}`);
    const card = page.locator('.afsprakenwiki-system .afsprakenwiki-card');
    await card.waitFor({ timeout: 20000 });
    await page.waitForSelector('.afw-sidebar', { timeout: 20000 }); // the bundle has run
    const style = (await page.evaluate(`(() => {
      const s = getComputedStyle(document.querySelector('.afsprakenwiki-system .afsprakenwiki-card'));
      return { border: s.borderLeftWidth, padding: s.paddingLeft };
    })()`)) as { border: string; padding: string };
    expect(style, 'card styled as client/render.css says (border-left 4px, padding 16px)').to.deep.equal({ border: '4px', padding: '16px' });
  });

  tabs.it('shows the framework sidebar in Wiki.js’s navigation drawer, with the current page highlighted, and the breadcrumb', async () => {
    const agreement = created.find((p) => p.path.startsWith(`${DENIED_PREFIX}/`)) as SourcePage;
    const page = await open(`/${agreement.locale}/${agreement.path}`);
    await page.waitForSelector('.v-navigation-drawer .afw-sidebar [role="tree"]', { timeout: 20000 });
    const current = page.locator('.afw-sidebar [aria-current="page"]');
    await current.waitFor({ timeout: 10000 });
    expect((await current.textContent())?.trim()).to.contain(agreement.title);
    expect(await current.getAttribute('class')).to.contain('afw-tree__item--current');
    expect(await page.locator('.afw-sidebar .afw-sidebar__system').textContent()).to.contain((await matrix(SYSTEM)).system.title);
    const breadcrumb = page.locator('.afw-breadcrumb');
    await breadcrumb.first().waitFor({ timeout: 10000 });
    expect(await page.evaluate(`Boolean(document.querySelector('.v-main .afw-breadcrumb'))`), 'breadcrumb in the page body').to.equal(true);
    expect(await breadcrumb.first().textContent()).to.contain((await matrix(SYSTEM)).system.title);
    await settle(page);
    await screenshot(page, 'wikijs-agreement-sidebar-breadcrumb');
  });

  tabs.it('shows the comparison page’s cells and highlights exactly those where the systems differ', async () => {
    const data = (await api<{ compare: { cells: DomainComparisonCell[] } }>(COMPARE, { a: SYSTEM, b: PARTNER })).compare;
    const expected = Object.fromEntries(data.cells.map((cell) => [cellId(cell), cellDifference(cell)]));
    expect(Object.values(expected).filter((d) => d !== 'same').length, 'differing cells').to.be.greaterThan(0);
    const page = await open(`/nl/${COMPARISON}`);
    await page.waitForSelector('.afsprakenwiki-comparison td.afw-cmp', { timeout: 20000 });
    const shown = (await page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('.afsprakenwiki-comparison td.afw-cmp'))
      .map((td) => [td.dataset.cell, td.dataset.difference]))`)) as Record<string, string>;
    expect(shown).to.deep.equal(expected);
    await settle(page);
    await screenshot(page, 'wikijs-comparison');
  });

  tabs.it('gives a writer the upkeep tab on the system page, listing what agreements.maintenance answers (contract §10)', async () => {
    type Item = { agreement: { title: string } };
    const lists = ['overdue', 'dueSoon', 'withoutOwner', 'stale', 'unplaced'] as const;
    const upkeep = (
      await api<{ maintenance: Record<(typeof lists)[number], Item[]> }>(
        `query($s: String) { agreements { maintenance(system: $s) { ${lists.map((l) => `${l} { agreement { title } }`).join(' ')} } } }`,
        { s: SYSTEM },
      )
    ).maintenance;
    expect(upkeep.withoutOwner.length, 'the pages made here name no owner').to.be.greaterThan(0);
    const page = await open(`/nl/${SYSTEM}`);
    await waitForMatrix(page);
    await page.getByRole('tab', { name: 'Onderhoud' }).click();
    await page.waitForSelector('.afw-system-tabs .afw-maintenance[aria-busy="false"] section[data-list]', { timeout: 20000 });
    const shown = (await page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('.afw-system-tabs section[data-list]')).map((section) =>
      [section.dataset.list, Array.from(section.querySelectorAll('tbody tr td:first-child a')).map((a) => a.textContent.trim())]))`)) as Record<string, string[]>;
    expect(shown).to.deep.equal(Object.fromEntries(lists.map((l) => [l, upkeep[l].map((i) => i.agreement.title)])));
    await settle(page);
    await screenshot(page, 'wikijs-upkeep-tab');
  });

  tabs.it('lists the agreements made today under "Recent gewijzigd", on the first day of the history', async () => {
    const { startsAt } = (await api<{ history: { startsAt: string } }>('{ agreements { history { startsAt } } }', {})).history;
    const since = (
      await api<{ changes: { changes: Array<{ kind: string; agreement: { title: string } }> } }>(
        'query($s: String!, $since: String!) { agreements { changes(system: $s, since: $since) { changes { kind agreement { title } } } } }',
        { s: SYSTEM, since: startsAt },
      )
    ).changes.changes;
    expect(since.length, 'pages made in this run').to.be.greaterThan(0);
    const page = await open(`/nl/${SYSTEM}`);
    await page.waitForSelector('[data-recent-changes] li.afw-change', { timeout: 20000 });
    const shown = (await page.evaluate(`Array.from(document.querySelectorAll('[data-recent-changes] li.afw-change')).map((li) => [li.dataset.kind, li.querySelector('.afw-change__title').textContent.trim()])`)) as Array<[string, string]>;
    expect(shown).to.deep.equal(since.slice(0, 8).map((c) => [c.kind, c.agreement.title]));
  });

  tabs.it('compares the system with an earlier state and lists the changes since (contract §9)', async () => {
    // A wiki whose history began before these pages were made: its start is moved back, so the
    // state of 2026-06-01 is a system without agreements, and every page made here is ADDED since.
    const knex = harness().openDatabase();
    try {
      await knex('agr_meta').where({ key: 'history.startsAt' }).update({ value: '2026-01-01T00:00:00.000Z' });
    } finally {
      await knex.destroy();
    }
    const since = '2026-06-01';
    const changes = (
      await api<{ changes: { changes: Array<{ kind: string; agreement: { title: string } }> } }>(
        'query($s: String!, $since: String!) { agreements { changes(system: $s, since: $since) { changes { kind agreement { title } } } } }',
        { s: SYSTEM, since },
      )
    ).changes.changes;
    expect(changes.length, 'pages made in this run').to.be.greaterThan(0);
    expect([...new Set(changes.map((c) => c.kind))]).to.deep.equal(['ADDED']);
    const page = await open(`/nl/${SYSTEM}?stand=${since}`);
    await page.waitForSelector('[data-changes] li.afw-change', { timeout: 20000 });
    const shown = (await page.evaluate(`Array.from(document.querySelectorAll('[data-changes] li.afw-change')).map((li) => [li.dataset.kind, li.querySelector('.afw-change__title').textContent.trim()])`)) as Array<[string, string]>;
    expect(shown).to.deep.equal(changes.map((c) => [c.kind, c.agreement.title]));
    await settle(page);
    await screenshot(page, 'wikijs-earlier-state');
  });

  tabs.it('shows a guest fewer agreements than the administrator under a Wiki.js page rule', async () => {
    await harness().setGuestPageRules([
      { id: 'guest', deny: false, match: 'START', roles: ['read:pages', 'read:assets', 'read:comments'], path: '', locales: [] },
      { id: 'kern', deny: true, match: 'START', roles: ['read:pages'], path: DENIED_PREFIX, locales: [] },
    ]);
    const admin = await matrix(SYSTEM);
    const guest = await matrix(SYSTEM, false);
    const total = (cells: Cell[]) => cells.reduce((n, c) => n + c.count, 0);
    expect(total(guest.cells)).to.be.lessThan(total(admin.cells));
    const page = await open(`/nl/${SYSTEM}`, false);
    await waitForMatrix(page);
    await expectMatrixShown(page, guest.cells);
    const links = await page.locator('.afsprakenwiki-matrix .afw-agreement__link').allTextContents();
    for (const denied of created.filter((p) => p.path.startsWith(`${DENIED_PREFIX}/`))) expect(links.map((l) => l.trim())).not.to.include(denied.title);
  });

  tabs.it('opens an ordinary page without the extension’s navigation, and the agreement pages with it, logging no console error', async () => {
    const page = await open(`/nl/${ORDINARY}`);
    await page.waitForSelector('.v-main .contents', { timeout: 20000 });
    await page.waitForTimeout(1500); // the bundle's page-ready handler and its page-context query
    expect(await page.locator('.afw-sidebar, .afw-breadcrumb').count(), 'no navigation on an ordinary page').to.equal(0);
    for (const agreement of created.filter((p) => systemsOf(extractPageFacts(p)).length > 0 && p.path !== SYSTEM && p.path !== COMPARISON)) {
      const tab = await open(`/${agreement.locale}/${agreement.path}`);
      await tab.waitForSelector('.afw-sidebar [role="tree"]', { timeout: 20000 });
      await tab.waitForTimeout(500);
    }
  });

  tabs.it('loads the admin area without errors and without any of the extension’s markup', async () => {
    for (const adminPath of ['/a/dashboard', '/a/rendering']) {
      const page = await open(adminPath);
      await page.waitForSelector('.v-main', { timeout: 20000 });
      await page.waitForTimeout(1500);
      expect(await page.locator(EXTENSION_MARKUP).count(), adminPath).to.equal(0);
    }
  });
});
