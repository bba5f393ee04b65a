/**
 * CSV imports (contract §7.3) as background jobs: the job (who started it, its options, status
 * and the lease of the node running it) and one row per CSV line with its planned write and its
 * outcome, recorded before the next line is written. Any node reports a job from here; after a
 * restart an unfinished job is resumed or reported as interrupted.
 */
import type Knex from 'knex';
import { keyColumn, ownTableOptions } from './helpers';

// Comments stay under 60 characters (MSSQL) and free of quotes (knex 0.21 does not escape them).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agr_import_jobs', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: CSV import jobs');
    keyColumn(knex, table, 'id', 36).notNullable().primary();
    table.integer('userId').notNullable().comment('Wiki.js users.id of the importing user');
    table.text('user').notNullable().comment('JSON of the acting user: id, groups, permissions');
    table.string('status', 16).notNullable().comment('running, done or interrupted');
    table.boolean('updateMode').notNullable().defaultTo(false);
    table.string('lang', 8).notNullable();
    table.integer('total').notNullable().comment('data rows of the CSV');
    table.string('node', 64).comment('node holding the lease');
    table.bigInteger('leaseUntil').notNullable().defaultTo(0).comment('epoch ms; expired = nobody runs it');
    table.string('createdAt', 32).notNullable();
    table.string('finishedAt', 32);
    table.index(['status'], 'agr_import_jobs_status_index');
  });
  await knex.schema.createTable('agr_import_rows', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: rows of CSV import jobs');
    keyColumn(knex, table, 'jobId', 36).notNullable().references('id').inTable('agr_import_jobs').onDelete('CASCADE');
    table.integer('line').notNullable().comment('CSV line, header = 1');
    table.string('path', 255).notNullable();
    table.string('locale', 16).notNullable();
    table.string('planned', 16).notNullable().comment('CREATE UPDATE UNCHANGED or SKIP');
    table.text('pageWrite', 'longtext').comment('JSON of the page draft or patch');
    table.string('action', 16).comment('outcome; null while pending');
    table.text('message').comment('why the write failed');
    table.primary(['jobId', 'line']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('agr_import_rows');
  await knex.schema.dropTableIfExists('agr_import_jobs');
}
