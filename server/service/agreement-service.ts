/**
 * The AgreementService over the index (AgreementStore) and the host's access check. Every call
 * loads only the pages it needs, keeps those the reader may see, and hands them to the domain
 * core: nothing is cached between calls, so no reader ever sees another reader's result.
 */
import {
  buildCatalog,
  collectFrameworks,
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
  type Framework,
  type Issue,
  type Matrix,
  type PageFacts,
  type SystemInfo,
} from '../domain';
import type { AgreementStore } from '../store/types';
import type { AgreementIndexer } from '../indexer';
import type { AccessPolicy, HostUser } from '../host/types';
import type { AgreementService, IndexStatus, PagePlacement, ReindexResult } from './types';

/** The part of the indexer the service drives (administrators' reindex and index status). */
export type ReindexRunner = Pick<AgreementIndexer, 'reconcile' | 'status'>;

export interface AgreementServiceOptions {
  store: AgreementStore;
  access: AccessPolicy;
  indexer?: ReindexRunner;
  /** Reference date (YYYY-MM-DD) for overdue reviews; today by default (tests pin it). */
  today?: () => string;
}

export class DefaultAgreementService implements AgreementService {
  constructor(private readonly options: AgreementServiceOptions) {}

  /** Contract §4: readable, and unpublished pages only for readers who may edit them. */
  canSee(user: HostUser, page: PageFacts): boolean {
    const target = { path: page.path, locale: page.locale, tags: page.tags };
    const { access } = this.options;
    if (!access.can(user, 'read:pages', target)) return false;
    return page.isPublished || access.can(user, 'write:pages', target);
  }

  async frameworks(user: HostUser): Promise<Framework[]> {
    const declaring = await this.options.store.declaringPages();
    const { frameworks } = collectFrameworks(declaring);
    const visible = new Set(declaring.filter((p) => this.canSee(user, p)).map((p) => p.pageId));
    // A framework is structure, shown to all; where it was declared only to those who see that page.
    return [...frameworks.values()].map((framework) =>
      framework.source && !visible.has(framework.source.pageId) ? withoutSource(framework) : framework,
    );
  }

  async systems(user: HostUser): Promise<SystemInfo[]> {
    const pages = this.visible(user, await this.options.store.relevantPages());
    const { frameworks } = collectFrameworks(await this.options.store.declaringPages());
    return sortedSystems(buildCatalog(pages, frameworks));
  }

  async system(user: HostUser, key: string): Promise<SystemInfo | undefined> {
    const { catalog } = await this.catalogFor(user, [key]);
    return catalog.systems.get(normaliseValue(key))?.info;
  }

  async matrix(user: HostUser, system: string, filter?: AgreementFilter): Promise<Matrix | undefined> {
    const { catalog } = await this.catalogFor(user, [system]);
    return matrixFor(catalog, system, filter, this.today());
  }

  async compare(user: HostUser, a: string, b: string, filter?: AgreementFilter): Promise<Comparison | undefined> {
    const { catalog } = await this.catalogFor(user, [a, b]);
    const left = matrixFor(catalog, a, filter, this.today());
    const right = matrixFor(catalog, b, filter, this.today());
    return left && right ? compareMatrices(left, right) : undefined;
  }

  async validate(user: HostUser, system: string): Promise<Issue[]> {
    const { catalog, pages } = await this.catalogFor(user, [system]);
    return validateSystem(catalog, system, pages);
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

  /**
   * The catalog one reader sees for some systems: their pages plus every declaring page (the
   * catalog's skeleton), filtered by access; frameworks are taken wiki-wide.
   */
  private async catalogFor(user: HostUser, keys: string[]): Promise<{ catalog: Catalog; pages: PageFacts[] }> {
    const normalised = [...new Set(keys.map(normaliseValue))];
    const [ofSystems, declaring] = await Promise.all([this.options.store.pagesOfSystems(normalised), this.options.store.declaringPages()]);
    const byId = new Map<number, PageFacts>();
    for (const page of [...ofSystems, ...declaring]) byId.set(page.pageId, page);
    const pages = this.visible(user, [...byId.values()]);
    const { frameworks } = collectFrameworks(declaring);
    return { catalog: buildCatalog(pages, frameworks), pages };
  }

  private visible(user: HostUser, pages: readonly PageFacts[]): PageFacts[] {
    return pages.filter((p) => this.canSee(user, p));
  }

  private today(): string {
    return this.options.today ? this.options.today() : new Date().toISOString().slice(0, 10);
  }
}

function withoutSource(framework: Framework): Framework {
  const copy = { ...framework };
  delete copy.source;
  return copy;
}
