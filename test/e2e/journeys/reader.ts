/**
 * Journey 4, a reader (contract §8.1, §8.2, §8.4, §4): the administrator goes from the overview to
 * a cell, to that system's matrix at that cell, to an agreement, along its trace links, and back
 * through the sidebar; then searches with two facets, shares the address (opened in a new
 * browser context it shows the same), and presses Back (the search before the second facet).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { linksShown, shownSearch, waitForOverview, waitForSearch } from '../../browser/learning-dom';
import { sidebarShown, waitForMatrix, type JourneyWorld } from './world';

const CELL = 'kwaliteit|dienstverlening|werkafspraken';

/** By hand: Zuid's agreements (the administrator sees all 8), and those of them in the layer Werkafspraken. */
const ZUID_TITLES = ['Financiering per wijk', 'Gedeelde visie', 'Intervisie huisartsen', 'Kwaliteitskring', 'Spreekuur in de wijk', 'Toegankelijke zorg', 'Verwijsformulier', 'Warme overdracht'];
const ZUID_WORKING = ['Intervisie huisartsen', 'Kwaliteitskring', 'Spreekuur in de wijk', 'Warme overdracht'];

/** The pressed chips as `field:value`. */
const pressed = (page: Page) =>
  page.evaluate(
    `Array.from(document.querySelectorAll('.afw-search__facet')).flatMap((g) => Array.from(g.querySelectorAll('button[aria-pressed="true"]')).map((b) => g.dataset.field + ':' + b.dataset.value))`,
  ) as Promise<string[]>;

async function searchSettled(page: Page, total: string): Promise<void> {
  await page.waitForFunction(`(document.querySelector('.afw-search [data-total]') || {}).textContent?.trim() === ${JSON.stringify(total)}`, undefined, { timeout: 30000 });
  await waitForSearch(page);
}

export function readerJourney(world: () => JourneyWorld): void {
  describe('a reader: overview, cell, matrix, agreement, trace, sidebar; a search shared and Back', () => {
    let page: Page;

    it("goes from the overview's cell to Zuid's matrix at that cell, to the agreement in it", async () => {
      page = await world().open('/nl/overzicht', 'admin');
      await waitForOverview(page);
      const cell = page.getByRole('link', {
        name: 'Basiszorg Zuid, Kwaliteit van de oplossing, Dienstverlening, Werkafspraken: Aanwezig, 1 afspraken',
      });
      await Promise.all([page.waitForURL(world().url('/nl/zuid?cel=kwaliteit.dienstverlening.werkafspraken')), cell.click()]);
      await waitForMatrix(page);
      await page.waitForFunction(`document.activeElement?.dataset?.cell === ${JSON.stringify(CELL)}`, undefined, { timeout: 30000 });
      const focused = page.locator(`.afsprakenwiki-matrix td[data-cell="${CELL}"]`);
      expect(await focused.getAttribute('data-count')).to.equal('1');
      await Promise.all([page.waitForURL(world().url('/nl/zuid/dienstverlening/warme-overdracht')), focused.getByRole('link', { name: 'Warme overdracht' }).click()]);
    });

    it('follows the trace links of the agreement, then goes back to the system through the sidebar', async () => {
      // By hand from the pages: it works out Toegankelijke zorg, uses Verwijsformulier, and Kanaleneiland answered it.
      expect(await linksShown(page)).to.deep.equal({
        derivesFrom: ['Toegankelijke zorg'],
        uses: ['Verwijsformulier'],
        adoptedBy: ['Warme overdracht Kanaleneiland'],
      });
      expect(await sidebarShown(page)).to.deep.equal({
        system: 'Basiszorg Zuid',
        current: [{ title: 'Warme overdracht', cell: CELL }],
      });
      await Promise.all([
        page.waitForURL(world().url('/nl/zuid/techniek/verwijsformulier')),
        page
          .getByRole('complementary', {
            name: 'Verbanden met andere afspraken',
          })
          .getByRole('link', { name: 'Verwijsformulier' })
          .click(),
      ]);
      const shown = await linksShown(page);
      expect(shown.usedBy, 'Gebruikt door').to.include('Warme overdracht');
      const { pageLinks } = await world().api<{
        pageLinks: Record<string, Array<{ title: string }>>;
      }>(
        '{ agreements { pageLinks(path: "zuid/techniek/verwijsformulier", locale: "nl") { derivesFrom { title } derivedBy { title } uses { title } usedBy { title } basedOn { title } adoptedBy { title } } } }',
        {},
        'admin',
      );
      const api = Object.fromEntries(
        Object.entries(pageLinks)
          .filter(([, refs]) => refs.length)
          .map(([key, refs]) => [key, refs.map((r) => r.title)]),
      );
      expect(shown).to.deep.equal(api);
      expect(await sidebarShown(page)).to.deep.equal({
        system: 'Basiszorg Zuid',
        current: [
          {
            title: 'Verwijsformulier',
            cell: 'kwaliteit|dienstverlening|techniek',
          },
        ],
      });
      await Promise.all([page.waitForURL(world().url('/nl/zuid')), page.getByRole('navigation', { name: 'Kader' }).getByRole('link', { name: 'Basiszorg Zuid' }).click()]);
      await waitForMatrix(page);
    });

    it('searches with two facets, shares the address, and Back gives the search before the second facet', async () => {
      await page.goto(world().url('/nl/zoeken'));
      await waitForSearch(page);
      await page
        .getByRole('group', { name: 'Stelsel' })
        .getByRole('button', { name: /^Basiszorg Zuid \d+$/ })
        .click();
      await searchSettled(page, '8 afspraken gevonden');
      expect((await shownSearch(page)).titles).to.deep.equal(ZUID_TITLES);
      await page
        .getByRole('group', { name: 'Laag' })
        .getByRole('button', { name: /^Werkafspraken \d+$/ })
        .click();
      await searchSettled(page, '4 afspraken gevonden');
      expect((await shownSearch(page)).titles).to.deep.equal(ZUID_WORKING);
      const shared = page.url();
      const params = new URL(shared).searchParams;
      expect({
        system: params.get('zoek-stelsel'),
        layer: params.get('zoek-laag'),
      }).to.deep.equal({ system: 'zuid', layer: 'werkafspraken' });
      const { search } = await world().api<{
        search: {
          total: number;
          hits: Array<{ agreement: { title: string } }>;
        };
      }>('{ agreements { search(filter: { systems: ["zuid"], layers: ["werkafspraken"] }) { total hits { agreement { title } } } } }', {}, 'admin');
      expect(search.hits.map((h) => h.agreement.title)).to.deep.equal(ZUID_WORKING);

      const elsewhere = await (await world().context('admin')).newPage();
      await elsewhere.goto(shared);
      await searchSettled(elsewhere, '4 afspraken gevonden');
      expect((await shownSearch(elsewhere)).titles).to.deep.equal(ZUID_WORKING);
      expect((await pressed(elsewhere)).sort()).to.deep.equal(['layer:werkafspraken', 'system:zuid']);

      await page.goBack();
      expect(new URL(page.url()).pathname, 'Back stays on the search page').to.equal('/nl/zoeken');
      expect(new URL(page.url()).searchParams.get('zoek-laag')).to.equal(null);
      await searchSettled(page, '8 afspraken gevonden');
      expect(await pressed(page)).to.deep.equal(['system:zuid']);
    });
  });
}
