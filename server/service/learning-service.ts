/**
 * Learning across systems (contract §8, §11) for one reader: the overview, parties, search, the
 * handover checklist, the trace and an agreement page's links.
 */
import {
  DEFAULT_FRAMEWORK_KEY,
  buildHandover,
  buildTrace,
  withNewPaths,
  linkTargets,
  linkedPageRef,
  pageKey,
  compareText,
  buildOverview,
  buildParties,
  searchAgreements,
  searchTextFilter,
  matrixFor,
  normaliseValue,
  type AgreementFilter,
  type AgreementRef,
  type Handover,
  type Overview,
  type OverviewQuery,
  type Parties,
  type PartiesQuery,
  type PageFacts,
  type PageLinkField,
  type SearchQuery,
  type SearchResult,
  type Trace,
} from '../domain';
import type { HostUser } from '../host/types';
import type { PageLinks } from './types';
import type { AgreementReader } from './agreement-service';

export class LearningService {
  constructor(private readonly reader: AgreementReader) {}

  async overview(user: HostUser, framework?: string, query?: OverviewQuery): Promise<Overview | undefined> {
    return buildOverview((await this.reader.wholeCatalogAndPages(user)).catalog, normaliseValue(framework ?? DEFAULT_FRAMEWORK_KEY), query);
  }

  /** Contract §11: of one system (its pages and the catalog's skeleton), or of every system of a framework. */
  async parties(user: HostUser, query: PartiesQuery): Promise<Parties | undefined> {
    const catalog = query.system === undefined ? (await this.reader.wholeCatalogAndPages(user)).catalog : (await this.reader.catalogFor(user, [query.system])).catalog;
    return buildParties(catalog, query, this.reader.today());
  }

  async search(user: HostUser, query: SearchQuery): Promise<SearchResult> {
    // Pages the words rule out can be no hit, nor count in a facet: the catalog leaves them out.
    const keep = searchTextFilter(query.text);
    const { catalog } = keep ? await this.reader.once(user, `search:${query.text}`, () => this.reader.wholeCatalogOf(user, keep)) : await this.reader.wholeCatalogAndPages(user);
    return searchAgreements(catalog, query, this.reader.today());
  }

  /** Contract §8.3: the reference's agreements checked against the receiver's, cell by cell. */
  async handover(user: HostUser, reference: string, receiver: string, filter?: AgreementFilter): Promise<Handover | undefined> {
    const { catalog } = await this.reader.catalogFor(user, [reference, receiver]);
    const [left, right] = [matrixFor(catalog, reference, filter, this.reader.today()), matrixFor(catalog, receiver, filter, this.reader.today())];
    const receiverPages = catalog.systems.get(normaliseValue(receiver))?.agreements ?? [];
    if (!left || !right) return undefined;
    const locale = right.system.locale ?? left.system.locale ?? 'en';
    const access = this.reader.options.access;
    // Contract §7.1: only a reader who may write a new page there is offered "Nieuwe afspraak".
    return withNewPaths(buildHandover(left, right, receiverPages), (path) => access.can(user, 'write:pages', { path, locale, tags: [] }));
  }

  /** Contract §8.4: the system's `volgt-uit` and `gebruikt` links to pages the reader sees, and the gaps. */
  async trace(user: HostUser, system: string): Promise<Trace | undefined> {
    const { catalog, pages } = await this.reader.catalogFor(user, [system]);
    const matrix = matrixFor(catalog, system, undefined, this.reader.today());
    if (!matrix) return undefined;
    const agreements = catalog.systems.get(normaliseValue(system))?.agreements ?? [];
    const targets = await this.reader.linkedPages(user, agreements, pages);
    const outside = new Map<string, AgreementRef>([...targets].map(([key, page]) => [key, linkedPageRef(page)]));
    return buildTrace(matrix, agreements, outside);
  }

  /** Contract §8.3-8.4 on an agreement page: the pages it links to and those linking to it, seen by the reader. */
  async pageLinks(user: HostUser, path: string, locale: string): Promise<PageLinks> {
    const none: PageLinks = { basedOn: [], adoptedBy: [], derivesFrom: [], derivedBy: [], uses: [], usedBy: [] };
    const page = await this.reader.options.store.pageByPath(path, locale);
    if (!page || !this.reader.canSee(user, page)) return none;
    const sees = this.reader.readerCheck(user);
    const targets = await this.reader.linkedPages(user, [page], []);
    const key = pageKey(page.locale, page.path);
    const linking = (await this.reader.options.store.pagesLinkingTo(page.path, page.locale)).filter((row) => row.pageId !== page.pageId && sees(row)).map((row) => row.facts());
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
}
