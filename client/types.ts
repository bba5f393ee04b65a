/** Shapes of the GraphQL answers the client asks for (server/graph/agreements.graphql). */

export type Lang = 'nl' | 'en';
export type CellState = 'EMPTY' | 'IN_PROGRESS' | 'PRESENT';

export interface Labels {
  nl: string;
  en: string;
}

export interface FrameworkPart {
  key: string;
  labels: Labels;
}

export interface FrameworkChapter extends FrameworkPart {
  columns: FrameworkPart[];
}

export interface FrameworkDetail extends FrameworkPart {
  chapters: FrameworkChapter[];
  layers: FrameworkPart[];
}

export interface Theme {
  key: string;
  title: string | null;
}

export interface Party {
  key: string;
  name: string | null;
}

export interface SystemSummary {
  key: string;
  title: string;
  pagePath: string | null;
  locale: string | null;
  compareWith: string | null;
  declared: boolean;
  themes: Theme[];
  parties: Party[];
  frameworkDetail: FrameworkDetail;
}

export interface AgreementRef {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  status: string;
  theme: string | null;
  overdue: boolean;
  reviewBy: string | null;
}

export interface CellKey {
  chapter: string;
  column: string | null;
  layer: string;
}

export interface MatrixCell extends CellKey {
  state: CellState;
  count: number;
  coveredByChapter: boolean;
  agreements: AgreementRef[];
}

export interface Matrix {
  system: SystemSummary;
  /** A cell's `agreements` may be only its first ones (a first view); `count` counts all. */
  cells: MatrixCell[];
  unplaced: AgreementRef[];
  /** Distinct agreements in the cells. */
  agreementCount: number;
  themes: string[];
  parties: string[];
}

export interface ComparisonCell extends CellKey {
  a: MatrixCell;
  b: MatrixCell;
  onlyInA: AgreementRef[];
  onlyInB: AgreementRef[];
  shared: AgreementRef[];
}

export interface Comparison {
  a: SystemSummary;
  b: SystemSummary;
  cells: ComparisonCell[];
  themesOnlyInA: string[];
  themesOnlyInB: string[];
}

export interface SystemListItem {
  key: string;
  title: string;
}

export interface PagePlacement {
  system: SystemSummary;
  isSystemPage: boolean;
  cells: CellKey[];
  status: string | null;
  theme: string | null;
}

export interface PageContext {
  pageId: number | null;
  placements: PagePlacement[];
}

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

/** Time (contract §9): a change of an agreement between two states of its system. */
export type ChangeKind = 'ADDED' | 'REMOVED' | 'MOVED' | 'STATUS' | 'RENAMED';

export interface AgreementChange {
  agreement: AgreementRef;
  kind: ChangeKind;
  at: string;
  /** MOVED: cells as `chapter/column/layer` (`*` chapter-wide) joined by `, `; STATUS: keys; RENAMED: titles. */
  from: string | null;
  to: string | null;
}

export interface AgreementChanges {
  system: SystemSummary;
  since: string;
  until: string;
  changes: AgreementChange[];
}
