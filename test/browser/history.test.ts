import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { cellDifference } from '../../server/domain/compare';
import type { CellState } from '../../server/domain/types';
import { readPageTags, updatePage } from '../../dev/wikijs-schema';
import { axeViolations, chromiumAvailable, screenshot, startSession, itWithoutPageErrors, type Session } from './support';

const SYSTEM = 'kb-overvecht';
const SYSTEM_PAGE = `/nl/${SYSTEM}`;
const DAY = 86_400_000;

interface Change {
  agreement: { pageId: number; title: string };
  kind: string;
  at: string;
  deleted: boolean;
}

/** A change as the list shows it: kind and title, a deleted agreement's title marked so. */
const listed = (c: Change): [string, string] => [c.kind, c.deleted ? `${c.agreement.title} (verwijderd)` : c.agreement.title];

interface Side {
  count: number;
  state: CellState;
}

interface CompareCell {
  a: Side;
  b: Side;
  onlyInA: unknown[];
  onlyInB: unknown[];
}

const dateDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

/** The change list as the page shows it: kind and title, in order. */
async function shownChanges(page: Page, scope: string): Promise<Array<[string, string]>> {
  return (await page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(scope)} + ' li.afw-change')).map((li) => [li.dataset.kind, li.querySelector('.afw-change__title').textContent.trim()])`)) as Array<[string, string]>;
}

/** The moment `days` days ago: "Recent gewijzigd" counts its 90 days from now, not from a date's end. */
const momentDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('Time in the dev app: earlier state and recent changes (Chromium)', function () {
  this.timeout(240_000);
  let session: Session;
  /** Each test fails on the console errors and uncaught exceptions of the pages it opens. */
  const itLogsNoErrors = itWithoutPageErrors(() => session);
  let renamedTitle = '';
  let statusTitle = '';

  before(async function () {
    if (!chromiumAvailable()) return this.skip();
    session = await startSession();
    // Change two agreements now, as an author would: a new title, and a step back in status.
    const { knex, indexer } = session.dev.backend;
    type Refs = { matrix: { cells: Array<{ agreements: Array<{ pageId: number; title: string; status: string }> }> } };
    const refsAt = async (asOf: string | null) => {
      const { matrix } = await session.graphql<Refs>(`query ($d: String) { agreements { matrix(system: "${SYSTEM}", asOf: $d) { cells { agreements { pageId title status } } } } }`, { d: asOf });
      return new Map(matrix.cells.flatMap((c) => c.agreements).map((r) => [r.pageId, r]));
    };
    // Agreements that were there, unchanged, before the window the tests look at.
    const [then, now] = [await refsAt(dateDaysAgo(100)), await refsAt(null)];
    const steady = [...now.values()].filter((r) => then.get(r.pageId)?.title === r.title && then.get(r.pageId)?.status === r.status);
    const [toRename, toReopen] = [steady[0], steady.find((r) => r.pageId !== steady[0]?.pageId && r.status === 'vastgesteld')];
    if (!toRename || !toReopen) throw new Error('the examples need agreed agreements in kb-overvecht that did not change lately');
    renamedTitle = `${toRename.title} (herzien)`;
    statusTitle = toReopen.title;
    await updatePage(knex, toRename.pageId, { title: renamedTitle });
    const tags = (await readPageTags(knex, toReopen.pageId)).filter((t) => !t.startsWith('status:'));
    await updatePage(knex, toReopen.pageId, { tags: [...tags, 'status:in-de-maak'] });
    const page = await knex('pages').first('content').where({ id: toReopen.pageId });
    // A status in the page's block wins over tags: take it out there too.
    await updatePage(knex, toReopen.pageId, { content: String(page?.content ?? '').replace(/^status:.*$/m, 'status: in-de-maak') });
    await indexer.indexPages([toRename.pageId, toReopen.pageId]);
  });

  after(async () => {
    await session?.close();
  });

  itLogsNoErrors('shows the system then beside now, and the changes since, as the API answers them, with the date in the URL', async () => {
    const since = dateDaysAgo(100);
    const page = await session.open(`${SYSTEM_PAGE}?stand=${since}`, { role: 'author' });
    await page.waitForSelector('[data-history] td.afw-cell');
    await page.waitForSelector('[data-changes] li.afw-change');
    const api = await session.graphql<{ compare: { cells: CompareCell[] }; changes: { changes: Change[] } }>(
      `query ($s: String!) { agreements { compare(a: "${SYSTEM}", b: "${SYSTEM}", asOfA: $s) { cells { a { count state } b { count state } onlyInA { title } onlyInB { title } } }
        changes(system: "${SYSTEM}", since: $s) { changes { agreement { pageId title } kind at deleted } } } }`,
      { s: since },
      'author',
    );
    const shown = await shownChanges(page, '[data-changes]');
    expect(shown).to.deep.equal(api.changes.changes.map(listed));
    expect(shown).to.deep.include(['RENAMED', renamedTitle]);
    expect(shown).to.deep.include(['STATUS', statusTitle]);
    // The example past (dev/example-history.ts) adds, moves and removes too.
    expect([...new Set(shown.map(([kind]) => kind))]).to.include.members(['ADDED', 'REMOVED', 'MOVED']);
    const differing = await page.locator('[data-history] td.afw-cell:not(.afw-cmp--same)').count();
    expect(differing).to.equal(api.compare.cells.filter((c) => cellDifference(c) !== 'same').length).and.to.be.greaterThan(0);
    expect(await axeViolations(page, ['[data-history]'])).to.deep.equal([]);
    await screenshot(page, 'history-earlier-state-light');
    const dark = await session.open(`${SYSTEM_PAGE}?stand=${since}`, { role: 'author', dark: true });
    await dark.waitForSelector('[data-changes] li.afw-change');
    await screenshot(dark, 'history-earlier-state-dark');
  });

  itLogsNoErrors('opens from the matrix toolbar, follows the date picked, and goes back to the matrix', async () => {
    const page = await session.open(SYSTEM_PAGE);
    await page.waitForSelector('.afsprakenwiki-matrix [data-earlier]');
    await page.click('.afsprakenwiki-matrix [data-earlier]');
    await page.waitForSelector('[data-history] td.afw-cell');
    expect(new URL(page.url()).searchParams.get('stand')).to.equal(dateDaysAgo(90));

    const earlier = dateDaysAgo(300);
    await page.fill('[data-history] input[type="date"]', earlier);
    await page.dispatchEvent('[data-history] input[type="date"]', 'change');
    await page.waitForFunction(`new URL(location.href).searchParams.get('stand') === '${earlier}'`);
    await page.waitForFunction(`(document.querySelector('[data-changes] h3') || {}).textContent?.includes('${earlier}')`);

    // Before the history began: moved to its first day, which the view names.
    await page.fill('[data-history] input[type="date"]', '2000-01-01');
    await page.dispatchEvent('[data-history] input[type="date"]', 'change');
    const { history } = await session.graphql<{ history: { startsAt: string } }>('{ agreements { history { startsAt } } }');
    await page.waitForFunction(`new URL(location.href).searchParams.get('stand') === '${history.startsAt.slice(0, 10)}'`);

    await page.click('[data-history] button:has-text("Terug naar de matrix")');
    await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix td.afw-cell:not(.afw-cmp)');
    expect(new URL(page.url()).searchParams.has('stand')).to.equal(false);
  });

  itLogsNoErrors('lists what changed in the last 90 days under the system page\'s matrix, for each reader', async () => {
    for (const dark of [false, true]) {
      const page = await session.open(SYSTEM_PAGE, { role: 'author', dark });
      await page.waitForSelector('[data-recent-changes] li.afw-change');
      const api = await session.graphql<{ changes: { changes: Change[] } }>(`{ agreements { changes(system: "${SYSTEM}", since: "${momentDaysAgo(90)}") { changes { agreement { pageId title } kind at deleted } } } }`, {}, 'author');
      const shown = await shownChanges(page, '[data-recent-changes]');
      expect(shown).to.deep.equal(api.changes.changes.slice(0, 8).map(listed));
      expect(shown.slice(0, 2)).to.have.deep.members([
        ['RENAMED', renamedTitle],
        ['STATUS', statusTitle],
      ]);
      await page.locator('[data-recent-changes]').scrollIntoViewIfNeeded();
      await screenshot(page, `history-recent-${dark ? 'dark' : 'light'}`);
    }
    // A guest (drafts hidden by a tag rule in the dev app) sees the list the API answers a guest.
    const guest = await session.open(SYSTEM_PAGE);
    await guest.waitForSelector('[data-recent-changes] li.afw-change');
    const guestApi = await session.graphql<{ changes: { changes: Change[] } }>(`{ agreements { changes(system: "${SYSTEM}", since: "${momentDaysAgo(90)}") { changes { agreement { title } kind deleted } } } }`);
    expect(await shownChanges(guest, '[data-recent-changes]')).to.deep.equal(guestApi.changes.changes.slice(0, 8).map(listed));
  });
});
