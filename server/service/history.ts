/**
 * A system as it stood, and what changed (contract §9.2-9.3), for one reader. The facts come
 * from the index's history; today's page rules decide, on the facts of then and of now, which
 * pages the reader sees; the domain's own catalog and matrix do the rest.
 */
import {
  agreementStates,
  buildCatalog,
  changesBetween,
  collectFrameworks,
  matrixFor,
  normaliseValue,
  parseMoment,
  systemsOf,
  type AgreementChange,
  type AgreementFilter,
  type AgreementState,
  type Catalog,
  type Matrix,
  type PageFacts,
  type PublishingState,
  type SystemInfo,
} from '../domain';
import type { AgreementStore } from '../store/types';
import type { CurrentPage, HistoryRecord } from '../store/types';
import type { AccessTarget } from '../host/types';

/** The page fields contract §4 looks at. */
type SeenPage = AccessTarget & PublishingState;

/**
 * Contract §4 for one reader: whether a page counts for them, its publishing window judged at
 * `at` (ms since the epoch; the moment of the request unless a past moment is asked about).
 */
export type ReaderCheck = (page: SeenPage, at?: number) => boolean;

/** A moment the history cannot answer for: not a date, or before `startsAt` (named). */
export class HistoryMomentError extends Error {
  constructor(
    readonly reason: 'invalid' | 'before-start' | 'no-history' | 'order',
    readonly value: string,
    readonly startsAt?: string,
  ) {
    super(`History: ${reason} (${value}${startsAt ? `; history starts at ${startsAt}` : ''})`);
    this.name = 'HistoryMomentError';
  }

  /**
   * Also one thrown by the other bundle's copy of this class: in Wiki.js the boot hook and the
   * resolvers are two bundles sharing one chain (host/wiki-chain.ts), so `instanceof` may miss.
   */
  static is(error: unknown): error is HistoryMomentError {
    return error instanceof HistoryMomentError || (error instanceof Error && error.name === 'HistoryMomentError' && 'reason' in error);
  }
}

export interface ChangesResult {
  system: SystemInfo;
  since: string;
  until: string;
  changes: AgreementChange[];
}

export interface HistoryQueryOptions {
  store: AgreementStore;
  now: () => string;
}

export class HistoryQueries {
  constructor(private readonly options: HistoryQueryOptions) {}

  async startsAt(): Promise<string> {
    const startsAt = await this.options.store.history.startsAt();
    if (!startsAt) throw new HistoryMomentError('no-history', '');
    return startsAt;
  }

  /** An `asOf` argument as a timestamp; undefined for now (absent, or in the future). */
  async moment(value: string | undefined | null): Promise<string | undefined> {
    const at = this.pastMoment(value);
    if (at) await this.assertStarted(value as string, at);
    return at;
  }

  /**
   * The answer for `asOf`: `current()` for now, else `past(at)`, while the moment is checked
   * against `startsAt` alongside (one round trip less; an error then wins over the answer).
   */
  async atMoment<T>(value: string | undefined | null, current: () => Promise<T>, past: (at: string) => Promise<T>): Promise<T> {
    const at = this.pastMoment(value);
    if (!at) return current();
    const [, answer] = await Promise.all([this.assertStarted(value as string, at), past(at)]);
    return answer;
  }

  /** An `asOf` argument as a timestamp before now; undefined for absent or future; an error for no moment. */
  private pastMoment(value: string | undefined | null): string | undefined {
    if (value === undefined || value === null) return undefined;
    const at = parseMoment(value);
    if (!at) throw new HistoryMomentError('invalid', value);
    return at >= this.options.now() ? undefined : at;
  }

  private async assertStarted(value: string, at: string): Promise<void> {
    const startsAt = await this.startsAt();
    if (at < startsAt) throw new HistoryMomentError('before-start', value, startsAt);
  }

  /**
   * The matrix of a system at a past moment, for the reader of `sees`: a page's facts of then,
   * its publishing window judged at that moment (§9.2).
   */
  async matrixAt(sees: ReaderCheck, system: string, at: string, filter?: AgreementFilter): Promise<Matrix | undefined> {
    const key = normaliseValue(system);
    const [records, declaring] = await Promise.all([this.historyOf([key], at), this.declaringFacts(key)]);
    const then = Date.parse(at);
    const visible = records.flatMap(({ facts, ...record }) => (facts && sees(facts, then) && stillReadable(sees, record) ? [facts] : []));
    return matrixFor(this.catalog(sees, declaring, visible), key, filter, at.slice(0, 10));
  }

  /** The net difference of a system between two moments (contract §9.3). */
  async changes(sees: ReaderCheck, system: string, sinceArg: string, untilArg?: string | null): Promise<ChangesResult | undefined> {
    const key = normaliseValue(system);
    const since = (await this.moment(sinceArg)) ?? this.options.now();
    const until = (await this.moment(untilArg)) ?? this.options.now();
    if (until < since) throw new HistoryMomentError('order', `${sinceArg} > ${untilArg ?? ''}`);
    const [before, after, declaring] = await Promise.all([this.historyOf([key], since), this.historyOf([key], until), this.declaringFacts(key)]);
    const beforeById = new Map(before.map((r) => [r.pageId, r]));
    const afterById = new Map(after.map((r) => [r.pageId, r]));
    // Visibility on the page's facts at `until`, or at `since` when it left the system (§9.3),
    // its publishing window judged at that same moment.
    const judgedOn = (pageId: number): { record?: HistoryRecord; at: number } => {
      const later = afterById.get(pageId);
      return later?.facts && systemsOf(later.facts).includes(key) ? { record: later, at: Date.parse(until) } : { record: beforeById.get(pageId), at: Date.parse(since) };
    };
    const judged = new Map<number, boolean>();
    for (const pageId of new Set([...beforeById.keys(), ...afterById.keys()])) {
      const { record, at } = judgedOn(pageId);
      judged.set(pageId, record?.facts !== undefined && sees(record.facts, at) && stillReadable(sees, record));
    }
    const sideOf = (records: HistoryRecord[]) => {
      const pages = records.flatMap((r) => (judged.get(r.pageId) ? r.facts ?? [] : []));
      const matrix = matrixFor(this.catalog(sees, declaring, pages), key, { includeRetired: true });
      return { matrix, states: matrix ? agreementStates(matrix) : new Map<number, AgreementState>() };
    };
    const [then, now] = [sideOf(before), sideOf(after)];
    const info = now.matrix?.system ?? then.matrix?.system;
    if (!info) return undefined;
    const changedAt = new Map<number, string>();
    for (const [pageId, record] of afterById) {
      if (record.id !== beforeById.get(pageId)?.id) changedAt.set(pageId, record.at);
    }
    // A removed agreement whose page is gone: readers get it without a link to a page that answers 404.
    const changes = changesBetween(then.states, now.states, changedAt).map((change) => ({
      ...change,
      deleted: change.kind === 'REMOVED' && !(afterById.get(change.agreement.pageId) ?? beforeById.get(change.agreement.pageId))?.now,
    }));
    return { system: info, since, until, changes };
  }

  private async historyOf(keys: string[], at: string): Promise<HistoryRecord[]> {
    return this.options.store.history.stateAt(keys, at);
  }

  /** Today's pages that declare this system or a framework. */
  private async declaringFacts(key: string): Promise<PageFacts[]> {
    return (await this.options.store.skeletonPages([key])).filter((page) => page.declares).map((page) => page.facts());
  }

  /**
   * The catalog of pages of then, with today's frameworks and system declarations: a system's
   * page and framework are structure, read as they are now. A declaring page that is not among
   * the pages of then takes part in no system here.
   */
  private catalog(sees: ReaderCheck, declaring: readonly PageFacts[], pages: PageFacts[]): Catalog {
    const { frameworks } = collectFrameworks(declaring);
    const byId = new Map(pages.map((p) => [p.pageId, p]));
    for (const page of declaring) {
      if (!sees(page)) continue;
      const then = byId.get(page.pageId);
      byId.set(
        page.pageId,
        then
          ? { ...then, systemDeclarations: page.systemDeclarations }
          : { ...page, tagValues: { ...page.tagValues, systems: [] }, agreement: page.agreement && { ...page.agreement, systems: [] } },
      );
    }
    return buildCatalog([...byId.values()].sort((a, b) => a.pageId - b.pageId), frameworks);
  }
}


/** A page that still exists must be readable with today's path, locale and tags too (§9.2). */
function stillReadable(sees: ReaderCheck, record: Pick<HistoryRecord, 'now' | 'rulesKey'>): boolean {
  const { now } = record;
  if (now === undefined) return true;
  // Where nothing the page rules look at changed, the answer for then stands.
  if (now.rulesKey === record.rulesKey) return true;
  return sees(rulesOnly(now));
}

/** The page as it is now, for the page rules only: published-ness (window included) counts as it was then. */
function rulesOnly(page: CurrentPage): SeenPage {
  return {
    path: page.path,
    locale: page.locale,
    isPublished: true,
    /** Read only if a tag rule asks for them. */
    get tags() {
      return page.tags;
    },
  };
}
