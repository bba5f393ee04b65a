import fs from 'fs';
import { expect } from 'chai';
import { axeViolations, chromiumAvailable, screenshot, startSession, itWithoutPageErrors, type Session } from './support';
import { HANDOVER_PAGES } from '../fixtures/handover';
import { checklist, handoverSummary, linksShown, traceShown } from './learning-dom';

/**
 * The handover embed, the trace view and an agreement page's links in the dev app, on the pages of
 * test/fixtures/handover.ts. The dev app's guest may not read drafts (`status:concept`), so
 * `Oud N2` is the author's only; the author may write everywhere. Figures are written out by hand.
 */
const HANDOVER_PAGE = '/nl/oud/overdracht';
const EMBED = { path: 'oud/overdracht', locale: 'nl', title: 'Overdracht naar Nieuw', content: '# Overdracht\n\n```afsprakenoverdracht\nreferentie: oud\nontvanger: nieuw\n```\n', tags: [], isPublished: true };

/**
 * A third system for the trace's "Zonder norm": W uses the technique and derives from nothing; V
 * derives from a draft norm (hidden from the guest) and uses it too.
 */
const spoor = (path: string, title: string, tags: string[], yaml = '') => ({
  path: `spoor${path}`,
  locale: 'nl',
  title,
  content: `# ${title}\n${yaml ? `\n\`\`\`afspraak\n${yaml}\n\`\`\`\n` : ''}`,
  tags: path ? ['stelsel:spoor', 'kolom:leren', ...tags] : [],
  isPublished: true,
});
const SPOOR = [
  { ...spoor('', 'Spoor', []), content: '```afsprakenstelsel\nkey: spoor\ntitel: Spoor\n```' },
  spoor('/t', 'Spoor T', ['laag:techniek', 'status:vastgesteld']),
  spoor('/n', 'Spoor N', ['laag:normen', 'status:concept']),
  spoor('/v', 'Spoor V', ['laag:werkafspraken', 'status:vastgesteld'], 'volgt-uit: spoor/n\ngebruikt: spoor/t'),
  spoor('/w', 'Spoor W', ['laag:werkafspraken', 'status:vastgesteld'], 'gebruikt: spoor/t'),
];

describe('Handover embed, trace view and page links in the dev app (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession({ extraPages: [...HANDOVER_PAGES, EMBED, ...SPOOR] });
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors('shows the author the checklist with progress, answers, receiver-only agreements and new-agreement links', async () => {
    const page = await session.open(HANDOVER_PAGE, { role: 'author' });
    expect(await checklist(page)).to.deep.equal([
      'Oud N1 ADOPTED',
      'Oud A ADOPTED',
      'Oud T1 OPEN',
      'Oud N2 OPEN',
      'Gedeeld SHARED',
      'Nieuw C RECEIVER_ONLY',
      'Oud B ADOPTED',
    ]);
    expect(await handoverSummary(page)).to.equal(
      '4 van 6 afspraken overgenomen of gedeeld (67%) 2 open · 3 overgenomen · 1 gedeeld',
    );
    expect(await page.locator('.afw-handover [role="progressbar"][aria-valuenow="67"]').count()).to.equal(1);
    expect(await page.locator('.afw-handover li[data-status="OPEN"] .afw-handover__question').first().textContent()).to.match(/En hoe werkt het bij jullie\?/);
    const hrefs = await page.locator('.afw-handover a.afw-handover__new').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).to.deep.equal(['/e/nl/nieuw/dienstverlening/oud-t1', '/e/nl/nieuw/klantrelatie/oud-n2']);
    // A click opens the new-agreement dialog in the receiver's cell, `gebaseerd-op` filled in.
    await page.locator('.afw-handover a.afw-handover__new').first().click();
    const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
    await dialog.waitFor();
    // The dialog fills in once the receiver's matrix is there.
    await dialog.getByText('Gebaseerd op /nl/oud/t1').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.afw-handover button', { hasText: 'CSV' }).click()]);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).to.have.length(1 + 7);
    expect(lines.find((l) => l.includes('Oud T1'))).to.match(/"Open"/);
    expect(lines.find((l) => l.includes('Oud A'))).to.include('Nieuw A (nl/nieuw/a)');

    expect(await axeViolations(page, ['.afsprakenwiki-handover'])).to.deep.equal([]);
    for (const [width, dark] of [[1400, false], [1400, true], [390, false], [390, true]] as const) {
      const shot = await session.open(HANDOVER_PAGE, { role: 'author', width, dark });
      await checklist(shot);
      await screenshot(shot, `handover-author-${width}-${dark ? 'dark' : 'light'}`);
    }
  });

  itLogsNoErrors('shows a guest only what the guest may read, counts included, and no new-agreement action', async () => {
    const page = await session.open(HANDOVER_PAGE);
    expect(await checklist(page)).to.deep.equal(['Oud N1 ADOPTED', 'Oud A ADOPTED', 'Oud T1 OPEN', 'Gedeeld SHARED', 'Nieuw C RECEIVER_ONLY', 'Oud B ADOPTED']);
    expect(await handoverSummary(page)).to.equal(
      '4 van 5 afspraken overgenomen of gedeeld (80%) 1 open · 3 overgenomen · 1 gedeeld',
    );
    expect(await page.locator('.afw-handover a.afw-handover__new').count()).to.equal(0);
    expect(await page.content()).not.to.include('Oud N2');
    // A link works: the answer opens its page.
    await page.locator('.afw-handover a.afw-handover__answer', { hasText: 'Nieuw A' }).click();
    await page.waitForURL(/\/nl\/nieuw\/a$/);
    await page.waitForSelector('.afw-page-links');
    expect(await axeViolations(page, ['.afw-page-links'])).to.deep.equal([]);
    await screenshot(await session.open(HANDOVER_PAGE, { width: 390 }), 'handover-guest-390-light');
  });

  itLogsNoErrors('shows the trace view below the matrix of the system page, with the gaps, for the author and the guest', async () => {
    const author = await session.open('/nl/oud', { role: 'author' });
    expect(await traceShown(author)).to.deep.equal({
      chains: ['Care norms <- Oud A uses Oud T1', 'Oud N1 <- Oud A uses Oud T1', 'Oud N2 <- Oud B'],
      gaps: { workingAgreementsWithoutNorm: [], normsWithoutWorkingAgreement: ['Gedeeld'], techniquesUnused: [] },
    });
    expect(await author.evaluate(`!!(document.querySelector('.afsprakenwiki-matrix').compareDocumentPosition(document.querySelector('.afw-trace')) & Node.DOCUMENT_POSITION_FOLLOWING)`)).to.equal(true);
    expect(await axeViolations(author, ['.afw-trace'])).to.deep.equal([]);

    const guest = await session.open('/nl/oud');
    expect(await traceShown(guest)).to.deep.equal({
      chains: ['Care norms <- Oud A uses Oud T1', 'Oud N1 <- Oud A uses Oud T1'],
      gaps: { workingAgreementsWithoutNorm: ['Oud B'], normsWithoutWorkingAgreement: ['Gedeeld'], techniquesUnused: [] },
    });
    await guest.locator('.afw-trace a', { hasText: 'Care norms' }).first().click();
    await guest.waitForURL(/\/en\/normen\/zorg$/);
    for (const [width, dark] of [[1400, false], [1400, true], [390, false], [390, true]] as const) {
      const shot = await session.open('/nl/oud', { role: 'author', width, dark });
      await traceShown(shot);
      await screenshot(shot, `trace-author-${width}-${dark ? 'dark' : 'light'}`);
    }
  });

  itLogsNoErrors('lists agreements that use techniques but derive from no norm the reader sees under "Zonder norm"', async () => {
    const author = await session.open('/nl/spoor', { role: 'author' });
    expect(await traceShown(author)).to.deep.equal({
      chains: ['Spoor N <- Spoor V uses Spoor T', 'Zonder norm <- Spoor W uses Spoor T'],
      gaps: { workingAgreementsWithoutNorm: ['Spoor W'], normsWithoutWorkingAgreement: [], techniquesUnused: [] },
    });
    expect(await author.locator('.afw-trace [data-summary]').textContent()).to.equal('3 verbanden');
    const guest = await session.open('/nl/spoor');
    expect(await traceShown(guest)).to.deep.equal({
      chains: ['Zonder norm <- Spoor V uses Spoor T; Spoor W uses Spoor T'],
      gaps: { workingAgreementsWithoutNorm: ['Spoor V', 'Spoor W'], normsWithoutWorkingAgreement: [], techniquesUnused: [] },
    });
    expect(await guest.locator('.afw-trace [data-summary]').textContent()).to.equal('2 verbanden');
    expect(await guest.content()).not.to.include('Spoor N');
    expect(await axeViolations(guest, ['.afw-trace'])).to.deep.equal([]);
  });

  itLogsNoErrors('lists an agreement page links both ways below its metadata, per reader', async () => {
    const author = await session.open('/nl/oud/b', { role: 'author' });
    expect(await linksShown(author)).to.deep.equal({ derivesFrom: ['Oud N2'], adoptedBy: ['Nieuw B'] });
    const guest = await session.open('/nl/oud/b');
    expect(await linksShown(guest)).to.deep.equal({ adoptedBy: ['Nieuw B'] });
    const a = await session.open('/nl/oud/a');
    expect(await linksShown(a)).to.deep.equal({ derivesFrom: ['Care norms', 'Oud N1'], uses: ['Oud T1'], adoptedBy: ['Nieuw A'] });
    await screenshot(a, 'page-links-guest-1400-light');
    expect(await axeViolations(a, ['.afw-page-links'])).to.deep.equal([]);
  });

  itLogsNoErrors("answers an open item with 'Nieuwe afspraak': Aanmaken opens the editor, and the checklist then shows the item adopted", async () => {
    const page = await session.open(HANDOVER_PAGE, { role: 'author' });
    await checklist(page);
    await page.locator('.afw-handover a.afw-handover__new').first().click();
    const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
    // The client sends `gebaseerd-op` as /<locale>/path; the server refused that form before.
    // The dialog fills in once the receiver's matrix is there.
    await dialog.getByText('Gebaseerd op /nl/oud/t1').waitFor();
    await dialog.getByLabel('Titel').fill('Onze T1');
    expect(await dialog.getByLabel('Pad').inputValue()).to.equal('nieuw/dienstverlening/onze-t1');
    await dialog.getByRole('button', { name: 'Aanmaken' }).click();
    await page.waitForURL('**/e/nl/nieuw/dienstverlening/onze-t1');
    const after = await session.open(HANDOVER_PAGE, { role: 'author' });
    expect(await checklist(after)).to.include('Oud T1 ADOPTED');
    expect(await handoverSummary(after)).to.equal('5 van 6 afspraken overgenomen of gedeeld (83%) 1 open · 4 overgenomen · 1 gedeeld');
    await screenshot(after, 'handover-answered-author-1400-light');
  });

});
