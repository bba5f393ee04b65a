/**
 * CSV import jobs in the database (contract §7.3): `agr_import_jobs` (who started a job, its
 * options, status and the lease of the node running it) and `agr_import_rows` (each row's planned
 * action, the write it makes, and its outcome once written). Any node reads any job; the node
 * holding a job's lease writes its outcomes.
 */
import type Knex from 'knex';
import { readJson } from './dialect';

export type ImportAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'SKIP' | 'ERROR';

export interface JobRow {
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

export interface StoredRow {
  jobId: string;
  line: number;
  path: string;
  locale: string;
  planned: ImportAction;
  pageWrite: string | null;
  action: ImportAction | null;
  message: string | null;
}

/** A job as it is started: its row without the lease, and its rows (a row with no write has its outcome at once). */
export interface NewJob {
  id: string;
  userId: number;
  /** The acting user as JSON, to act as them again after a restart. */
  user: string;
  updateMode: boolean;
  lang: string;
  rows: ReadonlyArray<{ line: number; path: string; locale: string; planned: ImportAction; pageWrite: unknown }>;
}

export class KnexImportJobStore {
  constructor(private readonly knex: Knex) {}

  /** Stores a job and its rows in one transaction, leased to `node` until `leaseUntil`. */
  async create(job: NewJob, node: string, leaseUntil: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('agr_import_jobs').insert({
        id: job.id,
        userId: job.userId,
        user: job.user,
        status: 'running',
        updateMode: job.updateMode,
        lang: job.lang,
        total: job.rows.length,
        node,
        leaseUntil,
        createdAt: new Date().toISOString(),
      });
      for (const row of job.rows) {
        await trx('agr_import_rows').insert({
          jobId: job.id,
          line: row.line,
          path: row.path,
          locale: row.locale,
          planned: row.planned,
          pageWrite: row.pageWrite === undefined ? null : JSON.stringify(row.pageWrite),
          // Rows with nothing to write have their outcome at once.
          action: row.pageWrite === undefined ? row.planned : null,
        });
      }
    });
  }

  async job(jobId: string): Promise<JobRow | undefined> {
    return this.knex('agr_import_jobs').first('*').where({ id: jobId });
  }

  /** Every row of a job, in line order (without their writes). */
  async rows(jobId: string): Promise<StoredRow[]> {
    return this.knex('agr_import_rows').select('line', 'path', 'locale', 'planned', 'action', 'message').where({ jobId }).orderBy('line');
  }

  /** The first row of the job still to be written, with its write; undefined when none is left. */
  async nextPending(jobId: string): Promise<{ line: number; pageWrite: unknown } | undefined> {
    const row: StoredRow | undefined = await this.knex('agr_import_rows').first('*').where({ jobId }).whereNull('action').orderBy('line');
    return row && { line: row.line, pageWrite: readJson(row.pageWrite) };
  }

  /** A row's outcome, only while it is still pending: a node that lost its lease mid-write does not overwrite the new holder's. */
  async recordOutcome(jobId: string, line: number, action: ImportAction, message: string | null): Promise<void> {
    await this.knex('agr_import_rows').where({ jobId, line }).whereNull('action').update({ action, message });
  }

  /** The job is done, if `node` still holds it. */
  async finish(jobId: string, node: string): Promise<void> {
    await this.knex('agr_import_jobs').where({ id: jobId, node }).update({ status: 'done', finishedAt: new Date().toISOString(), leaseUntil: 0 });
  }

  /** Renews `node`'s lease of a running job; false when the job is no longer this node's (or no longer running). */
  async renewLease(jobId: string, node: string, leaseUntil: number): Promise<boolean> {
    const changed = await this.knex('agr_import_jobs').where({ id: jobId, node, status: 'running' }).update({ leaseUntil });
    return Number(changed) > 0;
  }

  /** Running jobs whose lease expired before `now`. */
  async expired(now: number): Promise<JobRow[]> {
    return this.knex('agr_import_jobs').select('*').where({ status: 'running' }).andWhere('leaseUntil', '<', now);
  }

  /** Takes an expired job for `node` by compare-and-set on its expiry (of two nodes, one wins). */
  async take(job: JobRow, node: string, leaseUntil: number): Promise<boolean> {
    const changed = await this.knex('agr_import_jobs').where({ id: job.id, status: 'running', leaseUntil: job.leaseUntil }).update({ node, leaseUntil });
    return Number(changed) > 0;
  }

  async markInterrupted(jobId: string): Promise<void> {
    await this.knex('agr_import_jobs').where({ id: jobId }).update({ status: 'interrupted', finishedAt: new Date().toISOString(), leaseUntil: 0 });
  }
}
