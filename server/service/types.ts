/** What the GraphQL resolvers ask of the extension: every answer computed for one reader. */
import type { AgreementFilter, Comparison, Framework, Issue, Lang, Matrix, StatusKey, SystemInfo, CellKey } from '../domain/types';
import type { Maintenance, MaintenanceOptions } from '../domain/maintenance';
import type { HostUser } from '../host/types';

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
  matrix(user: HostUser, system: string, filter?: AgreementFilter): Promise<Matrix | undefined>;
  compare(user: HostUser, a: string, b: string, filter?: AgreementFilter): Promise<Comparison | undefined>;
  validate(user: HostUser, system: string): Promise<Issue[]>;
  pageContext(user: HostUser, path: string, locale: string): Promise<{ pageId?: number; placements: PagePlacement[] }>;
  indexStatus(): Promise<IndexStatus>;
  reindex(): Promise<ReindexResult>;
  maintenance(user: HostUser, query: MaintenanceQuery): Promise<Maintenance>;
  canWritePage(user: HostUser, path: string, locale: string): Promise<boolean>;
}

/** The arguments of the `maintenance` query (contract §10); the service adds today's date. */
export type MaintenanceQuery = Omit<MaintenanceOptions, 'today'>;

export type { Lang };
