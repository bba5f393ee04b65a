/**
 * Import jobs (contract §7.3) as they run in the background: row by row as the importing user,
 * each row's outcome recorded (`KnexImportJobStore`) before the next, under a lease this node
 * renews before every row; and recovery: after a restart (or on another node, once the lease of
 * the node that ran it has run out) a job is resumed as its user, looked up again, or reported as
 * interrupted when that user cannot be restored.
 */
import { randomUUID } from 'crypto';
import type { Lang } from '../domain';
import { isPlacementTag, type ImportIssue, type PageDraftPlan } from '../domain/import-csv';
import { PageWriteError, type ExistingPage, type PagePatch, type PageWriter } from '../host/page-writer';
import type { HostUser } from '../host/types';
import { readJson } from '../store/dialect';
import type { ImportAction, KnexImportJobStore, JobRow } from '../store/import-job-store';

export type { ImportAction } from '../store/import-job-store';

export interface ImportRowResult {
  line: number;
  path?: string;
  locale?: string;
  action: ImportAction;
  issues: ImportIssue[];
}

export interface ImportRequest {
  csv: string;
  system?: string;
  update?: boolean;
  dryRun?: boolean;
  lang: Lang;
}

/** What a pending row writes: a new page, or a patch of an existing one. */
export type PageWrite = { draft: PageDraftPlan } | { pageId: number; patch: PagePatch; draft: PageDraftPlan };

/** The acting user as a job keeps it, to act as them again after a restart. */
export interface StoredUser {
  id: number;
  groups: number[];
  permissions?: string[];
  locale?: string;
}

/** What running (and resuming) import jobs takes; any node can run any job. */
export interface ImportJobOptions {
  jobStore: KnexImportJobStore;
  writer: PageWriter;
  /** Re-creates the acting user of a job after a restart; without it such jobs are reported as interrupted. */
  restoreUser?(stored: StoredUser): Promise<HostUser | undefined>;
  /** This node's name in leases. */
  node?: string;
  /** How long a lease holds without renewal. */
  leaseMs?: number;
  log?(message: string): void;
}

const DEFAULT_LEASE_MS = 60_000;

/**
 * Runs import jobs, row by row, each outcome recorded before the next, under a lease this node
 * renews before every row; takes over the jobs of a node that stopped. Holds no state but the
 * jobs it runs now, so a second instance (Wiki.js's boot hook and its resolvers are separate
 * bundles) can resume what the first one ran before a restart.
 */
export class ImportJobs {
  readonly node: string;
  private readonly leaseMs: number;
  /** Jobs this node is running now (tests and shutdown wait for them). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: ImportJobOptions) {
    this.node = options.node ?? randomUUID();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Every unfinished job whose lease has expired (its node stopped) is taken over and resumed as
   * its user, looked up again from the job's row, or reported as interrupted when that user
   * cannot be restored. Never throws.
   */
  async resumeInterrupted(): Promise<number> {
    const { jobStore, restoreUser, log } = this.options;
    const jobs = await takeExpiredJobs(jobStore, this.node, this.leaseMs, log);
    for (const job of jobs) {
      const user = restoreUser ? await restoreUser(readJson(job.user) as StoredUser).catch(() => undefined) : undefined;
      if (user) {
        log?.(`[afsprakenwiki] import ${job.id}: resumed as user ${Number(job.userId)}`);
        this.launch(job.id, user, true);
      } else {
        log?.(`[afsprakenwiki] import ${job.id}: its user cannot act again, reported as interrupted`);
        await jobStore.markInterrupted(job.id).catch((err: unknown) => log?.(`[afsprakenwiki] import ${job.id}: ${String(err)}`));
      }
    }
    return jobs.length;
  }

  /**
   * Looks for jobs to resume now and then every quarter lease, as long as the process runs: after
   * a restart the stopped node's lease has yet to run out, and in a cluster any node may stop.
   * `ready` holds the look-ups back until the host can write pages. Returns the stop.
   */
  watch(ready: () => boolean = () => true): () => void {
    let busy = false;
    const sweep = async () => {
      if (busy || !ready()) return;
      busy = true;
      await this.resumeInterrupted().finally(() => (busy = false));
    };
    void sweep();
    const timer = setInterval(() => void sweep(), Math.max(1000, Math.floor(this.leaseMs / 4)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Resolves when every job this node runs has finished (tests; a graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stores a validated job and its rows; `launch` then runs it. */
  async create(user: HostUser, request: ImportRequest, rows: Array<ImportRowResult & { write?: PageWrite }>): Promise<string> {
    const id = randomUUID();
    const stored: StoredUser = { id: user.id, groups: user.groups, permissions: user.permissions, locale: user.locale };
    const job = {
      id,
      userId: user.id,
      user: JSON.stringify(stored),
      updateMode: request.update === true,
      lang: request.lang,
      rows: rows.map((row) => ({ line: row.line, path: row.path ?? '', locale: row.locale ?? '', planned: row.action, pageWrite: row.write })),
    };
    await this.options.jobStore.create(job, this.node, Date.now() + this.leaseMs);
    return id;
  }

  /** Runs the job's pending rows in the background; `resumed`: taken over from a node that stopped. */
  launch(jobId: string, user: HostUser, resumed = false): void {
    const run = this.run(jobId, user, resumed)
      .catch((err: unknown) => this.options.log?.(`[afsprakenwiki] import ${jobId} stopped: ${String(err)}`))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  /** Writes the pending rows in line order, recording each outcome and renewing the lease before the next. */
  private async run(jobId: string, user: HostUser, resumed: boolean): Promise<void> {
    const { jobStore } = this.options;
    // Rows are written one at a time: only the first pending row of a resumed job can have been
    // in flight when its node stopped.
    let mayBeWritten = resumed;
    for (;;) {
      if (!(await this.renewLease(jobId))) return;
      const row = await jobStore.nextPending(jobId);
      if (!row) break;
      let action: ImportAction;
      let message: string | null = null;
      try {
        action = await this.write(user, row.pageWrite as PageWrite, mayBeWritten);
      } catch (err) {
        action = 'ERROR';
        message = err instanceof PageWriteError || err instanceof Error ? err.message : String(err);
      }
      // Only a row still pending: a node that lost its lease mid-write does not overwrite the new holder's outcome.
      await jobStore.recordOutcome(jobId, row.line, action, message);
      mayBeWritten = false;
    }
    await jobStore.finish(jobId, this.node);
  }

  private async write(user: HostUser, write: PageWrite, mayBeWritten: boolean): Promise<ImportAction> {
    const { writer } = this.options;
    if ('pageId' in write) {
      // A restart can cut a row short after Wiki.js wrote the page and before its outcome was
      // recorded: a page that already is what the row asks for is not written a second time.
      if (mayBeWritten) {
        const current = await writer.findById(write.pageId);
        if (current && patchApplied(current, write.patch)) return 'UPDATE';
      }
      await writer.update(user, write.pageId, write.patch);
      return 'UPDATE';
    }
    const { draft } = write;
    const existing = await writer.find(draft.path, draft.locale);
    if (existing) {
      // This job's page, written before a restart, perhaps cut short before its tags (then
      // finished now); or someone else's since the plan.
      const ours = existing.title === draft.title && existing.content === draft.content && (existing.tags.length === 0 || !updatePatch(existing, draft, draft.content));
      if (!ours) return 'SKIP';
      await writer.completeCreate?.(existing.pageId, draft);
      return 'CREATE';
    }
    await writer.create(user, { path: draft.path, locale: draft.locale, title: draft.title, content: draft.content, tags: draft.tags });
    return 'CREATE';
  }

  private async renewLease(jobId: string): Promise<boolean> {
    return this.options.jobStore.renewLease(jobId, this.node, Date.now() + this.leaseMs);
  }
}

/**
 * Unfinished jobs whose lease has expired, each taken by compare-and-set on its expiry (of two
 * nodes at boot, one wins). Never throws: a failure is logged and nothing is taken.
 */
async function takeExpiredJobs(jobStore: KnexImportJobStore, node: string, leaseMs: number, log?: (message: string) => void): Promise<JobRow[]> {
  const taken: JobRow[] = [];
  try {
    for (const job of await jobStore.expired(Date.now())) {
      if (await jobStore.take(job, node, Date.now() + leaseMs)) taken.push(job);
    }
  } catch (err) {
    log?.(`[afsprakenwiki] looking for interrupted imports failed: ${String(err)}`);
  }
  return taken;
}

/** The page already has every field the patch sets (tags as a set). */
function patchApplied(page: ExistingPage, patch: PagePatch): boolean {
  const sameTags = (a: readonly string[], b: readonly string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');
  return (
    (patch.title === undefined || patch.title === page.title) &&
    (patch.description === undefined || patch.description === page.description) &&
    (patch.content === undefined || patch.content === page.content) &&
    (patch.tags === undefined || sameTags(patch.tags, page.tags))
  );
}

/**
 * What an update changes: the title, the contract's placement tags (other tags stay) and the body;
 * undefined when the page already is what the row describes (`UNCHANGED`).
 */
export function updatePatch(existing: ExistingPage, draft: PageDraftPlan, content: string): PagePatch | undefined {
  const tags = [...new Set([...existing.tags.filter((tag) => !isPlacementTag(tag)), ...draft.tags.map((tag) => tag.toLowerCase())])];
  const sameTags = [...tags].sort().join('\n') === [...existing.tags].sort().join('\n');
  if (existing.title === draft.title && sameTags && existing.content === content) return undefined;
  return { title: draft.title, tags, content };
}

