/**
 * Who is at the table (contract §11) inside a real Wiki.js 2.5 (WIKIJS_DIR), in Debian's Chromium:
 * the Partijen tab on a system page and the afsprakenpartijen embed across systems, for the
 * administrator and for a guest whom a path rule and a tag rule keep from some pages. Every figure
 * expected here was worked out by hand from the pages below (see EXPECTED); a cell of each view is
 * followed; no console errors; axe finds no serious violation; screenshots light and dark at 1400
 * and 390 px (test-output/screenshots/wikijs-parties-*.png).
 *
 * System pages: zuid (Basiszorg Zuid) declares huisartsen "Huisartsen Zuid", buurtteam "Buurtteam
 * Zuid", verzekeraar "Zorgverzekeraar"; west (Basiszorg West) declares huisartsen "Huisartsen
 * West", gemeente "Gemeente", verzekeraar "Zorgverzekeraar". The guest may not read `intern/…`
 * (path rule) nor pages tagged `vertrouwelijk` (tag rule).
 *
 *   page (title)                                    systems    cell                                   parties                    eigenaar / contact
 *   zuid/dienstverlening/warme-overdracht (Warme overdracht)  zuid  kwaliteit|dienstverlening|werkafspraken  huisartsen, buurtteam  Buurtteam Zuid / POH GGZ Zuid
 *   zuid/financiering/contract (Contract met de verzekeraar) zuid  duurzaamheid|financiering|werkafspraken verzekeraar, huisartsen Huisartsen Zuid / Poh Ggz Zuid
 *   intern/zuid/bijdrage (Bijdrage gemeente) [path] zuid      duurzaamheid|financiering|normen        gemeente, verzekeraar    Gemeente Zuid / -
 *   zuid/leren/intervisie (Intervisie) [tag]        zuid       duurzaamheid|leren|werkafspraken        huisartsen                 - / POH GGZ Zuid
 *   west/dienstverlening/warme-overdracht (Warme overdracht West) west kwaliteit|dienstverlening|werkafspraken huisartsen, gemeente Gemeente West / -
 *   gedeeld/visie (Gedeelde visie)                  zuid, west kwaliteit|*|normen (chapter-wide)       huisartsen, buurtteam      Huisartsen Zuid / -
 *
 * "POH GGZ Zuid" and "Poh Ggz Zuid" are one contact (§11: equal after lower-casing), named as
 * written on the first of its pages in title order: Contract met de verzekeraar.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { GUEST_EXCEPT_INTERN_AND_VERTROUWELIJK, wikiWithTabs, type Reader } from '../support/wikijs-tabs';
import { axeViolations, screenshot } from '../browser/support';
import type { NewPage } from '../support/wikijs-harness';

const READERS: Reader[] = ['admin', 'guest'];

const systemPage = (key: string, title: string, parties: string[]): NewPage => ({
  path: key,
  locale: 'nl',
  title,
  content: ['```afsprakenstelsel', `key: ${key}`, `titel: ${title}`, 'partijen:', ...parties.map((p) => `  - ${p}`), '```', ''].join('\n'),
  tags: [],
});

const agreement = (path: string, title: string, tags: string[], ...block: string[]): NewPage => ({
  path,
  locale: 'nl',
  title,
  content: [`# ${title}`, '', 'Wat we met elkaar afspreken.', '', '```afspraak', ...block, '```', ''].join('\n'),
  tags,
});

const PAGES: NewPage[] = [
  systemPage('zuid', 'Basiszorg Zuid', ['{ key: huisartsen, naam: Huisartsen Zuid }', '{ key: buurtteam, naam: Buurtteam Zuid }', '{ key: verzekeraar, naam: Zorgverzekeraar }']),
  systemPage('west', 'Basiszorg West', ['{ key: huisartsen, naam: Huisartsen West }', '{ key: gemeente, naam: Gemeente }', '{ key: verzekeraar, naam: Zorgverzekeraar }']),
  agreement(
    'zuid/dienstverlening/warme-overdracht',
    'Warme overdracht',
    ['stelsel:zuid', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'partij:huisartsen', 'partij:buurtteam'],
    'eigenaar: Buurtteam Zuid',
    'contact: POH GGZ Zuid',
  ),
  agreement(
    'zuid/financiering/contract',
    'Contract met de verzekeraar',
    ['stelsel:zuid', 'kolom:financiering', 'laag:werkafspraken', 'status:in-de-maak', 'partij:verzekeraar', 'partij:huisartsen'],
    'eigenaar: Huisartsen Zuid',
    'contact: Poh Ggz Zuid',
  ),
  agreement('intern/zuid/bijdrage', 'Bijdrage gemeente', ['stelsel:zuid', 'kolom:financiering', 'laag:normen', 'status:vastgesteld', 'partij:gemeente', 'partij:verzekeraar'], 'eigenaar: Gemeente Zuid'),
  agreement('zuid/leren/intervisie', 'Intervisie', ['stelsel:zuid', 'kolom:leren', 'laag:werkafspraken', 'status:vastgesteld', 'partij:huisartsen', 'vertrouwelijk'], 'contact: POH GGZ Zuid'),
  agreement(
    'west/dienstverlening/warme-overdracht',
    'Warme overdracht West',
    ['stelsel:west', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'partij:huisartsen', 'partij:gemeente'],
    'eigenaar: Gemeente West',
  ),
  agreement('gedeeld/visie', 'Gedeelde visie', ['stelsel:zuid', 'stelsel:west', 'hoofdstuk:kwaliteit', 'laag:normen', 'status:vastgesteld', 'partij:huisartsen', 'partij:buurtteam'], 'eigenaar: Huisartsen Zuid'),
  { path: 'partijen', locale: 'nl', title: 'Wie zit waar aan tafel', content: '# Wie zit waar aan tafel\n\n```afsprakenpartijen\n```\n\n```afsprakenzoeker\n```\n', tags: [] },
];

/** What the guest must find nowhere: the titles, paths and people only the hidden pages name. */
const HIDDEN = ['Bijdrage gemeente', 'Intervisie', 'intern/', 'zuid/leren', 'Gemeente Zuid'];

const CHAPTERS = [
  { key: 'kwaliteit', columns: ['dienstverlening', 'klantrelatie', 'gezond-werk', '*'] },
  { key: 'duurzaamheid', columns: ['financiering', 'borgen', 'leren', '*'] },
];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const ALL_CELLS = CHAPTERS.flatMap((chapter) => LAYERS.flatMap((layer) => chapter.columns.map((column) => `${chapter.key}|${column}|${layer}`)));

const DV = 'kwaliteit|dienstverlening|werkafspraken';
const FIN_W = 'duurzaamheid|financiering|werkafspraken';
const FIN_N = 'duurzaamheid|financiering|normen';
const LEREN = 'duurzaamheid|leren|werkafspraken';
const WIDE = 'kwaliteit|*|normen';

/** A party row: its name as shown, its figures, the cells that are not 0, and its contacts (`name: agreement, agreement`). */
interface PartyExpected {
  key: string;
  name: string;
  count: number;
  /** Across systems only: in how many systems it is at the table. */
  systems?: number;
  cells: Record<string, number>;
  contacts: string[];
}

/**
 * Worked out by hand from the table at the top (§11): a party's count is its distinct agreements
 * the reader sees; a cell counts its own placements (Gedeelde visie only in the chapter-wide cell);
 * across systems a cell counts the systems with such an agreement there (Gedeelde visie is in
 * both). Parties by count, then key; contacts by number of agreements, then name; agreements by
 * title. Names across systems from the first declaring system by title: Basiszorg West.
 */
const EXPECTED: Record<Reader, { tab: PartyExpected[]; across: PartyExpected[] }> = {
  admin: {
    tab: [
      {
        key: 'huisartsen',
        name: 'Huisartsen Zuid',
        count: 4,
        cells: { [DV]: 1, [FIN_W]: 1, [LEREN]: 1, [WIDE]: 1 },
        contacts: ['Poh Ggz Zuid: Contract met de verzekeraar, Intervisie, Warme overdracht', 'Huisartsen Zuid: Contract met de verzekeraar, Gedeelde visie', 'Buurtteam Zuid: Warme overdracht'],
      },
      { key: 'buurtteam', name: 'Buurtteam Zuid', count: 2, cells: { [DV]: 1, [WIDE]: 1 }, contacts: ['Buurtteam Zuid: Warme overdracht', 'Huisartsen Zuid: Gedeelde visie', 'POH GGZ Zuid: Warme overdracht'] },
      {
        key: 'verzekeraar',
        name: 'Zorgverzekeraar',
        count: 2,
        cells: { [FIN_W]: 1, [FIN_N]: 1 },
        contacts: ['Gemeente Zuid: Bijdrage gemeente', 'Huisartsen Zuid: Contract met de verzekeraar', 'Poh Ggz Zuid: Contract met de verzekeraar'],
      },
      // Not declared by Zuid: its key stands for its name.
      { key: 'gemeente', name: 'gemeente', count: 1, cells: { [FIN_N]: 1 }, contacts: ['Gemeente Zuid: Bijdrage gemeente'] },
    ],
    across: [
      { key: 'huisartsen', name: 'Huisartsen West', count: 5, systems: 2, cells: { [DV]: 2, [FIN_W]: 1, [LEREN]: 1, [WIDE]: 2 }, contacts: [] },
      { key: 'buurtteam', name: 'Buurtteam Zuid', count: 2, systems: 2, cells: { [DV]: 1, [WIDE]: 2 }, contacts: [] },
      { key: 'gemeente', name: 'Gemeente', count: 2, systems: 2, cells: { [FIN_N]: 1, [DV]: 1 }, contacts: [] },
      { key: 'verzekeraar', name: 'Zorgverzekeraar', count: 2, systems: 1, cells: { [FIN_W]: 1, [FIN_N]: 1 }, contacts: [] },
    ],
  },
  guest: {
    tab: [
      {
        key: 'huisartsen',
        name: 'Huisartsen Zuid',
        count: 3,
        cells: { [DV]: 1, [FIN_W]: 1, [WIDE]: 1 },
        contacts: ['Huisartsen Zuid: Contract met de verzekeraar, Gedeelde visie', 'Poh Ggz Zuid: Contract met de verzekeraar, Warme overdracht', 'Buurtteam Zuid: Warme overdracht'],
      },
      { key: 'buurtteam', name: 'Buurtteam Zuid', count: 2, cells: { [DV]: 1, [WIDE]: 1 }, contacts: ['Buurtteam Zuid: Warme overdracht', 'Huisartsen Zuid: Gedeelde visie', 'POH GGZ Zuid: Warme overdracht'] },
      { key: 'verzekeraar', name: 'Zorgverzekeraar', count: 1, cells: { [FIN_W]: 1 }, contacts: ['Huisartsen Zuid: Contract met de verzekeraar', 'Poh Ggz Zuid: Contract met de verzekeraar'] },
    ],
    across: [
      { key: 'huisartsen', name: 'Huisartsen West', count: 4, systems: 2, cells: { [DV]: 2, [FIN_W]: 1, [WIDE]: 2 }, contacts: [] },
      { key: 'buurtteam', name: 'Buurtteam Zuid', count: 2, systems: 2, cells: { [DV]: 1, [WIDE]: 2 }, contacts: [] },
      { key: 'gemeente', name: 'Gemeente', count: 1, systems: 1, cells: { [DV]: 1 }, contacts: [] },
      { key: 'verzekeraar', name: 'Zorgverzekeraar', count: 1, systems: 1, cells: { [FIN_W]: 1 }, contacts: [] },
    ],
  },
};

interface ShownParty {
  key: string;
  name: string;
  count: number;
  systems: number | null;
  cells: Record<string, number>;
}

function shownMap(page: Page, scope: string): Promise<ShownParty[]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' .afw-parties__table tbody tr')).map((tr) => ({
    key: tr.dataset.party,
    name: tr.querySelector('th a').textContent.trim(),
    count: Number(tr.querySelector('[data-count]').textContent.trim()),
    systems: tr.querySelector('[data-systems]') ? Number(tr.querySelector('[data-systems]').textContent.trim()) : null,
    cells: Object.fromEntries(Array.from(tr.querySelectorAll('td[data-cell]')).map((td) => [td.dataset.cell, Number(td.dataset.value)])),
  }))`) as Promise<ShownParty[]>;
}

function shownContacts(page: Page, scope: string, party: string): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' .afw-parties__party[data-party="${party}"] [data-contact]'))
    .map((li) => li.querySelector('.afw-parties__person').textContent.trim() + ': ' + Array.from(li.querySelectorAll('a')).map((a) => a.textContent.trim()).join(', '))`) as Promise<string[]>;
}

const expectedRow = (party: PartyExpected, across: boolean): ShownParty => ({
  key: party.key,
  name: party.name,
  count: party.count,
  systems: across ? (party.systems ?? 0) : null,
  cells: Object.fromEntries(ALL_CELLS.map((id) => [id, party.cells[id] ?? 0])),
});

describe('Parties and contacts in a real Wiki.js 2.5 (browser)', function () {
  this.timeout(600000);
  const { tabs, harness } = wikiWithTabs(PAGES, GUEST_EXCEPT_INTERN_AND_VERTROUWELIJK);
  const open = (pagePath: string, reader: Reader, width = 1400): Promise<Page> => tabs.open(pagePath, reader, { width });

  const openTab = async (reader: Reader, width = 1400): Promise<Page> => {
    const page = await open('/nl/zuid', reader, width);
    await page.getByRole('tab', { name: 'Partijen' }).click({ timeout: 30000 });
    await page.waitForSelector('.afw-system-tabs .afw-parties[aria-busy="false"] .afw-parties__table', { timeout: 30000 });
    return page;
  };

  const openEmbed = async (reader: Reader, width = 1400): Promise<Page> => {
    const page = await open('/nl/partijen', reader, width);
    await page.waitForSelector('.afsprakenwiki-parties .afw-parties[aria-busy="false"] .afw-parties__table', { timeout: 30000 });
    return page;
  };

  const expectNothingHidden = async (page: Page, reader: Reader) => {
    if (reader !== 'guest') return;
    const html = await page.content();
    for (const hidden of HIDDEN) expect(html, `${page.url()} shows ${hidden}`).not.to.include(hidden);
  };

  const settle = (page: Page) => page.waitForTimeout(400);

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the Partijen tab of Basiszorg Zuid with the hand-counted heat map and whom to ask; a cell opens the filtered matrix`, async () => {
      const expected = EXPECTED[reader].tab;
      const page = await openTab(reader);
      expect((await page.getByRole('tab').allTextContents()).map((t) => t.trim()).filter((t) => t !== 'Onderhoud')).to.deep.equal(['Matrix', 'Partijen']);
      expect(await shownMap(page, '.afw-system-tabs')).to.deep.equal(expected.map((party) => expectedRow(party, false)));
      for (const party of expected) expect(await shownContacts(page, '.afw-system-tabs', party.key), party.key).to.deep.equal(party.contacts);
      expect(await axeViolations(page, ['.afw-system-tabs'])).to.deep.equal([]);
      await expectNothingHidden(page, reader);

      const cell = page.locator(`.afw-system-tabs tr[data-party="verzekeraar"] td[data-cell="${FIN_W}"] a`);
      expect(await cell.getAttribute('href')).to.equal('/nl/zuid?partij=verzekeraar&cel=duurzaamheid.financiering.werkafspraken');
      await Promise.all([page.waitForURL(`${harness().url}/nl/zuid?partij=verzekeraar&cel=duurzaamheid.financiering.werkafspraken`), cell.click()]);
      const target = page.locator('.afsprakenwiki-matrix td.afw-cell--target');
      await target.waitFor({ timeout: 30000 });
      expect({ cell: await target.getAttribute('data-cell'), count: await target.getAttribute('data-count') }).to.deep.equal({ cell: FIN_W, count: '1' });
      // Filtered on the insurer: Contract met de verzekeraar, and for the administrator Bijdrage gemeente.
      expect((await page.locator('.afw-matrix .afw-panel__summary').textContent())?.trim()).to.equal(`${reader === 'admin' ? 2 : 1} afspraken zichtbaar`);
    });
  }

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the parties across systems with the hand-counted systems per cell; a cell opens the search for that party and cell`, async () => {
      const expected = EXPECTED[reader].across;
      const page = await openEmbed(reader);
      expect(await shownMap(page, '.afsprakenwiki-parties')).to.deep.equal(expected.map((party) => expectedRow(party, true)));
      expect(await page.locator('.afsprakenwiki-parties .afw-parties__party[data-party="verzekeraar"] [data-systems]').textContent()).to.equal('Aan tafel in: Basiszorg Zuid');
      expect(await axeViolations(page, ['.afsprakenwiki-parties'])).to.deep.equal([]);
      await expectNothingHidden(page, reader);
      if (reader === 'guest') {
        await settle(page);
        await screenshot(page, 'wikijs-parties-embed-guest-1400-light');
      }

      const cell = page.locator(`.afsprakenwiki-parties tr[data-party="huisartsen"] td[data-cell="${DV}"] a`);
      await Promise.all([page.waitForURL(/zoek-partij=huisartsen/), cell.click()]);
      expect(new URL(page.url()).search).to.equal('?zoek-kolom=dienstverlening&zoek-laag=werkafspraken&zoek-partij=huisartsen');
      await page.waitForSelector('.afw-search [data-total]', { timeout: 30000 });
      await page.waitForFunction(`document.querySelector('.afw-search')?.getAttribute('aria-busy') === 'false'`);
      expect((await page.locator('.afw-search [data-total]').textContent())?.trim()).to.equal('2 afspraken gevonden');
      expect((await page.locator('.afw-search__link').allTextContents()).map((t) => t.trim())).to.deep.equal(['Warme overdracht', 'Warme overdracht West']);
    });
  }

  tabs.it('renders the tab and the embed light and dark at 1400 and 390 px (screenshots) with no serious axe violation', async () => {
    try {
      for (const dark of [false, true]) {
        await harness().setDarkMode(dark);
        for (const width of [1400, 390]) {
          const theme = `${width}-${dark ? 'dark' : 'light'}`;
          const tab = await openTab('admin', width);
          expect(await tab.locator('.afw-parties.afw--dark').count()).to.equal(dark ? 1 : 0);
          expect(await axeViolations(tab, ['.afw']), `tab ${theme}`).to.deep.equal([]);
          await settle(tab);
          await screenshot(tab, `wikijs-parties-tab-admin-${theme}`);
          await tab.context().close();
          const embed = await openEmbed('admin', width);
          expect(await axeViolations(embed, ['.afw']), `embed ${theme}`).to.deep.equal([]);
          await settle(embed);
          await screenshot(embed, `wikijs-parties-embed-admin-${theme}`);
          await embed.context().close();
        }
      }
    } finally {
      await harness().setDarkMode(false);
    }
  });
});
