/**
 * Contract §7 in a real Wiki.js 2.5 (WIKIJS_DIR), in Debian's Chromium: the "Nieuwe afspraak"
 * dialog on a system page's matrix ends in Wiki.js's editor, the placement panel moves a page,
 * and "Importeren" previews and imports a CSV file with progress; each checked with Wiki.js's own
 * pages.single. Screenshots: test-output/screenshots/wikijs-authoring-*.png.
 */
import { expect } from 'chai';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { readFolder } from '../../server/cli/read-folder';
import { launch, screenshot } from '../browser/support';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness } from '../support/wikijs-harness';

const SINGLE = 'query($id: Int!) { pages { single(id: $id) { content editor locale title tags { tag } } } }';
const MOVED_CONTENT = '# Te verplaatsen\n\nEigen tekst.\n';

describe('Creating, placing and importing agreements in a real Wiki.js 2.5 (browser)', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;
  let browser: Browser | undefined;
  let movedId = 0;
  const harness = () => wiki as WikiHarness;

  const open = async (pagePath: string): Promise<Page> => {
    const context = await (browser as Browser).newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: 'jwt', value: await harness().login(), url: harness().url }]);
    const page = await context.newPage();
    await page.goto(`${harness().url}${pagePath}`);
    return page;
  };
  const single = async (id: number) => {
    const result = await harness().graphql<{ pages: { single: { content: string; editor: string; locale: string; title: string; tags: Array<{ tag: string }> } } }>(SINGLE, { id });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { pages: { single: { content: string; editor: string; locale: string; title: string; tags: Array<{ tag: string }> } } }).pages.single;
  };

  before(async function () {
    wiki = await startedWiki(this, { browser: true });
    const systemPage = readFolder(path.resolve(__dirname, '../../examples')).pages.find((p) => p.path === 'kb-overvecht');
    if (!systemPage) throw new Error('examples/kb-overvecht.md is missing');
    // In the site language (English): Wiki.js's client loads only its interface strings.
    await wiki.createPage({ path: systemPage.path, locale: 'en', title: systemPage.title, content: systemPage.content, tags: systemPage.tags });
    movedId = await wiki.createPage({
      path: 'kb-overvecht/leren/te-verplaatsen',
      locale: 'en',
      title: 'Te verplaatsen',
      content: MOVED_CONTENT,
      tags: ['stelsel:kb-overvecht', 'kolom:leren', 'laag:normen', 'status:vastgesteld', 'afdeling:noord'],
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
    else await wiki?.stop();
  });

  it('creates an agreement from an empty cell and opens Wiki.js’s editor on it', async () => {
    const page = await open('/en/kb-overvecht');
    await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]', { timeout: 30000 });
    const cell = page.locator('.afsprakenwiki-matrix td[data-cell="kwaliteit|dienstverlening|techniek"]');
    expect(await cell.getAttribute('data-count')).to.equal('0');
    await cell.locator('.afw-new').click();
    const dialog = page.getByRole('dialog', { name: /^New agreement in / });
    await dialog.getByLabel('Title').fill('Gedeeld dossier');
    expect(await dialog.getByLabel('Path').inputValue()).to.equal('kb-overvecht/dienstverlening/gedeeld-dossier');
    await page.waitForTimeout(400);
    await screenshot(page, 'wikijs-authoring-dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL('**/e/en/kb-overvecht/dienstverlening/gedeeld-dossier', { timeout: 60000 });
    await page.context().close();

    const found = await harness().graphql<{ pages: { singleByPath: { id: number } } }>('{ pages { singleByPath(path: "kb-overvecht/dienstverlening/gedeeld-dossier", locale: "en") { id } } }');
    const created = await single((found.data as { pages: { singleByPath: { id: number } } }).pages.singleByPath.id);
    expect(created).to.include({ editor: 'markdown', locale: 'en', title: 'Gedeeld dossier' });
    expect(created.content).to.equal('# Gedeeld dossier\n\n```afspraak\neigenaar:\nherzien-voor:\n```\n');
    expect(created.tags.map((t) => t.tag)).to.have.members(['stelsel:kb-overvecht', 'kolom:dienstverlening', 'laag:techniek', 'status:concept']);
  });

  it('moves a page with the placement panel; Wiki.js keeps its other tags and content, and the breadcrumb follows', async () => {
    const page = await open('/en/kb-overvecht/leren/te-verplaatsen');
    const panel = page.locator('[data-afw-placement]');
    await panel.waitFor({ timeout: 30000 });
    await panel.getByRole('button', { name: 'Placement' }).click();
    await panel.locator('[data-field="layers"] .v-input__slot').click();
    const option = (text: string) => page.locator('.v-menu__content.menuable__content__active .v-list-item', { hasText: text });
    await option('Working agreements').click();
    await option('Norms').click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400);
    await screenshot(page, 'wikijs-authoring-placement');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Placement saved.').waitFor({ timeout: 60000 });
    await page.locator('.afw-breadcrumb', { hasText: 'Working agreements' }).waitFor();
    await page.context().close();

    const moved = await single(movedId);
    expect(moved.tags.map((t) => t.tag)).to.have.members(['afdeling:noord', 'stelsel:kb-overvecht', 'kolom:leren', 'laag:werkafspraken', 'status:vastgesteld']);
    expect(moved.content).to.equal(MOVED_CONTENT);
    expect(moved.title).to.equal('Te verplaatsen');
  });

  it('previews a CSV file and imports it with progress; the pages are Wiki.js pages and the matrix counts them', async () => {
    const page = await open('/en/kb-overvecht');
    await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]', { timeout: 30000 });
    await page.locator('[data-import-open]').click();
    const file = page.locator('.afw-import [data-import-file]');
    await file.waitFor();
    const csv = ['titel;kolom;laag;status', 'Wijkgericht overleg;klantrelatie;normen;concept', 'Scholingsplan;leren;techniek;vastgesteld'].join('\n');
    await file.setInputFiles({ name: 'wijk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-import-preview] tbody tr').nth(1).waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'wikijs-authoring-import-preview');
    await page.locator('[data-import-start]').click();
    await page.locator('[data-import-progress]').waitFor();
    await page.waitForFunction(`document.querySelector('[data-import-summary]')?.textContent.includes('Done: 2 created')`, undefined, { timeout: 120000 });
    expect(await page.locator('[data-import-progress]').getAttribute('aria-valuenow')).to.equal('100');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('.afsprakenwiki-matrix a', { hasText: 'Scholingsplan' }).waitFor({ timeout: 30000 });
    await page.context().close();

    const found = await harness().graphql<{ pages: { singleByPath: { id: number } | null } }>('{ pages { singleByPath(path: "kb-overvecht/leren/scholingsplan", locale: "en") { id } } }');
    const imported = await single((found.data as { pages: { singleByPath: { id: number } } }).pages.singleByPath.id);
    expect(imported).to.include({ editor: 'markdown', locale: 'en', title: 'Scholingsplan' });
    expect(imported.tags.map((t) => t.tag)).to.have.members(['stelsel:kb-overvecht', 'kolom:leren', 'laag:techniek', 'status:vastgesteld']);
  });
});
