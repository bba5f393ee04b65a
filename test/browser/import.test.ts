import { expect } from 'chai';
import type { Page } from 'playwright-core';
import fs from 'fs';
import path from 'path';
import { chromiumAvailable, SCREENSHOTS, startSession, itWithoutPageErrors, type Session } from './support';

const SYSTEM_PAGE = '/nl/kb-overvecht';
const BAD = ['titel;kolom;laag;herzien-voor', 'Goede afspraak;leren;normen;', 'Foute kolom;feestjes;normen;', ';leren;normen;volgend jaar'].join('\n');
const GOOD = ['titel;kolom;laag;status', 'Geïmporteerde afspraak een;leren;normen;concept', 'Geïmporteerde afspraak twee;borgen;techniek;vastgesteld'].join('\n');

async function openDialog(page: Page): Promise<void> {
  await page.locator('[data-import-open]').click();
  await page.locator('.afw-import [data-import-file]').waitFor();
}

async function choose(page: Page, name: string, text: string | Buffer): Promise<void> {
  await page.locator('.afw-import [data-import-file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

describe('CSV import in the dev app (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    // A small system whose one agreement has two values the framework does not know.
    const proef = (key: string, locale: string) => [
      { path: key, locale, title: 'Proefstelsel', content: `\`\`\`afsprakenstelsel\nkey: ${key}\ntitel: Proefstelsel\n\`\`\`\n`, tags: [`stelsel:${key}`], isPublished: true },
      { path: `${key}/fout`, locale, title: 'Fout ingedeeld', content: '# Fout ingedeeld\n', tags: [`stelsel:${key}`, 'kolom:foo', 'kolom:borgen', 'laag:bar', 'laag:normen', 'status:vastgesteld'], isPublished: true },
    ];
    session = await startSession({ extraPages: [...proef('kb-proef', 'nl'), ...proef('kb-trial', 'en')] });
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors('offers guests "CSV voor import" but no import control (the server says they may not write)', async () => {
    expect(await session.graphql<{ importAllowed: boolean }>('{ agreements { importAllowed(system: "kb-overvecht") } }', {}, 'guest')).to.deep.equal({ importAllowed: false });
    const page = await session.open(SYSTEM_PAGE);
    await page.locator('[data-export-import]').waitFor();
    // The author's control appears as soon as the answer is in; give the guest's the same time.
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-import-open]').count()).to.equal(0);
  });

  itLogsNoErrors('downloads the system as CSV in the import format', async () => {
    const page = await session.open(SYSTEM_PAGE);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-import]').click()]);
    expect(download.suggestedFilename()).to.equal('afspraken-kb-overvecht.csv');
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.startsWith('\uFEFF"titel","pad","locale","stelsel",')).to.equal(true);
    // kb-overvecht has no value the export leaves out: no note.
    expect(await page.locator('[data-export-note]').count()).to.equal(0);
  });

  it('says beside "CSV voor import" how many values it left out, in Dutch and in English', async () => {
    for (const [lang, system, expected] of [
      ['nl', 'kb-proef', '2 waarden zijn weggelaten omdat ze zelf fouten zijn (onbekend in het kader, of tegenstrijdig); het bestand importeert in dezelfde matrix. U ziet ze bij de fouten van het stelsel (afsprakenwiki validate kb-proef).'],
      ['en', 'kb-trial', "2 values were left out because they are errors themselves (unknown to the framework, or conflicting); the file imports into the same matrix. See them among the system's errors (afsprakenwiki validate kb-trial)."],
    ]) {
      const page = await session.open(`/${lang}/${system}`, { role: 'author' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-import]').click()]);
      const text = fs.readFileSync(await download.path(), 'utf8');
      expect(text).to.include(`"Fout ingedeeld","${system}/fout","${lang}","${system}","borgen","","normen"`);
      const note = page.getByRole('status').filter({ hasText: expected });
      await note.waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, `import-export-note-${lang}.png`) });
    }
    // Narrow and dark: the note wraps below the buttons and stays readable.
    const narrow = await session.open('/nl/kb-proef', { role: 'author', width: 390, dark: true });
    await Promise.all([narrow.waitForEvent('download'), narrow.locator('[data-export-import]').click()]);
    await narrow.locator('[data-export-note]').waitFor();
    await narrow.locator('[data-export-note]').scrollIntoViewIfNeeded();
    await narrow.screenshot({ path: path.join(SCREENSHOTS, 'import-export-note-nl-390-dark.png') });
  });

  itLogsNoErrors('shows every error of a bad file on its line in the preview and offers no import', async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await openDialog(page);
    await choose(page, 'fout.csv', BAD);
    await page.locator('.afw-import__row--error').first().waitFor();
    const errors = await page.locator('.afw-import__errors li').allTextContents();
    expect(errors).to.deep.equal([
      "Regel 3, veld 'kolom': 'feestjes' is onbekend in het kader van het stelsel. Geldige waarden: dienstverlening, klantrelatie, gezond-werk, financiering, borgen, leren.",
      "Regel 4, veld 'titel': een waarde is verplicht.",
      "Regel 4, veld 'herzien-voor': 'volgend jaar' is geen datum in de vorm JJJJ-MM-DD.",
    ]);
    expect(await page.locator('[data-import-summary]').textContent()).to.contain('2 regels met fouten: er wordt niets geschreven');
    expect(await page.locator('[data-import-start]').isDisabled()).to.equal(true);
    // One line with errors is said in the singular.
    await choose(page, 'een-fout.csv', ['titel;kolom;laag', 'Foute kolom;feestjes;normen'].join('\n'));
    await page.locator('[data-import-summary]').filter({ hasText: '1 regel met fouten: er wordt niets geschreven' }).waitFor();
    await choose(page, 'latin1.csv', Buffer.from('titel\nCafé\n', 'latin1'));
    expect(await page.locator('.afw-import__message').textContent()).to.contain('Regel 2: het bestand is geen UTF-8');
  });

  itLogsNoErrors('previews a good file, imports it with progress, and the matrix shows the new agreements', async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await openDialog(page);
    await choose(page, 'goed.csv', GOOD);
    await page.locator('[data-import-preview] tbody tr').nth(1).waitFor();
    const rows = () =>
      page.evaluate(`[...document.querySelectorAll('[data-import-preview] tbody tr')].map((tr) => [...tr.cells].map((cell) => cell.innerText.trim()).join(' '))`) as Promise<string[]>;
    expect(await rows()).to.deep.equal(['2 Aanmaken nl/kb-overvecht/leren/geimporteerde-afspraak-een', '3 Aanmaken nl/kb-overvecht/borgen/geimporteerde-afspraak-twee']);
    expect(await page.locator('[data-import-summary]').textContent()).to.contain('Klaar om te importeren: 2 aanmaken');
    await page.locator('[data-import-start]').click();
    await page.locator('[data-import-progress]').waitFor();
    await page.waitForFunction(`document.querySelector('[data-import-summary]')?.textContent.includes('Klaar: 2 aangemaakt')`);
    expect(await page.locator('[data-import-progress]').getAttribute('aria-valuenow')).to.equal('100');
    await page.getByRole('button', { name: 'Sluiten' }).click();
    await page.locator('.afsprakenwiki-matrix a', { hasText: 'Geïmporteerde afspraak twee' }).waitFor();
    const stored = await session.dev.backend.knex('pages').select('path').where('path', 'like', 'kb-overvecht/%/geimporteerde-%').orderBy('path');
    expect(stored.map((r: { path: string }) => r.path)).to.deep.equal(['kb-overvecht/borgen/geimporteerde-afspraak-twee', 'kb-overvecht/leren/geimporteerde-afspraak-een']);
  });

  itLogsNoErrors('shows the preview with errors whole inside the window, light and dark, at 1400 and 390 px (screenshots)', async () => {
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const label = `${dark ? 'dark' : 'light'} ${width}`;
        const page = await session.open(SYSTEM_PAGE, { role: 'author', dark, width });
        await openDialog(page);
        await choose(page, 'fout.csv', BAD);
        await page.locator('.afw-import__row--error').first().waitFor();
        await page.waitForTimeout(400);
        // The same three errors and the disabled import as at full size, and the dialog no wider than the window.
        expect(await page.locator('.afw-import__errors li').count(), label).to.equal(3);
        expect(await page.locator('[data-import-start]').isDisabled(), label).to.equal(true);
        const dialog = await page.getByRole('dialog').boundingBox();
        expect(dialog, label).to.not.equal(null);
        expect((dialog as { x: number; width: number }).x, label).to.be.at.least(0);
        expect((dialog as { x: number; width: number }).x + (dialog as { x: number; width: number }).width, label).to.be.at.most(width);
        expect(await page.evaluate('document.documentElement.scrollWidth'), label).to.be.at.most(width);
        // Light text on a dark card in the dark theme, and the other way round.
        // The card's colour: the dialog itself, or the first element inside it that paints one.
        type Styled = { getComputedStyle(element: unknown): { backgroundColor: string } };
        type Node = { querySelectorAll(selector: string): Iterable<unknown> };
        const background = await page.getByRole('dialog').evaluate((el) => {
          const styled = globalThis as unknown as Styled;
          const painted = [el, ...(el as unknown as Node).querySelectorAll('*')].map((node) => styled.getComputedStyle(node).backgroundColor);
          return painted.find((colour) => colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') ?? painted[0];
        });
        const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
        expect((r + g + b) / 3 < 128, `${label}: background ${background}`).to.equal(dark);
        // The dialog as the reader sees it: the viewport, not the page behind it.
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `import-preview-${dark ? 'dark' : 'light'}-${width}.png`) });
        await page.locator('.afw-import').getByRole('button', { name: 'Annuleren' }).click();
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        await page.locator('.afsprakenwiki-matrix .afw-toolbar').screenshot({ path: path.join(SCREENSHOTS, `import-toolbar-${dark ? 'dark' : 'light'}-${width}.png`) });
      }
    }
  });
});
