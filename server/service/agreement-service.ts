/**
 * The AgreementService over the index (AgreementStore) and the host's access check. Every call
 * loads only the pages it needs, keeps those the reader may see, and hands them to the domain
 * core. Nothing is cached between requests, so no reader ever sees another reader's result;
 * within one request (`forRequest`) the reader's access check, index reads and catalogues are
 * computed once and shared by all its fields.
 */
import {
  DEFAULT_FRAMEWORK_KEY,
  allLinkTargets,
  buildCatalog,
  catalogIndexOf,
  catalogOfSeen,
  buildMaintenance,
  buildHandover,
  buildTrace,
  withNewPaths,
  linkIssues,
  linkTargets,
  linkedPageRef,
  pageKey,
  compareText,
  sortIssues,
  buildOverview,
  buildParties,
  searchAgreements,
  searchTextFilter,
  declaresStructure,
  collectFrameworks,
  isPublishedAt,
  compareMatrices,
  matrixFor,
  normaliseValue,
  placeAgreement,
  sortedSystems,
  systemsOf,
  validateSystem,
  type AgreementFilter,
  type Catalog,
  type Comparison,
  type AgreementRef,
  type Framework,
  type Handover,
  type Issue,
  type Maintenance,
  type Matrix,
  type Overview,
  type OverviewQuery,
  type Parties,
  type PartiesQuery,
  type PageFacts,
  type PageLinkField,
  type PublishingState,
  type SearchQuery,
  type SearchResult,
  type SystemInfo,
  type Trace,
} from '../domain';
import type { AgreementStore, IndexedPage } from '../store/types';
import type { AgreementIndexer } from '../indexer';
import type { AccessPolicy, AccessTarget, HostUser, Permission } from '../host/types';
import type { AgreementService, IndexStatus, MaintenanceQuery, PageLinks, PagePlacement, ReindexResult } from './types';
import { HistoryQueries, type ChangesResult, type ReaderCheck } from './history';

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
 * Lives as long as the request's service (graph/inputs.ts keys it by the request's context).
 */
class RequestMemo {
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

export class DefaultAgreementService implements AgreementService {
  /** A system as it stood and what changed (contract §9). */
  private readonly history: HistoryQueries;

  constructor(
    private readonly options: AgreementServiceOptions,
    /** Only on a service made by `forRequest`. */
    private readonly memo?: RequestMemo,
  ) {
    this.history = new HistoryQueries({ store: options.store, now: () => this.now() });
  }

  /** A service for one request: what its fields share is computed once (RequestMemo), and dropped with it. */
  forRequest(): DefaultAgreementService {
    return new DefaultAgreementService(this.options, new RequestMemo());
  }

  /** Work for one reader, done once per request where this service has a request's memo. */
  private once<T>(user: HostUser, key: string, compute: () => Promise<T>): Promise<T> {
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
  private readerCheck(user: HostUser): ReaderCheck {
    return this.memo ? this.memo.readerCheck(user, () => this.preparedCheck(user)) : this.preparedCheck(user);
  }

  private preparedCheck(user: HostUser): ReaderCheck {
    const access = this.options.access as PreparableAccessPolicy;
    const can = access.prepare ? access.prepare(user) : (permission: Permission, target?: AccessTarget) => access.can(user, permission, target);
    const now = Date.parse(this.now());
    // The page is its own target: its tags may be read lazily, and only a tag rule reads them.
    return (page, at = now) => can('read:pages', page) && (isPublishedAt(page, at) || can('write:pages', page));
  }

  private now(): string {
    return this.options.now ? this.options.now() : new Date().toISOString();
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
    const declaring = await this.declaringPages(user);
    const { frameworks } = collectFrameworks(declaring);
    return [...buildCatalog(this.visible(user, declaring), frameworks).frameworks.values()];
  }

  async systems(user: HostUser): Promise<SystemInfo[]> {
    return sortedSystems((await this.wholeCatalogAndPages(user)).catalog);
  }

  async system(user: HostUser, key: string): Promise<SystemInfo | undefined> {
    const { catalog } = await this.catalogFor(user, [key]);
    return catalog.systems.get(normaliseValue(key))?.info;
  }

  async matrix(user: HostUser, system: string, filter?: AgreementFilter, asOf?: string | null): Promise<Matrix | undefined> {
    return this.history.atMoment(
      asOf,
      async () => matrixFor((await this.catalogFor(user, [system])).catalog, system, filter, this.today()),
      (at) => this.history.matrixAt(this.readerCheck(user), system, at, filter),
    );
  }

  async compare(user: HostUser, a: string, b: string, filter?: AgreementFilter, asOfA?: string | null, asOfB?: string | null): Promise<Comparison | undefined> {
    const [atA, atB] = [await this.history.moment(asOfA), await this.history.moment(asOfB)];
    const current = atA && atB ? undefined : (await this.catalogFor(user, [a, b])).catalog;
    const side = (key: string, at: string | undefined) =>
      at ? this.history.matrixAt(this.readerCheck(user), key, at, filter) : matrixFor(current as Catalog, key, filter, this.today());
    const [left, right] = [await side(a, atA), await side(b, atB)];
    return left && right ? compareMatrices(left, right) : undefined;
  }

  /** When the history of the index began (contract §9.1). */
  async historyInfo(): Promise<{ startsAt: string }> {
    return { startsAt: await this.history.startsAt() };
  }

  /** The net difference of a system between two moments (contract §9.3). */
  async changes(user: HostUser, system: string, since: string, until?: string | null): Promise<ChangesResult | undefined> {
    return this.history.changes(this.readerCheck(user), system, since, until);
  }

  async validate(user: HostUser, system: string): Promise<Issue[]> {
    const { catalog, pages } = await this.catalogFor(user, [system]);
    const agreements = catalog.systems.get(normaliseValue(system))?.agreements ?? [];
    const targets = await this.linkedPages(user, agreements, pages);
    return sortIssues([...validateSystem(catalog, system, pages), ...linkIssues(agreements, (key) => targets.has(key))]);
  }

  /** Contract §8.3: the reference's agreements checked against the receiver's, cell by cell. */
  async handover(user: HostUser, reference: string, receiver: string, filter?: AgreementFilter): Promise<Handover | undefined> {
    const { catalog } = await this.catalogFor(user, [reference, receiver]);
    const [left, right] = [matrixFor(catalog, reference, filter, this.today()), matrixFor(catalog, receiver, filter, this.today())];
    const receiverPages = catalog.systems.get(normaliseValue(receiver))?.agreements ?? [];
    if (!left || !right) return undefined;
    const locale = right.system.locale ?? left.system.locale ?? 'en';
    const access = this.options.access;
    // Contract §7.1: only a reader who may write a new page there is offered "Nieuwe afspraak".
    return withNewPaths(buildHandover(left, right, receiverPages), (path) => access.can(user, 'write:pages', { path, locale, tags: [] }));
  }

  /** Contract §8.4: the system's `volgt-uit` and `gebruikt` links to pages the reader sees, and the gaps. */
  async trace(user: HostUser, system: string): Promise<Trace | undefined> {
    const { catalog, pages } = await this.catalogFor(user, [system]);
    const matrix = matrixFor(catalog, system, undefined, this.today());
    if (!matrix) return undefined;
    const agreements = catalog.systems.get(normaliseValue(system))?.agreements ?? [];
    const targets = await this.linkedPages(user, agreements, pages);
    const outside = new Map<string, AgreementRef>([...targets].map(([key, page]) => [key, linkedPageRef(page)]));
    return buildTrace(matrix, agreements, outside);
  }

  /** Contract §8.3-8.4 on an agreement page: the pages it links to and those linking to it, seen by the reader. */
  async pageLinks(user: HostUser, path: string, locale: string): Promise<PageLinks> {
    const none: PageLinks = { basedOn: [], adoptedBy: [], derivesFrom: [], derivedBy: [], uses: [], usedBy: [] };
    const page = await this.options.store.pageByPath(path, locale);
    if (!page || !this.canSee(user, page)) return none;
    const sees = this.readerCheck(user);
    const targets = await this.linkedPages(user, [page], []);
    const key = pageKey(page.locale, page.path);
    const linking = (await this.options.store.pagesLinkingTo(page.path, page.locale)).filter((row) => row.pageId !== page.pageId && sees(row)).map((row) => row.facts());
    const refs = (list: PageFacts[]) => list.map(linkedPageRef).sort((a, b) => compareText(a.title, b.title) || compareText(a.path, b.path));
    const outgoing = (field: PageLinkField) => refs(linkTargets(page, field).flatMap((target) => targets.get(target) ?? []));
    const incoming = (field: PageLinkField) => refs(linking.filter((other) => linkTargets(other, field).includes(key)));
    return {
      basedOn: outgoing('basedOn'),
      adoptedBy: incoming('basedOn'),
      derivesFrom: outgoing('derivesFrom'),
      derivedBy: incoming('derivesFrom'),
      uses: outgoing('uses'),
      usedBy: incoming('uses'),
    };
  }

  /** The pages these pages link to that the reader may see, by `pageKey`; `known` ones need no lookup. */
  private async linkedPages(user: HostUser, linking: readonly PageFacts[], known: readonly PageFacts[]): Promise<Map<string, PageFacts>> {
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

  async pageContext(user: HostUser, path: string, locale: string): Promise<{ pageId?: number; placements: PagePlacement[] }> {
    const page = await this.options.store.pageByPath(path, locale);
    if (!page || !this.canSee(user, page)) return { placements: [] };
    const declared = page.systemDeclarations.map((d) => d.key);
    const keys = [...new Set([...declared, ...systemsOf(page)])];
    if (keys.length === 0) return { pageId: page.pageId, placements: [] };
    const { catalog } = await this.catalogFor(user, keys);
    const placements: PagePlacement[] = [];
    for (const key of keys) {
      const entry = catalog.systems.get(key);
      if (!entry) continue;
      if (declared.includes(key)) {
        placements.push({ system: entry.info, isSystemPage: entry.info.pageId === page.pageId, cells: [] });
        continue;
      }
      const placement = placeAgreement(page, key, entry.framework, entry.declaration);
      placements.push({
        system: entry.info,
        isSystemPage: false,
        cells: placement.cells,
        status: placement.status,
        theme: placement.themes[0] ?? null,
      });
    }
    return { pageId: page.pageId, placements };
  }

  /** Contract §10: upkeep of one system, or of every system the reader sees. */
  async maintenance(user: HostUser, query: MaintenanceQuery): Promise<Maintenance> {
    const options = { ...query, today: this.today() };
    const { catalog, pages } = query.system !== undefined ? await this.catalogFor(user, [query.system]) : await this.wholeCatalogAndPages(user);
    return buildMaintenance(catalog, pages, options);
  }

  /** Whether the reader sees and may edit an indexed page (a system page: writers get the upkeep tab there). */
  mayCreatePages(user: HostUser): boolean {
    return this.options.access.can(user, 'write:pages');
  }

  async canWritePage(user: HostUser, path: string, locale: string): Promise<boolean> {
    const page = await this.options.store.pageByPath(path, locale);
    return page !== undefined && this.canSee(user, page) && this.options.access.can(user, 'write:pages', page);
  }

  async indexStatus(): Promise<IndexStatus> {
    const { store, indexer } = this.options;
    const [counts, status] = await Promise.all([store.counts(), indexer?.status()]);
    return {
      pages: counts.pages,
      relevantPages: counts.relevantPages,
      lastReconciliation: status?.lastReconciliation?.finishedAt,
      reconciling: status?.reconciling ?? false,
    };
  }

  /** A forced reconciliation: every page re-read (administrators' "reindex"). */
  async reindex(): Promise<ReindexResult> {
    if (!this.options.indexer) throw new Error('No indexer available');
    const result = await this.options.indexer.reconcile({ force: true });
    if (result.status !== 'done') throw new Error(`Reindex ${result.status}${result.holder ? ` (${result.holder})` : ''}`);
    return { pages: result.scanned, changed: result.added + result.updated + result.removed };
  }

  async overview(user: HostUser, framework?: string, query?: OverviewQuery): Promise<Overview | undefined> {
    return buildOverview((await this.wholeCatalogAndPages(user)).catalog, normaliseValue(framework ?? DEFAULT_FRAMEWORK_KEY), query);
  }

  /** Contract §11: of one system (its pages and the catalog's skeleton), or of every system of a framework. */
  async parties(user: HostUser, query: PartiesQuery): Promise<Parties | undefined> {
    const catalog = query.system === undefined ? (await this.wholeCatalogAndPages(user)).catalog : (await this.catalogFor(user, [query.system])).catalog;
    return buildParties(catalog, query, this.today());
  }

  async search(user: HostUser, query: SearchQuery): Promise<SearchResult> {
    // Pages the words rule out can be no hit, nor count in a facet: the catalog leaves them out.
    const keep = searchTextFilter(query.text);
    const { catalog } = keep ? await this.once(user, `search:${query.text}`, () => this.wholeCatalogOf(user, keep)) : await this.wholeCatalogAndPages(user);
    return searchAgreements(catalog, query, this.today());
  }

  /** The catalog of every system one reader sees and its pages, once per request. */
  private wholeCatalogAndPages(user: HostUser): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    return this.once(user, 'whole', () => this.wholeCatalogOf(user));
  }

  /**
   * The catalog of every system one reader sees (frameworks wiki-wide); lean where the store can.
   * `keep` leaves out pages the caller has no use for (declaring pages always stay: structure).
   */
  private async wholeCatalogOf(user: HostUser, keep?: (page: PageFacts) => boolean): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const { store } = this.options;
    const lean = store.leanRelevantPages?.bind(store);
    if (lean) return this.wholeLeanCatalog(user, await this.once(user, 'leanRelevantPages', lean), keep);
    const pages = this.visible(user, await this.once(user, 'relevantPages', () => store.relevantPages())).filter((page) => !keep || declaresStructure(page) || keep(page));
    return { catalog: buildCatalog(pages, collectFrameworks(await this.declaringPages(user)).frameworks), pages };
  }

  private declaringPages(user: HostUser): Promise<PageFacts[]> {
    return this.once(user, 'declaringPages', () => this.options.store.declaringPages());
  }

  /**
   * The catalog one reader sees for some systems: their pages plus the catalog's skeleton,
   * filtered by access; frameworks are taken wiki-wide. Where the store can, one query brings
   * the systems' pages and the framework-declaring pages, and a page's facts are parsed only
   * when the reader may see it (or it declares, for the frameworks). Other systems' declaring
   * pages are left out there: they add nothing to these systems' entries.
   */
  private catalogFor(user: HostUser, keys: string[]): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const normalised = [...new Set(keys.map(normaliseValue))].sort();
    return this.once(user, `systems:${JSON.stringify(normalised)}`, () => this.catalogOf(user, normalised));
  }

  private async catalogOf(user: HostUser, normalised: string[]): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const { store } = this.options;
    if (store.systemPages && normalised.every((key) => key.length > 0 && key.length <= MAX_STORED_KEY_LENGTH)) {
      return this.leanCatalog(user, await store.systemPages(normalised));
    }
    const [ofSystems, declaring] = await Promise.all([store.pagesOfSystems(normalised), this.declaringPages(user)]);
    const byId = new Map<number, PageFacts>();
    for (const page of [...ofSystems, ...declaring]) byId.set(page.pageId, page);
    const pages = this.visible(user, [...byId.values()]);
    const { frameworks } = collectFrameworks(declaring);
    return { catalog: buildCatalog(pages, frameworks), pages };
  }

  private leanCatalog(user: HostUser, rows: readonly IndexedPage[], keep?: (page: PageFacts) => boolean): { catalog: Catalog; pages: PageFacts[] } {
    const sees = this.readerCheck(user);
    const pages: PageFacts[] = [];
    const declaring: PageFacts[] = [];
    for (const row of rows) {
      if (keep && !row.declares && !keep(row.facts())) continue;
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

  private visible(user: HostUser, pages: readonly PageFacts[]): PageFacts[] {
    const sees = this.readerCheck(user);
    return pages.filter((p) => sees(p));
  }

  private today(): string {
    return this.options.today ? this.options.today() : new Date().toISOString().slice(0, 10);
  }
}
