/**
 * History of the index (contract §9.1) on knex: `agr_history` (recorded states of agreement
 * pages, only ever appended) and `agr_history_systems` (which pages were ever in which system).
 *
 * A page's rows form a chain: each names the row it follows (`prevId`, unique per page). A node
 * that appends reads the page's latest row, writes nothing when the facts are the same, and
 * otherwise appends after it; when another node appended first, the unique key refuses the row
 * and the node decides again on the new latest row. So two Wiki.js nodes that react to the same
 * change (a hook on one, reconciliation on the other) record it once, and none is lost.
 * Times are ISO strings (as Wiki.js keeps its own), non-decreasing along a page's chain.
 */
import { createHash } from 'crypto';
import type Knex from 'knex';
import type { HistoryFacts } from '../domain/history';
import type { PageFacts } from '../domain/types';
import { historyFactsOf, isoTimestamp, pageFactsFromHistory } from '../domain/history';
import { systemsOf } from '../domain/catalog';
import { unique } from '../domain/normalize';
import { MAX_VARIABLES, chunk, dialectOf, insertChunkSize, isDeadlock, isUniqueViolation, readJson } from './dialect';
import { KnexMeta, META_HISTORY_STARTS_AT } from './meta';
import { tagsColumnOf, type RecordedRow, type StoreCaches } from './caches';
import { rulesKeyOf, type PageReads } from './page-reads';
import type { HistoryReader, HistoryRecord } from './types';

export type { HistoryReader, HistoryRecord } from './types';

export { META_HISTORY_STARTS_AT } from './meta';

/** The digest of a page that is in no system (or deleted): nothing of it is recorded. */
const ABSENT = 'absent';
const HISTORY_COLUMNS = 9;
/** Appends of one page retried after another node appended first. */
const MAX_ATTEMPTS = 5;
/**
 * A page's newest row as a subquery, along the (pageId, at, id) index: times never go back along
 * a page's chain, so the newest by time is the newest by id. (`max(id)` would let PostgreSQL walk
 * the primary key backwards through every page's rows.)
 */
const LATEST_OF_PAGE = 'select ?? from ?? ?? where ?? = ??';
const NEWEST_FIRST = 'order by ?? desc, ?? desc limit 1';
/** As in agr_page_systems: longer keys cannot be valid system keys. */
const MAX_KEY_LENGTH = 255;

/** A change of a page's facts as the index sees it. */
export interface HistoryEvent {
  pageId: number;
  /** The recorded facts; undefined when the page is in no system (or deleted). */
  facts?: HistoryFacts;
  deleted?: boolean;
  /** The page's update time (Wiki.js `updatedAt`) of these facts. */
  updatedAt?: string;
  /** The time it took effect, when the caller knows it (the dev app's example past); else worked out. */
  at?: string;
}

interface LatestRow {
  id: number;
  pageId: number;
  at: string;
  updatedAt: string | null;
  digest: string;
}

interface HistoryRow extends Omit<LatestRow, 'id'> {
  prevId: number;
  recordedAt: string;
  deleted: boolean;
  facts: string | null;
}

/** A page of the systems asked for, and its latest row up to the moment (null: none yet then). */
interface HeadRow {
  pageId: number;
  headId: number | null;
}

/** The event for a page's facts as the index stores them. */
export function historyEventOf(facts: PageFacts): HistoryEvent {
  return { pageId: facts.pageId, facts: historyFactsOf(facts), updatedAt: facts.updatedAt };
}

export class KnexHistoryStore implements HistoryReader {
  private readonly meta: KnexMeta;

  constructor(
    private readonly knex: Knex,
    /** The pages as the index holds them now (`currentPages`). */
    private readonly pages: PageReads,
    /** The store's caches: recorded rows, known pairs, the known start (see caches.ts). */
    private readonly caches: StoreCaches,
    /** The current time (tests and the dev app pin it). */
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.meta = new KnexMeta(knex);
  }

  /** When history began (contract `history.startsAt`); undefined before the first index. */
  async startsAt(): Promise<string | undefined> {
    return this.meta.get(META_HISTORY_STARTS_AT);
  }

  /**
   * Begins history unless it has begun: `startsAt` is now, and the pages the index holds (an
   * upgrade from a version without history) are recorded at that moment. One node wins.
   */
  async begin(indexedPages: () => Promise<Array<Omit<HistoryEvent, 'at'>>>): Promise<string> {
    const existing = await this.startsAt();
    if (existing) return existing;
    const at = this.now();
    if (!(await this.meta.compareAndSet(META_HISTORY_STARTS_AT, undefined, at))) return (await this.startsAt()) ?? at;
    await this.record((await indexedPages()).map((event) => ({ ...event, at })));
    return at;
  }

  /**
   * Records what changed: a row per page whose facts differ from its latest row. Nothing before
   * history began. Inside the index's own write transaction (`db`), so the index and its history
   * change together with one commit; the rows go in under a savepoint, so a row another node
   * appended first costs only that savepoint. Returns the number of rows written.
   */
  async record(events: readonly HistoryEvent[], db: Knex = this.knex): Promise<number> {
    if (events.length === 0) return 0;
    const startsAt = await this.begun(db);
    if (!startsAt) return 0;
    const byPage = new Map<number, HistoryEvent>();
    for (const event of events) byPage.set(event.pageId, event);
    const latest = await this.latestRows(db, [...byPage.keys()]);
    const rows = [...byPage.values()].flatMap((event) => this.rowFor(event, latest.get(event.pageId), startsAt) ?? []);
    if (rows.length === 0) return 0;
    try {
      await this.inSavepoint(db, (trx, durable) => this.insert(trx, rows, durable));
      return rows.length;
    } catch (error) {
      // A deadlock ends the whole transaction on MySQL: only a transaction of our own may go on.
      if (!isUniqueViolation(error) && !(db === this.knex && isDeadlock(error))) throw error;
    }
    // Another node appended to some of these pages meanwhile: decide again, page by page.
    let written = 0;
    for (const row of rows) written += await this.recordOne(db, byPage.get(row.pageId) as HistoryEvent, startsAt);
    return written;
  }

  /**
   * The row in force at `at` of every page that was ever in one of these systems, with the
   * page's path, locale and tags as the index holds them now (absent: the page is gone). One
   * query finds, per page, its latest row up to `at` on the (pageId, at, id) index, without
   * reading the history's rows; those are read (and kept, see `RecordedRows`) only when new.
   */
  async stateAt(systemKeys: readonly string[], at: string): Promise<HistoryRecord[]> {
    const keys = unique(systemKeys);
    if (keys.length === 0) return [];
    const heads = new Map<number, number>();
    for (const part of chunk(keys, MAX_VARIABLES)) {
      const head = this.knex.raw(`(${LATEST_OF_PAGE} and ?? <= ? ${NEWEST_FIRST}) as ??`, ['h2.id', 'agr_history', 'h2', 'h2.pageId', 's.pageId', 'h2.at', at, 'h2.at', 'h2.id', 'headId']);
      const rows: HeadRow[] = await this.knex('agr_history_systems as s').select('s.pageId', head).whereIn('s.systemKey', part);
      for (const row of rows) if (row.headId !== null) heads.set(Number(row.pageId), Number(row.headId));
    }
    const [recorded, now] = await Promise.all([this.recordedRows([...heads].map(([pageId, id]) => ({ id, pageId }))), this.pages.currentPages([...heads.keys()])]);
    const records: HistoryRecord[] = [];
    for (const [pageId, id] of heads) {
      const { at: recordedAt, facts, rulesKey } = recorded.get(id) as RecordedRow;
      records.push({ id, pageId, at: recordedAt, facts, rulesKey, now: now.get(pageId) });
    }
    return records.sort((a, b) => a.pageId - b.pageId);
  }

  /** These history rows: parsed earlier, or read and parsed now (once per row, ever). */
  private async recordedRows(wanted: ReadonlyArray<{ id: number; pageId: number }>): Promise<Map<number, RecordedRow>> {
    const found = new Map<number, RecordedRow>();
    const unread = new Map<number, number>();
    for (const { id, pageId } of wanted) {
      // Of the same page, too: ids of a history dropped with its tables (an uninstall) come again.
      const row = this.caches.recorded.get(id);
      if (row?.pageId === pageId) found.set(id, row);
      else unread.set(id, pageId);
    }
    for (const ids of chunk([...unread.keys()], MAX_VARIABLES)) {
      const rows: Array<{ id: number; at: string; facts: string | null }> = await this.knex('agr_history').select('id', 'at', 'facts').whereIn('id', ids);
      for (const row of rows) {
        const id = Number(row.id);
        const recorded = readJson(row.facts) as HistoryFacts | undefined;
        const facts = recorded ? pageFactsFromHistory(unread.get(id) as number, recorded, row.at) : undefined;
        const entry: RecordedRow = { pageId: unread.get(id) as number, at: row.at, facts, rulesKey: facts && rulesKeyOf(facts.path, facts.locale, tagsColumnOf(facts.tags)) };
        this.caches.recorded.set(id, entry);
        found.set(id, entry);
      }
    }
    return found;
  }

  /** Size of the history (rows), for status and benchmarks. */
  async rowCount(): Promise<number> {
    const row: { count?: unknown } | undefined = await this.knex('agr_history').count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  /**
   * `startsAt` as the writes see it: read until history has begun, then kept, since it is set
   * once (by whichever node begins history) and never changed: a save costs no read of it.
   */
  private async begun(db: Knex): Promise<string | undefined> {
    const known = this.caches.start;
    if (known.value) return known.value;
    const meta: { value: string | null } | undefined = await db('agr_meta').first('value').where('key', META_HISTORY_STARTS_AT);
    return (known.value = meta?.value ?? undefined);
  }

  /** One page, retried while other nodes append to it. */
  private async recordOne(db: Knex, event: HistoryEvent, startsAt: string): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = this.rowFor(event, (await this.latestRows(db, [event.pageId], true)).get(event.pageId), startsAt);
      if (!row) return 0;
      try {
        await this.inSavepoint(db, (trx, durable) => this.insert(trx, [row], durable));
        return 1;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`agr_history: page ${event.pageId} kept changing on other nodes`);
  }

  /**
   * `body` in a transaction of its own inside `db`: a savepoint in the index's write transaction,
   * or a transaction when `db` is our knex. `durable` names the transaction whose commit makes
   * the work last (see `committed`): the index's, or the one made here, known committed after it.
   */
  private async inSavepoint(db: Knex, body: (trx: Knex.Transaction, durable: Knex) => Promise<void>): Promise<void> {
    let own: Knex.Transaction | undefined;
    await db.transaction((trx) => {
      if (db === this.knex) own = trx;
      return body(trx, own ?? db);
    });
    if (own) this.committed(own);
  }

  private async insert(trx: Knex.Transaction, rows: readonly HistoryRow[], outer: Knex): Promise<void> {
    for (const part of chunk(rows, insertChunkSize(HISTORY_COLUMNS))) await trx('agr_history').insert(part);
    await this.addSystems(trx, rows, outer);
  }

  /**
   * The transaction `outer` (the index's write, or one of our own) committed: the pairs of
   * `agr_history_systems` it read or wrote are there for good (the table is only appended to),
   * so later writes need not look them up. Called by the store after its commit.
   */
  committed(outer: Knex): void {
    this.caches.pairs.committed(outer);
  }

  /**
   * The row to append for an event, or undefined when nothing changed. A save's row takes effect
   * at the page's update time; a change that kept the update time (a tag renamed by an admin) or
   * a deletion, when it is noticed. Never before the latest row or the start of history.
   */
  private rowFor(event: HistoryEvent, latest: LatestRow | undefined, startsAt: string): HistoryRow | undefined {
    const facts = event.deleted ? undefined : event.facts;
    const factsJson = facts ? JSON.stringify(facts) : null;
    const digest = factsJson ? createHash('sha1').update(factsJson).digest('base64') : ABSENT;
    if ((latest?.digest ?? ABSENT) === digest) return undefined;
    const updatedAt = event.deleted ? latest?.updatedAt ?? null : isoTimestamp(event.updatedAt) ?? null;
    // Facts read before the latest recorded ones (a slower node's read of an older save): stale.
    if (!event.deleted && !event.at && latest?.updatedAt && updatedAt && updatedAt < latest.updatedAt) return undefined;
    const now = this.now();
    let at = isoTimestamp(event.at) ?? (event.deleted ? now : updatedAt && (!latest || updatedAt > latest.at) ? updatedAt : now);
    if (latest && at < latest.at) at = latest.at;
    if (at < startsAt) at = startsAt;
    return { pageId: event.pageId, prevId: latest?.id ?? 0, at, updatedAt, recordedAt: now, deleted: event.deleted === true, digest, facts: factsJson };
  }

  /**
   * Each page's latest row (the end of its chain). `current`: as last committed, also inside a
   * transaction whose snapshot is older (MySQL's repeatable read), after another node appended.
   */
  private async latestRows(db: Knex, pageIds: readonly number[], current = false): Promise<Map<number, LatestRow>> {
    const latest = new Map<number, LatestRow>();
    const head = db.raw(`(${LATEST_OF_PAGE} ${NEWEST_FIRST})`, ['h2.id', 'agr_history', 'h2', 'h2.pageId', 'h.pageId', 'h2.at', 'h2.id']);
    for (const ids of chunk(unique(pageIds), MAX_VARIABLES)) {
      const query = db('agr_history as h').select('h.id', 'h.pageId', 'h.at', 'h.updatedAt', 'h.digest').whereIn('h.pageId', ids).where('h.id', '=', head);
      const rows: LatestRow[] = await (current && dialectOf(db) === 'mysql' ? query.forUpdate() : query);
      for (const row of rows) latest.set(Number(row.pageId), { ...row, id: Number(row.id), pageId: Number(row.pageId) });
    }
    return latest;
  }

  /** Notes the systems of new rows (pairs already known are left as they are). */
  private async addSystems(trx: Knex.Transaction, rows: readonly HistoryRow[], outer: Knex): Promise<void> {
    const pairs = new Map<string, { systemKey: string; pageId: number }>();
    for (const row of rows) {
      for (const systemKey of systemKeysOf(row)) {
        const pair = `${row.pageId} ${systemKey}`;
        if (!this.caches.pairs.has(pair)) pairs.set(pair, { systemKey, pageId: row.pageId });
      }
    }
    if (pairs.size === 0) return;
    // Until the outer transaction commits, what it sees (its own rows too) is only pending.
    const pending = this.caches.pairs.pendingOf(outer);
    for (const ids of chunk(unique([...pairs.values()].map((pair) => pair.pageId)), MAX_VARIABLES)) {
      const known: Array<{ systemKey: string; pageId: number }> = await trx('agr_history_systems').select('systemKey', 'pageId').whereIn('pageId', ids);
      for (const row of known) {
        const pair = `${Number(row.pageId)} ${row.systemKey}`;
        pairs.delete(pair);
        pending.push(pair);
      }
    }
    for (const part of chunk([...pairs.values()], insertChunkSize(2))) await trx('agr_history_systems').insert(part);
    pending.push(...pairs.keys());
  }
}

/** The system keys a row's facts name (tags and block), as the index normalises them. */
function systemKeysOf(row: HistoryRow): string[] {
  if (!row.facts) return [];
  const keys = systemsOf(pageFactsFromHistory(row.pageId, JSON.parse(row.facts) as HistoryFacts, row.at));
  return keys.filter((key) => key.length > 0 && key.length <= MAX_KEY_LENGTH);
}
