/**
 * The client's types. Those of GraphQL answers are generated from the SDL and the documents in
 * client/graph (scripts/client-types.js); here they get the names the components use.
 */

import type {
  AfwCellFragment,
  AfwCompareQuery,
  AfwMatrixQuery,
  AfwPageContextQuery,
  AfwRefFragment,
  AfwSystemFragment,
  AfwSystemsQuery,
} from './generated/graphql';

export type { CellState } from './generated/graphql';

export type Lang = 'nl' | 'en';

/** What one query of client/graph asks `agreements` for, answered (not null). */
type Answer<Query extends { agreements: unknown }, Field extends keyof NonNullable<Query['agreements']>> = NonNullable<NonNullable<Query['agreements']>[Field]>;

export type SystemSummary = AfwSystemFragment;
export type FrameworkDetail = SystemSummary['frameworkDetail'];
export type FrameworkChapter = FrameworkDetail['chapters'][number];
export type FrameworkPart = FrameworkDetail['layers'][number];
export type Labels = FrameworkPart['labels'];
export type Theme = SystemSummary['themes'][number];
export type Party = SystemSummary['parties'][number];

export type AgreementRef = AfwRefFragment;
/** A cell's `agreements` may be only its first ones (a first view); `count` counts all. */
export type MatrixCell = AfwCellFragment;
/** `agreementCount`: distinct agreements in the cells. */
export type Matrix = Answer<AfwMatrixQuery, 'matrix'>;
export type Comparison = Answer<AfwCompareQuery, 'compare'>;
export type ComparisonCell = Comparison['cells'][number];
export type SystemListItem = Answer<AfwSystemsQuery, 'systems'>[number];
export type PageContext = Answer<AfwPageContextQuery, 'pageContext'>;
export type PagePlacement = PageContext['placements'][number];
export type CellKey = PagePlacement['cells'][number];

/** Reader's filter, as in the URL and the GraphQL `AgreementFilter`. */
export interface Filter {
  themes: string[];
  statuses: string[];
  parties: string[];
  /** Only from a placeholder (`data-include-retired`): list retired agreements too. */
  includeRetired?: boolean;
}

/** Where the client runs: the page's locale and path, and the language of its labels. */
export interface PageInfo {
  locale: string;
  path: string;
  lang: Lang;
}

/** Handover (contract §8.3). */
export type HandoverStatus = 'OPEN' | 'ADOPTED' | 'SHARED';

export interface HandoverItem {
  agreement: AgreementRef;
  status: HandoverStatus;
  answeredBy: AgreementRef[];
  /** Open items the reader may answer: the suggested path of the new agreement. */
  newPath: string | null;
}

export interface HandoverCell extends CellKey {
  items: HandoverItem[];
  receiverOnly: AgreementRef[];
}

export interface Handover {
  reference: SystemSummary;
  receiver: SystemSummary;
  cells: HandoverCell[];
  total: number;
  open: number;
  adopted: number;
  shared: number;
  progress: number;
}

/** Trace (contract §8.4). */
export interface TraceLink {
  from: AgreementRef;
  to: AgreementRef;
  kind: 'DERIVES_FROM' | 'USES';
}

export interface Trace {
  links: TraceLink[];
  workingAgreementsWithoutNorm: AgreementRef[];
  normsWithoutWorkingAgreement: AgreementRef[];
  techniquesUnused: AgreementRef[];
}

/** An agreement page's links both ways (§8.3-8.4). */
export type PageLinks = Record<'basedOn' | 'adoptedBy' | 'derivesFrom' | 'derivedBy' | 'uses' | 'usedBy', AgreementRef[]>;
/** A placement per field, as the placement panel reads and saves it (contract §7.2). */
export interface PlacementValues {
  systems: string[];
  columns: string[];
  chapters: string[];
  layers: string[];
  statuses: string[];
  themes: string[];
  parties: string[];
}

export interface PlacementEditor {
  pageId: number;
  fromTags: PlacementValues;
  fromBlock: PlacementValues;
}

/** A write's answer, in the Wiki.js mutation shape. */
export interface PageWriteResult {
  succeeded: boolean;
  errorCode: string | null;
  message: string | null;
  pageId: number | null;
  path: string | null;
  locale: string | null;
}
