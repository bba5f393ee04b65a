/**
 * Every database difference the running extension meets (store, indexer, host reads), in one
 * place. Supported: SQLite (sqlite3), PostgreSQL (pg), MySQL/MariaDB (mysql, mysql2); MSSQL is
 * kept possible: each quirk has an MSSQL branch or a portable fallback.
 *
 * `migrations/helpers.ts` keeps its own copy of the few of these its migrations use
 * (`dialectOf`, `chunk`, `insertChunkSize`, `MAX_VARIABLES`, `readJson`): a migration that has
 * shipped must go on doing exactly what it did on every database it already ran on, so it may not
 * change with the store's helpers (a new chunk size, another reading of a column), and the
 * migrations import nothing outside `migrations/`.
 */
import type Knex from 'knex';

export type Dialect = 'sqlite' | 'postgres' | 'mysql' | 'mssql' | 'other';

/** Knex's own dialect name (`sqlite3`, `postgresql`, `mysql` for mysql2 too, `mssql`). */
export function dialectOf(knex: Knex): Dialect {
  const { dialect } = knex.client as { dialect?: string };
  switch (dialect) {
    case 'sqlite3':
      return 'sqlite';
    case 'postgresql':
      return 'postgres';
    case 'mysql':
      return 'mysql';
    case 'mssql':
      return 'mssql';
    default:
      return 'other';
  }
}

/**
 * Bound variables per statement we allow ourselves: SQLite before 3.32 stops at 999, MSSQL at
 * 2100, so every `whereIn` and multi-row insert is chunked below this.
 */
export const MAX_VARIABLES = 900;

/** Splits values into chunks of at most `size`. */
export function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

/** Rows per multi-row insert so that rows × columns stays under MAX_VARIABLES. */
export function insertChunkSize(columns: number): number {
  return Math.max(1, Math.floor(MAX_VARIABLES / columns));
}

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

/** JSON columns: pg returns parsed values, the others text; anything unreadable yields undefined. */
export function readJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
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
