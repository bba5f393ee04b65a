/** What the GraphQL resolvers ask of the extension: every answer computed for one reader. */
import type { AgreementFilter, Comparison, Framework, Issue, Lang, Matrix, StatusKey, SystemInfo, CellKey, AgreementRef } from '../domain/types';
import type { Maintenance, MaintenanceOptions } from '../domain/maintenance';
import type { Handover } from '../domain/handover';
import type { Trace } from '../domain/trace';
import type { HostUser } from '../host/types';
import type { Overview, OverviewQuery } from '../domain/overview';
import type { Parties, PartiesQuery } from '../domain/parties';
import type { SearchQuery, SearchResult } from '../domain/search';
import type { ChangesResult } from './history';

export interface PagePlacement {
  system: SystemInfo;
  isSystemPage: boolean;
  cells: CellKey[];
  status?: StatusKey;
  theme?: string | null;
}

export interface IndexStatus {
  pages: number;
  relevantPages: number;
  lastReconciliation?: string;
  reconciling: boolean;
}

export interface ReindexResult {
  pages: number;
  changed: number;
}

export interface AgreementService {
  frameworks(user: HostUser): Promise<Framework[]>;
  systems(user: HostUser): Promise<SystemInfo[]>;
  system(user: HostUser, key: string): Promise<SystemInfo | undefined>;
  /** `asOf`, `asOfA`, `asOfB`: a past moment (contract §9.2); absent or future = now. */
  matrix(user: HostUser, system: string, filter?: AgreementFilter, asOf?: string | null): Promise<Matrix | undefined>;
  compare(user: HostUser, a: string, b: string, filter?: AgreementFilter, asOfA?: string | null, asOfB?: string | null): Promise<Comparison | undefined>;
  validate(user: HostUser, system: string): Promise<Issue[]>;
  pageContext(user: HostUser, path: string, locale: string): Promise<{ pageId?: number; placements: PagePlacement[] }>;
  indexStatus(): Promise<IndexStatus>;
  reindex(): Promise<ReindexResult>;
  maintenance(user: HostUser, query: MaintenanceQuery): Promise<Maintenance>;
  canWritePage(user: HostUser, path: string, locale: string): Promise<boolean>;
  /** The reader may create pages somewhere (Wiki.js's global `write:pages`); each write still checks its path. */
  mayCreatePages(user: HostUser): boolean;
  handover(user: HostUser, reference: string, receiver: string, filter?: AgreementFilter): Promise<Handover | undefined>;
  trace(user: HostUser, system: string): Promise<Trace | undefined>;
  pageLinks(user: HostUser, path: string, locale: string): Promise<PageLinks>;
  /** Contract §8.1 and §12: every system of a framework (default the default one), paged; undefined for an unknown framework. */
  overview(user: HostUser, framework?: string, query?: OverviewQuery): Promise<Overview | undefined>;
  /** Contract §11: parties and contacts of one system, or of every system of a framework; undefined as `buildParties`. */
  parties(user: HostUser, query: PartiesQuery): Promise<Parties | undefined>;
  /** Contract §8.2: agreement pages of every system the reader sees. */
  search(user: HostUser, query: SearchQuery): Promise<SearchResult>;
  /** History of the index (contract §9). */
  historyInfo(): Promise<{ startsAt: string }>;
  changes(user: HostUser, system: string, since: string, until?: string | null): Promise<ChangesResult | undefined>;
}

/** An agreement page's links (§8.3-8.4): the pages it names and the pages naming it, per field. */
export interface PageLinks {
  /** Gebaseerd op / Overgenomen door. */
  basedOn: AgreementRef[];
  adoptedBy: AgreementRef[];
  /** Volgt uit / Uitgewerkt in. */
  derivesFrom: AgreementRef[];
  derivedBy: AgreementRef[];
  /** Gebruikt / Gebruikt door. */
  uses: AgreementRef[];
  usedBy: AgreementRef[];
}

/** The arguments of the `maintenance` query (contract §10); the service adds today's date. */
export type MaintenanceQuery = Omit<MaintenanceOptions, 'today'>;

export type { Lang };
