/**
 * The journeys of issue 17 in a real Wiki.js 2.5 (WIKIJS_DIR) and Debian's Chromium, driven
 * through the pages by roles and visible text as a person would, each checked afterwards through
 * Wiki.js's own GraphQL (pages.single, pages.list) and the extension's queries:
 *
 *   1. a neighbourhood starts (the writer answers handover items)       journeys/neighbourhood.ts
 *   2. a mapping session (the administrator exports, edits, imports)    journeys/mapping.ts
 *   3. an editorial review (the writer, Onderhoud → Plaatsing → changes) journeys/review.ts
 *   4. a reader (the administrator: overview → … → sidebar; search)     journeys/reader.ts
 *   5. a guest on the same pages                                        journeys/guest.ts
 *
 * One Wiki.js per database (SQLite and PostgreSQL; AFW_E2E_DATABASE names one of them) holds the
 * pages, users and page rules of journeys/world.ts; the journeys run in this order, each on what
 * the ones before left. Screenshots of every journey, light and dark at 1400 and 390 px:
 * test-output/screenshots/wikijs-journey-*.png.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { checklist, waitForSearch } from '../browser/learning-dom';
import { launch } from '../browser/support';
import { startedWiki } from '../support/wikijs-suite';
import type { WikiEngine } from '../support/wikijs-harness';
import { guestJourney } from './journeys/guest';
import { mappingJourney } from './journeys/mapping';
import { neighbourhoodJourney } from './journeys/neighbourhood';
import { readerJourney } from './journeys/reader';
import { reviewJourney } from './journeys/review';
import { JourneyWorld, waitForMatrix, type Role } from './journeys/world';

const ENGINES: WikiEngine[] = process.env.AFW_E2E_DATABASE ? [process.env.AFW_E2E_DATABASE as WikiEngine] : ['sqlite', 'postgres'];

const TEN_DAYS_AGO = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);

/** What each journey looks like when it is done: the page, as whom, and when it is ready to be seen. */
const VIEWS: Array<{ journey: string; path: string; role: Role; root: string; ready: (page: Page) => Promise<unknown> }> = [
  { journey: 'neighbourhood', path: '/nl/kanaal/overdracht', role: 'writer', root: '.afw-handover', ready: checklist },
  { journey: 'mapping', path: '/nl/noord', role: 'admin', root: '.afw-matrix', ready: waitForMatrix },
  {
    journey: 'review',
    path: `/nl/kanaal?stand=${TEN_DAYS_AGO}`,
    role: 'writer',
    root: '.afw-history',
    ready: (page) => page.locator('[data-changes] li.afw-change').first().waitFor({ timeout: 30000 }),
  },
  { journey: 'reader', path: '/nl/zoeken?zoek-stelsel=zuid&zoek-laag=werkafspraken', role: 'admin', root: '.afw-search', ready: waitForSearch },
  { journey: 'guest', path: '/nl/zuid', role: 'guest', root: '.afw-matrix', ready: waitForMatrix },
];

for (const engine of ENGINES) {
  describe(`Journeys in a real Wiki.js 2.5 on ${engine} (browser)`, function () {
    this.timeout(900000);
    let world: JourneyWorld | undefined;
    const current = () => world as JourneyWorld;

    before(async function () {
      const wiki = await startedWiki(this, { browser: true, engine });
      world = new JourneyWorld(wiki, engine);
      await world.setUp(launch);
    });

    after(async () => {
      await world?.browser?.close().catch(() => undefined);
      if (world && !process.env.AFW_KEEP_WIKI) await world.wiki.dispose();
      else await world?.wiki.stop();
    });

    // Each journey keeps its tab from step to step; its tabs are closed after its last step.
    afterEach(async function () {
      if (this.currentTest?.parent?.tests.at(-1) === this.currentTest) await world?.closeContexts();
    });

    neighbourhoodJourney(current);
    mappingJourney(current);
    reviewJourney(current);
    readerJourney(current);
    guestJourney(current);

    // In a describe of its own: mocha runs a suite's own tests before its nested suites.
    describe('afterwards', () => {
      it('shows where every journey ends, light and dark, at 1400 and 390 px (screenshots), the theme applied', async () => {
        try {
          for (const dark of [false, true]) {
            await current().wiki.setDarkMode(dark);
            for (const view of VIEWS) {
              for (const width of [1400, 390]) {
                const page = await current().open(view.path, view.role, width);
                await view.ready(page);
                expect(await page.locator(`${view.root}.afw--dark`).count(), `${view.journey} ${dark ? 'dark' : 'light'}`).to.equal(dark ? 1 : 0);
                await current().screenshot(page, `${view.journey}-${view.role}-${width}-${dark ? 'dark' : 'light'}`);
                if (view.journey === 'mapping') await importDialogShot(page, current(), `${view.journey}-errors-${view.role}-${width}-${dark ? 'dark' : 'light'}`);
                await page.context().close();
              }
            }
          }
        } finally {
          await current().wiki.setDarkMode(false);
        }
      });

      it('logged no console error for the administrator or the writer on any page of the journeys', () => {
        const found = [...current().errors.entries()].filter(([where, list]) => !where.startsWith('guest ') && list.length > 0);
        expect(found.map(([where, list]) => `${where}: ${list.join(' | ')}`)).to.deep.equal([]);
      });
    });
  });
}

/** The import dialog with the mapping session's first file, as the viewport shows it. */
async function importDialogShot(page: Page, world: JourneyWorld, name: string): Promise<void> {
  const file = world.files.get('mapping-with-mistakes');
  if (!file) return;
  await page.getByRole('button', { name: 'Importeren' }).click();
  await page.getByLabel('CSV-bestand').setInputFiles({
    name: 'noord.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(file),
  });
  await page.locator('.afw-import [data-import-summary]').waitFor({ timeout: 30000 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: world.screenshotPath(name) });
}
