import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { readPageTags } from '../../dev/wikijs-schema';
import { axeViolations, chromiumAvailable, screenshot, startSession, itWithoutPageErrors, type Session } from './support';

const SYSTEM_PAGE = '/nl/kb-overvecht';
const MATRIX = `query { agreements { matrix(system: "kb-overvecht") { cells { chapter column layer count newAgreementPath } } } }`;
const PLACED_CONTENT = '# Plaatsing in de browser\n\nTekst die blijft.\n\n```afspraak\nthema: solk\n```\n';

interface Cell {
  chapter: string;
  column: string | null;
  layer: string;
  count: number;
  newAgreementPath: string | null;
}

const cellSelector = (cell: Pick<Cell, 'chapter' | 'column' | 'layer'>) => `.afsprakenwiki-matrix td[data-cell="${cell.chapter}|${cell.column ?? '*'}|${cell.layer}"]`;

async function waitForMatrix(page: Page): Promise<void> {
  await page.locator('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]').waitFor();
}

describe('Creating and placing agreements in the dev app (Chromium)', function () {
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

  itLogsNoErrors('lets an author create an agreement from an empty cell, opens the editor, and the matrix then counts it there', async () => {
    const { cells } = (await session.graphql<{ matrix: { cells: Cell[] } }>(MATRIX, {}, 'author')).matrix;
    const empty = cells.find((c) => c.count === 0 && c.column !== null) as Cell;
    expect(empty, 'the examples need an empty column cell').to.not.equal(undefined);
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(page);
    await page.locator(`${cellSelector(empty)} .afw-new`).click();
    const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
    await dialog.getByLabel('Titel').fill('Warme overdracht <b>bij</b> ontslag');
    const expectedPath = `kb-overvecht/${empty.column}/warme-overdracht-b-bij-b-ontslag`;
    expect(await dialog.getByLabel('Pad').inputValue()).to.equal(expectedPath);
    await dialog.getByRole('button', { name: 'Aanmaken' }).click();
    await page.waitForURL(`**/e/nl/${expectedPath}`);
    expect(await page.locator('[data-editor-standin]').textContent()).to.contain('Warme overdracht <b>bij</b> ontslag');

    await page.goto(session.dev.url + SYSTEM_PAGE);
    await waitForMatrix(page);
    const cell = page.locator(cellSelector(empty));
    expect(await cell.getAttribute('data-count')).to.equal('1');
    expect((await cell.locator('.afw-agreement__link').textContent())?.trim()).to.equal('Warme overdracht <b>bij</b> ontslag');
  });

  itLogsNoErrors('shows a guest neither the create action nor the placement panel, and an author both', async () => {
    const guestMatrix = await session.open(SYSTEM_PAGE);
    await waitForMatrix(guestMatrix);
    expect(await guestMatrix.locator('.afw-new').count()).to.equal(0);
    const authorMatrix = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(authorMatrix);
    // Every cell of the 3 × 8 grid, plus "Niet ingedeeld" (a new system is made from the overview).
    expect(await authorMatrix.locator('td .afw-new').count()).to.equal(24);
    expect(await authorMatrix.locator('[data-unplaced] .afw-new').count()).to.equal(1);

    const agreement = '/nl/kb-overvecht/kern/start-stopmelding';
    const guestPage = await session.open(agreement);
    await guestPage.locator('.afw-breadcrumb').waitFor();
    // The panel would follow the breadcrumb within one request; give it the time of several.
    await guestPage.waitForTimeout(500);
    expect(await guestPage.locator('[data-afw-placement]').count()).to.equal(0);
    const authorPage = await session.open(agreement, { role: 'author' });
    await authorPage.locator('[data-afw-placement]').waitFor();
  });

  itLogsNoErrors('moves a page with the placement panel, keeping its other tags and content; the breadcrumb follows at once', async () => {
    const { backend } = session.dev;
    const { pageId } = await backend.writer.create(backend.users.author, {
      path: 'kb-overvecht/plaatsing-browser',
      locale: 'nl',
      title: 'Plaatsing in de browser',
      content: PLACED_CONTENT,
      tags: ['stelsel:kb-overvecht', 'kolom:leren', 'laag:normen', 'status:vastgesteld', 'afdeling:noord'],
    });
    const page = await session.open('/nl/kb-overvecht/plaatsing-browser', { role: 'author' });
    const panel = page.locator('[data-afw-placement]');
    await panel.getByRole('button', { name: 'Plaatsing' }).click();
    // The theme's declared name, once the panel has the system's themes (the key until then).
    const fromBlock = panel.locator('[data-field="themes"] [data-from-block]');
    await fromBlock.filter({ hasText: /SOLK/ }).waitFor(); // a string would match case-insensitively
    expect((await fromBlock.textContent())?.trim()).to.equal('Uit het afspraak-blok (pas aan in de pagina zelf): SOLK');
    await panel.locator('[data-field="columns"] .v-input__slot').click();
    const option = (text: string) => page.locator('.v-menu__content.menuable__content__active .v-list-item', { hasText: text });
    await option('Dienstverlening (').click();
    await option('Leren (').click();
    await page.keyboard.press('Escape');
    await panel.getByRole('button', { name: 'Opslaan' }).click();
    await panel.getByText('Plaatsing opgeslagen.').waitFor();
    await page.locator('.afw-breadcrumb', { hasText: 'Dienstverlening' }).waitFor();
    expect(await page.locator('.afw-breadcrumb').textContent()).to.not.contain('Leren');

    expect(await readPageTags(backend.knex, pageId)).to.have.members(['afdeling:noord', 'stelsel:kb-overvecht', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld']);
    const row = (await backend.knex('pages').first('content', 'title', 'isPublished').where({ id: pageId })) as { content: string; title: string; isPublished: unknown };
    expect(row.content).to.equal(PLACED_CONTENT);
    expect(row.title).to.equal('Plaatsing in de browser');
  });

  itLogsNoErrors('has no serious or critical axe-core violations in the writer’s matrix, the dialog and the panel, and saves screenshots light and dark at 1400 and 390 px', async () => {
    const problems: string[] = [];
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const name = `${dark ? 'dark' : 'light'}-${width}`;
        const matrixPage = await session.open(SYSTEM_PAGE, { role: 'author', dark, width });
        await waitForMatrix(matrixPage);
        for (const violation of await axeViolations(matrixPage, ['.afsprakenwiki-matrix'])) problems.push(`matrix ${name}: ${violation}`);
        await screenshot(matrixPage, `authoring-matrix-author-${name}`);
        await matrixPage.locator('td[data-count="0"] .afw-new').first().click();
        const dialog = matrixPage.getByRole('dialog', { name: /^Nieuwe afspraak in / });
        await dialog.getByLabel('Titel').fill('Een nieuwe afspraak');
        await matrixPage.waitForTimeout(400); // Vuetify's transitions
        for (const violation of await axeViolations(matrixPage, ['.v-dialog'])) problems.push(`dialog ${name}: ${violation}`);
        await matrixPage.screenshot({ path: `test-output/screenshots/authoring-dialog-${name}.png` });

        const guestMatrix = await session.open(SYSTEM_PAGE, { dark, width });
        await waitForMatrix(guestMatrix);
        await screenshot(guestMatrix, `authoring-matrix-guest-${name}`);

        const placed = await session.open('/nl/kb-overvecht/plaatsing-browser', { role: 'author', dark, width });
        const panel = placed.locator('[data-afw-placement]');
        await panel.getByRole('button', { name: 'Plaatsing' }).click();
        await panel.locator('[data-field="layers"]').waitFor();
        await placed.waitForTimeout(400);
        for (const violation of await axeViolations(placed, ['[data-afw-placement]'])) problems.push(`panel ${name}: ${violation}`);
        await screenshot(placed, `authoring-placement-${name}`);
        await matrixPage.context().close();
        await guestMatrix.context().close();
        await placed.context().close();
      }
    }
    expect(problems).to.deep.equal([]);
  });
});
