/**
 * The client's types. Those of GraphQL answers are generated from the SDL and the documents in
 * client/graph (scripts/client-types.js); here they get the names the components use.
 */

import type {
  AfwCellFragment,
  AfwChangesFragment,
  AfwComparisonFragment,
  AfwFrameworkFragment,
  AfwHandoverQuery,
  AfwImportResultFragment,
  AfwMaintenanceItemFragment,
  AfwMaintenanceQuery,
  AfwOverviewQuery,
  AfwPartiesQuery,
  AfwSearchQuery,
  AfwMatrixQuery,
  AfwPageContextQuery,
  AfwPageLinksQuery,
  AfwPageResultFragment,
  AfwPlacementQuery,
  AfwPlacementValuesFragment,
  AfwRefFragment,
  AfwSystemFragment,
  AfwSystemsQuery,
  AfwTraceQuery,
  AgreementChangeKind,
  AgreementHandoverStatus,
} from './generated/graphql';

export type { CellState } from './generated/graphql';

export type Lang = 'nl' | 'en';

/** What one query of client/graph asks `agreements` for, answered (not null). */
export type Answer<Query extends { agreements: unknown }, Field extends keyof NonNullable<Query['agreements']>> = NonNullable<NonNullable<Query['agreements']>[Field]>;

export type SystemSummary = AfwSystemFragment;
export type FrameworkDetail = AfwFrameworkFragment;
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
export type Comparison = AfwComparisonFragment;
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
export type HandoverStatus = AgreementHandoverStatus;
export type Handover = Answer<AfwHandoverQuery, 'handover'>;
export type HandoverCell = Handover['cells'][number];
/** `newPath`: for open items the reader may answer, the suggested path of the new agreement. */
export type HandoverItem = HandoverCell['items'][number];

/** Trace (contract §8.4). */
export type Trace = Answer<AfwTraceQuery, 'trace'>;
export type TraceLink = Trace['links'][number];

/** An agreement page's links both ways (§8.3-8.4). */
export type PageLinks = Answer<AfwPageLinksQuery, 'pageLinks'>;
/** The placement panel's data (contract §7.2): a placement per field, from the tags and from the block. */
export type PlacementEditor = Answer<AfwPlacementQuery, 'placement'>;
export type PlacementValues = AfwPlacementValuesFragment;

/** A write's answer, in the Wiki.js mutation shape. */
export type PageWriteResult = AfwPageResultFragment;

/** Time (contract §9): the changes of a system between two states. */
export type AgreementChanges = AfwChangesFragment;
/** MOVED: cells as `chapter/column/layer` (`*` chapter-wide) joined by `, `; STATUS: keys; RENAMED: titles. */
export type AgreementChange = AgreementChanges['changes'][number];
export type ChangeKind = AgreementChangeKind;

/** The overview (contract §8.1): every row's `cells` follow the overview's `cells`. */
export type Overview = Answer<AfwOverviewQuery, 'overview'>;
export type OverviewRow = Overview['systems'][number];

/** The search's facet fields (contract §8.2), in the order the search shows them. */
export const SEARCH_FIELDS = ['system', 'chapter', 'column', 'layer', 'theme', 'status', 'party'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type SearchSelection = Record<SearchField, string[]>;

/** A facet's `field` is one of SEARCH_FIELDS. */
export type SearchAnswer = Answer<AfwSearchQuery, 'search'>;
export type SearchHit = SearchAnswer['hits'][number];

/** Parties and contacts (contract §11): every party's `cells` follow the answer's `cells`. */
export type Parties = Answer<AfwPartiesQuery, 'parties'>;
export type PartyRow = Parties['parties'][number];

/** Upkeep (contract §10). */
export type MaintenanceItem = AfwMaintenanceItemFragment;
export type Maintenance = Answer<AfwMaintenanceQuery, 'maintenance'>;
/** The upkeep lists in the order they are shown, by their names in the API. */
export const MAINTENANCE_LISTS = ['overdue', 'dueSoon', 'withoutOwner', 'stale', 'unplaced'] as const;
export type MaintenanceList = (typeof MAINTENANCE_LISTS)[number];

/** The CSV import (contract §7.3). */
export type ImportResult = AfwImportResultFragment;
