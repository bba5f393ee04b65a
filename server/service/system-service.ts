/**
 * Reading one or two systems (contract §5) for one reader: frameworks, systems, the matrix and
 * the comparison (now or at a past moment, §9.2), validation, where a page sits, who may write.
 */
import {
  linkIssues,
  sortIssues,
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
  type PublishingState,
  type SystemInfo,
} from '../domain';
import type { AccessTarget, HostUser } from '../host/types';
import type { PagePlacement } from './types';
import type { AgreementReader } from './agreement-service';

export class SystemService {
  constructor(private readonly reader: AgreementReader) {}

  /** Contract §4: readable, and unpublished pages only for readers who may edit them. */
  canSee(user: HostUser, page: AccessTarget & PublishingState): boolean {
    return this.reader.canSee(user, page);
  }

  /** Contract §1: the frameworks the reader sees (see `AgreementReader.frameworks`). */
  frameworks(user: HostUser): Promise<Framework[]> {
    return this.reader.frameworks(user);
  }

  async systems(user: HostUser): Promise<SystemInfo[]> {
    return sortedSystems((await this.reader.wholeCatalogAndPages(user)).catalog);
  }

  async system(user: HostUser, key: string): Promise<SystemInfo | undefined> {
    const { catalog } = await this.reader.catalogFor(user, [key]);
    return catalog.systems.get(normaliseValue(key))?.info;
  }

  async matrix(user: HostUser, system: string, filter?: AgreementFilter, asOf?: string | null): Promise<Matrix | undefined> {
    return this.reader.history.atMoment(
      asOf,
      async () => matrixFor((await this.reader.catalogFor(user, [system])).catalog, system, filter, this.reader.today()),
      (at) => this.reader.history.matrixAt(this.reader.readerCheck(user), system, at, filter),
    );
  }

  async compare(user: HostUser, a: string, b: string, filter?: AgreementFilter, asOfA?: string | null, asOfB?: string | null): Promise<Comparison | undefined> {
    const [atA, atB] = [await this.reader.history.moment(asOfA), await this.reader.history.moment(asOfB)];
    const current = atA && atB ? undefined : (await this.reader.catalogFor(user, [a, b])).catalog;
    const side = (key: string, at: string | undefined) =>
      at ? this.reader.history.matrixAt(this.reader.readerCheck(user), key, at, filter) : matrixFor(current as Catalog, key, filter, this.reader.today());
    const [left, right] = [await side(a, atA), await side(b, atB)];
    return left && right ? compareMatrices(left, right) : undefined;
  }

  async validate(user: HostUser, system: string): Promise<Issue[]> {
    const { catalog, pages } = await this.reader.catalogFor(user, [system]);
    const agreements = catalog.systems.get(normaliseValue(system))?.agreements ?? [];
    const targets = await this.reader.linkedPages(user, agreements, pages);
    return sortIssues([...validateSystem(catalog, system, pages), ...linkIssues(agreements, (key) => targets.has(key))]);
  }

  async pageContext(user: HostUser, path: string, locale: string): Promise<{ pageId?: number; placements: PagePlacement[] }> {
    const page = await this.reader.options.store.pageByPath(path, locale);
    if (!page || !this.reader.canSee(user, page)) return { placements: [] };
    const declared = page.systemDeclarations.map((d) => d.key);
    const keys = [...new Set([...declared, ...systemsOf(page)])];
    if (keys.length === 0) return { pageId: page.pageId, placements: [] };
    const { catalog } = await this.reader.catalogFor(user, keys);
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

  /** Whether the reader sees and may edit an indexed page (a system page: writers get the upkeep tab there). */
  mayCreatePages(user: HostUser): boolean {
    return this.reader.options.access.can(user, 'write:pages');
  }

  async canWritePage(user: HostUser, path: string, locale: string): Promise<boolean> {
    const page = await this.reader.options.store.pageByPath(path, locale);
    return page !== undefined && this.reader.canSee(user, page) && this.reader.options.access.can(user, 'write:pages', page);
  }
}
