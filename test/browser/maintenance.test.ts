import fs from 'fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, screenshot, startSession, SCREENSHOTS, itWithoutPageErrors, type Session } from './support';
import type { Role } from '../../dev/backend';

interface Item {
  agreement: { title: string };
}

type Lists = Record<'overdue' | 'dueSoon' | 'withoutOwner' | 'stale' | 'unplaced', Item[]> & { errors: number };

const LIST_NAMES = ['overdue', 'dueSoon', 'withoutOwner', 'stale', 'unplaced'] as const;
const QUERY = `query ($s: String) { agreements { maintenance(system: $s) {
  overdue { agreement { title } } dueSoon { agreement { title } } withoutOwner { agreement { title } }
  stale { agreement { title } } unplaced { agreement { title } } errors } } }`;

const SYSTEM_PAGE = '/nl/kb-overvecht';
/** Its first embed covers every system, its second one system. */
const EMBED_PAGE = '/nl/onderhoud-afspraken';

/** The titles each list shows on the page, by list name. */
function shownLists(page: Page, scope: string): Promise<Record<string, string[]>> {
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' section[data-list]')).map((section) =>
    [section.dataset.list, Array.from(section.querySelectorAll('tbody tr td:first-child a')).map((a) => a.textContent.trim())]))`) as Promise<Record<string, string[]>>;
}

const titles = (lists: Lists) => Object.fromEntries(LIST_NAMES.map((name) => [name, lists[name].map((i) => i.agreement.title)]));

/** A system page with its matrix painted and, for a writer, the upkeep tab offered. */
async function openSystemPage(session: Session, role: Role, options: { dark?: boolean; width?: number } = {}): Promise<Page> {
  const page = await session.open(SYSTEM_PAGE, { role, ...options });
  await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]');
  return page;
}

async function openTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Onderhoud' }).click();
  await page.waitForSelector('.afw-system-tabs .afw-maintenance[aria-busy="false"] section[data-list]');
}

describe('Upkeep in the dev app (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);
  let author: Lists;

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
    author = (await session.graphql<{ maintenance: Lists }>(QUERY, { s: 'kb-overvecht' }, 'author')).maintenance;
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors('gives the author a tab on the system page listing the overdue and ownerless agreements, the matrix one key press away', async () => {
    expect(author.overdue.length, 'the examples have overdue reviews').to.be.greaterThan(0);
    expect(author.withoutOwner.length, 'the examples have agreements without owner').to.be.greaterThan(0);
    const page = await openSystemPage(session, 'author');
    const tab = page.getByRole('tab', { name: 'Onderhoud' });
    await tab.waitFor();
    expect(await page.getByRole('tab', { name: 'Matrix' }).getAttribute('aria-selected')).to.equal('true');
    await openTab(page);
    expect(await tab.getAttribute('aria-selected')).to.equal('true');
    await page.waitForSelector('.afw-maintenance h2:text-is("Onderhoud: Krachtige Basiszorg Overvecht")');
    expect(await page.locator('.afsprakenwiki-matrix .afw-matrix').isVisible()).to.equal(false);
    expect(await shownLists(page, '.afw-system-tabs')).to.deep.equal(titles(author));
    expect(await page.locator('.afw-system-tabs .afw-maintenance__errors').textContent()).to.contain(`Fouten in de stelsels: ${author.errors}.`);

    // The tabs are Matrix, Partijen, Onderhoud: one step left is the parties, Home the matrix.
    await tab.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Partijen' }).getAttribute('aria-selected')).to.equal('true');
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { name: 'Matrix' }).getAttribute('aria-selected')).to.equal('true');
    expect(await page.locator('.afsprakenwiki-matrix .afw-matrix').isVisible()).to.equal(true);
    expect(await page.locator('.afw-system-tabs .afw-maintenance').isVisible()).to.equal(false);
  });

  itLogsNoErrors('exports the upkeep lists as CSV, one row per item and list, formulas neutralised', async () => {
    const page = await openSystemPage(session, 'author');
    await openTab(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.afw-maintenance').getByRole('button', { name: /CSV/ }).click()]);
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const rows = text.trim().split('\r\n');
    expect(rows.length - 1).to.equal(LIST_NAMES.reduce((n, name) => n + author[name].length, 0));
    expect(rows[1]).to.match(/^"Herziening te laat","[^"]+","nl\/kb-overvecht\//);
    expect(rows.every((row) => !/(^|,)"[=+\-@]/.test(row))).to.equal(true);
  });

  itLogsNoErrors('does not give a guest the tab, only the matrix and its parties', async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'guest' });
    // The writer check goes out once the browser is idle: wait for its answer, then for Vue.
    const answer = await page.waitForResponse((response) => /query AfwCanWrite\b/.test(response.request().postData() ?? ''));
    expect(await answer.text()).to.contain('"canWrite":false');
    await page.waitForTimeout(300);
    expect((await page.getByRole('tab').allTextContents()).map((t) => t.trim())).to.deep.equal(['Matrix', 'Partijen']);
    expect(await page.locator('.afw-maintenance').count()).to.equal(0);
  });

  itLogsNoErrors('renders the afsprakenonderhoud embed with every system the reader sees', async () => {
    const guest = (await session.graphql<{ maintenance: Lists }>(QUERY, {}, 'guest')).maintenance;
    const page = await session.open(EMBED_PAGE);
    await page.waitForSelector('.afsprakenwiki-maintenance:not([data-system]) .afw-maintenance[aria-busy="false"] section[data-list]');
    expect(await page.locator('.afsprakenwiki-maintenance:not([data-system]) h2').textContent()).to.equal('Onderhoud van alle afsprakenstelsels');
    expect(await shownLists(page, '.afsprakenwiki-maintenance:not([data-system])')).to.deep.equal(titles(guest));
  });

  itLogsNoErrors('has no serious or critical axe-core violations in light and dark theme, and saves screenshots at 1400 and 390 px', async () => {
    const problems: string[] = [];
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const theme = `${dark ? 'dark' : 'light'}-${width}`;
        const tabPage = await openSystemPage(session, 'author', { dark, width });
        await openTab(tabPage);
        for (const violation of await axeViolations(tabPage, ['.afsprakenwiki-matrix'])) problems.push(`tab ${theme}: ${violation}`);
        await screenshot(tabPage, `maintenance-tab-${theme}`);
        await (await tabPage.$('.afw-system-tabs'))?.screenshot({ path: `${SCREENSHOTS}/maintenance-tab-only-${theme}.png` });
        await tabPage.context().close();

        const embedPage = await session.open(EMBED_PAGE, { dark, width });
        await embedPage.waitForSelector('.afsprakenwiki-maintenance .afw-maintenance[aria-busy="false"] section[data-list]');
        for (const violation of await axeViolations(embedPage, ['.afsprakenwiki-maintenance'])) problems.push(`embed ${theme}: ${violation}`);
        await (await embedPage.$('.afsprakenwiki-maintenance'))?.screenshot({ path: `${SCREENSHOTS}/maintenance-embed-${theme}.png` });
        await embedPage.context().close();
      }
    }
    expect(problems).to.deep.equal([]);
  });
});
