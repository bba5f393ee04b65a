/** What the GraphQL resolvers ask of the extension: every answer computed for one reader. */
import type { AgreementFilter, Comparison, Framework, Issue, Lang, Matrix, StatusKey, SystemInfo, CellKey } from '../domain/types';
import type { HostUser } from '../host/types';
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
  /** History of the index (contract §9). */
  historyInfo(): Promise<{ startsAt: string }>;
  changes(user: HostUser, system: string, since: string, until?: string | null): Promise<ChangesResult | undefined>;
}

export type { Lang };
