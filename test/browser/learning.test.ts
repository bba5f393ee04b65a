import { expect } from 'chai';
import type { Role } from '../../dev/backend';
import { axeViolations, chromiumAvailable, screenshot, startSession, itWithoutPageErrors, type Session } from './support';
import { shownOverview, shownSearch, waitForOverview, waitForSearch } from './learning-dom';

interface OverviewData {
  cells: Array<{ chapter: string; column: string | null; layer: string }>;
  systems: Array<{ system: { key: string; pagePath: string | null }; coverage: number; cells: Array<{ state: string; count: number }> }>;
}

interface SearchData {
  total: number;
  hits: Array<{ agreement: { title: string } }>;
  facets: Array<{ field: string; values: Array<{ value: string; count: number }> }>;
}

const PAGE = '/nl/overzicht';
const OVERVIEW = `{ agreements { overview { cells { chapter column layer } systems { system { key pagePath } coverage cells { state count } } } } }`;
const SEARCH = `query($t: String, $f: AgreementSearchFilter) { agreements { search(text: $t, filter: $f, first: 20) { total hits { agreement { title } } facets { field values { value count } } } } }`;

const cellId = (cell: { chapter: string; column: string | null; layer: string }) => `${cell.chapter}|${cell.column ?? '*'}|${cell.layer}`;

describe('The overview and search embeds in the dev app (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  for (const role of ['author', 'guest'] as Role[]) {
    itLogsNoErrors(`shows the ${role} the overview with the figures of the GraphQL answer, each cell linking to its matrix cell`, async () => {
      const data = (await session.graphql<{ overview: OverviewData }>(OVERVIEW, {}, role)).overview;
      const page = await session.open(PAGE, { role });
      await waitForOverview(page);
      const shown = await shownOverview(page);
      expect(shown.map((r) => r.system)).to.deep.equal(data.systems.map((r) => r.system.key));
      for (const row of data.systems) {
        const dom = shown.find((r) => r.system === row.system.key);
        expect(dom?.coverage, row.system.key).to.equal(row.coverage);
        row.cells.forEach((cell, i) => {
          const id = cellId(data.cells[i]);
          expect(dom?.cells[id]?.state, `${row.system.key} ${id}`).to.equal(cell.state);
          expect(dom?.cells[id]?.count, `${row.system.key} ${id}`).to.equal(cell.count);
          if (row.system.pagePath) expect(dom?.cells[id]?.href, id).to.match(new RegExp(`^/nl/${row.system.pagePath}\\?cel=`));
        });
      }
      expect(await axeViolations(page, ['.afsprakenwiki-overview'])).to.deep.equal([]);
    });
  }

  itLogsNoErrors('shows the guest fewer agreements than the author (drafts are hidden from guests)', async () => {
    const sum = (data: OverviewData) => data.systems.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.count, 0), 0);
    const author = (await session.graphql<{ overview: OverviewData }>(OVERVIEW, {}, 'author')).overview;
    const guest = (await session.graphql<{ overview: OverviewData }>(OVERVIEW, {}, 'guest')).overview;
    expect(sum(guest)).to.be.lessThan(sum(author));
  });

  itLogsNoErrors("offers 'Nieuw afsprakenstelsel' to a writer only, and creates the system page through the page API", async () => {
    const guest = await session.open(PAGE, { role: 'guest' });
    await waitForOverview(guest);
    expect(await guest.locator('.afw-overview button[data-action="new-system"]').count()).to.equal(0);
    const page = await session.open(PAGE, { role: 'author' });
    await waitForOverview(page);
    await page.click('.afw-overview button[data-action="new-system"]');
    const dialog = page.getByRole('dialog', { name: 'Nieuw afsprakenstelsel' });
    await dialog.waitFor();
    await dialog.getByLabel('Titel').fill('Krachtige Basiszorg Zuilen');
    await Promise.all([page.waitForURL(/\/e\/nl\/krachtige-basiszorg-zuilen$/), dialog.getByRole('button', { name: 'Aanmaken' }).click()]);
    const systems = (await session.graphql<{ systems: Array<{ key: string; declared: boolean }> }>('{ agreements { systems { key declared } } }', {}, 'author')).systems;
    expect(systems).to.deep.include({ key: 'krachtige-basiszorg-zuilen', declared: true });
  });

  itLogsNoErrors('sorts by a column and by title, and opens the linked cell marked in the system matrix', async () => {
    const page = await session.open(PAGE, { role: 'guest' });
    await waitForOverview(page);
    await page.click('.afw-overview button[data-sort="title"]');
    const titles = (await page.$$eval('.afw-overview tbody th', (ths) => ths.map((th) => (th.textContent ?? '').trim())));
    expect(titles).to.deep.equal([...titles].sort((a, b) => a.localeCompare(b, 'nl')));
    expect(await page.getAttribute('.afw-overview th:has(button[data-sort="title"])', 'aria-sort')).to.equal('ascending');
    const td = page.locator('.afw-overview td[data-state="PRESENT"]').first();
    const cell = await td.getAttribute('data-cell');
    await Promise.all([page.waitForNavigation(), td.locator('a').click()]);
    await page.waitForSelector('.afsprakenwiki-matrix td.afw-cell--target');
    expect(await page.getAttribute('td.afw-cell--target', 'data-cell')).to.equal(cell);
  });

  itLogsNoErrors('exports the overview as CSV, one row per system and cell', async () => {
    const page = await session.open(PAGE, { role: 'guest' });
    await waitForOverview(page);
    const rows = await page.$$eval('.afw-overview tbody tr', (trs) => trs.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.afw-overview button[data-action="csv"]')]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).to.match(/^\uFEFF"Sleutel","Afsprakenstelsel","Dekking"/);
    expect(lines.length).to.equal(1 + rows * 24);
  });

  for (const role of ['author', 'guest'] as Role[]) {
    itLogsNoErrors(`searches for the ${role} with the hits and facet counts of the GraphQL answer, keeping the query in the URL`, async () => {
      const page = await session.open(PAGE, { role });
      await waitForSearch(page);
      await page.fill('.afw-search__input', 'samenw');
      await page.press('.afw-search__input', 'Enter');
      const data = (await session.graphql<{ search: SearchData }>(SEARCH, { t: 'samenw' }, role)).search;
      await page.waitForFunction(`document.querySelectorAll('.afw-search__link').length === ${Math.min(20, data.total)} && document.querySelector('.afw-search').getAttribute('aria-busy') === 'false'`);
      let shown = await shownSearch(page);
      expect(shown.titles).to.deep.equal(data.hits.map((h) => h.agreement.title));
      for (const facet of data.facets) expect(shown.chips[facet.field] ?? [], facet.field).to.deep.equal(facet.values.map((v) => `${v.value}:${v.count}`));
      // A chip narrows the hits; the other fields' counts follow, its own field's counts stay.
      const system = data.facets.find((f) => f.field === 'system')?.values[0]?.value as string;
      await page.click(`.afw-search__facet[data-field="system"] .afw-search__chip[data-value="${system}"]`);
      const narrowed = (await session.graphql<{ search: SearchData }>(SEARCH, { t: 'samenw', f: { systems: [system] } }, role)).search;
      await page.waitForFunction(`document.querySelectorAll('.afw-search__link').length === ${Math.min(20, narrowed.total)} && document.querySelector('.afw-search').getAttribute('aria-busy') === 'false'`);
      shown = await shownSearch(page);
      expect(shown.titles).to.deep.equal(narrowed.hits.map((h) => h.agreement.title));
      expect(page.url()).to.match(/zoek=samenw/).and.to.match(new RegExp(`zoek-stelsel=${system}`));
      const reloaded = await session.open(new URL(page.url()).pathname + new URL(page.url()).search, { role });
      await waitForSearch(reloaded);
      expect((await shownSearch(reloaded)).titles).to.deep.equal(narrowed.hits.map((h) => h.agreement.title));
      expect(await axeViolations(page, ['.afsprakenwiki-search'])).to.deep.equal([]);
      const href = await page.getAttribute('.afw-search__link', 'href');
      expect(href).to.match(/^\/nl\//);
    });
  }

  itLogsNoErrors('shows the guest no hit the author alone may see', async () => {
    const author = (await session.graphql<{ search: SearchData }>(SEARCH, { f: { statuses: ['concept'] } }, 'author')).search;
    const guest = (await session.graphql<{ search: SearchData }>(SEARCH, { f: { statuses: ['concept'] } }, 'guest')).search;
    expect(author.total).to.be.greaterThan(0);
    expect(guest.total).to.equal(0);
    const page = await session.open(`${PAGE}?zoek-status=concept`, { role: 'guest' });
    await waitForSearch(page);
    expect((await shownSearch(page)).titles).to.deep.equal([]);
  });

  itLogsNoErrors('renders light and dark at 1400 and 390 px without console errors', async () => {
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const page = await session.open(`${PAGE}?zoek=zorg`, { role: 'guest', dark, width });
        await waitForOverview(page);
        await waitForSearch(page);
        await screenshot(page, `learning-${dark ? 'dark' : 'light'}-${width}`);
        if (dark) expect(await axeViolations(page, ['.afsprakenwiki-overview', '.afsprakenwiki-search'])).to.deep.equal([]);
      }
    }
  });
});
