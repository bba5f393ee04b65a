/**
 * Who is at the table (contract §11) in the dev app, in Chromium: the Partijen tab on a system page
 * and the afsprakenpartijen embed across systems (examples/partijen.md), for the author and for
 * the guest, whom a tag page rule keeps from `status:concept` pages. Every figure expected here was
 * counted by hand from the example pages (see the comments at each constant); a cell of each view
 * is followed; CSV; axe; screenshots light and dark at 1400 and 390 px
 * (test-output/screenshots/parties-*.png).
 */
import fs from 'fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, screenshot, startSession, SCREENSHOTS, type Session, itWithoutPageErrors } from './support';
import type { Role } from '../../dev/backend';

const SYSTEM_PAGE = '/nl/kb-overvecht';
const EMBED_PAGE = '/nl/partijen';

const CHAPTERS = [
  { key: 'kwaliteit', columns: ['dienstverlening', 'klantrelatie', 'gezond-werk', '*'] },
  { key: 'duurzaamheid', columns: ['financiering', 'borgen', 'leren', '*'] },
];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
/** The 24 cell ids of the default framework (contract §1). */
const ALL_CELLS = CHAPTERS.flatMap((chapter) => LAYERS.flatMap((layer) => chapter.columns.map((column) => `${chapter.key}|${column}|${layer}`)));

/**
 * Zilveren Kruis in Overvecht, for both readers (none of its pages is a concept): party to
 * Consultatie van de wijkspecialist (dienstverlening, werkafspraken), Naar een Gezonde Wijk
 * Overvecht (borgen and leren, normen), Financiering Krachtige Basiszorg 2018 and Contractafspraken
 * met de zorgverzekeraar (both financiering, werkafspraken): 4 agreements.
 */
const INSURER_CELLS: Record<string, number> = {
  'kwaliteit|dienstverlening|werkafspraken': 1,
  'duurzaamheid|financiering|werkafspraken': 2,
  'duurzaamheid|borgen|normen': 1,
  'duurzaamheid|leren|normen': 1,
};

/**
 * Whom to ask about the insurer's agreements: their owners and contacts. Stichting Overvecht
 * Gezond owns both financing agreements and the Manager Overvecht Gezond is their contact (2 each,
 * name order); one each: the alliance owns Naar een Gezonde Wijk, the neighbourhood specialist
 * agreement names an owner and a contact of its own. Agreements in title order.
 */
const FINANCING = ['Contractafspraken met de zorgverzekeraar via Overvecht Gezond', 'Financiering Krachtige Basiszorg 2018'];
const INSURER_CONTACTS = [
  `Manager Overvecht Gezond: ${FINANCING.join(', ')}`,
  `Stichting Overvecht Gezond: ${FINANCING.join(', ')}`,
  'Alliantie Gezonde Wijk Overvecht: Naar een Gezonde Wijk Overvecht',
  'Overvecht Gezond, info@overvechtgezond.nl: Consultatie van de wijkspecialist',
  'Stichting Overvecht Gezond en St. Antonius Ziekenhuis: Consultatie van de wijkspecialist',
];

/**
 * Per reader, by hand: the Buurtteam Sociaal's agreements in Overvecht (tags or block, the
 * Overvecht pages and the shared ones Overvecht uses; two of them are concepts the guest does not
 * see: Vroegsignalering van schuldproblematiek and Eén huishouden, één plan, één regisseur), and the
 * contact person for adults, named on Aanvullende zorg and on the concept Vroegsignalering.
 */
const BUURTTEAM: Record<Role, { count: number; adults: string }> = {
  author: { count: 20, adults: 'Contactpersoon volwassenen, Buurtteam Sociaal Overvecht: Aanvullende zorg en maatwerkvoorzieningen, Vroegsignalering van schuldproblematiek' },
  guest: { count: 18, adults: 'Contactpersoon volwassenen, Buurtteam Sociaal Overvecht: Aanvullende zorg en maatwerkvoorzieningen' },
};

/**
 * Across the three systems, per cell, in how many systems the Buurtteam is party to an agreement
 * placed there; the same for both readers: each of the three concepts the guest does not see
 * (Vroegsignalering and Eén huishouden in Overvecht, Start-stopmelding in Kanaleneiland) shares
 * its cell with another agreement of the same system that names the Buurtteam.
 */
const BUURTTEAM_ACROSS: Record<string, number> = {
  'kwaliteit|dienstverlening|normen': 2,
  'kwaliteit|dienstverlening|werkafspraken': 3,
  'kwaliteit|dienstverlening|techniek': 3,
  'kwaliteit|klantrelatie|normen': 1,
  'kwaliteit|klantrelatie|techniek': 3,
  'kwaliteit|gezond-werk|normen': 1,
  'kwaliteit|gezond-werk|werkafspraken': 1,
  'kwaliteit|*|normen': 2,
  'duurzaamheid|borgen|normen': 1,
  'duurzaamheid|borgen|werkafspraken': 2,
  'duurzaamheid|leren|normen': 1,
  'duurzaamheid|leren|werkafspraken': 1,
};
/** The insurer's four Overvecht cells, one system each. */
const INSURER_ACROSS = Object.fromEntries(Object.keys(INSURER_CELLS).map((id) => [id, 1]));

/**
 * Across the three systems: the insurer is declared by all three but party only to Overvecht's
 * four agreements, so each of their cells counts 1 system and every other cell 0 (financing
 * included: Noordwest's Welzijn op Recept financing is the municipality's). Buurtteam: 31
 * distinct agreements (author) or 28 (guest: the three concepts fewer), in all three systems.
 */
const ACROSS: Record<Role, Record<string, { count: number; systems: number; cells: Record<string, number> }>> = {
  author: {
    'zilveren-kruis': { count: 4, systems: 1, cells: INSURER_ACROSS },
    buurtteam: { count: 31, systems: 3, cells: BUURTTEAM_ACROSS },
  },
  guest: {
    'zilveren-kruis': { count: 4, systems: 1, cells: INSURER_ACROSS },
    buurtteam: { count: 28, systems: 3, cells: BUURTTEAM_ACROSS },
  },
};

interface ShownParty {
  count: number;
  systems: number | null;
  cells: Record<string, { value: number; text: string; href: string | null }>;
}

/** The heat map as shown: per party row, its total(s) and its cells by id. */
function shownMap(page: Page, scope: string): Promise<Record<string, ShownParty>> {
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' .afw-parties__table tbody tr')).map((tr) => [tr.dataset.party, {
    count: Number(tr.querySelector('[data-count]').textContent.trim()),
    systems: tr.querySelector('[data-systems]') ? Number(tr.querySelector('[data-systems]').textContent.trim()) : null,
    cells: Object.fromEntries(Array.from(tr.querySelectorAll('td[data-cell]')).map((td) => [td.dataset.cell,
      { value: Number(td.dataset.value), text: td.textContent.trim(), href: td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null }])),
  }]))`) as Promise<Record<string, ShownParty>>;
}

/** "Who to ask" of one party: each contact as `name: agreement, agreement`. */
function shownContacts(page: Page, scope: string, party: string): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' .afw-parties__party[data-party="${party}"] [data-contact]'))
    .map((li) => li.querySelector('.afw-parties__person').textContent.trim() + ': ' + Array.from(li.querySelectorAll('a')).map((a) => a.textContent.trim()).join(', '))`) as Promise<string[]>;
}

const cellsOf = (expected: Record<string, number>) => Object.fromEntries(ALL_CELLS.map((id) => [id, expected[id] ?? 0]));
const values = (party: ShownParty | undefined) => Object.fromEntries(Object.entries(party?.cells ?? {}).map(([id, cell]) => [id, cell.value]));

/** Screenshots of a view's parts, to look at: its heat map, and the screen from "Who to ask" on. */
async function viewParts(page: Page, scope: string, name: string): Promise<void> {
  await (await page.$(`${scope} .afw-overview__scroll`))?.screenshot({ path: `${SCREENSHOTS}/${name}-map.png` });
  await page.locator(`${scope} .afw-parties__who`).scrollIntoViewIfNeeded();
  await page.evaluate(`document.querySelector(${JSON.stringify(`${scope} .afw-parties__who`)}).scrollIntoView()`);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-who.png` });
}

async function openTab(session: Session, role: Role, options: { dark?: boolean; width?: number } = {}): Promise<Page> {
  const page = await session.open(SYSTEM_PAGE, { role, ...options });
  await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]');
  await page.getByRole('tab', { name: 'Partijen' }).click();
  await page.waitForSelector('.afw-system-tabs .afw-parties[aria-busy="false"] .afw-parties__table');
  return page;
}

async function openEmbed(session: Session, role: Role, options: { dark?: boolean; width?: number } = {}): Promise<Page> {
  const page = await session.open(EMBED_PAGE, { role, ...options });
  await page.waitForSelector('.afsprakenwiki-parties .afw-parties[aria-busy="false"] .afw-parties__table');
  return page;
}

describe('Parties and contacts in the dev app (Chromium)', function () {
  this.timeout(300_000);
  let session: Session;
  const itLogsNoErrors = itWithoutPageErrors(() => session);

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  for (const role of ['author', 'guest'] as Role[]) {
    it(`gives the ${role} a Partijen tab on the system page: the hand-counted heat map and whom to ask`, async () => {
      const page = await openTab(session, role);
      const tab = page.getByRole('tab', { name: 'Partijen' });
      expect(await tab.getAttribute('aria-selected')).to.equal('true');
      expect(await page.locator('.afsprakenwiki-matrix .afw-matrix').isVisible()).to.equal(false);
      expect(await page.getByRole('tab', { name: 'Onderhoud' }).count(), 'upkeep only for writers').to.equal(role === 'author' ? 1 : 0);
      expect((await page.locator('.afw-parties h2').textContent())?.trim()).to.equal('Partijen: Krachtige Basiszorg Overvecht');

      const map = await shownMap(page, '.afw-system-tabs');
      const insurer = map['zilveren-kruis'];
      expect(insurer?.count).to.equal(4);
      expect(values(insurer)).to.deep.equal(cellsOf(INSURER_CELLS));
      expect(insurer?.cells['duurzaamheid|financiering|normen'].text, 'an empty cell shows no figure').to.equal('');
      expect(map.buurtteam?.count).to.equal(BUURTTEAM[role].count);
      // Apotheken Overvecht: declared, party to no agreement: listed with 0, at the table on paper only.
      expect(map.apotheek?.count).to.equal(0);
      expect(await page.locator('.afw-system-tabs .afw-parties__party[data-party="apotheek"] .afw-parties__note', { hasText: 'Aan tafel op papier' }).count()).to.equal(1);

      expect(await page.getByRole('heading', { name: 'Wie kun je bellen?' }).count()).to.equal(1);
      expect((await page.locator('.afw-system-tabs .afw-parties__party[data-party="zilveren-kruis"] h4').textContent())?.replace(/\s+/g, ' ').trim()).to.equal('Zorgverzekeraar Zilveren Kruis 4 afspraken');
      expect(await shownContacts(page, '.afw-system-tabs', 'zilveren-kruis')).to.deep.equal(INSURER_CONTACTS);
      expect((await shownContacts(page, '.afw-system-tabs', 'buurtteam')).filter((c) => c.startsWith('Contactpersoon volwassenen'))).to.deep.equal([BUURTTEAM[role].adults]);
      if (role === 'guest') expect(await page.content()).not.to.include('Vroegsignalering van schuldproblematiek');

      // A contact's agreement is a link to its page.
      const link = page.locator('.afw-system-tabs .afw-parties__party[data-party="zilveren-kruis"] [data-contact] a', { hasText: 'Financiering Krachtige Basiszorg 2018' }).first();
      expect(await link.getAttribute('href')).to.equal('/nl/kb-overvecht/financiering/financiering-krachtige-basiszorg-2018');
    });
  }

  itLogsNoErrors('opens, from a cell of the tab, the system matrix filtered on that party with the cell shown', async () => {
    const page = await openTab(session, 'guest');
    const cell = page.getByRole('link', { name: /^Zorgverzekeraar Zilveren Kruis, Duurzaamheid van de oplossing, Financiering, Werkafspraken: 2 afspraken$/ });
    expect(await cell.getAttribute('href')).to.equal('/nl/kb-overvecht?partij=zilveren-kruis&cel=duurzaamheid.financiering.werkafspraken');
    await Promise.all([page.waitForURL(/partij=zilveren-kruis/), cell.click()]);
    const target = page.locator('.afsprakenwiki-matrix td.afw-cell--target');
    await target.waitFor();
    expect({ cell: await target.getAttribute('data-cell'), count: await target.getAttribute('data-count') }).to.deep.equal({ cell: 'duurzaamheid|financiering|werkafspraken', count: '2' });
    // Filtered on the party: the matrix holds the insurer's four agreements.
    expect((await page.locator('.afw-matrix .afw-panel__summary').textContent())?.trim()).to.equal('4 afspraken zichtbaar');
  });

  for (const role of ['author', 'guest'] as Role[]) {
    it(`shows the ${role} the parties across systems: the insurer at the table for financing in Overvecht only`, async () => {
      const page = await openEmbed(session, role);
      expect((await page.locator('.afsprakenwiki-parties h2').textContent())?.trim()).to.equal('Partijen in alle afsprakenstelsels (Werkende afspraken)');
      const map = await shownMap(page, '.afsprakenwiki-parties');
      for (const [key, expected] of Object.entries(ACROSS[role])) {
        expect({ count: map[key]?.count, systems: map[key]?.systems }, key).to.deep.equal({ count: expected.count, systems: expected.systems });
        expect(values(map[key]), key).to.deep.equal(cellsOf(expected.cells));
      }
      const financing = ALL_CELLS.filter((id) => id.startsWith('duurzaamheid|financiering|'));
      expect(financing.map((id) => map['zilveren-kruis']?.cells[id].value)).to.deep.equal([0, 1, 0]);
      // The systems' titles arrive after the table (the key is shown until then).
      const atTable = page.locator('.afsprakenwiki-parties .afw-parties__party[data-party="zilveren-kruis"] [data-systems]');
      await atTable.filter({ hasText: /Krachtige Basiszorg/ }).waitFor();
      expect(await atTable.textContent()).to.equal('Aan tafel in: Krachtige Basiszorg Overvecht');
    });
  }

  itLogsNoErrors('opens, from a cell across systems, the search for that party and cell', async () => {
    const page = await openEmbed(session, 'guest');
    const cell = page.getByRole('link', { name: 'Zorgverzekeraar Zilveren Kruis, Duurzaamheid van de oplossing, Financiering, Werkafspraken: aan tafel in 1 stelsels' });
    expect(await cell.getAttribute('href')).to.equal('/nl/partijen?zoek-kolom=financiering&zoek-laag=werkafspraken&zoek-partij=zilveren-kruis#afw-zoeken');
    await Promise.all([page.waitForURL(/zoek-partij=zilveren-kruis/), cell.click()]);
    await page.waitForFunction(`document.querySelector('.afw-search')?.getAttribute('aria-busy') === 'false' && !!document.querySelector('.afw-search [data-total]')`);
    expect((await page.locator('.afw-search [data-total]').textContent())?.trim()).to.equal('2 afspraken gevonden');
    expect((await page.locator('.afw-search__link').allTextContents()).map((t) => t.trim())).to.deep.equal(FINANCING);
    expect(await page.locator('.afw-search__chip--on').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-value')))).to.have.members(['financiering', 'werkafspraken', 'zilveren-kruis']);
  });

  itLogsNoErrors('exports the tab as CSV: a row per party and cell, and one per contact and agreement, every field quoted', async () => {
    const page = await openTab(session, 'guest');
    const parties = await page.locator('.afw-system-tabs .afw-parties__table tbody tr').count();
    const contactRows = await page.locator('.afw-system-tabs [data-contact] a').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.afw-system-tabs .afw-parties').getByRole('button', { name: 'Exporteren als CSV' }).click()]);
    expect(download.suggestedFilename()).to.equal('afsprakenpartijen-kb-overvecht.csv');
    const rows = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows.length - 1).to.equal(parties * 24 + contactRows);
    expect(rows.every((row) => /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/.test(row)), 'every field quoted').to.equal(true);
    expect(rows).to.include('"zilveren-kruis","Zorgverzekeraar Zilveren Kruis","ja","4","Krachtige Basiszorg Overvecht","Cel","Duurzaamheid van de oplossing","Financiering","Werkafspraken","2","","",""');
    expect(rows).to.include(
      '"zilveren-kruis","Zorgverzekeraar Zilveren Kruis","ja","4","Krachtige Basiszorg Overvecht","Contact","","","","","Manager Overvecht Gezond","Financiering Krachtige Basiszorg 2018","nl/kb-overvecht/financiering/financiering-krachtige-basiszorg-2018"',
    );
  });

  itLogsNoErrors('prints the embed whole: no buttons, the heat map not cut at the scroll edge', async () => {
    const page = await openEmbed(session, 'author');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.afsprakenwiki-parties .afw-learning-toolbar').isVisible()).to.equal(false);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.afsprakenwiki-parties .afw-overview__scroll')).overflowX`)).to.equal('visible');
    expect(await page.getByRole('heading', { name: 'Wie kun je bellen?' }).isVisible()).to.equal(true);
  });

  itLogsNoErrors('has no serious or critical axe-core violations, light and dark, and saves screenshots at 1400 and 390 px', async () => {
    const problems: string[] = [];
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const theme = `${dark ? 'dark' : 'light'}-${width}`;
        const tabPage = await openTab(session, 'author', { dark, width });
        for (const violation of await axeViolations(tabPage, ['.afsprakenwiki-matrix'])) problems.push(`tab ${theme}: ${violation}`);
        await screenshot(tabPage, `parties-tab-${theme}`);
        await viewParts(tabPage, '.afw-system-tabs', `parties-tab-${theme}`);
        await tabPage.context().close();
        const embedPage = await openEmbed(session, 'author', { dark, width });
        for (const violation of await axeViolations(embedPage, ['.afsprakenwiki-parties'])) problems.push(`embed ${theme}: ${violation}`);
        await screenshot(embedPage, `parties-embed-${theme}`);
        await viewParts(embedPage, '.afsprakenwiki-parties', `parties-embed-${theme}`);
        await embedPage.context().close();
      }
    }
    expect(problems).to.deep.equal([]);
  });

});
