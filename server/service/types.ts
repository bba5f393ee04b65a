/** Shapes the read services answer with (service/*-service.ts). */
import type { AgreementRef, CellKey, Lang, StatusKey, SystemInfo } from '../domain/types';
import type { MaintenanceOptions } from '../domain/maintenance';

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
