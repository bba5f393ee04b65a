/**
 * The database differences the migrations meet. Supported: SQLite (sqlite3), PostgreSQL (pg),
 * MySQL/MariaDB (mysql, mysql2); MSSQL is kept possible: each quirk has an MSSQL branch or a
 * portable fallback.
 *
 * The store re-exports the basics of this file from `server/store/dialect.ts` (its dialect
 * helpers); nothing else outside `migrations/` imports it. A change here changes what shipped
 * migrations do on a new install: keep these helpers' behaviour.
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
 * Our own tables on MySQL/MariaDB: utf8mb4 with a binary collation, so that keys compare exactly
 * as our code compares them. (Wiki.js's tables get the accent-insensitive default; ours must not.)
 */
export function ownTableOptions(knex: Knex, table: Knex.CreateTableBuilder): void {
  if (dialectOf(knex) === 'mysql') {
    table.charset('utf8mb4');
    table.collate('utf8mb4_bin');
  }
}

/**
 * A string key column that compares byte for byte. MySQL gets it from the table collation;
 * MSSQL's default collation is case- and often accent-insensitive, so the column sets BIN2.
 */
export function keyColumn(knex: Knex, table: Knex.CreateTableBuilder, name: string, length = 255): Knex.ColumnBuilder {
  if (dialectOf(knex) === 'mssql') return table.specificType(name, `nvarchar(${length}) collate Latin1_General_100_BIN2`);
  return table.string(name, length);
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
