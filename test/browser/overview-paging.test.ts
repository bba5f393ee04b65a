/**
 * The overview at national scale (contract §12) in the dev app, in Chromium: the embed pages
 * through 205 systems 200 rows at a time, its totals cover every row, and it offers the regions
 * the systems declare as a filter. The wiki is written here, so every figure is known by
 * construction:
 *
 *   system s-NNN (title "Stelsel NNN"), NNN = 001…205; its system page declares `regio: Regio
 *   Noord` for odd NNN, `Regio Zuid` for even; one agreement in leren × normen, vastgesteld; for
 *   NNN a multiple of 3 (68 systems, 34 of them odd) also a concept in borgen × werkafspraken,
 *   which the guest may not read (the dev app's tag rule).
 *
 * Rows go by coverage (high first), then title: for the author the 68 systems with two covered
 * cells first; for the guest, who sees one covered cell everywhere, by title alone.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, screenshot, startSession, type Session, itWithoutPageErrors } from './support';
import { shownOverview, waitForOverview } from './learning-dom';

const SYSTEMS = 205;
const key = (i: number) => `s-${String(i).padStart(3, '0')}`;
const WITH_CONCEPT = (i: number) => i % 3 === 0;

function writeWiki(folder: string): void {
  const file = (relative: string, title: string, tags: string, body: string) => {
    const full = path.join(folder, `${relative}.md`);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, `---\ntitle: ${title}\ndescription: \npublished: true\ndate: 2026-11-01T10:00:00.000Z\ntags: ${tags}\neditor: markdown\ndateCreated: 2026-11-01T09:00:00.000Z\n---\n\n${body}\n`);
  };
  file('overzicht', 'Overzicht', '', '# Overzicht\n\n```afsprakenoverzicht\n```');
  for (let i = 1; i <= SYSTEMS; i++) {
    const k = key(i);
    file(`stelsels/${k}`, `Stelsel ${k.slice(2)}`, `stelsel:${k}`, `\`\`\`afsprakenstelsel\nkey: ${k}\ntitel: Stelsel ${k.slice(2)}\nregio: Regio ${i % 2 ? 'Noord' : 'Zuid'}\n\`\`\``);
    file(`${k}/visie`, `Visie ${k}`, `stelsel:${k}, kolom:leren, laag:normen, status:vastgesteld`, `# Visie ${k}`);
    if (WITH_CONCEPT(i)) file(`${k}/concept`, `Concept ${k}`, `stelsel:${k}, kolom:borgen, laag:werkafspraken, status:concept`, `# Concept ${k}`);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, n) => from + n);
/** Author's order: coverage 2 (the multiples of 3) by title, then coverage 1 by title. */
const AUTHOR_ORDER = [...range(1, SYSTEMS).filter(WITH_CONCEPT), ...range(1, SYSTEMS).filter((i) => !WITH_CONCEPT(i))].map(key);

/** The footer totals of two cells: per state, how many systems. */
async function totals(page: Page): Promise<Record<string, Record<string, number>>> {
  return (await page.evaluate(`(() => {
    const ids = Array.from(document.querySelectorAll('.afw-overview tbody tr:first-child td[data-cell]')).map((td) => td.dataset.cell);
    const wanted = ['duurzaamheid|leren|normen', 'duurzaamheid|borgen|werkafspraken'];
    return Object.fromEntries(Array.from(document.querySelectorAll('.afw-overview tfoot tr')).map((tr) => [tr.dataset.total,
      Object.fromEntries(Array.from(tr.querySelectorAll('td')).map((td, i) => [ids[i], Number(td.textContent.trim())]).filter(([id]) => wanted.includes(id)))]));
  })()`)) as Record<string, Record<string, number>>;
}

const summary = async (page: Page) => (await page.locator('.afw-overview [data-summary]').textContent())?.trim();
const rowKeys = async (page: Page) => (await shownOverview(page)).map((row) => row.system);

/** Clicks a paging button and waits for the rows to change. */
async function turn(page: Page, which: 'next' | 'previous'): Promise<void> {
  const before = await summary(page);
  await page.locator(`.afw-overview [data-page="${which}"]`).click();
  await page.waitForFunction(`document.querySelector('.afw-overview [data-summary]').textContent.trim() !== ${JSON.stringify(before)}`);
  await waitForOverview(page);
}

describe('The overview at national scale in the dev app (Chromium): paging and regions', function () {
  this.timeout(300_000);
  let session: Session;
  const itLogsNoErrors = itWithoutPageErrors(() => session);
  let folder: string;

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'afw-overview-paging-'));
    writeWiki(folder);
    session = await startSession({ folder });
  });

  after(async () => {
    await session?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  itLogsNoErrors('pages the guest through 205 systems 200 rows at a time, the totals over every row', async () => {
    const page = await session.open('/nl/overzicht');
    await waitForOverview(page);
    expect(await summary(page)).to.equal('Afsprakenstelsels 1–200 van 205');
    expect(await rowKeys(page)).to.deep.equal(range(1, 200).map(key));
    // The guest sees no concept: every system is PRESENT in leren × normen, none has borgen × werkafspraken.
    const all = { present: { 'duurzaamheid|leren|normen': 205, 'duurzaamheid|borgen|werkafspraken': 0 }, inProgress: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 0 }, empty: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 205 } };
    expect(await totals(page)).to.deep.equal(all);
    expect(await page.locator('.afw-overview [data-page="previous"]').isDisabled()).to.equal(true);

    await turn(page, 'next');
    expect(await summary(page)).to.equal('Afsprakenstelsels 201–205 van 205');
    expect(await rowKeys(page)).to.deep.equal(range(201, 205).map(key));
    expect(await totals(page), 'the same totals on every page').to.deep.equal(all);
    expect(await page.locator('.afw-overview [data-page="next"]').isDisabled()).to.equal(true);

    await turn(page, 'previous');
    expect(await summary(page)).to.equal('Afsprakenstelsels 1–200 van 205');
    expect((await rowKeys(page))[0]).to.equal('s-001');
  });

  itLogsNoErrors('orders the author rows by coverage across pages and filters on a region the systems declare', async () => {
    const page = await session.open('/nl/overzicht', { role: 'author' });
    await waitForOverview(page);
    expect(await rowKeys(page)).to.deep.equal(AUTHOR_ORDER.slice(0, 200));
    expect(await totals(page)).to.deep.equal({
      present: { 'duurzaamheid|leren|normen': 205, 'duurzaamheid|borgen|werkafspraken': 0 },
      inProgress: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 68 },
      empty: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 137 },
    });
    await turn(page, 'next');
    expect(await rowKeys(page)).to.deep.equal(AUTHOR_ORDER.slice(200));

    const select = page.getByLabel('Regio');
    expect((await select.locator('option').allTextContents()).map((t) => t.trim())).to.deep.equal(["Alle regio's", 'Regio Noord', 'Regio Zuid']);
    const before = await summary(page);
    await select.selectOption('Regio Noord');
    await page.waitForFunction(`document.querySelector('.afw-overview [data-summary]').textContent.trim() !== ${JSON.stringify(before)}`);
    await waitForOverview(page);
    // The 103 odd systems on one page, from the first row; 34 of them (3, 9, … 201) with a concept.
    expect(await summary(page)).to.equal('103 afsprakenstelsels');
    expect(await rowKeys(page)).to.deep.equal(AUTHOR_ORDER.filter((k) => Number(k.slice(2)) % 2 === 1));
    expect(await totals(page)).to.deep.equal({
      present: { 'duurzaamheid|leren|normen': 103, 'duurzaamheid|borgen|werkafspraken': 0 },
      inProgress: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 34 },
      empty: { 'duurzaamheid|leren|normen': 0, 'duurzaamheid|borgen|werkafspraken': 69 },
    });
    expect(await page.locator('.afw-overview [data-page]').count(), 'no paging for one page').to.equal(0);
    expect(await axeViolations(page, ['.afw-overview'])).to.deep.equal([]);
    await screenshot(page, 'overview-region-1400-light');
  });

});
