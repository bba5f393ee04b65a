/**
 * The reader's side every read service shares (service/*-service.ts): the access check of
 * contract §4 for one reader, and the catalogues built from the index for that reader. Every
 * call loads only the pages it needs, keeps those the reader may see, and hands them to the
 * domain core. Nothing is cached between requests, so no reader ever sees another reader's
 * result; within one request (`ReadServices.forRequest`) the reader's access check, index reads
 * and catalogues are computed once and shared by all its fields.
 */
import {
  allLinkTargets,
  buildCatalog,
  catalogIndexOf,
  catalogOfSeen,
  pageKey,
  collectFrameworks,
  isPublishedAt,
  normaliseValue,
  type Catalog,
  type Framework,
  type PageFacts,
  type PublishingState,
} from '../domain';
import type { AgreementStore, IndexedPage } from '../store/types';
import type { AgreementIndexer } from '../indexer';
import type { AccessPolicy, AccessTarget, HostUser, Permission } from '../host/types';
import { HistoryQueries, type ReaderCheck } from './history';

/**
 * A policy that can work out one user's check once (compiled page rules) and hand it back for
 * the pages of one call. Optional: plain `can` is used otherwise.
 */
export interface PreparableAccessPolicy extends AccessPolicy {
  prepare?(user: HostUser): (permission: Permission, page?: AccessTarget) => boolean;
}

/** The page fields contract §4 looks at. */
type SeenPage = AccessTarget & PublishingState;

/** System keys the index can hold (longer ones are never stored in `agr_page_systems`). */
const MAX_STORED_KEY_LENGTH = 255;

/** The part of the indexer the service drives (administrators' reindex and index status). */
export type ReindexRunner = Pick<AgreementIndexer, 'reconcile' | 'status'>;

export interface AgreementServiceOptions {
  store: AgreementStore;
  access: AccessPolicy;
  indexer?: ReindexRunner;
  /** Reference date (YYYY-MM-DD) for overdue reviews; today by default (tests pin it). */
  today?: () => string;
  /** The current time (ISO): publishing windows are judged at it, and `asOf` compared with it; the clock by default (tests pin it). */
  now?: () => string;
}

/**
 * What one request computes once for its reader and shares between its fields: the prepared
 * access check, the index reads and the catalogues built from them. Promises, so fields resolved
 * side by side share one computation. Bound to one reader: asked for another, it is not used.
 * Lives as long as the request's services (graph/inputs.ts keys them by the request's context).
 */
export class RequestMemo {
  private readonly values = new Map<string, Promise<unknown>>();
  private check?: ReaderCheck;
  private userId?: number;

  /** Whether this memo may answer for the user: the first user it was asked for, only. */
  private isFor(user: HostUser): boolean {
    this.userId ??= user.id;
    return this.userId === user.id;
  }

  once<T>(user: HostUser, key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.isFor(user)) return compute();
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) this.values.set(key, (value = compute()));
    return value;
  }

  readerCheck(user: HostUser, prepare: () => ReaderCheck): ReaderCheck {
    if (!this.isFor(user)) return prepare();
    return (this.check ??= prepare());
  }
}

export class AgreementReader {
  /** A system as it stood and what changed (contract §9). */
  readonly history: HistoryQueries;

  constructor(
    readonly options: AgreementServiceOptions,
    /** Only on the reader of one request (`ReadServices.forRequest`). */
    private readonly memo?: RequestMemo,
  ) {
    this.history = new HistoryQueries({ store: options.store, now: () => this.now() });
  }

  /** Work for one reader, done once per request where this service has a request's memo. */
  once<T>(user: HostUser, key: string, compute: () => Promise<T>): Promise<T> {
    return this.memo ? this.memo.once(user, key, compute) : compute();
  }

  /** Contract §4: readable, and unpublished pages only for readers who may edit them. */
  canSee(user: HostUser, page: SeenPage): boolean {
    return this.readerCheck(user)(page);
  }

  /**
   * Contract §4 for one reader, prepared once per call: the policy's per-user work (global
   * permissions, compiled page rules) is not redone for every page. Never kept beyond the call.
   * A page outside its publishing window is unpublished while it is outside: the window is judged
   * at the time of the call (never stored as a yes or no), so a page starts and stops counting
   * as its dates pass, with no write and no reindex.
   */
  readerCheck(user: HostUser): ReaderCheck {
    return this.memo ? this.memo.readerCheck(user, () => this.preparedCheck(user)) : this.preparedCheck(user);
  }

  private preparedCheck(user: HostUser): ReaderCheck {
    const access = this.options.access as PreparableAccessPolicy;
    const can = access.prepare ? access.prepare(user) : (permission: Permission, target?: AccessTarget) => access.can(user, permission, target);
    const now = Date.parse(this.now());
    // The page is its own target: its tags may be read lazily, and only a tag rule reads them.
    return (page, at = now) => can('read:pages', page) && (isPublishedAt(page, at) || can('write:pages', page));
  }

  now(): string {
    return this.options.now ? this.options.now() : new Date().toISOString();
  }

  today(): string {
    return this.options.today ? this.options.today() : new Date().toISOString().slice(0, 10);
  }

  /**
   * Contract §1: the default framework, those declared on pages the reader sees, and those a
   * system the reader sees uses (with keys for labels). Only a system page the reader sees can
   * make its system use a declared framework, so the declaring pages are all it takes.
   */
  async frameworks(user: HostUser): Promise<Framework[]> {
    return this.once(user, 'frameworks', () => this.frameworksOf(user));
  }

  private async frameworksOf(user: HostUser): Promise<Framework[]> {
    const declaring = await this.declaringFacts(user);
    const { frameworks } = collectFrameworks(declaring);
    return [...buildCatalog(this.visible(user, declaring), frameworks).frameworks.values()];
  }

  /** The catalog of every system one reader sees and its pages, once per request. */
  wholeCatalogAndPages(user: HostUser): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    return this.once(user, 'whole', () => this.wholeCatalogOf(user));
  }

  /**
   * The catalog of every system one reader sees (frameworks wiki-wide), from the relevant pages.
   * `keep` leaves out pages the caller has no use for (declaring pages always stay: structure).
   */
  async wholeCatalogOf(user: HostUser, keep?: (page: PageFacts) => boolean): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const { store } = this.options;
    return this.wholeLeanCatalog(user, await this.once(user, 'relevantPages', () => store.relevantPages()), keep);
  }

  private declaringFacts(user: HostUser): Promise<PageFacts[]> {
    return this.once(user, 'declaringFacts', () => this.options.store.declaringFacts());
  }

  /**
   * The catalog one reader sees for some systems: their pages plus the catalog's skeleton,
   * filtered by access; frameworks are taken wiki-wide. One query brings the systems' pages and
   * the framework-declaring pages, and a page's facts are parsed only when the reader may see it
   * (or it declares, for the frameworks). Other systems' declaring pages are left out: they add
   * nothing to these systems' entries. Keys the index cannot hold (empty, or too long) name
   * no page there: they are answered from every declaring page.
   */
  catalogFor(user: HostUser, keys: string[]): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const normalised = [...new Set(keys.map(normaliseValue))].sort();
    return this.once(user, `systems:${JSON.stringify(normalised)}`, () => this.catalogOf(user, normalised));
  }

  private async catalogOf(user: HostUser, normalised: string[]): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const { store } = this.options;
    if (normalised.every((key) => key.length > 0 && key.length <= MAX_STORED_KEY_LENGTH)) {
      return this.leanCatalog(user, await store.catalogPages(normalised));
    }
    const [ofSystems, declaring] = await Promise.all([store.systemFacts(normalised), this.declaringFacts(user)]);
    const byId = new Map<number, PageFacts>();
    for (const page of [...ofSystems, ...declaring]) byId.set(page.pageId, page);
    const pages = this.visible(user, [...byId.values()]);
    const { frameworks } = collectFrameworks(declaring);
    return { catalog: buildCatalog(pages, frameworks), pages };
  }

  private leanCatalog(user: HostUser, rows: readonly IndexedPage[]): { catalog: Catalog; pages: PageFacts[] } {
    const sees = this.readerCheck(user);
    const pages: PageFacts[] = [];
    const declaring: PageFacts[] = [];
    for (const row of rows) {
      // Access on the stored columns first: facts of pages the reader may not see stay unparsed.
      const visible = sees(row);
      if (row.declares) declaring.push(row.facts());
      if (visible) pages.push(row.facts());
    }
    pages.sort((a, b) => a.pageId - b.pageId);
    const { frameworks } = collectFrameworks(declaring);
    return { catalog: buildCatalog(pages, frameworks), pages };
  }

  /**
   * `leanCatalog` of every relevant page: the same catalog, on the index of these pages that the
   * domain works out once per list (the store hands out one list per index generation, see
   * `CatalogIndex`); only which of them this reader sees is worked out here, on every call.
   */
  private wholeLeanCatalog(user: HostUser, rows: readonly IndexedPage[], keep?: (page: PageFacts) => boolean): { catalog: Catalog; pages: PageFacts[] } {
    const sees = this.readerCheck(user);
    const index = catalogIndexOf(rows, (row) => row.facts());
    const { items, structure } = index;
    const seen = new Uint8Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const row = items[i];
      if (keep && structure[i] === 0 && !keep(index.pages[i])) continue;
      if (sees(row)) seen[i] = 1;
    }
    return catalogOfSeen(index, seen);
  }

  visible(user: HostUser, pages: readonly PageFacts[]): PageFacts[] {
    const sees = this.readerCheck(user);
    return pages.filter((p) => sees(p));
  }

  /** The pages these pages link to that the reader may see, by `pageKey`; `known` ones need no lookup. */
  async linkedPages(user: HostUser, linking: readonly PageFacts[], known: readonly PageFacts[]): Promise<Map<string, PageFacts>> {
    const found = new Map<string, PageFacts>();
    const wanted = new Set(allLinkTargets(linking));
    for (const page of known) {
      const key = pageKey(page.locale, page.path);
      if (wanted.delete(key)) found.set(key, page);
    }
    if (wanted.size === 0) return found;
    const sees = this.readerCheck(user);
    const rows = await this.options.store.pagesAt([...wanted].map((key) => ({ locale: key.slice(0, key.indexOf('/')), path: key.slice(key.indexOf('/') + 1) })));
    for (const row of rows.sort((a, b) => a.pageId - b.pageId)) {
      const key = pageKey(row.locale, row.path);
      if (!found.has(key) && sees(row)) found.set(key, row.facts());
    }
    return found;
  }
}
