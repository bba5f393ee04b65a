/**
 * The extension's own index: page facts kept in the `agr_*` tables, rebuilt from Wiki.js's
 * pages and tags at any time. The service reads it; hooks and reconciliation write it.
 */
import type { Framework, PageFacts } from '../domain/types';
import type { HistoryReader } from './history-store';

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

export interface AgreementStore {
  /** Runs the extension's own knex migrations (own migrations table). */
  migrate(): Promise<void>;
  /** Stores a page's facts (replacing earlier ones); pages with no agreement facts are kept as fingerprints only. */
  upsertPage(facts: PageFacts, fingerprint: string): Promise<void>;
  upsertPages(entries: Array<{ facts: PageFacts; fingerprint: string }>): Promise<void>;
  deletePages(pageIds: number[]): Promise<void>;
  /** Fingerprints of every page the index knows. */
  fingerprints(): Promise<PageFingerprint[]>;
  /** Facts of every page that takes part in a system (agreement or system page) or declares a framework. */
  relevantPages(): Promise<PageFacts[]>;
  /** Facts of the pages that belong to, or declare, one of these systems. */
  pagesOfSystems(keys: string[]): Promise<PageFacts[]>;
  /**
   * In one query: the pages that belong to or declare one of these systems, and every page that
   * declares a framework; facts on request. Optional: without it the service reads
   * `pagesOfSystems` and `declaringPages`.
   */
  systemPages?(keys: string[]): Promise<IndexedPage[]>;
  /**
   * The pages that declare one of these systems, and every page that declares a framework:
   * the skeleton a catalog of those systems needs; facts on request. Optional, like `systemPages`.
   */
  skeletonPages?(keys: string[]): Promise<IndexedPage[]>;
  /**
   * Every relevant page (see `relevantPages`), facts on request: the whole catalog of one
   * reader, each page checked on its columns first. Optional, like `systemPages`.
   */
  leanRelevantPages?(): Promise<readonly IndexedPage[]>;
  /** Pages that declare systems or frameworks (small: the catalog's skeleton); read-only facts, maybe shared. */
  declaringPages(): Promise<PageFacts[]>;
  /** Frameworks declared anywhere in the wiki. */
  frameworks(): Promise<Framework[]>;
  /** Small key/value state shared by every Wiki.js node (HA): index version, last reconciliation. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Facts of the page at this path and locale, when it is relevant (see `relevantPages`). */
  pageByPath(path: string, locale: string): Promise<PageFacts | undefined>;
  /** Any pages the index knows at these paths (links name any page, §8.3-8.4); facts on request. */
  pagesAt(targets: ReadonlyArray<{ path: string; locale: string }>): Promise<IndexedPage[]>;
  /** Pages whose `afspraak` block links to this page (any link field); facts on request. */
  pagesLinkingTo(path: string, locale: string): Promise<IndexedPage[]>;
  /** Pages the index knows, and how many of them are relevant. */
  counts(): Promise<{ pages: number; relevantPages: number }>;
  /** History of the index (contract §9); absent in a store that keeps none. */
  readonly history?: HistoryReader;
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
  refreshStatistics?(): Promise<void>;
  /** Sets `key` to `next` (undefined = delete) only if it still holds `expected` (undefined = absent). */
  compareAndSetMeta(key: string, expected: string | undefined, next: string | undefined): Promise<boolean>;
}
