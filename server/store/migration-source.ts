/** A knex migration source over the static list in migrations/index.ts, with our own table. */
import type Knex from 'knex';
import { migrations, type AgreementMigration } from '../../migrations';

/** Our migrations table (knex adds `agreementsMigrations_lock`); Wiki.js's `migrations` is never touched. */
export const MIGRATIONS_TABLE = 'agreementsMigrations';

export class AgreementMigrationSource implements Knex.MigrationSource<AgreementMigration> {
  constructor(private readonly list: readonly AgreementMigration[] = migrations) {}

  async getMigrations(): Promise<AgreementMigration[]> {
    return [...this.list];
  }

  getMigrationName(migration: AgreementMigration): string {
    return migration.name;
  }

  getMigration(migration: AgreementMigration): Knex.Migration {
    return { up: migration.up, down: migration.down };
  }
}

function config(): Knex.MigratorConfig {
  return { tableName: MIGRATIONS_TABLE, migrationSource: new AgreementMigrationSource() };
}

/** Brings the `agr_*` tables to the latest version. */
export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest(config());
}

/** Undoes every migration of ours (uninstall and tests); leaves the migrations table itself. */
export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback(config(), true);
}
