/**
 * Journey 1, a neighbourhood starts (contract §8.3 → §7.1): the writer of Kanaleneiland answers
 * three open items of the handover checklist from Zuid with "Nieuwe afspraak", each time saving
 * the page in Wiki.js's editor; the checklist then counts them adopted, and both pages of every
 * pair name each other ("Gebaseerd op" / "Overgenomen door").
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { checklist, handoverSummary, linksShown } from '../../browser/learning-dom';
import { blockLink, waitForMatrix, type JourneyWorld } from './world';

const HANDOVER = '/nl/kanaal/overdracht';

/** The three answers: the reference item, the cell's words in the dialog, the title typed, the page it makes. */
export const ANSWERS = [
  {
    item: 'Toegankelijke zorg',
    reference: 'zuid/normen/toegankelijk',
    cell: 'Kwaliteit van de oplossing › Dienstverlening › Normen',
    title: 'Toegankelijke zorg Kanaleneiland',
    path: 'kanaal/dienstverlening/toegankelijke-zorg-kanaleneiland',
    tags: ['stelsel:kanaal', 'kolom:dienstverlening', 'laag:normen', 'status:concept'],
    typed: 'Bij ons: iedereen kan binnen twee dagen terecht.',
  },
  {
    item: 'Verwijsformulier',
    reference: 'zuid/techniek/verwijsformulier',
    cell: 'Kwaliteit van de oplossing › Dienstverlening › Techniek',
    title: 'Verwijsformulier Kanaleneiland',
    path: 'kanaal/dienstverlening/verwijsformulier-kanaleneiland',
    tags: ['stelsel:kanaal', 'kolom:dienstverlening', 'laag:techniek', 'status:concept'],
    typed: 'Bij ons: het formulier van Zuid, met een veld voor de taal.',
  },
  {
    item: 'Kwaliteitskring',
    reference: 'zuid/borgen/kwaliteitskring',
    cell: 'Duurzaamheid van de oplossing › Borgen › Werkafspraken',
    title: 'Kwaliteitskring Kanaleneiland',
    path: 'kanaal/borgen/kwaliteitskring-kanaleneiland',
    tags: ['stelsel:kanaal', 'kolom:borgen', 'laag:werkafspraken', 'status:concept'],
    typed: 'Bij ons: elke tweede dinsdag van de maand.',
  },
];

/**
 * Worked out by hand from the pages (world.ts). Zuid has 8 agreements the writer sees: Gedeelde
 * visie is in both systems (SHARED), Warme overdracht is answered by Warme overdracht
 * Kanaleneiland (ADOPTED), 6 are open: 2 of 8 = 25 %. Inloopspreekuur is Kanaleneiland's own.
 * After three answers: 4 adopted, 1 shared, 3 open: 5 of 8 = 62.5 %, shown rounded: 63.
 */
const BEFORE = {
  checklist: [
    'Toegankelijke zorg OPEN',
    'Warme overdracht ADOPTED',
    'Verwijsformulier OPEN',
    'Gedeelde visie SHARED',
    'Inloopspreekuur RECEIVER_ONLY',
    'Spreekuur in de wijk OPEN',
    'Kwaliteitskring OPEN',
    'Intervisie huisartsen OPEN',
    'Financiering per wijk OPEN',
  ],
  summary: '2 van 8 afspraken overgenomen of gedeeld (25%) 6 open · 1 overgenomen · 1 gedeeld',
  percent: '25',
};
const AFTER = {
  checklist: [
    'Toegankelijke zorg ADOPTED',
    'Warme overdracht ADOPTED',
    'Verwijsformulier ADOPTED',
    'Gedeelde visie SHARED',
    'Inloopspreekuur RECEIVER_ONLY',
    'Spreekuur in de wijk OPEN',
    'Kwaliteitskring ADOPTED',
    'Intervisie huisartsen OPEN',
    'Financiering per wijk OPEN',
  ],
  summary: '5 van 8 afspraken overgenomen of gedeeld (63%) 3 open · 4 overgenomen · 1 gedeeld',
  percent: '63',
  counts: { total: 8, open: 3, adopted: 4, shared: 1, progress: 0.625 },
  answers: ['Toegankelijke zorg Kanaleneiland', 'Warme overdracht Kanaleneiland', 'Verwijsformulier Kanaleneiland', 'Kwaliteitskring Kanaleneiland'],
};

const HANDOVER_QUERY = '{ agreements { handover(reference: "zuid", receiver: "kanaal") { total open adopted shared progress cells { items { agreement { title } status answeredBy { title } } } } } }';
const LINKS_QUERY = 'query($p: String!) { agreements { pageLinks(path: $p, locale: "nl") { basedOn { title } adoptedBy { title } } } }';

/** The text in Wiki.js's markdown editor (CodeMirror keeps it in its own model, not in the DOM). */
const editorText = (page: Page) => page.evaluate(`document.querySelector('.CodeMirror').CodeMirror.getValue()`) as Promise<string>;

export function neighbourhoodJourney(world: () => JourneyWorld): void {
  describe('a neighbourhood starts: the writer answers three open handover items with "Nieuwe afspraak"', () => {
    let page: Page;

    it('shows the writer the checklist with 25 % done and "Nieuwe afspraak" on every open item', async () => {
      page = await world().open(HANDOVER, 'writer');
      expect(await checklist(page)).to.deep.equal(BEFORE.checklist);
      expect(await handoverSummary(page)).to.equal(BEFORE.summary);
      expect(await page.getByRole('progressbar', { name: 'Voortgang van de overdracht' }).getAttribute('aria-valuenow')).to.equal(BEFORE.percent);
      const offered = await page.getByRole('link', { name: /^Nieuwe afspraak als antwoord op / }).allTextContents();
      expect(offered.length, 'one per open item').to.equal(BEFORE.checklist.filter((item) => item.endsWith(' OPEN')).length);
    });

    for (const [index, answer] of ANSWERS.entries()) {
      it(`answers "${answer.item}": the dialog in Kanaleneiland's cell based on it, then Wiki.js's editor, saved as a user would`, async () => {
        if (index > 0) await page.goto(world().url(HANDOVER));
        await checklist(page);
        await page
          .getByRole('link', {
            name: `Nieuwe afspraak als antwoord op ${answer.item}`,
          })
          .click();
        const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
        await dialog.locator('form').waitFor({ timeout: 30000 });
        expect((await dialog.locator('.afw-dialog__title').textContent())?.trim()).to.equal('Nieuwe afspraak in Basiszorg Kanaleneiland');
        const lines = (await dialog.locator('p.afw-dialog__cell').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        expect(lines).to.deep.equal([`Plaats: ${answer.cell}`, `Gebaseerd op /nl/${answer.reference}`]);
        await dialog.getByLabel('Titel').fill(answer.title);
        expect(await dialog.getByLabel('Pad').inputValue()).to.equal(answer.path);
        if (index === 0) await world().screenshot(page, 'neighbourhood-dialog-writer-1400-light');
        await dialog.getByRole('button', { name: 'Aanmaken' }).click();
        // Either Wiki.js's editor opens, or the dialog says why not (the reason is the failure).
        const refused = dialog.getByRole('alert');
        await Promise.race([
          page.waitForURL(world().url(`/e/nl/${answer.path}`), {
            timeout: 60000,
          }),
          refused.waitFor({ timeout: 60000 }).then(async () => expect.fail(`the dialog answered: ${(await refused.textContent())?.trim()}`)),
        ]);

        await page.locator('.CodeMirror').waitFor({ timeout: 60000 });
        const opened = await editorText(page);
        expect(opened).to.match(new RegExp(`^# ${answer.title}\\n`));
        expect(opened, 'the editor holds the gebaseerd-op link').to.match(blockLink('gebaseerd-op', answer.reference));
        if (index === 0) await world().screenshot(page, 'neighbourhood-editor-writer-1400-light');
        await page.locator('.CodeMirror-code').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(`\n${answer.typed}\n`);
        await page.getByRole('button', { name: 'Opslaan' }).click();
        await page.getByRole('button', { name: 'Opgeslagen' }).waitFor({ timeout: 60000 });
        await page.getByRole('button', { name: 'Sluiten' }).click();
        await page.waitForURL(world().url(`/nl/${answer.path}`), {
          timeout: 60000,
        });

        // Wiki.js's own record of the page: the editor's save is in it, with the tags of the cell.
        const saved = await world().wikiPage(answer.path);
        expect(saved, answer.path).not.to.equal(null);
        expect(saved?.title).to.equal(answer.title);
        expect(saved?.tags.map((t) => t.tag)).to.have.members(answer.tags);
        expect(saved?.content).to.include(answer.typed);
        expect(saved?.content).to.match(blockLink('gebaseerd-op', answer.reference));
      });
    }

    it('then shows the three items adopted and the progress bar at 63 %, as the handover query answers', async () => {
      await page.goto(world().url(HANDOVER));
      expect(await checklist(page)).to.deep.equal(AFTER.checklist);
      expect(await handoverSummary(page)).to.equal(AFTER.summary);
      expect(await page.getByRole('progressbar', { name: 'Voortgang van de overdracht' }).getAttribute('aria-valuenow')).to.equal(AFTER.percent);
      expect((await page.locator('.afw-handover .afw-handover__answer').allTextContents()).map((t) => t.trim())).to.deep.equal(AFTER.answers);
      const { handover } = await world().api<{
        handover: typeof AFTER.counts & {
          cells: Array<{
            items: Array<{ agreement: { title: string }; status: string }>;
          }>;
        };
      }>(HANDOVER_QUERY, {}, 'writer');
      expect({
        total: handover.total,
        open: handover.open,
        adopted: handover.adopted,
        shared: handover.shared,
        progress: handover.progress,
      }).to.deep.equal(AFTER.counts);
    });

    it('shows "Gebaseerd op" on each new page and "Overgenomen door" on the page it answers, as pageLinks answers', async () => {
      for (const answer of ANSWERS) {
        await page.goto(world().url(`/nl/${answer.path}`));
        expect(await linksShown(page), answer.path).to.deep.equal({
          basedOn: [answer.item],
        });
        expect(
          await page
            .getByRole('complementary', {
              name: 'Verbanden met andere afspraken',
            })
            .getByText('Gebaseerd op')
            .count(),
        ).to.equal(1);
        await Promise.all([page.waitForURL(world().url(`/nl/${answer.reference}`)), page.locator('.afw-page-links a', { hasText: answer.item }).click()]);
        const back = await linksShown(page);
        expect(back.adoptedBy, answer.reference).to.deep.equal([answer.title]);
        const api = await world().api<{
          pageLinks: {
            basedOn: Array<{ title: string }>;
            adoptedBy: Array<{ title: string }>;
          };
        }>(LINKS_QUERY, { p: answer.path }, 'writer');
        expect(api.pageLinks.basedOn.map((r) => r.title)).to.deep.equal([answer.item]);
      }
    });

    it('offers the writer, limited by a page rule to kanaal/, no new agreement nor import in Zuid, and both in Kanaleneiland', async () => {
      const zuid = await world().open('/nl/zuid', 'writer');
      await waitForMatrix(zuid);
      // The import check goes out once the browser is idle: give it the time the writer's answer takes below.
      const kanaal = await world().open('/nl/kanaal', 'writer');
      await waitForMatrix(kanaal);
      await kanaal.getByRole('button', { name: 'Importeren' }).waitFor({ timeout: 30000 });
      expect(await kanaal.getByRole('button', { name: /^Nieuwe afspraak in / }).count()).to.be.greaterThan(0);
      expect(await zuid.getByRole('button', { name: /^Nieuwe afspraak in / }).count()).to.equal(0);
      expect(await zuid.getByRole('button', { name: 'Importeren' }).count()).to.equal(0);
      expect(await zuid.getByRole('tab', { name: 'Onderhoud' }).count()).to.equal(0);
    });
  });
}
