import fs from 'fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { cellDifference } from '../../server/domain/compare';
import type { ComparisonCell as DomainComparisonCell } from '../../server/domain/types';
import { axeViolations, chromiumAvailable, screenshot, startSession, itWithoutPageErrors, type Session } from './support';

interface Ref {
  title: string;
  path: string;
  locale: string;
  status: string;
}

interface Cell {
  chapter: string;
  column: string | null;
  layer: string;
  state: string;
  count: number;
  coveredByChapter: boolean;
  agreements: Ref[];
}

interface MatrixData {
  system: { title: string; agreementCount: number };
  cells: Cell[];
  unplaced: Ref[];
}

const CELL = 'chapter column layer state count coveredByChapter agreements { title path locale status }';
const MATRIX = `query ($s: String!, $f: AgreementFilter) { agreements { matrix(system: $s, filter: $f) {
  system { title agreementCount } cells { ${CELL} } unplaced { title path locale status } } } }`;
const COMPARE = `query ($a: String!, $b: String!) { agreements { compare(a: $a, b: $b) {
  cells { chapter column layer a { ${CELL} } b { ${CELL} } onlyInA { title } onlyInB { title } shared { title } } } } }`;

const SYSTEM = 'kb-overvecht';
const PARTNER = 'kb-noordwest';
const SYSTEM_PAGE = `/nl/${SYSTEM}`;
const COMPARISON_PAGE = '/nl/kb-overvecht/vergelijking-noord-west';

function cellId(cell: { chapter: string; column: string | null; layer: string }): string {
  return `${cell.chapter}|${cell.column ?? '*'}|${cell.layer}`;
}

interface DomCell {
  id: string;
  state: string;
  count: number;
  gap: boolean;
  titles: string[];
}

/** The matrix cells as the page shows them (evaluated in the page: the test code has no DOM types). */
function domCells(page: Page, scope: string): Promise<DomCell[]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' td.afw-cell')).map((td) => ({
    id: td.dataset.cell,
    state: td.dataset.state,
    count: Number(td.dataset.count),
    gap: td.querySelector('.afw-gap') !== null,
    titles: Array.from(td.querySelectorAll('.afw-agreement__link')).map((a) => a.textContent.trim()),
  }))`) as Promise<DomCell[]>;
}

function expectCellsMatch(shown: DomCell[], data: Cell[]): void {
  expect(shown.map((c) => c.id)).to.have.members(data.map(cellId));
  const byId = new Map(shown.map((c) => [c.id, c]));
  for (const cell of data) {
    const dom = byId.get(cellId(cell));
    expect(dom, cellId(cell)).to.not.equal(undefined);
    expect(dom?.count, `count of ${cellId(cell)}`).to.equal(cell.count);
    expect(dom?.state, `state of ${cellId(cell)}`).to.equal(cell.state);
    expect(dom?.gap, `gap of ${cellId(cell)}`).to.equal(cell.count === 0 && !cell.coveredByChapter);
    expect(dom?.titles, `agreements of ${cellId(cell)}`).to.deep.equal(cell.agreements.map((a) => a.title));
  }
}

/** The matrix answered and painted, and its real toolbar (not the stand-in) in place. */
async function waitForMatrix(page: Page): Promise<void> {
  await page.waitForSelector('.afsprakenwiki-matrix td.afw-cell');
  await page.waitForFunction(`document.querySelector('.afw-matrix')?.getAttribute('aria-busy') === 'false'`);
  // The first view is followed by the whole matrix (client/first-view.ts).
  await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]');
  await page.waitForSelector('.afsprakenwiki-matrix .afw-toolbar__switch');
}

/** How many agreements a cell lists before its "show all" button (client/components/AgreementList.vue). */
const LIMIT = 5;

/** Expands every capped agreement list in scope, so the page shows every agreement. */
async function expandAll(page: Page, scope: string): Promise<void> {
  const closed = page.locator(`${scope} button.afw-more[aria-expanded="false"]`);
  while ((await closed.count()) > 0) await closed.first().click();
}

/** Waits until the cells count the given number of agreements in all (a filtered answer has arrived). */
async function waitForCounts(page: Page, cells: Cell[]): Promise<void> {
  const total = cells.reduce((n, c) => n + c.count, 0);
  await page.waitForFunction(`Array.from(document.querySelectorAll('.afw-matrix td.afw-cell')).reduce((n, td) => n + Number(td.dataset.count), 0) === ${total}`);
}

describe('The client views in the dev app (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);
  let matrix: MatrixData;

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
    matrix = (await session.graphql<{ matrix: MatrixData }>(MATRIX, { s: SYSTEM })).matrix;
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors('shows every cell of the example system with the counts, states, agreements and gaps of the GraphQL matrix', async () => {
    const page = await session.open(SYSTEM_PAGE);
    await waitForMatrix(page);
    await expandAll(page, '.afsprakenwiki-matrix');
    expectCellsMatch(await domCells(page, '.afsprakenwiki-matrix'), matrix.cells);
    const unplaced = await page.locator('[data-unplaced] .afw-agreement__link').allTextContents();
    expect(unplaced.map((t) => t.trim())).to.deep.equal(matrix.unplaced.map((r) => r.title));

    // A first view with the first agreements of each cell, then the whole matrix, which the
    // framework sidebar of the same system shares: two matrix requests in all.
    const firstOfMatrix: Array<number | null> = [];
    page.on('request', (request) => {
      const body = request.url().endsWith('/graphql') ? (JSON.parse(request.postData() ?? '{}') as { query?: string; variables?: { first?: number } }) : {};
      if (/query AfwMatrix/.test(body.query ?? '')) firstOfMatrix.push(body.variables?.first ?? null);
    });
    await page.reload();
    await waitForMatrix(page);
    await page.locator('.afw-sidebar [role="tree"]').waitFor();
    expect(firstOfMatrix).to.deep.equal([LIMIT, null]);
  });

  itLogsNoErrors('lists the first agreements of a long cell with a keyboard-operable “show all n” that expands in place and stays expanded', async () => {
    const long = matrix.cells.filter((c) => c.agreements.length > LIMIT);
    if (!long.length) throw new Error(`the examples need a cell with more than ${LIMIT} agreements`);
    const page = await session.open(SYSTEM_PAGE);
    await waitForMatrix(page);
    const shown = new Map((await domCells(page, '.afsprakenwiki-matrix')).map((c) => [c.id, c]));
    for (const cell of matrix.cells) {
      expect(shown.get(cellId(cell))?.titles, `first agreements of ${cellId(cell)}`).to.deep.equal(cell.agreements.slice(0, LIMIT).map((a) => a.title));
    }
    const buttons = (await page.evaluate(`Array.from(document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell')).map((td) => {
      const b = td.querySelector('button.afw-more');
      return b && [td.dataset.cell, b.textContent.trim(), b.getAttribute('aria-expanded'), document.getElementById(b.getAttribute('aria-controls')) !== null];
    }).filter(Boolean)`)) as Array<[string, string, string, boolean]>;
    expect(buttons.map(([id]) => id)).to.have.members(long.map(cellId));
    for (const [id, text, expanded, controls] of buttons) {
      const cell = long.find((c) => cellId(c) === id);
      expect(text, id).to.match(new RegExp(`^Toon alle ${cell?.agreements.length}\\b`));
      expect(expanded, id).to.equal('false');
      expect(controls, `${id}: aria-controls names its list`).to.equal(true);
    }

    const [first] = long;
    const td = `.afsprakenwiki-matrix td.afw-cell[data-cell="${cellId(first)}"]`;
    await page.locator(`${td} button.afw-more`).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${td} button.afw-more[aria-expanded="true"]`);
    const titles = async () => (await page.locator(`${td} .afw-agreement__link`).allTextContents()).map((t) => t.trim());
    expect(await titles()).to.deep.equal(first.agreements.map((a) => a.title));
    expect(await page.evaluate(`document.activeElement.classList.contains('afw-more')`), 'focus stays on the button').to.equal(true);
    expect((await page.locator(`${td} button.afw-more`).textContent())?.trim()).to.match(/^Toon minder/);

    // The choice is kept per cell: toggling the heat map re-renders the grid, the cell stays expanded.
    await page.locator('.afw-matrix .afw-toolbar__switch input').click({ force: true });
    await page.waitForURL(/heatmap=1/);
    expect(await titles()).to.have.length(first.agreements.length);
    expect(await page.locator('.afsprakenwiki-matrix button.afw-more[aria-expanded="true"]').count()).to.equal(1);

    await page.locator(`${td} button.afw-more`).focus();
    await page.keyboard.press('Space');
    await page.waitForSelector(`${td} button.afw-more[aria-expanded="false"]`);
    expect(await titles()).to.have.length(LIMIT);
  });

  itLogsNoErrors('narrows the matrix by status and theme, keeps the filter in the URL and restores it after a reload', async () => {
    const page = await session.open(SYSTEM_PAGE);
    await waitForMatrix(page);
    await page.locator('.afw-matrix .afw-toolbar__field').nth(1).click();
    await page.locator('.v-menu__content.menuable__content__active .v-list-item', { hasText: 'Vastgesteld' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/status=vastgesteld/);
    await waitForMatrix(page);
    const byStatus = (await session.graphql<{ matrix: MatrixData }>(MATRIX, { s: SYSTEM, f: { statuses: ['vastgesteld'] } })).matrix;
    await waitForCounts(page, byStatus.cells);
    await expandAll(page, '.afsprakenwiki-matrix');
    expectCellsMatch(await domCells(page, '.afsprakenwiki-matrix'), byStatus.cells);

    await page.goto(`${session.dev.url}${SYSTEM_PAGE}?thema=solk&status=vastgesteld,gevalideerd`);
    await waitForMatrix(page);
    const narrowed = (await session.graphql<{ matrix: MatrixData }>(MATRIX, { s: SYSTEM, f: { themes: ['solk'], statuses: ['vastgesteld', 'gevalideerd'] } })).matrix;
    expect(narrowed.system.agreementCount).to.be.greaterThan(0);
    await expandAll(page, '.afsprakenwiki-matrix');
    expectCellsMatch(await domCells(page, '.afsprakenwiki-matrix'), narrowed.cells);
    await page.reload();
    await waitForMatrix(page);
    await expandAll(page, '.afsprakenwiki-matrix');
    expectCellsMatch(await domCells(page, '.afsprakenwiki-matrix'), narrowed.cells);
    expect(page.url()).to.contain('thema=solk');
  });

  itLogsNoErrors('highlights exactly the comparison cells where the two systems differ, on a comparison page and from the matrix', async () => {
    const data = (await session.graphql<{ compare: { cells: DomainComparisonCell[] } }>(COMPARE, { a: SYSTEM, b: PARTNER })).compare;
    const expected = Object.fromEntries(data.cells.map((cell) => [cellId(cell), cellDifference(cell)]));
    expect(Object.values(expected).filter((d) => d !== 'same')).to.have.length.greaterThan(0);
    for (const path of [COMPARISON_PAGE, `${SYSTEM_PAGE}?vergelijk=${PARTNER}`]) {
      const page = await session.open(path);
      await page.waitForSelector('td.afw-cmp');
      const shown = (await page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('td.afw-cmp'))
        .map((td) => [td.dataset.cell, td.dataset.difference]))`)) as Record<string, string>;
      expect(shown, path).to.deep.equal(expected);
    }
  });

  itLogsNoErrors('lists the framework tree of the page’s system in the sidebar, shows the breadcrumb, and navigates by keyboard and click', async () => {
    const cell = matrix.cells.find((c) => c.column !== null && c.agreements.length > 1);
    if (!cell) throw new Error('the examples need a cell with two agreements');
    const [current, other] = cell.agreements;
    const page = await session.open(`/${current.locale}/${current.path}`);
    const tree = page.locator('.afw-sidebar [role="tree"]');
    await tree.waitFor();
    const currentItem = tree.locator('[aria-current="page"]');
    expect((await currentItem.textContent())?.trim()).to.contain(current.title);
    const leaves = await page.evaluate(`(() => {
      const item = document.querySelector('.afw-sidebar [aria-current="page"]');
      const level = item.getAttribute('aria-level');
      const rows = Array.from(document.querySelectorAll('.afw-sidebar [role="treeitem"]'));
      const index = rows.indexOf(item);
      let start = index; while (start > 0 && rows[start - 1].getAttribute('aria-level') === level) start--;
      let end = index; while (end < rows.length - 1 && rows[end + 1].getAttribute('aria-level') === level) end++;
      return rows.slice(start, end + 1).map((a) => a.getAttribute('href'));
    })()`);
    expect(leaves).to.deep.equal(cell.agreements.map((a) => `/${a.locale}/${a.path}`));
    const crumbs = (await page.locator('.afw-breadcrumb').first().textContent()) ?? '';
    expect(crumbs).to.contain('Krachtige Basiszorg Overvecht');

    await currentItem.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(`document.activeElement.getAttribute('href')`)).to.equal(`/${other.locale}/${other.path}`);
    await page.keyboard.press('Home');
    expect(await page.evaluate(`document.activeElement.getAttribute('aria-level')`)).to.equal('1');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await tree.locator(`a[href="/${other.locale}/${other.path}"]`).click();
    await page.waitForURL(`**/${other.path}`);
    await page.locator('.afw-sidebar [aria-current="page"]').waitFor();
    expect((await page.locator('.afw-sidebar [aria-current="page"]').textContent())?.trim()).to.contain(other.title);

    await page.locator('.afw-sidebar__switch').click();
    expect(await page.locator('.dev-nav').isVisible()).to.equal(true);
    await page.reload();
    await page.locator('.afw-sidebar').waitFor();
    expect(await page.locator('.afw-sidebar [role="tree"]').count()).to.equal(0);
    await page.locator('.afw-sidebar__switch').click();
    await page.locator('.afw-sidebar [role="tree"]').waitFor();
  });

  itLogsNoErrors('exports the visible matrix as CSV matching the GraphQL data, with formulas neutralised', async () => {
    const page = await session.open(SYSTEM_PAGE);
    await waitForMatrix(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Als CSV/ }).click()]);
    const file = await download.path();
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const rows = text.trim().split('\r\n');
    const expectedRows = matrix.cells.reduce((n, c) => n + Math.max(1, c.agreements.length), 0) + matrix.unplaced.length;
    expect(rows.length - 1).to.equal(expectedRows);
    for (const ref of [...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced]) expect(text).to.contain(`"${ref.title.replace(/"/g, '""')}"`);
    expect(rows.every((row) => !/(^|,)"[=+\-@]/.test(row))).to.equal(true);
  });

  itLogsNoErrors('shows guests fewer agreements than authors under the dev app’s page rule', async () => {
    const guest = (await session.graphql<{ matrix: MatrixData }>(MATRIX, { s: SYSTEM }, 'guest')).matrix;
    const author = (await session.graphql<{ matrix: MatrixData }>(MATRIX, { s: SYSTEM }, 'author')).matrix;
    expect(author.system.agreementCount).to.be.greaterThan(guest.system.agreementCount);
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(page);
    await expandAll(page, '.afsprakenwiki-matrix');
    expectCellsMatch(await domCells(page, '.afsprakenwiki-matrix'), author.cells);
  });

  itLogsNoErrors('has no serious or critical axe-core violations in light and dark theme, and saves screenshots at 1400 and 390 px', async () => {
    const cell = matrix.cells.find((c) => c.column !== null && c.agreements.length > 0);
    const agreement = cell?.agreements[0];
    if (!agreement) throw new Error('the examples need a placed agreement');
    const views = [
      { name: 'matrix', path: SYSTEM_PAGE, ready: '.afsprakenwiki-matrix .afw-toolbar__switch', scope: ['.afsprakenwiki-matrix'] },
      { name: 'comparison', path: COMPARISON_PAGE, ready: 'td.afw-cmp', scope: ['.afsprakenwiki-comparison'] },
      { name: 'sidebar-breadcrumb', path: `/${agreement.locale}/${agreement.path}`, ready: '.afw-sidebar [role="tree"]', scope: ['.afw-sidebar', '.afw-breadcrumb'] },
    ];
    const problems: string[] = [];
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        for (const view of views) {
          const page = await session.open(view.path, { dark, width });
          await page.waitForSelector(view.ready, { state: 'attached' });
          if (width < 600 && view.name === 'sidebar-breadcrumb') {
            await page.getByRole('button', { name: 'Navigatie', exact: true }).click();
            await page.locator('.afw-sidebar [role="tree"]').waitFor();
          }
          await page.waitForTimeout(300); // Vuetify's transitions
          for (const violation of await axeViolations(page, view.scope)) problems.push(`${view.name} ${dark ? 'dark' : 'light'} ${width}: ${violation}`);
          await screenshot(page, `${view.name}-${dark ? 'dark' : 'light'}-${width}`);
          await page.context().close();
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  /**
   * Opens a page whose GraphQL `query <name>` fails (HTTP 502) until `recover()` is called. Its own
   * context: the failed request is meant to happen, so its console line is not collected.
   */
  async function withFailingQuery(name: string, pathAndQuery: string, check: (page: Page, recover: () => void) => Promise<void>): Promise<void> {
    const context = await session.browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      let failing = true;
      const pattern = new RegExp(`query ${name}\\b`);
      await context.route('**/graphql', (route) => (failing && pattern.test(route.request().postData() ?? '') ? route.fulfill({ status: 502, body: 'Bad Gateway' }) : route.continue()));
      const page = await context.newPage();
      await page.goto(session.dev.url + pathAndQuery);
      await check(page, () => (failing = false));
    } finally {
      await context.close();
    }
  }

  itLogsNoErrors('says in the page’s language when the matrix cannot be loaded, and a retry then shows it', () =>
    withFailingQuery('AfwMatrix', SYSTEM_PAGE, async (page, recover) => {
      const alert = page.locator('.afsprakenwiki-matrix [role="alert"]');
      await alert.waitFor();
      expect((await alert.textContent())?.trim()).to.match(/^De gegevens van het afsprakenstelsel konden niet worden geladen\./);
      expect(await page.locator('.afsprakenwiki-matrix td.afw-cell').count()).to.equal(0);
      expect(await page.locator('.afsprakenwiki-matrix [role="progressbar"]').count()).to.equal(0);
      await screenshot(page, 'matrix-load-error-light-1400');
      recover();
      await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
      await waitForMatrix(page);
      expect(await alert.count()).to.equal(0);
      expect(await page.locator('.afsprakenwiki-matrix td.afw-cell').count()).to.equal(matrix.cells.length);
    }));

  itLogsNoErrors('offers the same retry on a comparison page whose comparison could not be loaded', () =>
    withFailingQuery('AfwCompare', COMPARISON_PAGE, async (page, recover) => {
      const alert = page.locator('.afsprakenwiki-comparison [role="alert"]');
      await alert.waitFor();
      recover();
      await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
      await page.waitForSelector('.afsprakenwiki-comparison td.afw-cell');
      expect(await alert.count()).to.equal(0);
    }));
});
