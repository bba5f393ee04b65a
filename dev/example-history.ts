/**
 * A plausible past for the dev app's examples (contract §9), so "compare with an earlier state" and
 * "recently changed" have something to show: history began a year ago with most agreements;
 * some came later, some were in the making before they were agreed, one moved, one got a new
 * title, one was removed. Every page's last recorded state is its state now, so the first
 * reconciliation records nothing more.
 */
import { extractPageFacts, historyFactsOf, type HistoryFacts, type SourcePage } from '../server/domain';
import type { KnexHistoryStore, HistoryEvent } from '../server/store/history-store';

const DAY = 86_400_000;
/** Page ids of the example past's removed page: beyond any page the examples create. */
const REMOVED_PAGE_ID = 900_000;

/** How long ago history began: the dev app's `history.startsAt`. */
export const EXAMPLE_HISTORY_DAYS = 365;

function daysAgo(now: number, days: number): string {
  return new Date(now - days * DAY).toISOString();
}

/** The recorded facts with another status, in the place the page states it (block or tag). */
function withStatus(facts: HistoryFacts, status: string): HistoryFacts {
  if (facts.agreement?.status !== undefined) return { ...facts, agreement: { ...facts.agreement, status } };
  return { ...facts, tags: [...facts.tags.filter((tag) => !tag.startsWith('status:')), `status:${status}`] };
}

/** The recorded facts with the page's first column tag swapped for another column of its chapter. */
function withOtherColumn(facts: HistoryFacts): HistoryFacts | undefined {
  const swaps: Record<string, string> = { 'kolom:dienstverlening': 'kolom:klantrelatie', 'kolom:klantrelatie': 'kolom:dienstverlening', 'kolom:leren': 'kolom:borgen', 'kolom:borgen': 'kolom:leren' };
  const tag = facts.tags.find((t) => swaps[t] !== undefined);
  return tag ? { ...facts, tags: facts.tags.map((t) => (t === tag ? swaps[t] : t)) } : undefined;
}

/** Writes the example past through the store's own history; `now` is the dev app's present. */
export async function writeExampleHistory(history: KnexHistoryStore, pages: ReadonlyArray<SourcePage>, now = Date.now()): Promise<void> {
  const events: HistoryEvent[] = [];
  const agreements = pages
    .map((page) => ({ page, facts: historyFactsOf(extractPageFacts(page)) }))
    .filter((entry): entry is { page: SourcePage; facts: HistoryFacts } => entry.facts !== undefined)
    .sort((a, b) => a.page.id - b.page.id);
  let moved = false;
  let renamed = false;
  agreements.forEach(({ page, facts }, index) => {
    const add = (days: number, recorded: HistoryFacts | undefined, deleted = false) =>
      events.push({ pageId: page.id, facts: recorded, deleted, at: daysAgo(now, days) });
    const addedDays = index % 11 === 5 ? 45 : index % 7 === 3 ? 200 : EXAMPLE_HISTORY_DAYS;
    const status = facts.agreement?.status ?? facts.tags.find((t) => t.startsWith('status:'))?.slice('status:'.length);
    if (index % 4 === 1 && (status === 'vastgesteld' || status === 'gevalideerd')) {
      // In the making first, agreed later: some long ago, some this quarter.
      add(addedDays, withStatus(facts, 'in-de-maak'));
      add(index % 3 === 0 ? Math.min(addedDays - 10, 150) : 30, facts);
      return;
    }
    const earlierColumn = !moved && addedDays === EXAMPLE_HISTORY_DAYS ? withOtherColumn(facts) : undefined;
    if (earlierColumn) {
      moved = true;
      add(addedDays, earlierColumn);
      add(20, facts);
      return;
    }
    if (!renamed && addedDays === EXAMPLE_HISTORY_DAYS && index > 2) {
      renamed = true;
      add(addedDays, { ...facts, title: `Concept: ${facts.title}` });
      add(60, facts);
      return;
    }
    add(addedDays, facts);
  });
  const first = agreements[0];
  if (first) {
    // An agreement of the first system that was dropped this quarter (its page is gone).
    const removed: HistoryFacts = { ...first.facts, path: `${first.facts.path}-wachtlijst`, title: 'Wachtlijst bijhouden (vervallen aanpak)' };
    events.push({ pageId: REMOVED_PAGE_ID, facts: removed, at: daysAgo(now, EXAMPLE_HISTORY_DAYS) });
    events.push({ pageId: REMOVED_PAGE_ID, deleted: true, at: daysAgo(now, 25) });
  }
  // One call per moment, oldest first: each page's rows then follow one another in time.
  const moments = [...new Set(events.map((e) => e.at as string))].sort();
  for (const moment of moments) await history.record(events.filter((e) => e.at === moment));
}
