/**
 * Journey 5, a guest (contract §4, §7-10 "nobody else sees the action"): the pages the others
 * walked, as a guest whom a path rule (`intern/`) and a tag rule (`vertrouwelijk`) keep from two of
 * Zuid's agreements (and Noord's copy under `intern/`). No action is offered; no title, path,
 * count or link of a hidden page shows; no console error.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { checklist, handoverSummary, linksShown, shownOverview, shownSearch, waitForOverview, waitForSearch } from '../../browser/learning-dom';
import { matrixShown, waitForMatrix, type JourneyWorld } from './world';

/** Every action of the extension, by its role and name; none may be offered to a guest. */
const ACTIONS: Array<{ role: 'button' | 'link' | 'tab'; name: RegExp }> = [
  { role: 'button', name: /^Nieuwe afspraak/ },
  { role: 'link', name: /^Nieuwe afspraak/ },
  { role: 'button', name: /^Importeren/ },
  { role: 'button', name: /^Nieuw afsprakenstelsel$/ },
  { role: 'button', name: /^Plaatsing$/ },
  { role: 'tab', name: /^Onderhoud$/ },
];

/**
 * By hand: of Zuid's 8 agreements the guest sees 6 (not Intervisie huisartsen, tag rule; not
 * Financiering per wijk, path rule), in 6 cells, Spreekuur in de wijk's in the making.
 */
const ZUID_FOR_GUEST = {
  'kwaliteit|dienstverlening|normen': '1 PRESENT',
  'kwaliteit|dienstverlening|werkafspraken': '1 PRESENT',
  'kwaliteit|dienstverlening|techniek': '1 PRESENT',
  'kwaliteit|klantrelatie|normen': '1 PRESENT',
  'kwaliteit|klantrelatie|werkafspraken': '1 IN_PROGRESS',
  'duurzaamheid|borgen|werkafspraken': '1 PRESENT',
};

const PAGES = ['/nl/overzicht', '/nl/zuid', '/nl/kanaal', '/nl/kanaal/overdracht', '/nl/zoeken', '/nl/zuid/dienstverlening/warme-overdracht', '/nl/kanaal/klantrelatie/inloop', '/nl/noord'];

async function expectNoAction(page: Page): Promise<void> {
  // The writer checks go out when the browser is idle: wait for them to be answered.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  for (const action of ACTIONS) expect(await page.getByRole(action.role, { name: action.name }).count(), `${page.url()}: ${action.role} ${action.name}`).to.equal(0);
}

export function guestJourney(world: () => JourneyWorld): void {
  describe('a guest on the same pages: no action, nothing hidden, no console error', () => {
    it('shows the guest Zuid with 6 of its 8 agreements in the overview and the matrix, as the API answers a guest', async () => {
      const overview = await world().open('/nl/overzicht', 'guest');
      await waitForOverview(overview);
      const zuid = (await shownOverview(overview)).find((row) => row.system === 'zuid');
      expect({
        coverage: zuid?.coverageText,
        present: zuid?.present,
      }).to.deep.equal({ coverage: '6/24', present: 5 });
      const page = await world().open('/nl/zuid', 'guest');
      await waitForMatrix(page);
      expect(await matrixShown(page)).to.deep.equal(ZUID_FOR_GUEST);
      expect(await world().matrixAnswered('zuid', 'guest')).to.deep.equal(ZUID_FOR_GUEST);
    });

    it('counts for the guest only the 6 reference agreements of Zuid it sees on the handover checklist', async () => {
      const page = await world().open('/nl/kanaal/overdracht', 'guest');
      const items = await checklist(page);
      const { handover } = await world().api<{
        handover: {
          total: number;
          open: number;
          adopted: number;
          shared: number;
          progress: number;
        };
      }>('{ agreements { handover(reference: "zuid", receiver: "kanaal") { total open adopted shared progress } } }', {}, 'guest');
      expect(handover.total).to.equal(6);
      const percent = Math.round(handover.progress * 100);
      expect(await handoverSummary(page)).to.equal(
        `${handover.adopted + handover.shared} van 6 afspraken overgenomen of gedeeld (${percent}%) ${handover.open} open · ${handover.adopted} overgenomen · ${handover.shared} gedeeld`,
      );
      expect(items.filter((item) => !item.endsWith(' RECEIVER_ONLY'))).to.have.length(6);
    });

    it('finds for the guest 6 agreements of Zuid in the search, the hidden ones in no hit nor chip', async () => {
      const page = await world().open('/nl/zoeken', 'guest');
      await waitForSearch(page);
      const shown = await shownSearch(page);
      expect(shown.chips.system).to.include('zuid:6');
      const { search } = await world().api<{ search: { total: number } }>('{ agreements { search { total } } }', {}, 'guest');
      expect(shown.total).to.equal(`${search.total} afspraken gevonden`);
    });

    it('offers the guest no action and shows no hidden title, path or link on any of the pages', async () => {
      for (const pagePath of PAGES) {
        const page = await world().open(pagePath, 'guest');
        if (pagePath === '/nl/zuid/dienstverlening/warme-overdracht')
          expect(await linksShown(page)).to.deep.equal({
            derivesFrom: ['Toegankelijke zorg'],
            uses: ['Verwijsformulier'],
            adoptedBy: ['Warme overdracht Kanaleneiland'],
          });
        await expectNoAction(page);
        await world().expectNothingHidden(page);
      }
    });

    it('logged no console error on any page the guest opened', () => {
      const found = [...world().errors.entries()].filter(([where, list]) => where.startsWith('guest ') && list.length > 0);
      expect([...world().errors.keys()].filter((where) => where.startsWith('guest ')).length, 'pages opened').to.be.greaterThan(5);
      expect(found.map(([where, list]) => `${where}: ${list.join(' | ')}`)).to.deep.equal([]);
    });
  });
}
