/**
 * Journey 2, a mapping session (contract §7.3): the administrator makes a new system, Basiszorg
 * Noord, with "Nieuw afsprakenstelsel"; downloads Zuid with "CSV voor import"; changes the file as
 * one would in a spreadsheet (rows go to the new system, one confidential row out, one row moved
 * to another cell, two new rows, each with a text of several lines); imports it into Noord with
 * "Importeren": first a version with mistakes (every one shown on its line and field, nothing
 * written), then the right one (preview, progress, done). Noord's matrix, sidebar and Onderhoud
 * tab then show what the file says.
 */
import { expect } from 'chai';
import fs from 'fs';
import type { Page } from 'playwright-core';
import { waitForOverview } from '../../browser/learning-dom';
import { blockLink, matrixShown, parseCsv, sidebarShown, waitForMatrix, writeCsv, type JourneyWorld } from './world';

const HEADER = [
  'titel',
  'pad',
  'locale',
  'stelsel',
  'kolom',
  'hoofdstuk',
  'laag',
  'status',
  'thema',
  'partijen',
  'eigenaar',
  'vastgesteld',
  'herzien-voor',
  'bronnen',
  'contact',
  'gebaseerd-op',
  'volgt-uit',
  'gebruikt',
  'inhoud',
];
const col = (name: string) => HEADER.indexOf(name);

/** Zuid's agreements the administrator sees, in the export's order (locale, then path). */
const EXPORTED_PATHS = [
  'gedeeld/visie',
  'intern/zuid/financiering',
  'zuid/borgen/kwaliteitskring',
  'zuid/dienstverlening/warme-overdracht',
  'zuid/klantrelatie/spreekuur',
  'zuid/leren/intervisie',
  'zuid/normen/toegankelijk',
  'zuid/techniek/verwijsformulier',
];

const HUISKAMER_TEXT = '# Huiskamer in de wijk\n\nElke dinsdag open voor buurtbewoners.\nKoffie staat klaar.';
/** The last row's text: two lines (a spreadsheet's multi-line cell at the end of the file). */
const TEAM_TEXT = 'Huisarts, wijkverpleging en gemeente aan één tafel.\nElke maand.';

/** A new row in the export's columns. */
function newRow(values: Record<string, string>): string[] {
  return HEADER.map((name) => values[name] ?? '');
}

/**
 * The file as the session leaves it, from the rows exported: every row into the system imported
 * into (`stelsel` and `pad` emptied: Noord's own paths), Financiering per wijk kept internal (under
 * `intern/`), Intervisie huisartsen left out (confidential), Kwaliteitskring moved from Borgen to
 * Leren, and two new agreements with texts of several lines, one put third, one last.
 * `mistakes`: the version first tried (see BAD_ERRORS).
 */
function sessionFile(exported: string[][], mistakes: boolean): string {
  const [header, ...rows] = exported;
  const byTitle = new Map(rows.map((row) => [row[col('titel')], [...row]]));
  const row = (title: string) => {
    const found = byTitle.get(title);
    if (!found) throw new Error(`the export has no row "${title}"`);
    found[col('stelsel')] = '';
    found[col('pad')] = '';
    return found;
  };
  const financiering = row('Financiering per wijk');
  financiering[col('pad')] = 'intern/noord/financiering-per-wijk';
  const kwaliteitskring = row('Kwaliteitskring');
  kwaliteitskring[col('kolom')] = mistakes ? 'feestjes' : 'leren';
  const warm = row('Warme overdracht');
  if (mistakes) warm[col('herzien-voor')] = 'volgend jaar';
  const spreekuur = row('Spreekuur in de wijk');
  if (mistakes) spreekuur[col('titel')] = '';
  const toegankelijk = row('Toegankelijke zorg');
  if (mistakes) toegankelijk[col('pad')] = 'noord/mijn pad';
  const verwijs = row('Verwijsformulier');
  if (mistakes) verwijs[col('pad')] = 'intern/noord/financiering-per-wijk';
  const lines = [
    mistakes ? [...header, 'kleur'] : header,
    row('Gedeelde visie'),
    financiering,
    newRow({
      titel: 'Huiskamer in de wijk',
      kolom: 'klantrelatie',
      laag: 'werkafspraken',
      status: 'vastgesteld',
      eigenaar: 'Buurtteam Noord',
      inhoud: HUISKAMER_TEXT,
    }),
    kwaliteitskring,
    warm,
    spreekuur,
    toegankelijk,
    verwijs,
    newRow({
      titel: 'Wijkgezondheidsteam',
      kolom: 'financiering',
      laag: 'werkafspraken',
      status: 'in-de-maak',
      eigenaar: 'Gemeente Noord',
      'herzien-voor': '2025-01-15',
      inhoud: TEAM_TEXT,
    }),
  ];
  return writeCsv(mistakes ? lines.map((line, index) => (index === 0 ? line : [...line, index === 1 ? 'rood' : ''])) : lines);
}

/**
 * Where each row starts in the file (the header is line 1; Huiskamer's text takes lines 4-7, the
 * last row's lines 13-14), and
 * what it becomes: `<system page>/<column or chapter>/<slug of the title>` unless `pad` says.
 */
const GOOD_PREVIEW = [
  '2 Aanmaken nl/noord/klantrelatie/gedeelde-visie',
  '3 Aanmaken nl/intern/noord/financiering-per-wijk',
  '4 Aanmaken nl/noord/klantrelatie/huiskamer-in-de-wijk',
  '8 Aanmaken nl/noord/leren/kwaliteitskring',
  '9 Aanmaken nl/noord/dienstverlening/warme-overdracht',
  '10 Aanmaken nl/noord/klantrelatie/spreekuur-in-de-wijk',
  '11 Aanmaken nl/noord/dienstverlening/toegankelijke-zorg',
  '12 Aanmaken nl/noord/dienstverlening/verwijsformulier',
  '13 Aanmaken nl/noord/financiering/wijkgezondheidsteam',
];
const IMPORTED_PATHS = GOOD_PREVIEW.map((line) => line.split(' nl/')[1]);

/** The mistakes of the first version, each on the line its row starts: [line, field]. */
const BAD_ERRORS: Array<[number, string]> = [
  [1, 'kleur'], // an unknown column
  [8, 'kolom'], // 'feestjes'
  [9, 'herzien-voor'], // 'volgend jaar'
  [10, 'titel'], // empty
  [11, 'pad'], // a space in the path
  [12, 'pad'], // the path of line 3 again
];

/**
 * Noord's matrix, by hand from the file: per cell `<count> <state>` (cells left out are empty).
 * Financiering per wijk is chapter-wide: Duurzaamheid's three norm cells are covered (0, PRESENT).
 */
const NOORD_MATRIX = {
  'kwaliteit|dienstverlening|normen': '1 PRESENT',
  'kwaliteit|dienstverlening|werkafspraken': '1 PRESENT',
  'kwaliteit|dienstverlening|techniek': '1 PRESENT',
  'kwaliteit|klantrelatie|normen': '1 PRESENT',
  'kwaliteit|klantrelatie|werkafspraken': '2 PRESENT',
  'duurzaamheid|financiering|normen': '0 PRESENT',
  'duurzaamheid|borgen|normen': '0 PRESENT',
  'duurzaamheid|leren|normen': '0 PRESENT',
  'duurzaamheid|*|normen': '1 PRESENT',
  'duurzaamheid|financiering|werkafspraken': '1 IN_PROGRESS',
  'duurzaamheid|leren|werkafspraken': '1 PRESENT',
};

/** Noord's upkeep lists by hand: overdue by review date (2025-01-15, 2025-02-28), the others by title. */
const NOORD_UPKEEP = {
  overdue: ['Wijkgezondheidsteam', 'Spreekuur in de wijk'],
  dueSoon: [],
  withoutOwner: ['Financiering per wijk', 'Gedeelde visie', 'Toegankelijke zorg', 'Verwijsformulier'],
  stale: [],
  unplaced: [],
};

/** The upkeep lists as shown: per list, the titles linked. */
export function upkeepShown(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('.afw-system-tabs .afw-maintenance section[data-list]')).map((s) =>
    [s.dataset.list, Array.from(s.querySelectorAll('tbody td:first-child a')).map((a) => a.textContent.trim())]))`) as Promise<Record<string, string[]>>;
}

/** The import dialog's preview as shown: `<line> <action> <page>` per row. */
const previewShown = (page: Page) =>
  page.evaluate(
    `Array.from(document.querySelectorAll('[data-import-preview] tbody tr:not(.afw-import__error-row)')).map((tr) => Array.from(tr.cells).map((c) => c.innerText.trim()).join(' '))`,
  ) as Promise<string[]>;

export function mappingJourney(world: () => JourneyWorld): void {
  describe('a mapping session: export Zuid, change the file, import it into a new system', () => {
    let page: Page;
    let exported: string[][] = [];

    it('creates Basiszorg Noord with "Nieuw afsprakenstelsel" on the overview; Wiki.js\'s editor opens on its page', async () => {
      page = await world().open('/nl/overzicht', 'admin');
      await waitForOverview(page);
      await page.getByRole('button', { name: 'Nieuw afsprakenstelsel' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nieuw afsprakenstelsel' });
      await dialog.getByLabel('Titel').fill('Basiszorg Noord');
      await dialog.getByLabel('Sleutel').fill('noord');
      await dialog.getByLabel('Regio').fill('Utrecht Noord');
      expect(await dialog.getByLabel('Pad').inputValue()).to.equal('noord');
      await dialog.getByRole('button', { name: 'Aanmaken' }).click();
      await page.waitForURL(world().url('/e/nl/noord'), { timeout: 60000 });
      await page.getByRole('button', { name: 'Sluiten' }).click();
      await page.waitForURL(world().url('/nl/noord'), { timeout: 60000 });
      await waitForMatrix(page);
      const system = await world().wikiPage('noord');
      expect(system?.title).to.equal('Basiszorg Noord');
      expect(system?.content).to.match(/```afsprakenstelsel\n(.*\n)*key: noord\n/);
    });

    it('downloads Zuid with "CSV voor import": every agreement with its placement, owner, dates and links', async () => {
      const zuid = await world().open('/nl/zuid', 'admin');
      await waitForMatrix(zuid);
      const [download] = await Promise.all([zuid.waitForEvent('download'), zuid.getByRole('button', { name: /CSV in het importformaat/ }).click()]);
      expect(download.suggestedFilename()).to.equal('afspraken-zuid.csv');
      exported = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
      expect(exported[0]).to.deep.equal(HEADER);
      const rows = exported.slice(1);
      expect(rows.map((r) => r[col('pad')])).to.deep.equal(EXPORTED_PATHS);
      const byPath = (p: string) => rows.find((r) => r[col('pad')] === p) as string[];
      const field = (p: string, name: string) => byPath(p)[col(name)];
      expect(field('gedeeld/visie', 'stelsel').split(' | ').sort()).to.deep.equal(['kanaal', 'zuid']);
      expect([field('intern/zuid/financiering', 'hoofdstuk'), field('intern/zuid/financiering', 'kolom'), field('intern/zuid/financiering', 'laag')]).to.deep.equal(['duurzaamheid', '', 'normen']);
      expect([field('zuid/klantrelatie/spreekuur', 'status'), field('zuid/klantrelatie/spreekuur', 'eigenaar'), field('zuid/klantrelatie/spreekuur', 'herzien-voor')]).to.deep.equal([
        'in-de-maak',
        'Huisartsen Zuid',
        '2025-02-28',
      ]);
      const warm = 'zuid/dienstverlening/warme-overdracht';
      expect([field(warm, 'thema'), field(warm, 'partijen'), field(warm, 'eigenaar')]).to.deep.equal(['overdracht', 'huisartsen', 'POH GGZ Zuid']);
      // The trace links of its afspraak block, so a round trip keeps them (issue 17: they were written empty).
      expect(field(warm, 'volgt-uit'), 'volgt-uit').to.match(/^(\/nl)?\/?zuid\/normen\/toegankelijk$/);
      expect(field(warm, 'gebruikt'), 'gebruikt').to.match(/^(\/nl)?\/?zuid\/techniek\/verwijsformulier$/);
    });

    it('shows every mistake of the first version on its line and field, and writes nothing (pages.list unchanged)', async () => {
      expect(exported.length, 'the export of the step before').to.be.greaterThan(1);
      const before = await world().allPaths();
      page = await world().open('/nl/noord', 'admin');
      await waitForMatrix(page);
      await page.getByRole('button', { name: 'Importeren' }).click();
      world().files.set('mapping-with-mistakes', sessionFile(exported, true));
      await page.getByLabel('CSV-bestand').setInputFiles({
        name: 'noord.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(sessionFile(exported, true)),
      });
      const dialog = page.locator('.afw-import');
      await dialog.locator('[data-import-summary]').waitFor({ timeout: 30000 });
      const shown = (await dialog.locator('.afw-import__errors li').allTextContents()).map((t) => t.trim());
      const pairs = shown.map((text) => /^Regel (\d+), veld '([^']+)'/.exec(text)).map((m) => (m ? `${m[1]} ${m[2]}` : 'no line and field'));
      expect(pairs, shown.join('\n')).to.include.members(BAD_ERRORS.map(([line, fieldName]) => `${line} ${fieldName}`));
      expect(
        [...new Set(pairs.map((p) => p.split(' ')[0]))].sort((a, b) => Number(a) - Number(b)),
        'only the lines with a mistake',
      ).to.deep.equal([...new Set(BAD_ERRORS.map(([line]) => String(line)))]);
      expect((await dialog.locator('[data-import-summary]').textContent())?.trim()).to.match(/regels met fouten: er wordt niets geschreven/);
      expect(await dialog.getByRole('button', { name: /^Importeren/ }).isDisabled()).to.equal(true);
      await world().screenshot(page, 'mapping-errors-admin-1400-light');
      expect(await world().allPaths()).to.deep.equal(before);
      await dialog.getByRole('button', { name: 'Annuleren' }).click();
    });

    it('previews the right version row by row (lines as in the file), imports it with a progress bar, and is done', async () => {
      expect(exported.length, 'the export of the step before').to.be.greaterThan(1);
      await page.goto(world().url('/nl/noord'));
      await waitForMatrix(page);
      await page.getByRole('button', { name: 'Importeren' }).click();
      await page.getByLabel('CSV-bestand').setInputFiles({
        name: 'noord.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(sessionFile(exported, false)),
      });
      const dialog = page.locator('.afw-import');
      await dialog.locator('[data-import-summary]').waitFor({ timeout: 30000 });
      expect(
        (await dialog.locator('.afw-import__errors li').allTextContents()).map((t) => t.trim()),
        'no errors',
      ).to.deep.equal([]);
      expect(await previewShown(page)).to.deep.equal(GOOD_PREVIEW);
      expect((await dialog.locator('[data-import-summary]').textContent())?.trim()).to.equal('Klaar om te importeren: 9 aanmaken, 0 bijwerken, 0 ongewijzigd, 0 overslaan.');
      await dialog.getByRole('button', { name: 'Importeren (9)' }).click();
      const progress = dialog.getByRole('progressbar', { name: /regels verwerkt$/ });
      await progress.waitFor({ timeout: 30000 });
      await world().screenshot(page, 'mapping-progress-admin-1400-light');
      await page.waitForFunction(`document.querySelector('[data-import-summary]')?.textContent.includes('Klaar: 9 aangemaakt')`, undefined, { timeout: 180000 });
      expect((await dialog.locator('[data-import-summary]').textContent())?.trim()).to.equal('Klaar: 9 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 0 overgeslagen.');
      expect(await progress.getAttribute('aria-valuenow')).to.equal('100');
      await dialog.getByRole('button', { name: 'Sluiten' }).click();
      const paths = await world().allPaths();
      expect(paths).to.include.members(IMPORTED_PATHS);
      const huiskamer = await world().wikiPage('noord/klantrelatie/huiskamer-in-de-wijk');
      // The text as written (its line breaks CRLF as in the file, or LF).
      expect(huiskamer?.content.replace(/\r\n/g, '\n').startsWith(`${HUISKAMER_TEXT}\n`), huiskamer?.content).to.equal(true);
      expect(huiskamer?.content).to.match(/```afspraak\neigenaar: Buurtteam Noord\n```/);
      expect(huiskamer?.tags.map((t) => t.tag)).to.have.members(['stelsel:noord', 'kolom:klantrelatie', 'laag:werkafspraken', 'status:vastgesteld']);
      expect((await world().wikiPage('noord/financiering/wijkgezondheidsteam'))?.content.replace(/\r\n/g, '\n').startsWith(`${TEAM_TEXT}\n`)).to.equal(true);
      const moved = await world().wikiPage('noord/leren/kwaliteitskring');
      expect(moved?.tags.map((t) => t.tag))
        .to.include('kolom:leren')
        .and.not.include('kolom:borgen');
    });

    it("keeps the trace links through the round trip: Noord's Warme overdracht still follows from and uses Zuid's pages", async () => {
      const warm = await world().wikiPage('noord/dienstverlening/warme-overdracht');
      expect(warm?.content).to.match(blockLink('volgt-uit', 'zuid/normen/toegankelijk'));
      const { pageLinks } = await world().api<{
        pageLinks: {
          derivesFrom: Array<{ path: string }>;
          uses: Array<{ path: string }>;
        };
      }>('{ agreements { pageLinks(path: "noord/dienstverlening/warme-overdracht", locale: "nl") { derivesFrom { path } uses { path } } } }', {}, 'admin');
      expect({
        derivesFrom: pageLinks.derivesFrom.map((r) => r.path),
        uses: pageLinks.uses.map((r) => r.path),
      }).to.deep.equal({
        derivesFrom: ['zuid/normen/toegankelijk'],
        uses: ['zuid/techniek/verwijsformulier'],
      });
    });

    it("shows the result in Noord's matrix, in the sidebar of an imported page, and on its Onderhoud tab", async () => {
      await page.goto(world().url('/nl/noord'));
      await waitForMatrix(page);
      expect(await matrixShown(page)).to.deep.equal(NOORD_MATRIX);
      expect(await world().matrixAnswered('noord', 'admin')).to.deep.equal(NOORD_MATRIX);

      await page.getByRole('tab', { name: 'Onderhoud' }).click();
      await page.waitForSelector('.afw-system-tabs .afw-maintenance[aria-busy="false"] section[data-list]', { timeout: 30000 });
      expect(await upkeepShown(page)).to.deep.equal(NOORD_UPKEEP);

      await page.getByRole('tab', { name: 'Matrix' }).click();
      await Promise.all([
        page.waitForURL(world().url('/nl/noord/klantrelatie/huiskamer-in-de-wijk')),
        page.locator('.afsprakenwiki-matrix').getByRole('link', { name: 'Huiskamer in de wijk' }).click(),
      ]);
      expect(await sidebarShown(page)).to.deep.equal({
        system: 'Basiszorg Noord',
        current: [
          {
            title: 'Huiskamer in de wijk',
            cell: 'kwaliteit|klantrelatie|werkafspraken',
          },
        ],
      });
    });
  });
}
