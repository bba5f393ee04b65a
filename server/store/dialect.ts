/**
 * Every database difference the running extension meets (store, indexer, host reads), in one
 * place. Supported: SQLite (sqlite3), PostgreSQL (pg), MySQL/MariaDB (mysql, mysql2); MSSQL is
 * kept possible: each quirk has an MSSQL branch or a portable fallback.
 *
 * The basics the migrations need as well (`Dialect`, `dialectOf`, `MAX_VARIABLES`, `chunk`,
 * `insertChunkSize`, `readJson`) live in `migrations/helpers.ts`, the lowest layer (migrations
 * import nothing outside `migrations/`), and are re-exported here: one copy for both.
 */
import type Knex from 'knex';
import { dialectOf, type Dialect } from '../../migrations/helpers';

export { MAX_VARIABLES, chunk, dialectOf, insertChunkSize, readJson, type Dialect } from '../../migrations/helpers';

/**
 * The length of a text column computed by the database, so fingerprints never transfer content.
 * PostgreSQL's `octet_length` reads the TOAST header without decompressing; MSSQL has `datalength`.
 * Units differ per database (bytes or characters); a fingerprint is only compared on one database.
 */
export function lengthOf(knex: Knex, column: string, alias: string): Knex.Raw {
  const functions: Partial<Record<Dialect, string>> = { postgres: 'octet_length', mssql: 'datalength' };
  const fn = functions[dialectOf(knex)] ?? 'length';
  return knex.raw(`${fn}(??) as ??`, [column, alias]);
}

/** Inserts one row into a table with an auto-increment `id` and returns that id. */
export async function insertReturningId(knex: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  // sqlite3 and mysql return the new id by themselves and warn when asked for `returning`.
  const returning = ['postgres', 'mssql'].includes(dialectOf(knex));
  const [inserted] = (await (returning ? knex(table).insert(row, 'id') : knex(table).insert(row))) as Array<number | { id: number }>;
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}

/** Booleans come back as true/false (pg, mysql2 with typeCast), 0/1 (sqlite, mysql) or '0'/'1'. */
export function readBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** Counts returned by `count(*)`: a number, a bigint string (pg) or a BigInt. */
export function readCount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/**
 * PostgreSQL: gathers the planner's statistics of these tables now (`analyze`), as autovacuum
 * would a little later: until then, after a bulk write, it plans on statistics of before.
 * Elsewhere nothing to do.
 */
export async function refreshStatistics(db: Knex, tables: readonly string[]): Promise<void> {
  if (dialectOf(db) === 'postgres') await db.raw(`analyze ${tables.map(() => '??').join(', ')}`, [...tables]);
}

/** A unique or primary key violation, as each driver reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errno, number } = (error ?? {}) as { code?: unknown; errno?: unknown; number?: unknown };
  return (
    code === '23505' || // PostgreSQL
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 || // MySQL/MariaDB
    (code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY/i.test(String((error as Error).message))) ||
    number === 2627 ||
    number === 2601 // MSSQL
  );
}

/** Two transactions that waited on each other; the database ended one of them. */
export function isDeadlock(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === '40P01' || code === 'ER_LOCK_DEADLOCK' || errno === 1213;
}
