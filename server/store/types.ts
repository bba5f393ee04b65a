/**
 * The extension's own index: page facts kept in the `agr_*` tables, rebuilt from Wiki.js's
 * pages and tags at any time. The service reads it; hooks and reconciliation write it.
 */
import type { Framework, PageFacts } from '../domain/types';

/**
 * A page as the index holds it now (`agr_pages`): what the page rules look at. The history's
 * records carry it, so a reader's access to a page of then is checked on today's page too.
 */
export interface CurrentPage {
  readonly path: string;
  readonly locale: string;
  /** Parsed only when a page rule asks for them. */
  readonly tags: string[];
  /** What the page rules look at, as one text: a recorded row's `rulesKey` when none of it changed. */
  readonly rulesKey: string;
}

/** A page's state at some moment: the history row in force then. */
export interface HistoryRecord {
  id: number;
  pageId: number;
  at: string;
  /** The page's facts as they stood; undefined when it was in no system then (or deleted). Shared: read-only. */
  facts?: PageFacts;
  /** What the page rules look at of the page then, as one text: `now.rulesKey` when none of it changed. */
  rulesKey?: string;
  /** The page as the index holds it now; undefined when it no longer exists. */
  now?: CurrentPage;
}

/** What the services read of the history (contract §9). */
export interface HistoryReader {
  /** When history began (contract `history.startsAt`); undefined before the first index. */
  startsAt(): Promise<string | undefined>;
  /** The row in force at `at` of every page that was ever in one of these systems, by page id. */
  stateAt(systemKeys: readonly string[], at: string): Promise<HistoryRecord[]>;
}

/** What reconciliation compares to decide whether a page must be re-read. */
export interface PageFingerprint {
  pageId: number;
  fingerprint: string;
}

/**
 * A page as the index's cheap columns describe it: enough for an access check, with the facts
 * on request (a store may parse them once per row version and keep them, see `FactsCache`).
 */
export interface IndexedPage {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  isPublished: boolean;
  /** The publishing window as Wiki.js stores it; absent when empty (see domain/publishing.ts). */
  publishStartDate?: string;
  publishEndDate?: string;
  /** Declares a system or a framework. */
  declares: boolean;
  /** The page's tags as Wiki.js stores them. */
  readonly tags: string[];
  /** The page's facts (read-only: they may be shared with other requests). */
  facts(): PageFacts;
}

/**
 * The index as the services read it. Its page reads are named by what they return: a `…Pages`
 * read gives `IndexedPage`s (cheap columns first, so a reader's access check needs no parse;
 * facts on request), a `…Facts` read gives parsed `PageFacts` sorted by page id.
 */
export interface AgreementStore {
  /** Runs the extension's own knex migrations (own migrations table). */
  migrate(): Promise<void>;
  /** Stores a page's facts (replacing earlier ones); pages with no agreement facts are kept as fingerprints only. */
  upsertPage(facts: PageFacts, fingerprint: string): Promise<void>;
  upsertPages(entries: Array<{ facts: PageFacts; fingerprint: string }>): Promise<void>;
  deletePages(pageIds: number[]): Promise<void>;
  /** Fingerprints of every page the index knows. */
  fingerprints(): Promise<PageFingerprint[]>;
  /**
   * Every relevant page: it takes part in a system (agreement or system page), declares a system
   * or framework, or has issues. The whole catalog of one reader, each page checked on its
   * columns first; read again only when the index generation changed.
   */
  relevantPages(): Promise<readonly IndexedPage[]>;
  /** Facts of every relevant page (see `relevantPages`). */
  relevantFacts(): Promise<PageFacts[]>;
  /**
   * The pages a catalog of these systems is built from, in one query: the pages that belong to or
   * declare one of these systems, and every page that declares a framework.
   */
  catalogPages(keys: string[]): Promise<IndexedPage[]>;
  /**
   * The pages that declare one of these systems, and every page that declares a framework:
   * the skeleton a catalog of those systems needs.
   */
  skeletonPages(keys: string[]): Promise<IndexedPage[]>;
  /** Facts of the pages that belong to, or declare, one of these systems (export). */
  systemFacts(keys: string[]): Promise<PageFacts[]>;
  /** Facts of the pages that declare systems or frameworks (small: the catalog's skeleton); read-only, maybe shared. */
  declaringFacts(): Promise<PageFacts[]>;
  /** Frameworks declared anywhere in the wiki. */
  frameworks(): Promise<Framework[]>;
  /** Small key/value state shared by every Wiki.js node (HA): index version, last reconciliation. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Facts of the page at this path and locale, when it is relevant (see `relevantPages`). */
  pageByPath(path: string, locale: string): Promise<PageFacts | undefined>;
  /** Any pages the index knows at these paths (links name any page, §8.3-8.4). */
  pagesAt(targets: ReadonlyArray<{ path: string; locale: string }>): Promise<IndexedPage[]>;
  /** Pages whose `afspraak` block links to this page (any link field). */
  pagesLinkingTo(path: string, locale: string): Promise<IndexedPage[]>;
  /** Pages the index knows, and how many of them are relevant. */
  counts(): Promise<{ pages: number; relevantPages: number }>;
  /** History of the index (contract §9). */
  readonly history: HistoryReader;
}

/** What the indexer needs beyond the service's view: conditional writes for HA safety. */
export interface IndexStore extends AgreementStore {
  /**
   * Like `upsertPages`, but skips a page whose stored fingerprint is no longer the one in `seen`
   * (absent = not indexed): a hook on some node indexed it meanwhile, with fresher content.
   * Returns the number of pages written.
   */
  upsertPagesIfUnchanged(entries: Array<{ facts: PageFacts; fingerprint: string }>, seen: ReadonlyMap<number, string>): Promise<number>;
  /** After a bulk write (a rebuild): lets the database gather its statistics of the index now. */
  refreshStatistics(): Promise<void>;
  /** Sets `key` to `next` (undefined = delete) only if it still holds `expected` (undefined = absent). */
  compareAndSetMeta(key: string, expected: string | undefined, next: string | undefined): Promise<boolean>;
}
