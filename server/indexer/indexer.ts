/**
 * Keeps the `agr_*` index equal to what extractPageFacts says about Wiki.js's pages: hooks call
 * `indexPages` / `removePages` on each change; `reconcile` repairs whatever happened behind the
 * hooks' back (boot, restores, direct SQL, tag renames) without blocking Wiki.js meanwhile.
 */
import { hostname } from 'os';
import type Knex from 'knex';
import type { PageFacts, SourcePage } from '../domain/types';
import { emptyPageFacts, extractPageFacts } from '../domain/facts';
import { unique } from '../domain/normalize';
import { chunk } from '../store/dialect';
import { KnexAgreementStore } from '../store/knex-store';
import type { IndexStore } from '../store/types';
import { LEASE_KEY, ReconcileLease, isLive, parseLease } from './lease';
import { WikiPageSource, type SourceEntry, type SourceFingerprint } from './wiki-source';

/**
 * Bump when PageFacts or the way they are stored changes: the next reconciliation rebuilds all.
 * 2: system tags with an invalid key carry a warning.
 * 3: `afspraak` blocks keep their page links (`gebaseerd-op`, `volgt-uit`, `gebruikt`; §8.3-8.4).
 *    facts keep the page's description (searched, contract §8.2).
 * 4: `afspraak` blocks keep each owner and contact (`owners`, `contacts`; one value or a list, §11).
 */
export const INDEX_VERSION = 4;

export const META_INDEX_VERSION = 'index.version';
export const META_LAST_RECONCILIATION = 'reconcile.last';

export interface IndexerOptions {
  /** Names this node in the lease; default host name and process id. */
  nodeId?: string;
  /** Pages per read/write batch. */
  batchSize?: number;
  /** Content characters per batch, so a wiki of huge pages is not read all at once. */
  batchContentBudget?: number;
  leaseTtlMs?: number;
  /** Progress and summaries of long runs (Wiki.js: `WIKI.logger.info`). */
  log?: (message: string) => void;
}

export interface ReconcileProgress {
  phase: 'scan' | 'index';
  done: number;
  total: number;
  percent: number;
}

export interface ReconcileOptions {
  /** Re-read every page, not only those whose fingerprint changed. */
  force?: boolean;
  onProgress?: (progress: ReconcileProgress) => void;
}

export interface ReconcileResult {
  /** `busy`: another run holds the lease; `lost-lease`: it was taken over (this run stopped). */
  status: 'done' | 'busy' | 'lost-lease';
  scanned: number;
  added: number;
  updated: number;
  removed: number;
  /** Changed pages a hook re-indexed while this run was busy (left as the hook wrote them). */
  skipped: number;
  /** Pages whose facts could not be extracted; stored with an issue. */
  failed: number;
  /** The whole index was rebuilt (forced, or the index version changed). */
  rebuilt: boolean;
  durationMs: number;
  /** For `busy`: the node holding the lease. */
  holder?: string;
}

export interface IndexResult {
  indexed: number;
  removed: number;
  failed: number;
}

export interface IndexerStatus {
  reconciling: boolean;
  holder?: string;
  lastReconciliation?: LastReconciliation;
  indexVersion?: number;
}

export interface LastReconciliation {
  finishedAt: string;
  node: string;
  result: Omit<ReconcileResult, 'holder'>;
}

const DEFAULTS = { batchSize: 500, batchContentBudget: 16 * 1024 * 1024, leaseTtlMs: 30_000 };
/** Below this many pages to index, a run is quick and logs only its summary. */
const LOG_PROGRESS_FROM = 2000;

export class AgreementIndexer {
  private readonly nodeId: string;
  private readonly options: typeof DEFAULTS;
  private readonly log: (message: string) => void;

  constructor(
    readonly store: IndexStore,
    readonly source: WikiPageSource,
    options: IndexerOptions = {},
  ) {
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}`;
    this.options = {
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      batchContentBudget: options.batchContentBudget ?? DEFAULTS.batchContentBudget,
      leaseTtlMs: options.leaseTtlMs ?? DEFAULTS.leaseTtlMs,
    };
    this.log = options.log ?? (() => undefined);
  }

  /** Store (migrated) and source on one knex instance: Wiki.js's `WIKI.models.knex` in production. */
  static async create(knex: Knex, options: IndexerOptions = {}): Promise<AgreementIndexer> {
    return new AgreementIndexer(await KnexAgreementStore.create(knex, { log: options.log }), new WikiPageSource(knex), options);
  }

  /**
   * Re-reads these pages from Wiki.js and stores their facts; ids no longer in Wiki.js are removed.
   * A save hook passes the saved page's tags (`page.tags` after Wiki.js's associateTags) as
   * `knownTags` to skip a scan of `pageTags`.
   */
  async indexPages(pageIds: readonly number[], knownTags?: ReadonlyMap<number, readonly string[]>): Promise<IndexResult> {
    const result: IndexResult = { indexed: 0, removed: 0, failed: 0 };
    for (const ids of chunk(unique(pageIds), this.options.batchSize)) {
      const entries = await this.source.readPages(ids, knownTags);
      const found = new Set(entries.map((e) => e.page.id));
      const { written, failed } = this.factsOf(entries);
      await this.store.upsertPages(written);
      const gone = ids.filter((id) => !found.has(id));
      await this.store.deletePages(gone);
      result.indexed += written.length;
      result.removed += gone.length;
      result.failed += failed;
    }
    return result;
  }

  async removePages(pageIds: readonly number[]): Promise<void> {
    await this.store.deletePages(unique(pageIds));
  }

  /**
   * Pages carrying any of these tags. For an admin tag delete, call it before the delete and
   * `indexPages` after; for a rename, after the rename with the new name.
   */
  async pageIdsWithTags(tags: readonly string[]): Promise<number[]> {
    return this.source.pageIdsWithTags(tags);
  }

  /**
   * Brings the index in line with Wiki.js: re-reads pages whose fingerprint changed, adds new
   * ones, removes vanished ones. One node at a time (lease); yields between batches.
   */
  async reconcile(options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const startedAt = Date.now();
    const result: ReconcileResult = { status: 'done', scanned: 0, added: 0, updated: 0, removed: 0, skipped: 0, failed: 0, rebuilt: false, durationMs: 0 };
    const lease = new ReconcileLease(this.store, this.nodeId, this.options.leaseTtlMs);
    if (!(await lease.acquire())) {
      const holder = parseLease(await this.store.getMeta(LEASE_KEY));
      return { ...result, status: 'busy', holder: holder?.node, durationMs: Date.now() - startedAt };
    }
    try {
      result.rebuilt = options.force === true || (await this.store.getMeta(META_INDEX_VERSION)) !== String(INDEX_VERSION);
      const known = new Map((await this.store.fingerprints()).map((f) => [f.pageId, f.fingerprint]));
      const changed: SourceFingerprint[] = [];
      const present = new Set<number>();
      for await (const batch of this.source.fingerprintBatches()) {
        for (const page of batch) {
          present.add(page.pageId);
          if (result.rebuilt || known.get(page.pageId) !== page.fingerprint) changed.push(page);
        }
        result.scanned += batch.length;
        options.onProgress?.({ phase: 'scan', done: result.scanned, total: result.scanned, percent: 0 });
        if (!(await this.pause(lease))) return this.finish({ ...result, status: 'lost-lease' }, startedAt);
      }

      const progress = new ProgressLog(changed.length, this.log);
      let done = 0;
      for (const batch of this.batchesOf(changed)) {
        const entries = await this.source.readPages(batch.map((p) => p.pageId));
        const { written, failed } = this.factsOf(entries);
        const stored = await this.store.upsertPagesIfUnchanged(written, known);
        const added = written.filter((e) => !known.has(e.facts.pageId)).length;
        result.added += added;
        result.updated += written.length - added;
        result.skipped += written.length - stored;
        result.failed += failed;
        done += batch.length;
        const percent = changed.length ? Math.floor((done / changed.length) * 100) : 100;
        options.onProgress?.({ phase: 'index', done, total: changed.length, percent });
        progress.report(done, percent);
        if (!(await this.pause(lease))) return this.finish({ ...result, status: 'lost-lease' }, startedAt);
      }

      const vanished = [...known.keys()].filter((id) => !present.has(id));
      await this.store.deletePages(vanished);
      result.removed = vanished.length;
      await this.store.setMeta(META_INDEX_VERSION, String(INDEX_VERSION));
      const finished = this.finish(result, startedAt);
      const last: LastReconciliation = { finishedAt: new Date().toISOString(), node: this.nodeId, result: finished };
      await this.store.setMeta(META_LAST_RECONCILIATION, JSON.stringify(last));
      if (changed.length >= LOG_PROGRESS_FROM || result.failed > 0) this.log(summary(finished));
      // A rebuild of many pages: the database's statistics of the index are out of date until it
      // gathers them again; an optimisation only, so a failure costs nothing but time.
      if (changed.length >= LOG_PROGRESS_FROM) await this.store.refreshStatistics().catch(() => undefined);
      return finished;
    } finally {
      await lease.release();
    }
  }

  /** Whether a reconciliation runs (on any node), and how the last one ended. */
  async status(): Promise<IndexerStatus> {
    const lease = parseLease(await this.store.getMeta(LEASE_KEY));
    const last = await this.store.getMeta(META_LAST_RECONCILIATION);
    const version = await this.store.getMeta(META_INDEX_VERSION);
    return {
      reconciling: isLive(lease),
      holder: isLive(lease) ? lease.node : undefined,
      lastReconciliation: last ? parseLast(last) : undefined,
      indexVersion: version === undefined ? undefined : Number(version),
    };
  }

  /** Extracts facts; a page that makes the extraction throw is stored with an issue instead. */
  private factsOf(entries: readonly SourceEntry[]): { written: Array<{ facts: PageFacts; fingerprint: string }>; failed: number } {
    let failed = 0;
    const written = entries.map(({ page, fingerprint }) => {
      try {
        return { facts: extractPageFacts(page), fingerprint };
      } catch (error) {
        failed++;
        this.log(`afsprakenwiki: could not index page ${page.id} (${page.locale}/${page.path}): ${String(error)}`);
        return { facts: failedFacts(page, error), fingerprint };
      }
    });
    return { written, failed };
  }

  /** Groups pages into batches bounded by count and by content size. */
  private *batchesOf(pages: readonly SourceFingerprint[]): Generator<SourceFingerprint[]> {
    let batch: SourceFingerprint[] = [];
    let size = 0;
    for (const page of pages) {
      if (batch.length > 0 && (batch.length >= this.options.batchSize || size + page.contentLength > this.options.batchContentBudget)) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push(page);
      size += page.contentLength;
    }
    if (batch.length > 0) yield batch;
  }

  /** Lets Wiki.js serve requests between batches and keeps the lease alive. */
  private async pause(lease: ReconcileLease): Promise<boolean> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return lease.renewIfDue();
  }

  private finish(result: ReconcileResult, startedAt: number): ReconcileResult {
    return { ...result, durationMs: Date.now() - startedAt };
  }
}

/** Facts from tags alone, with an issue saying why the content was not read. */
function failedFacts(page: SourcePage, error: unknown): PageFacts {
  let facts: PageFacts;
  try {
    facts = emptyPageFacts(page);
  } catch {
    // The tags themselves are what failed; the page keeps its identity and no tag values.
    const { id, path, locale, title, isPublished, updatedAt } = page;
    facts = emptyPageFacts({ id, path, locale, title, isPublished, updatedAt, tags: [], content: '' });
  }
  facts.issues = [
    {
      code: 'index-failed',
      severity: 'error',
      detail: error instanceof Error ? error.message : String(error),
      pageId: page.id,
      pagePath: page.path,
      locale: page.locale,
    },
  ];
  return facts;
}

function parseLast(value: string): LastReconciliation | undefined {
  try {
    return JSON.parse(value) as LastReconciliation;
  } catch {
    return undefined;
  }
}

function summary(result: ReconcileResult): string {
  return (
    `afsprakenwiki: index reconciled in ${(result.durationMs / 1000).toFixed(1)} s: ${result.scanned} pages scanned, ` +
    `${result.added} added, ${result.updated} updated, ${result.removed} removed, ${result.failed} failed` +
    (result.rebuilt ? ' (full rebuild)' : '')
  );
}

/** Logs every 10 % of a long run. */
class ProgressLog {
  private nextStep = 10;

  constructor(
    private readonly total: number,
    private readonly log: (message: string) => void,
  ) {}

  report(done: number, percent: number): void {
    if (this.total < LOG_PROGRESS_FROM || percent < this.nextStep) return;
    this.log(`afsprakenwiki: indexing ${percent}% (${done}/${this.total} pages)`);
    this.nextStep = Math.floor(percent / 10) * 10 + 10;
  }
}
