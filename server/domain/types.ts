/**
 * Shared types of the domain core. Pure data: no host, database or UI imports.
 * Public names (keys, states, field names) follow ../../shared/reference/contract.md.
 */

export type Lang = 'nl' | 'en';

/** A label in both languages the product speaks. */
export interface Labels {
  nl: string;
  en: string;
}

export interface FrameworkColumn {
  key: string;
  labels: Labels;
  /** Normalised alternative spellings accepted on input. */
  aliases: string[];
}

export interface FrameworkChapter {
  key: string;
  labels: Labels;
  aliases: string[];
  columns: FrameworkColumn[];
}

export interface FrameworkLayer {
  key: string;
  labels: Labels;
  aliases: string[];
}

/** A framework (kader): chapters with columns, crossed with layers. */
export interface Framework {
  key: string;
  labels: Labels;
  chapters: FrameworkChapter[];
  layers: FrameworkLayer[];
  /** Where a custom framework was declared; absent for the built-in default. */
  source?: PageLocation;
}

export interface PageLocation {
  pageId: number;
  path: string;
  locale: string;
}

/** A cell of a framework. `column: null` is the chapter-wide cell of that chapter and layer. */
export interface CellKey {
  chapter: string;
  column: string | null;
  layer: string;
}

/** Dutch status keys; `onbekend` when a page states none (or an invalid one). */
export type StatusKey = 'concept' | 'in-de-maak' | 'vastgesteld' | 'gevalideerd' | 'vervallen' | 'onbekend';

export type CellState = 'EMPTY' | 'IN_PROGRESS' | 'PRESENT';

/** A wiki page as the host, or a folder in Wiki.js's storage format, hands it to the core. */
export interface SourcePage {
  id: number;
  path: string;
  locale: string;
  title: string;
  description?: string;
  /** Tags as Wiki.js stores them (trimmed, lower-cased); the core normalises further itself. */
  tags: string[];
  content: string;
  /** `markdown` (default) or `html`; blocks are only read from markdown. */
  contentType?: string;
  isPublished: boolean;
  /** Wiki.js's publishing window as it stores it (see publishing.ts); absent when empty. */
  publishStartDate?: string;
  publishEndDate?: string;
  updatedAt?: string;
}

export type IssueSeverity = 'error' | 'warning';

/**
 * Stable issue codes. Messages are produced from code + fields by `formatIssue` (messages.ts),
 * in Dutch and English, so the index stores codes, never sentences.
 */
export type IssueCode =
  | 'yaml-syntax' // the block is not valid YAML
  | 'block-not-mapping' // the YAML is not a key/value mapping
  | 'block-too-large' // the block exceeds the size limit and was not parsed
  | 'unknown-field' // a key the block type does not know
  | 'invalid-field' // a field with a value of the wrong shape (list vs text, bad key syntax…)
  | 'missing-field' // a required field is absent (e.g. `key` of a system)
  | 'unknown-value' // a tag or block value that is not in the framework / vocabulary
  | 'chapter-column-conflict' // `hoofdstuk:` names another chapter than the page's column
  | 'status-conflict' // several different statuses, or tags disagree with the block
  | 'undeclared-theme' // a theme the declared system does not list
  | 'unplaced' // a page of a system without a valid cell
  | 'system-not-declared' // a system known only from tags, no system page
  | 'duplicate-system' // two system pages declare the same key
  | 'duplicate-framework' // two framework blocks declare the same key
  | 'unknown-framework' // a system names a framework that does not exist
  | 'unknown-system' // an embed names a system that does not exist
  | 'review-overdue' // `herzien-voor` lies in the past
  | 'invalid-framework' // a custom framework definition is unusable
  | 'index-failed' // the indexer could not read the page's content (tags still count)
  | 'link-not-found'; // a `gebaseerd-op` / `volgt-uit` / `gebruikt` link names no page the reader can see

export interface Issue {
  code: IssueCode;
  severity: IssueSeverity;
  pageId?: number;
  pagePath?: string;
  locale?: string;
  system?: string;
  /** The tag prefix (`kolom`) or block field (`partijen[1].key`) concerned. */
  field?: string;
  value?: string;
  validValues?: string[];
  /** 1-based line in the page content, for block issues. */
  line?: number;
  /** Free detail, e.g. the YAML parser's own message; never user markup. */
  detail?: string;
}

export interface PartyRef {
  key: string;
  name?: string;
}

export interface ThemeDeclaration {
  key: string;
  title?: string;
  contact?: string;
}

/** The metadata of an `afsprakenstelsel` block, with Dutch and English keys mapped to these names. */
export interface SystemDeclaration {
  key: string;
  title?: string;
  framework?: string;
  region?: string;
  version?: string;
  date?: string;
  owner?: string;
  problem?: string;
  goals: string[];
  parties: PartyRef[];
  themes: ThemeDeclaration[];
  /** Result indicators as written (`indicator`, `van`/`from`, `naar`/`to`…), values kept as text. */
  results: Array<Record<string, string>>;
  compareWith?: string;
  /** 1-based line of the block's opening fence. */
  line: number;
}

/** The fields of an `afspraak` block, normalised (values trimmed; multi-valued as lists). */
export interface AgreementDeclaration {
  systems: string[];
  columns: string[];
  chapters: string[];
  layers: string[];
  themes: string[];
  status?: string;
  parties: string[];
  owner?: string;
  agreed?: string;
  reviewBy?: string;
  sources: string[];
  contact?: string;
  /** Each owner (`eigenaar`: one value or a list), trimmed, empty ones left out; `owner` is them as one text. */
  owners: string[];
  /** Each `contact` value, likewise; `contact` is them as one text. */
  contacts: string[];
  /** Pages of agreements in another system this one answers (`gebaseerd-op`, contract §8.3). */
  basedOn: PageLink[];
  /** Pages of the norms this agreement works out (`volgt-uit`, §8.4). */
  derivesFrom: PageLink[];
  /** Pages of the techniques this agreement uses (`gebruikt`, §8.4). */
  uses: PageLink[];
  line: number;
  /** 1-based line of each field's key in the page, by field name (`columns`, `status`…). */
  lines?: Partial<Record<AgreementLineField | PageLinkField, number>>;
}

/** The fields of an `afspraak` block whose issues point at a line. */
export type AgreementLineField = 'systems' | 'columns' | 'chapters' | 'layers' | 'themes' | 'status' | 'parties';

/** The `afspraak` fields that name other pages. */
export type PageLinkField = 'basedOn' | 'derivesFrom' | 'uses';

/** A link to a page as written (`path`, `/path` or `/<locale>/path`); no locale = the linking page's. */
export interface PageLink {
  path: string;
  locale?: string;
}

/** An embed found on a page. */
export interface EmbedDeclaration {
  kind: 'matrix' | 'comparison' | 'maintenance' | 'handover' | 'overview' | 'search' | 'parties';
  /** overview and parties: the framework's key (default framework when absent). */
  framework?: string;
  /** matrix: `system`; comparison: `a` and optional `b`; maintenance and parties: optional `system`; handover: `reference` and `receiver`. */
  system?: string;
  a?: string;
  b?: string;
  /** handover (`afsprakenoverdracht`, §8.3): `referentie` and `ontvanger`. */
  reference?: string;
  receiver?: string;
  filter: AgreementFilter;
  chapter?: string;
  line: number;
}

/**
 * Everything the index keeps per page, derived from the page's tags and blocks alone.
 * JSON-serialisable; independent of other pages, so a page's facts can be recomputed in isolation.
 */
export interface PageFacts {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  /** The page's description (Wiki.js's short summary); searched like the title. Absent when empty. */
  description?: string;
  isPublished: boolean;
  /** The publishing window (contract §4), as Wiki.js stores it; absent when empty. Judged at request time. */
  publishStartDate?: string;
  publishEndDate?: string;
  /** The page's tags as stored by Wiki.js (needed for tag page rules). */
  tags: string[];
  updatedAt?: string;
  /** Normalised (not alias-resolved) values from tags, per prefix. */
  tagValues: TagValues;
  /** The first `afspraak` block, if any. */
  agreement?: AgreementDeclaration;
  /** `afsprakenstelsel` blocks (normally at most one). */
  systemDeclarations: SystemDeclaration[];
  /** `afsprakenkader` blocks that parsed into a usable framework. */
  frameworks: Framework[];
  embeds: EmbedDeclaration[];
  /** Problems found on this page alone (YAML, fields, unknown tag prefixes' values…). */
  issues: Issue[];
}

export interface TagValues {
  systems: string[];
  chapters: string[];
  columns: string[];
  layers: string[];
  themes: string[];
  statuses: string[];
  parties: string[];
}

export interface AgreementFilter {
  themes?: string[];
  statuses?: string[];
  parties?: string[];
  includeRetired?: boolean;
}

/** A system as a reader sees it. */
export interface SystemInfo {
  key: string;
  title: string;
  framework: string;
  /** True when the reader can see a page that declares it. */
  declared: boolean;
  pageId?: number;
  pagePath?: string;
  locale?: string;
  declaration?: SystemDeclaration;
  /** Number of non-retired agreement pages the reader can see. */
  agreementCount: number;
}

export interface AgreementRef {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  status: StatusKey;
  /** First theme in the system's declared order, then alphabetical. */
  theme: string | null;
  themes: string[];
  parties: string[];
  owner?: string;
  reviewBy?: string;
  /** `reviewBy` lies before the reference date given to the builder. */
  overdue: boolean;
}

export interface MatrixCell extends CellKey {
  state: CellState;
  /** Own non-retired agreements only (chapter-wide ones are not counted in column cells). */
  count: number;
  agreements: AgreementRef[];
  /** Column cells: true when chapter-wide agreements of the same chapter and layer cover it. */
  coveredByChapter: boolean;
}

export interface Matrix {
  system: SystemInfo;
  framework: Framework;
  /** All cells in framework order (see contract §5). */
  cells: MatrixCell[];
  unplaced: AgreementRef[];
  /** Issues of the pages that were placed (or not) in this matrix. */
  issues: Issue[];
  /** Themes: declared ones plus those of the agreements seen, declared order first. */
  themes: string[];
}

export interface ComparisonCell extends CellKey {
  a: MatrixCell;
  b: MatrixCell;
  onlyInA: AgreementRef[];
  onlyInB: AgreementRef[];
  shared: AgreementRef[];
}

export interface Comparison {
  a: SystemInfo;
  b: SystemInfo;
  cells: ComparisonCell[];
  themesOnlyInA: string[];
  themesOnlyInB: string[];
}
