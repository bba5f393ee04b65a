/**
 * CSV import and export of agreement sets (contract §7.3). Validation answers at once and covers
 * every row; if any row has an error nothing is written. The writes go through the host's page
 * API (PageWriter) as the importing user, one row at a time in the background, each row's outcome
 * recorded in the database before the next: any node reports the job (`status`), a closed browser
 * does not stop it, and after a restart (or on another node, once the lease of the node that ran it
 * has run out) `ImportJobs` resumes it as its user, looked up again (or reports how far it got when
 * that user cannot be restored). Running the same import again finishes the rest.
 */
import { DEFAULT_FRAMEWORK, normaliseValue, isValidKey, langOf, systemsOf, type Framework, type Lang } from '../domain';
import {
  exportAgreements,
  headerName,
  planImportRows,
  readImportCsv,
  updatedContent,
  type AgreementExport,
  type ImportIssue,
  type ImportSystem,
} from '../domain/import-csv';
import type { AccessPolicy, HostUser } from '../host/types';
import type { AgreementStore } from '../store/types';
import type { ImportAction } from './import-jobs';
import type { SystemService } from './system-service';
import { ImportJobs, updatePatch, type ImportJobOptions, type ImportRequest, type ImportRowResult, type PageWrite } from './import-jobs';

export type { ImportRequest, ImportRowResult, StoredUser } from './import-jobs';

export type { ImportAction } from './import-jobs';

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

export interface ImportServiceOptions extends ImportJobOptions {
  /** Reading systems for the acting reader (what they see, which framework a system uses). */
  service: Pick<SystemService, 'system' | 'frameworks' | 'canSee'>;
  /** The index (export reads a system's pages). */
  store: Pick<AgreementStore, 'systemFacts'>;
  access: AccessPolicy;
  /** The wiki's site language: the locale of rows without one. */
  siteLocale: string;
}

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
    const { jobStore } = this.options;
    const job = await jobStore.job(jobId);
    if (!job || (Number(job.userId) !== user.id && !this.options.access.can(user, 'manage:system'))) return undefined;
    const stored = await jobStore.rows(jobId);
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
    const pages = (await this.options.store.systemFacts([normaliseValue(system)])).filter((page) => this.options.service.canSee(user, page));
    const systems = await this.systemLookup(user, pages.flatMap(systemsOf));
    return exportAgreements(pages, system, (key) => systems.get(key)?.framework ?? DEFAULT_FRAMEWORK);
  }

  /** See `ImportJobs.watch`: resumes jobs a stopped node left, now and then, once `ready`. Returns the stop. */
  watch(ready?: () => boolean): () => void {
    return this.jobs.watch(ready);
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
