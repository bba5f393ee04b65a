/**
 * CSV import and export of agreement sets (contract §7.3). Validation answers at once and covers
 * every row; if any row has an error nothing is written. The writes go through the host's page
 * API (PageWriter) as the importing user, one row at a time in the background, each row's outcome
 * recorded in the database before the next: any node reports the job (`status`), a closed browser
 * does not stop it, and after a restart (or on another node, once the lease of the node that ran it
 * has run out) `ImportJobs` resumes it as its user, looked up again (or reports how far it got when
 * that user cannot be restored). Running the same import again finishes the rest.
 */
import { randomUUID } from 'crypto';
import type Knex from 'knex';
import { DEFAULT_FRAMEWORK, normaliseValue, isValidKey, langOf, systemsOf, type Framework, type Lang, type PageFacts } from '../domain';
import {
  exportAgreements,
  headerName,
  isPlacementTag,
  planImportRows,
  readImportCsv,
  updatedContent,
  type AgreementExport,
  type ImportIssue,
  type ImportSystem,
  type PageDraftPlan,
} from '../domain/import-csv';
import { readJson } from '../store/dialect';
import { PageWriteError, type ExistingPage, type PagePatch, type PageWriter } from '../host/page-writer';
import type { AccessPolicy, HostUser } from '../host/types';
import type { AgreementService } from './types';

export type ImportAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'SKIP' | 'ERROR';

export interface ImportRowResult {
  line: number;
  path?: string;
  locale?: string;
  action: ImportAction;
  issues: ImportIssue[];
}

export interface ImportResult {
  ok: boolean;
  done: boolean;
  job?: string;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Data rows in the file. */
  total: number;
  /** Rows with an outcome so far (all of them once `done`). */
  rows: ImportRowResult[];
  /** The job stopped before its end (a restart with no way to resume it). */
  interrupted?: { done: number; total: number };
  lang: Lang;
}

export interface ImportRequest {
  csv: string;
  system?: string;
  update?: boolean;
  dryRun?: boolean;
  lang: Lang;
}

/** The acting user as a job keeps it, to act as them again after a restart. */
export interface StoredUser {
  id: number;
  groups: number[];
  permissions?: string[];
  locale?: string;
}

/** What a pending row writes: a new page, or a patch of an existing one. */
type PageWrite = { draft: PageDraftPlan } | { pageId: number; patch: PagePatch; draft: PageDraftPlan };

interface JobRow {
  id: string;
  userId: number;
  user: string;
  status: 'running' | 'done' | 'interrupted';
  updateMode: unknown;
  lang: string;
  total: number;
  node: string | null;
  leaseUntil: number | string;
  createdAt: string;
  finishedAt: string | null;
}

interface StoredRow {
  jobId: string;
  line: number;
  path: string;
  locale: string;
  planned: ImportAction;
  pageWrite: string | null;
  action: ImportAction | null;
  message: string | null;
}

/** What running (and resuming) import jobs takes; any node can run any job. */
export interface ImportJobOptions {
  knex: Knex;
  writer: PageWriter;
  /** Re-creates the acting user of a job after a restart; without it such jobs are reported as interrupted. */
  restoreUser?(stored: StoredUser): Promise<HostUser | undefined>;
  /** This node's name in leases. */
  node?: string;
  /** How long a lease holds without renewal. */
  leaseMs?: number;
  log?(message: string): void;
}

export interface ImportServiceOptions extends ImportJobOptions {
  service: Pick<AgreementService, 'system' | 'frameworks'> & { canSee(user: HostUser, page: PageFacts): boolean };
  /** The index's pages of one system (export). */
  pagesOfSystem(key: string): Promise<PageFacts[]>;
  access: AccessPolicy;
  /** The wiki's site language: the locale of rows without one. */
  siteLocale: string;
}

const DEFAULT_LEASE_MS = 60_000;

export class ImportService {
  /** The jobs this node runs. */
  private readonly jobs: ImportJobs;

  /** The language of messages when the request names none: the wiki's site language. */
  readonly defaultLang: Lang;

  constructor(private readonly options: ImportServiceOptions) {
    this.jobs = new ImportJobs(options);
    this.defaultLang = langOf(options.siteLocale);
  }

  /** Whether the reader may write where a system's agreements go by default (the import control is shown). */
  async mayImport(user: HostUser, system: string): Promise<boolean> {
    const info = await this.options.service.system(user, system);
    const path = info?.pagePath ?? normaliseValue(system);
    return this.options.access.can(user, 'write:pages', { path, locale: info?.locale ?? this.options.siteLocale, tags: [] });
  }

  /** Validates, then (unless a dry run, or nothing is to be written) starts the job and answers at once. */
  async start(user: HostUser, request: ImportRequest): Promise<ImportResult> {
    const read = readImportCsv(request.csv);
    if (read.rows.length === 0) return failed(read.issues, 0, request.lang);
    const systems = await this.systemLookup(user, [
      ...read.rows.flatMap((row) => (row.values.systems ?? '').split('|')),
      request.system ?? '',
    ]);
    const planned = planImportRows(read.rows, {
      siteLocale: this.options.siteLocale,
      defaultSystem: request.system,
      systemOf: (key) => systems.get(key) ?? { framework: DEFAULT_FRAMEWORK },
    });
    // Reading problems of a row (a wrong number of fields) join its validation issues; those of
    // the header (line 1) are a result of their own, before the rows.
    const rowAt = new Map(planned.map((row) => [row.line, row]));
    const fileIssues: ImportIssue[] = [];
    for (const issue of read.issues) {
      const row = rowAt.get(issue.line);
      if (!row) fileIssues.push(issue);
      else {
        row.issues.push(issue);
        row.draft = undefined;
      }
    }
    const rows: Array<ImportRowResult & { write?: PageWrite }> = failed(fileIssues, 0, request.lang).rows;
    for (const [index, row] of planned.entries()) {
      const result: ImportRowResult & { write?: PageWrite } = { line: row.line, path: row.path, locale: row.locale, action: 'ERROR', issues: row.issues };
      rows.push(result);
      if (!row.draft || !row.body) continue;
      const draft = row.draft;
      const existing = await this.options.writer.find(draft.path, draft.locale);
      if (!this.options.access.can(user, 'write:pages', { path: draft.path, locale: draft.locale, tags: existing?.tags ?? [] })) {
        result.issues.push({ code: 'forbidden', line: row.line, field: headerName(read.rows[index], 'path'), value: `${draft.locale}/${draft.path}` });
        continue;
      }
      if (!existing) {
        result.action = 'CREATE';
        result.write = { draft };
      } else if (!request.update) {
        result.action = 'SKIP';
      } else {
        const patch = updatePatch(existing, draft, updatedContent(existing.content, draft.title, row.body));
        result.action = patch ? 'UPDATE' : 'UNCHANGED';
        if (patch) result.write = { pageId: existing.pageId, patch, draft };
      }
    }
    const total = planned.length;
    if (rows.some((r) => r.issues.length > 0)) {
      const refused = summary(rows.map(withoutWrite), { ok: false, done: true, total, lang: request.lang });
      // Nothing was written, and the counts say so; each row still shows what it would have done.
      return request.dryRun ? refused : { ...refused, created: 0, updated: 0, unchanged: 0, skipped: 0 };
    }
    const writes = rows.filter((r) => r.write);
    if (request.dryRun || writes.length === 0) return summary(rows.map(withoutWrite), { ok: true, done: true, total, lang: request.lang });
    const job = await this.jobs.create(user, request, rows);
    this.jobs.launch(job, user);
    return (await this.status(user, job)) as ImportResult;
  }

  /** The job's state as stored, for its owner (or an administrator); undefined otherwise. */
  async status(user: HostUser, jobId: string): Promise<ImportResult | undefined> {
    const { knex } = this.options;
    const job: JobRow | undefined = await knex('agr_import_jobs').first('*').where({ id: jobId });
    if (!job || (Number(job.userId) !== user.id && !this.options.access.can(user, 'manage:system'))) return undefined;
    const stored: StoredRow[] = await knex('agr_import_rows').select('line', 'path', 'locale', 'planned', 'action', 'message').where({ jobId }).orderBy('line');
    const lang = job.lang === 'nl' ? 'nl' : 'en';
    const rows: ImportRowResult[] = stored
      .filter((row) => row.action !== null)
      .map((row) => ({
        line: Number(row.line),
        path: row.path,
        locale: row.locale,
        action: row.action as ImportAction,
        issues: row.action === 'ERROR' ? [{ code: 'write-failed', line: Number(row.line), value: `${row.locale}/${row.path}`, detail: row.message ?? '' }] : [],
      }));
    const done = job.status !== 'running';
    const result = summary(rows, { ok: done && job.status === 'done' && rows.every((r) => r.action !== 'ERROR'), done, total: Number(job.total), lang, job: job.id });
    if (job.status === 'interrupted') result.interrupted = { done: rows.length, total: stored.length };
    return result;
  }

  /**
   * CSV in the import format: every agreement page of the system the reader sees, retired ones
   * included, with the values left out because they are validation issues.
   */
  async exportCsv(user: HostUser, system: string): Promise<AgreementExport> {
    const pages = (await this.options.pagesOfSystem(normaliseValue(system))).filter((page) => this.options.service.canSee(user, page));
    const systems = await this.systemLookup(user, pages.flatMap(systemsOf));
    return exportAgreements(pages, system, (key) => systems.get(key)?.framework ?? DEFAULT_FRAMEWORK);
  }

  /** See `ImportJobs.resumeInterrupted`. */
  resumeInterrupted(): Promise<number> {
    return this.jobs.resumeInterrupted();
  }

  /** Resolves when every job this node runs has finished (tests; a graceful stop). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  private async systemLookup(user: HostUser, rawKeys: string[]): Promise<Map<string, ImportSystem>> {
    const keys = [...new Set(rawKeys.map((k) => normaliseValue(k.trim())).filter((k) => isValidKey(k)))];
    const frameworks = new Map<string, Framework>((await this.options.service.frameworks(user)).map((f) => [f.key, f]));
    const lookup = new Map<string, ImportSystem>();
    for (const key of keys) {
      const info = await this.options.service.system(user, key);
      if (info) lookup.set(key, { framework: frameworks.get(info.framework) ?? DEFAULT_FRAMEWORK, pagePath: info.pagePath });
    }
    return lookup;
  }
}

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
    const { knex, restoreUser, log } = this.options;
    const jobs = await takeExpiredJobs(knex, this.node, this.leaseMs, log);
    for (const job of jobs) {
      const user = restoreUser ? await restoreUser(readJson(job.user) as StoredUser).catch(() => undefined) : undefined;
      if (user) {
        log?.(`[afsprakenwiki] import ${job.id}: resumed as user ${Number(job.userId)}`);
        this.launch(job.id, user);
      } else {
        log?.(`[afsprakenwiki] import ${job.id}: its user cannot act again, reported as interrupted`);
        await markInterrupted(knex, job.id).catch((err: unknown) => log?.(`[afsprakenwiki] import ${job.id}: ${String(err)}`));
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
    await this.options.knex.transaction(async (trx) => {
      await trx('agr_import_jobs').insert({
        id,
        userId: user.id,
        user: JSON.stringify(stored),
        status: 'running',
        updateMode: request.update === true,
        lang: request.lang,
        total: rows.length,
        node: this.node,
        leaseUntil: Date.now() + this.leaseMs,
        createdAt: new Date().toISOString(),
      });
      for (const row of rows) {
        await trx('agr_import_rows').insert({
          jobId: id,
          line: row.line,
          path: row.path ?? '',
          locale: row.locale ?? '',
          planned: row.action,
          pageWrite: row.write ? JSON.stringify(row.write) : null,
          // Rows with nothing to write have their outcome at once.
          action: row.write ? null : row.action,
        });
      }
    });
    return id;
  }

  launch(jobId: string, user: HostUser): void {
    const run = this.run(jobId, user)
      .catch((err: unknown) => this.options.log?.(`[afsprakenwiki] import ${jobId} stopped: ${String(err)}`))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  /** Writes the pending rows in line order, recording each outcome and renewing the lease before the next. */
  private async run(jobId: string, user: HostUser): Promise<void> {
    const { knex } = this.options;
    for (;;) {
      if (!(await this.renewLease(jobId))) return;
      const row: StoredRow | undefined = await knex('agr_import_rows').first('*').where({ jobId }).whereNull('action').orderBy('line');
      if (!row) break;
      let action: ImportAction;
      let message: string | null = null;
      try {
        action = await this.write(user, readJson(row.pageWrite) as PageWrite);
      } catch (err) {
        action = 'ERROR';
        message = err instanceof PageWriteError || err instanceof Error ? err.message : String(err);
      }
      // Only a row still pending: a node that lost its lease mid-write does not overwrite the new holder's outcome.
      await knex('agr_import_rows').where({ jobId, line: row.line }).whereNull('action').update({ action, message });
    }
    await knex('agr_import_jobs').where({ id: jobId, node: this.node }).update({ status: 'done', finishedAt: new Date().toISOString(), leaseUntil: 0 });
  }

  private async write(user: HostUser, write: PageWrite): Promise<ImportAction> {
    const { writer } = this.options;
    if ('pageId' in write) {
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
    const changed = await this.options.knex('agr_import_jobs').where({ id: jobId, node: this.node, status: 'running' }).update({ leaseUntil: Date.now() + this.leaseMs });
    return Number(changed) > 0;
  }
}

/**
 * Unfinished jobs whose lease has expired, each taken by compare-and-set on its expiry (of two
 * nodes at boot, one wins). Never throws: a failure is logged and nothing is taken.
 */
async function takeExpiredJobs(knex: Knex, node: string, leaseMs: number, log?: (message: string) => void): Promise<JobRow[]> {
  const taken: JobRow[] = [];
  try {
    const jobs: JobRow[] = await knex('agr_import_jobs').select('*').where({ status: 'running' }).andWhere('leaseUntil', '<', Date.now());
    for (const job of jobs) {
      const changed = await knex('agr_import_jobs').where({ id: job.id, status: 'running', leaseUntil: job.leaseUntil }).update({ node, leaseUntil: Date.now() + leaseMs });
      if (Number(changed) > 0) taken.push(job);
    }
  } catch (err) {
    log?.(`[afsprakenwiki] looking for interrupted imports failed: ${String(err)}`);
  }
  return taken;
}

function markInterrupted(knex: Knex, jobId: string): Promise<unknown> {
  return knex('agr_import_jobs').where({ id: jobId }).update({ status: 'interrupted', finishedAt: new Date().toISOString(), leaseUntil: 0 });
}

/**
 * What an update changes: the title, the contract's placement tags (other tags stay) and the body;
 * undefined when the page already is what the row describes (`UNCHANGED`).
 */
function updatePatch(existing: ExistingPage, draft: PageDraftPlan, content: string): PagePatch | undefined {
  const tags = [...new Set([...existing.tags.filter((tag) => !isPlacementTag(tag)), ...draft.tags.map((tag) => tag.toLowerCase())])];
  const sameTags = [...tags].sort().join('\n') === [...existing.tags].sort().join('\n');
  if (existing.title === draft.title && sameTags && existing.content === content) return undefined;
  return { title: draft.title, tags, content };
}

function withoutWrite(row: ImportRowResult & { write?: PageWrite }): ImportRowResult {
  return { line: row.line, path: row.path, locale: row.locale, action: row.action, issues: row.issues };
}

function failed(issues: ImportIssue[], total: number, lang: Lang): ImportResult {
  const byLine = new Map<number, ImportIssue[]>();
  for (const issue of issues) {
    const list = byLine.get(issue.line);
    if (list) list.push(issue);
    else byLine.set(issue.line, [issue]);
  }
  const rows = [...byLine].map(([line, list]): ImportRowResult => ({ line, action: 'ERROR', issues: list }));
  return summary(rows, { ok: false, done: true, total, lang });
}

/** Counts from the rows' actions (a dry run's: what it would do). */
function summary(rows: ImportRowResult[], base: { ok: boolean; done: boolean; total: number; lang: Lang; job?: string }): ImportResult {
  const count = (action: ImportAction) => rows.filter((r) => r.action === action).length;
  return {
    ok: base.ok,
    done: base.done,
    job: base.job,
    created: count('CREATE'),
    updated: count('UPDATE'),
    unchanged: count('UNCHANGED'),
    skipped: count('SKIP'),
    total: base.total,
    rows,
    lang: base.lang,
  };
}
