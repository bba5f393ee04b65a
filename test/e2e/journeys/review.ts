/**
 * Journey 3, an editorial review (contract §7.2, §9, §10): on Kanaleneiland's Onderhoud tab the
 * writer opens the agreement whose review is overdue, moves it to Werkafspraken and sets it
 * Vastgesteld with "Plaatsing"; the breadcrumb and sidebar show the new place at once; on the
 * system page "Recent gewijzigd" and "Vergelijk met eerdere stand" show the change.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { PAGES, HISTORY_DAYS, sidebarShown, waitForMatrix, type JourneyWorld } from './world';
import { upkeepShown } from './mapping';

const INLOOP = 'kanaal/klantrelatie/inloop';
const DAY = 86_400_000;

/** A change as listed: kind, title and the from → to words. */
const changesShown = (page: Page, scope: string) =>
  page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' li.afw-change')).map((li) =>
    [li.dataset.kind, li.querySelector('.afw-change__title').textContent.trim(), (li.querySelector('.afw-change__detail') || { textContent: '' }).textContent.trim()].join(' | '))`) as Promise<
    string[]
  >;

/**
 * By hand: since the history began (40 days ago) Kanaleneiland got the three answers of journey 1
 * (ADDED, newest first), lost Oud overleg (deleted while setting up, so the oldest change), and
 * Inloopspreekuur, changed last, moved from Normen to Werkafspraken and went from In de maak to
 * Vastgesteld (two changes at one moment, in either order).
 */
const MOVED = 'MOVED | Inloopspreekuur | Klantrelatie · Normen → Klantrelatie · Werkafspraken';
const STATUS = 'STATUS | Inloopspreekuur | In de maak → Vastgesteld';
const EARLIER = ['ADDED | Kwaliteitskring Kanaleneiland | ', 'ADDED | Verwijsformulier Kanaleneiland | ', 'ADDED | Toegankelijke zorg Kanaleneiland | ', 'REMOVED | Oud overleg (verwijderd) | '];

/** The changes in either order of the two that share a moment. */
function expectChanges(shown: string[]): void {
  expect(shown.slice(0, 2), shown.join('\n')).to.have.members([MOVED, STATUS]);
  expect(shown.slice(2), shown.join('\n')).to.deep.equal(EARLIER);
}

export function reviewJourney(world: () => JourneyWorld): void {
  describe('an editorial review: an overdue agreement placed anew with "Plaatsing", then seen among the changes', () => {
    let page: Page;

    it('lists Inloopspreekuur as overdue on the Onderhoud tab and opens it from there', async () => {
      page = await world().open('/nl/kanaal', 'writer');
      await waitForMatrix(page);
      await page.getByRole('tab', { name: 'Onderhoud' }).click();
      await page.waitForSelector('.afw-system-tabs .afw-maintenance[aria-busy="false"] section[data-list]', { timeout: 30000 });
      const lists = await upkeepShown(page);
      expect(lists.overdue).to.deep.equal(['Inloopspreekuur']);
      const { maintenance } = await world().api<{
        maintenance: {
          overdue: Array<{ agreement: { title: string }; reviewBy: string }>;
        };
      }>('{ agreements { maintenance(system: "kanaal") { overdue { agreement { title } reviewBy } } } }', {}, 'writer');
      expect(maintenance.overdue.map((i) => `${i.agreement.title} ${i.reviewBy}`)).to.deep.equal(['Inloopspreekuur 2025-03-31']);
      const overdue = page.getByRole('table', { name: /^Herziening te laat/ });
      await Promise.all([page.waitForURL(world().url(`/nl/${INLOOP}`)), overdue.getByRole('link', { name: 'Inloopspreekuur' }).click()]);
    });

    it('moves it to Werkafspraken and sets it Vastgesteld with "Plaatsing": saved through Wiki.js, breadcrumb and sidebar follow at once', async () => {
      const panel = page.getByRole('region', {
        name: 'Plaatsing van deze afspraak',
      });
      await panel.getByRole('button', { name: 'Plaatsing' }).click();
      const option = (text: string) => page.locator('.v-menu__content.menuable__content__active .v-list-item', { hasText: text });
      await panel.locator('[data-field="layers"] .v-input__slot').click();
      await option('Werkafspraken').click();
      await option('Normen').click();
      await page.keyboard.press('Escape');
      await panel.locator('[data-field="status"] .v-input__slot').click();
      await option('Vastgesteld').click();
      await page.waitForTimeout(300);
      await world().screenshot(page, 'review-placement-writer-1400-light');
      await panel.getByRole('button', { name: 'Opslaan' }).click();
      await panel.getByText('Plaatsing opgeslagen.').waitFor({ timeout: 60000 });

      const saved = await world().wikiPage(INLOOP);
      expect(saved?.tags.map((t) => t.tag)).to.have.members(['stelsel:kanaal', 'kolom:klantrelatie', 'laag:werkafspraken', 'status:vastgesteld']);
      expect(saved?.content, 'the content stays as it was').to.equal(PAGES.find((p) => p.path === INLOOP)?.content);

      await page.getByRole('navigation', { name: 'Plaats in het afsprakenstelsel' }).getByText('Werkafspraken').waitFor({ timeout: 30000 });
      // The sidebar's tree: the page marked current, at its new place, without a reload.
      await page
        .locator('[role="treeitem"][aria-current="page"][data-node^="kwaliteit|klantrelatie|werkafspraken|"]')
        .waitFor({ timeout: 15000 })
        .catch(() => undefined);
      expect(await sidebarShown(page)).to.deep.equal({
        system: 'Basiszorg Kanaleneiland',
        current: [
          {
            title: 'Inloopspreekuur',
            cell: 'kwaliteit|klantrelatie|werkafspraken',
          },
        ],
      });
    });

    it('shows the change under "Recent gewijzigd" on the system page, as the changes query answers, every link to a page that exists', async () => {
      await page.goto(world().url('/nl/kanaal'));
      await waitForMatrix(page);
      const recent = page.locator('[data-recent-changes]');
      await recent.locator('li.afw-change').first().waitFor({ timeout: 30000 });
      expect(await recent.getByRole('heading', { name: 'Recent gewijzigd' }).count()).to.equal(1);
      // A removed agreement has no page to open: nothing listed may lead to Wiki.js's "page not found".
      const hrefs = await recent.locator('li.afw-change a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      for (const href of hrefs) {
        const response = await fetch(world().url(href), { headers: { authorization: `Bearer ${world().writerToken}` } });
        expect(response.status, `${href} in "Recent gewijzigd"`).to.equal(200);
      }
      const shown = await changesShown(page, '[data-recent-changes]');
      expectChanges(shown);
      const { history } = await world().api<{ history: { startsAt: string } }>('{ agreements { history { startsAt } } }', {}, 'writer');
      const { changes } = await world().api<{ changes: { changes: Array<{ kind: string; deleted: boolean; agreement: { title: string } }> } }>(
        'query($s: String!) { agreements { changes(system: "kanaal", since: $s) { changes { kind deleted agreement { title } } } } }',
        { s: history.startsAt },
        'writer',
      );
      // A deleted agreement is shown by its title marked "(verwijderd)", without a link.
      const listed = changes.changes.map((c) => `${c.kind} | ${c.agreement.title}${c.deleted ? ' (verwijderd)' : ''}`);
      expect(listed).to.deep.equal(shown.map((line) => line.split(' | ').slice(0, 2).join(' | ')));
    });

    it('shows it in "Vergelijk met eerdere stand" for a date the writer picks: the cells that differ and the same changes', async () => {
      await page.getByRole('button', { name: 'Vergelijk met eerdere stand' }).click();
      const view = page.locator('[data-history]');
      await view.waitFor({ timeout: 30000 });
      const date = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
      const input = view.getByLabel('Stand op');
      await input.fill(date);
      await input.dispatchEvent('change');
      await page.waitForFunction(`new URL(location.href).searchParams.get('stand') === '${date}'`);
      await page.waitForFunction(`(document.querySelector('[data-changes] h3') || {}).textContent?.includes('${date}')`, undefined, { timeout: 30000 });
      await view.locator('[data-changes] li.afw-change').first().waitFor({ timeout: 30000 });
      expectChanges(await changesShown(page, '[data-changes]'));
      // Six cells differ: three got an answer, Normen and Werkafspraken of Klantrelatie swapped Inloopspreekuur, Oud overleg left Leren › Techniek.
      await view.getByText('6 van 24 cellen verschillen').waitFor({ timeout: 30000 });
      expect(HISTORY_DAYS, 'the date lies within the history').to.be.greaterThan(10);
    });
  });
}
