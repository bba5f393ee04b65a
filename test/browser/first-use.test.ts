/**
 * What a first-time user trips over in the dev app (issue 17, "Smaller things"): names rather than
 * keys, the overview's CSV heading, Back in search and matrix, the sidebar after a saved placement,
 * deleted agreements in the change lists, the upkeep summary, the handover's theme, a covered
 * overview cell's name, spacing, selects and dialogs as assistive technology meets them.
 * Driven by roles and visible text; expected values come from the GraphQL answers.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { readPageTags } from '../../dev/wikijs-schema';
import { axeViolations, chromiumAvailable, screenshot, startSession, type Session, itWithoutPageErrors } from './support';
import { waitForOverview, waitForSearch } from './learning-dom';

interface Declared {
  key: string;
  title: string;
  themes: Array<{ key: string; title: string | null }>;
  parties: Array<{ key: string; name: string | null }>;
}

const SYSTEMS = `{ agreements { systems { key title themes { key title } parties { key name } } } }`;
const SEARCH_PAGE = '/nl/afspraken-zoeken';
const OVERVIEW_PAGE = '/nl/afsprakenstelsels';
const SYSTEM_PAGE = '/nl/kb-overvecht';
const HANDOVER_PAGE = '/nl/kb-kanaleneiland/overdracht-van-overvecht';
const MAINTENANCE_PAGE = '/nl/onderhoud-afspraken';

async function waitForMatrix(page: Page): Promise<void> {
  await page.locator('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]').waitFor();
}

/** Text of an accessible element, whitespace collapsed. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The horizontal gap between two elements side by side (negative when they overlap). */
async function gapBetween(left: Locator, right: Locator): Promise<number> {
  const [a, b] = [await left.boundingBox(), await right.boundingBox()];
  if (!a || !b) throw new Error('element not shown');
  return b.x - (a.x + a.width);
}

describe('What a first-time user meets in the dev app (Chromium)', function () {
  this.timeout(300_000);
  let session: Session;
  const itLogsNoErrors = itWithoutPageErrors(() => session);
  let declared: Declared[];
  /** Key → name as the first system declaring it names it. */
  const names = { theme: new Map<string, string>(), party: new Map<string, string>() };

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
    declared = (await session.graphql<{ systems: Declared[] }>(SYSTEMS, {}, 'author')).systems;
    for (const system of declared) {
      for (const t of system.themes) if (t.title && !names.theme.has(t.key)) names.theme.set(t.key, t.title);
      for (const p of system.parties) if (p.name && !names.party.has(p.key)) names.party.set(p.key, p.name);
    }
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors("labels the search's theme and party chips, and a hit's theme, with their declared names", async () => {
    const page = await session.open(SEARCH_PAGE, { role: 'author' });
    await waitForSearch(page);
    const facets = (await session.graphql<{ search: { facets: Array<{ field: string; values: Array<{ value: string; count: number }> }> } }>(
      `{ agreements { search(first: 1) { facets { field values { value count } } } } }`,
      {},
      'author',
    )).search.facets;
    for (const [field, group] of [['theme', 'Thema'], ['party', 'Partij']] as const) {
      const values = facets.find((f) => f.field === field)?.values ?? [];
      expect(values.some((v) => names[field].has(v.value)), `some ${field} is declared with a name`).to.equal(true);
      const chips = page.getByRole('group', { name: group, exact: true }).getByRole('button');
      await chips.first().waitFor();
      // Each chip reads "<name> <count>"; the names arrive with the systems list.
      const expected = values.map((v) => `${names[field].get(v.value) ?? v.value} ${v.count}`);
      const named = expected.find((_, i) => names[field].has(values[i].value)) as string;
      await chips.filter({ hasText: named }).first().waitFor();
      expect(await chips.evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()))).to.deep.equal(expected);
    }
    expect(await page.getByRole('button', { name: /^volwassenen-ggz\b/ }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: /^poh-ggz\b/ }).count()).to.equal(0);
  });

  itLogsNoErrors("shows the new-agreement dialog's chosen themes and parties by name, as its pickers list them", async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(page);
    await page.getByRole('button', { name: 'Nieuwe afspraak in Dienstverlening, Normen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nieuwe afspraak in Krachtige Basiszorg Overvecht' });
    await dialog.getByLabel('Titel').fill('Een afspraak met namen');
    const overvecht = declared.find((s) => s.key === 'kb-overvecht') as Declared;
    const theme = overvecht.themes.find((t) => t.key === 'volwassenen-ggz') as { key: string; title: string };
    const party = overvecht.parties.find((p) => p.key === 'poh-ggz') as { key: string; name: string };
    await dialog.getByText('Thema’s', { exact: true }).click({ force: true });
    await page.getByRole('option', { name: theme.title }).click();
    await dialog.getByLabel('Titel').click(); // closes the list
    await dialog.getByText('Partijen', { exact: true }).click({ force: true });
    await page.getByRole('option', { name: party.name }).click();
    await dialog.getByLabel('Titel').click(); // closes the list
    const chosen = await text(dialog);
    expect(chosen).to.contain(theme.title).and.to.contain(party.name);
    expect(chosen).to.not.contain(theme.key).and.to.not.contain(party.key);
    // Each chip's remove button is named by what it removes.
    await dialog.getByRole('button', { name: `Weghalen: ${theme.title}` }).waitFor();
    await dialog.getByRole('button', { name: `Weghalen: ${party.name}` }).waitFor();
  });

  itLogsNoErrors("heads the overview CSV's system column 'Afsprakenstelsel', its key column 'Sleutel'", async () => {
    const page = await session.open(OVERVIEW_PAGE, { role: 'guest' });
    await waitForOverview(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporteren als CSV' }).first().click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    const cells = (line: string) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    expect(cells(lines[0]).slice(0, 3)).to.deep.equal(['Sleutel', 'Afsprakenstelsel', 'Dekking']);
    const overvecht = declared.find((s) => s.key === 'kb-overvecht') as Declared;
    expect(lines.map(cells).find((row) => row[0] === 'kb-overvecht')?.[1]).to.equal(overvecht.title);
  });

  itLogsNoErrors('keeps each settled search and each chip as a step Back returns to, and opens a shared URL in the same state', async () => {
    const page = await session.open(SEARCH_PAGE, { role: 'guest' });
    await waitForSearch(page);
    const input = page.getByRole('searchbox', { name: /Zoek in titels/ });
    const before = (await page.evaluate('history.length')) as number;
    await input.pressSequentially('samenw', { delay: 40 });
    await page.waitForURL(/zoek=samenw/);
    await waitForSearch(page);
    // One entry for the whole word typed, not one per key.
    expect(await page.evaluate('history.length')).to.equal(before + 1);
    const chip = page.getByRole('group', { name: 'Stelsel', exact: true }).getByRole('button').first();
    await chip.click();
    await page.waitForURL(/zoek-stelsel=/);
    expect(await chip.getAttribute('aria-pressed')).to.equal('true');
    const shared = new URL(page.url());

    await page.goBack();
    await page.waitForURL((url) => url.search === '?zoek=samenw');
    await waitForSearch(page);
    expect(await page.getByRole('group', { name: 'Stelsel', exact: true }).getByRole('button', { pressed: true }).count()).to.equal(0);
    expect(await input.inputValue()).to.equal('samenw');
    const all = (await session.graphql<{ search: { total: number } }>(`{ agreements { search(text: "samenw") { total } } }`)).search.total;
    expect(await text(page.locator('.afw-search [data-total]'))).to.equal(`${all} afspraken gevonden`);

    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    expect(new URL(page.url()).pathname).to.equal(SEARCH_PAGE);
    expect(await input.inputValue()).to.equal('');

    const opened = await session.open(shared.pathname + shared.search, { role: 'guest' });
    await waitForSearch(opened);
    expect(await opened.getByRole('searchbox', { name: /Zoek in titels/ }).inputValue()).to.equal('samenw');
    expect(await opened.getByRole('group', { name: 'Stelsel', exact: true }).getByRole('button', { pressed: true }).count()).to.equal(1);
  });

  itLogsNoErrors("keeps a matrix's heat map switch as a step Back returns to", async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'guest' });
    await waitForMatrix(page);
    const heatmap = page.getByRole('switch', { name: 'Heatmap (kleur naar aantal)' }).or(page.getByRole('checkbox', { name: 'Heatmap (kleur naar aantal)' }));
    await heatmap.first().click({ force: true });
    await page.waitForURL(/heatmap=1/);
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('heatmap'));
    expect(new URL(page.url()).pathname).to.equal(SYSTEM_PAGE);
    await page.waitForFunction(`!document.querySelector('.afsprakenwiki-matrix table.afw-grid--heat')`);
  });

  itLogsNoErrors('shows and highlights the current page in the sidebar after its placement is saved', async () => {
    const { backend } = session.dev;
    await backend.writer.create(backend.users.author, {
      path: 'kb-overvecht/sidebar-na-plaatsing',
      locale: 'nl',
      title: 'Zijbalk na plaatsing',
      content: '# Zijbalk na plaatsing\n',
      tags: ['stelsel:kb-overvecht', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld'],
    });
    const page = await session.open('/nl/kb-overvecht/sidebar-na-plaatsing', { role: 'author' });
    const sidebar = page.getByRole('navigation', { name: 'Kader' });
    const current = sidebar.getByRole('treeitem', { name: 'Zijbalk na plaatsing (huidige pagina)' });
    await current.waitFor();
    const panel = page.getByRole('region', { name: 'Plaatsing van deze afspraak' });
    await panel.getByRole('button', { name: 'Plaatsing' }).click();
    await panel.getByText('Kolommen', { exact: true }).click({ force: true });
    await page.getByRole('option', { name: /^Dienstverlening \(/ }).click();
    await page.getByRole('option', { name: /^Leren \(/ }).click();
    await page.keyboard.press('Escape');
    await panel.getByRole('button', { name: 'Opslaan' }).click();
    await panel.getByText('Plaatsing opgeslagen.').waitFor();
    // Now under Duurzaamheid › Leren › Normen: shown there, opened, and marked as the current page.
    await current.waitFor();
    expect(await current.getAttribute('aria-current')).to.equal('page');
    expect(await current.isVisible()).to.equal(true);
    const leren = sidebar.getByRole('treeitem', { name: /^Leren\b/ });
    expect(await leren.getAttribute('aria-expanded')).to.equal('true');
  });

  itLogsNoErrors("shows a deleted agreement in 'Recent gewijzigd' and the change list as text marked deleted, a removed page that is still there as a link", async () => {
    const { backend } = session.dev;
    const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
    // An agreement of the system then and now that leaves it but stays in the wiki: removed, not deleted.
    type Refs = { matrix: { cells: Array<{ agreements: Array<{ pageId: number; title: string }> }> } };
    const refsAt = async (asOf: string | null) =>
      (await session.graphql<Refs>(`query ($d: String) { agreements { matrix(system: "kb-overvecht", asOf: $d) { cells { agreements { pageId title } } } } }`, { d: asOf }, 'author')).matrix.cells.flatMap((c) => c.agreements);
    const then = new Set((await refsAt(since)).map((r) => r.pageId));
    let leaving: { pageId: number; title: string } | undefined;
    for (const ref of await refsAt(null)) {
      if (!then.has(ref.pageId)) continue;
      const row = (await backend.knex('pages').first('content').where({ id: ref.pageId })) as { content: string };
      const tags = await readPageTags(backend.knex, ref.pageId);
      // Only its tags name its systems, and only this one.
      if (/^(stelsel|system):/m.test(row.content) || tags.filter((t) => /^(stelsel|system):/.test(t)).length !== 1) continue;
      leaving = ref;
      await backend.writer.update(backend.users.author, ref.pageId, { tags: tags.filter((t) => !/^(stelsel|system):/.test(t)) });
      break;
    }
    expect(leaving, 'an agreement of kb-overvecht alone, by its tags').to.not.equal(undefined);
    const { pageId, title: leavingTitle } = leaving as { pageId: number; title: string };
    type Changes = { changes: { changes: Array<{ kind: string; agreement: { pageId: number; title: string } }> } };
    const removed = (await session.graphql<Changes>(`query ($s: String!) { agreements { changes(system: "kb-overvecht", since: $s) { changes { kind agreement { pageId title } } } } }`, { s: since }, 'author')).changes.changes.filter(
      (c) => c.kind === 'REMOVED',
    );
    const stillThere = removed.find((c) => c.agreement.pageId === pageId);
    const deleted = removed.find((c) => c.agreement.pageId !== pageId);
    expect(stillThere, 'the page that left').to.not.equal(undefined);
    expect(deleted, 'the examples hold an agreement deleted this quarter').to.not.equal(undefined);
    const deletedTitle = deleted?.agreement.title as string;
    const existing = await backend.knex('pages').first('id').where({ id: deleted?.agreement.pageId });
    expect(existing, 'its page is gone').to.equal(undefined);

    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    const recent = page.getByRole('region', { name: 'Recent gewijzigd' });
    await recent.getByText(`${deletedTitle} (verwijderd)`).waitFor();
    await recent.getByRole('link', { name: leavingTitle }).waitFor();
    expect(await recent.getByRole('link', { name: deletedTitle }).count()).to.equal(0);

    const earlier = await session.open(`${SYSTEM_PAGE}?stand=${since.slice(0, 10)}`, { role: 'author' });
    const list = earlier.locator('[data-changes]');
    await list.getByText(`${deletedTitle} (verwijderd)`).waitFor();
    await list.getByRole('link', { name: leavingTitle }).waitFor();
    expect(await list.getByRole('link', { name: deletedTitle }).count()).to.equal(0);
  });

  itLogsNoErrors('counts the drafts left lying and the unplaced agreements in the upkeep summary', async () => {
    type Maintenance = { maintenance: Record<'overdue' | 'dueSoon' | 'withoutOwner' | 'stale' | 'unplaced', unknown[]> & { errors: number } };
    const m = (await session.graphql<Maintenance>(
      `{ agreements { maintenance { overdue { agreement { pageId } } dueSoon { agreement { pageId } } withoutOwner { agreement { pageId } } stale { agreement { pageId } } unplaced { agreement { pageId } } errors } } }`,
      {},
      'author',
    )).maintenance;
    expect(m.stale.length + m.unplaced.length, 'the examples have drafts left lying or unplaced agreements').to.be.greaterThan(0);
    const page = await session.open(MAINTENANCE_PAGE, { role: 'author' });
    // The page's upkeep of every system says exactly this.
    await page
      .getByText(
        `${m.overdue.length} te laat, ${m.dueSoon.length} binnenkort te herzien, ${m.withoutOwner.length} zonder eigenaar, ` +
          `${m.stale.length} concepten die blijven liggen, ${m.unplaced.length} niet ingedeeld, ${m.errors} fouten.`,
        { exact: true },
      )
      .waitFor();
  });

  itLogsNoErrors("offers, and chooses, the reference agreement's theme in the handover's new-agreement dialog", async () => {
    type Handover = {
      handover: {
        reference: { themes: Array<{ key: string; title: string | null }> };
        cells: Array<{ items: Array<{ status: string; newPath: string | null; agreement: { title: string; theme: string | null } }> }>;
      };
    };
    const data = (await session.graphql<Handover>(
      `{ agreements { handover(reference: "kb-overvecht", receiver: "kb-kanaleneiland") { reference { themes { key title } } cells { items { status newPath agreement { title theme } } } } } }`,
      {},
      'author',
    )).handover;
    const receiver = declared.find((s) => s.key === 'kb-kanaleneiland') as Declared;
    const item = data.cells.flatMap((c) => c.items).find((i) => i.status === 'OPEN' && i.newPath && i.agreement.theme && !receiver.themes.some((t) => t.key === i.agreement.theme));
    expect(item, 'an open item whose theme the receiver does not declare').to.not.equal(undefined);
    const themeKey = item?.agreement.theme as string;
    const themeTitle = data.reference.themes.find((t) => t.key === themeKey)?.title ?? themeKey;

    const page = await session.open(HANDOVER_PAGE, { role: 'author' });
    await page.getByRole('link', { name: `Nieuwe afspraak als antwoord op ${item?.agreement.title}` }).click();
    const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
    await dialog.getByLabel('Titel').waitFor();
    expect(await text(dialog)).to.contain(themeTitle);
    await dialog.getByText('Thema’s', { exact: true }).click({ force: true });
    await page.getByRole('option', { name: themeTitle }).waitFor();
    for (const own of receiver.themes) await page.getByRole('option', { name: own.title ?? own.key }).waitFor();
  });

  itLogsNoErrors('names a coloured overview cell without agreements of its own as covered by the chapter-wide ones', async () => {
    type Overview = { overview: { systems: Array<{ system: { title: string }; cells: Array<{ state: string; count: number }> }> } };
    const data = (await session.graphql<Overview>(`{ agreements { overview { systems { system { title } cells { state count } } } } }`)).overview;
    const covered = data.systems.flatMap((s) => s.cells).filter((c) => c.count === 0 && c.state !== 'EMPTY').length;
    expect(covered, 'the examples have cells covered by chapter-wide agreements only').to.be.greaterThan(0);
    const page = await session.open(OVERVIEW_PAGE, { role: 'guest' });
    await waitForOverview(page);
    const table = page.getByRole('region', { name: /^Overzicht van alle afsprakenstelsels/ }).first();
    expect(await table.getByRole('link', { name: /: (Aanwezig|In de maak), 0 afspraken$/ }).count()).to.equal(0);
    expect(await table.getByRole('link', { name: /: (Aanwezig|In de maak), gedekt door afspraken voor het hele hoofdstuk$/ }).count()).to.equal(covered);
  });

  itLogsNoErrors("spaces the handover's and the upkeep's buttons apart", async () => {
    const page = await session.open(HANDOVER_PAGE, { role: 'guest' });
    const csv = page.getByRole('button', { name: 'Exporteren: Als CSV (spreadsheet)' });
    await csv.waitFor();
    expect(await gapBetween(csv, page.getByRole('button', { name: 'Afdrukken' }))).to.be.at.least(4);
    const upkeep = await session.open(MAINTENANCE_PAGE, { role: 'author' });
    const download = upkeep.getByRole('button', { name: 'Onderhoudslijst exporteren: CSV' }).first();
    await download.waitFor();
    const toolbar = (await download.evaluate('(el) => getComputedStyle(el.parentElement).gap')) as string;
    expect(toolbar).to.not.equal('normal');
  });

  itLogsNoErrors("shows a select's chosen values whole at 1400 px", async () => {
    const page = await session.open(`${SYSTEM_PAGE}?thema=volwassenen-ggz&partij=poh-ggz`, { role: 'guest', width: 1400 });
    await waitForMatrix(page);
    for (const [field, value] of [
      ['Thema', names.theme.get('volwassenen-ggz') as string],
      ['Partij', names.party.get('poh-ggz') as string],
    ]) {
      const shown = page.getByRole('group', { name: 'Filters' }).getByText(value, { exact: true });
      await shown.waitFor();
      const cut = await shown.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut, `${field}: ${value}`).to.equal(false);
    }
  });

  itLogsNoErrors('spaces the trace list evenly: every line one step below the one before', async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'guest', width: 1400 });
    const trace = page.getByRole('region', { name: 'Van norm naar werkafspraak naar techniek' });
    await trace.getByText(/verbanden$/).waitFor();
    // The first link of every line of the first norms and their agreements, top to bottom.
    const tops = await trace
      .getByRole('list')
      .first()
      .evaluate((list) => {
        const found: number[] = [];
        const norms = list.querySelectorAll(':scope > li');
        for (let i = 0; i < Math.min(4, norms.length); i++) {
          found.push(norms[i].querySelector('a, span')?.getBoundingClientRect().top ?? NaN);
          const agreements = norms[i].querySelectorAll('ul > li');
          for (let j = 0; j < agreements.length; j++) found.push(agreements[j].querySelector('a')?.getBoundingClientRect().top ?? NaN);
        }
        return found;
      });
    const steps = tops.slice(1).map((top, i) => Math.round(top - tops[i]));
    expect(steps.length).to.be.greaterThan(4);
    expect(Math.max(...steps) - Math.min(...steps), steps.join(',')).to.be.at.most(1);
  });

  itLogsNoErrors('announces every dialog as a modal dialog named by its title', async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(page);
    await page.getByRole('button', { name: 'Nieuwe afspraak in Dienstverlening, Normen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nieuwe afspraak in Krachtige Basiszorg Overvecht' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).to.equal('true');
    expect(await page.locator('[role="document"]').count()).to.equal(0);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Importeren' }).click();
    const importing = page.getByRole('dialog', { name: 'Afspraken importeren in Krachtige Basiszorg Overvecht' });
    await importing.waitFor();
    expect(await importing.getAttribute('aria-modal')).to.equal('true');
    expect(await page.getByRole('dialog').count()).to.equal(1);

    const overview = await session.open(OVERVIEW_PAGE, { role: 'author' });
    await waitForOverview(overview);
    await overview.getByRole('button', { name: 'Nieuw afsprakenstelsel' }).first().click();
    const system = overview.getByRole('dialog', { name: 'Nieuw afsprakenstelsel' });
    await system.waitFor();
    expect(await system.getAttribute('aria-modal')).to.equal('true');
    expect(await overview.getByRole('dialog').count()).to.equal(1);
  });

  itLogsNoErrors("names each chapter-wide cell's action with its chapter, so every action's name is its own", async () => {
    const page = await session.open(SYSTEM_PAGE, { role: 'author' });
    await waitForMatrix(page);
    await page.getByRole('button', { name: 'Nieuwe afspraak in Heel hoofdstuk Kwaliteit van de oplossing, Normen' }).waitFor();
    await page.getByRole('button', { name: 'Nieuwe afspraak in Heel hoofdstuk Duurzaamheid van de oplossing, Normen' }).waitFor();
    const matrix = page.getByRole('group', { name: 'Filters' }).locator('xpath=ancestor::*[contains(@class, "afsprakenwiki-matrix")]');
    const actions = await matrix.getByRole('button', { name: /^Nieuwe afspraak in / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    // Every cell of the 3 × 8 grid, and "Niet ingedeeld".
    expect(actions.length).to.equal(25);
    expect(new Set(actions).size).to.equal(actions.length);
  });

  itLogsNoErrors('has no serious or critical axe-core violations in the changed views, light and dark, 1400 and 390 px', async () => {
    const problems: string[] = [];
    for (const dark of [false, true]) {
      for (const width of [1400, 390]) {
        const name = `${dark ? 'dark' : 'light'}-${width}`;
        const views: Array<[string, string[], string]> = [
          [`${SEARCH_PAGE}?zoek=samenw&zoek-thema=volwassenen-ggz`, ['.afsprakenwiki-search'], 'search'],
          [OVERVIEW_PAGE, ['.afsprakenwiki-overview'], 'overview'],
          [HANDOVER_PAGE, ['.afsprakenwiki-handover'], 'handover'],
          [MAINTENANCE_PAGE, ['.afsprakenwiki-maintenance'], 'maintenance'],
          [`${SYSTEM_PAGE}?thema=volwassenen-ggz&partij=poh-ggz`, ['.afsprakenwiki-matrix', '.afw-trace', '[data-recent-changes]'], 'system'],
        ];
        for (const [path, scope, view] of views) {
          const page = await session.open(path, { role: 'author', dark, width });
          await page.locator(scope[scope.length - 1]).first().waitFor();
          await page.waitForTimeout(1500); // the views' second requests and Vuetify's transitions
          for (const violation of await axeViolations(page, scope)) problems.push(`${view} ${name}: ${violation}`);
          await screenshot(page, `first-use-${view}-${name}`);
          await page.context().close();
        }
        const page = await session.open(SYSTEM_PAGE, { role: 'author', dark, width });
        await waitForMatrix(page);
        await page.getByRole('button', { name: 'Nieuwe afspraak in Heel hoofdstuk Kwaliteit van de oplossing, Normen' }).click();
        const dialog = page.getByRole('dialog', { name: 'Nieuwe afspraak in Krachtige Basiszorg Overvecht' });
        await dialog.getByText('Thema’s', { exact: true }).click({ force: true });
        await page.getByRole('option', { name: names.theme.get('volwassenen-ggz') as string }).click();
        await dialog.getByLabel('Titel').click();
        await page.waitForTimeout(400);
        for (const violation of await axeViolations(page, ['[role="dialog"]'])) problems.push(`dialog ${name}: ${violation}`);
        await page.screenshot({ path: `test-output/screenshots/first-use-dialog-${name}.png` });
        await page.context().close();
      }
    }
    expect(problems).to.deep.equal([]);
  });

});
