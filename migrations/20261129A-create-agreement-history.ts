/**
 * History of the index (contract §9.1): one row per recorded state of an agreement page, only
 * ever added, and which pages were ever in which system. The rows of one page form a chain
 * (`prevId` → the row it follows; unique per page), so two Wiki.js nodes that react to the same
 * change append it once. The baseline (`history.startsAt`) is written by the store after this
 * migration, from the index as it stands (an upgrade) or as the first reconciliation fills it.
 */
import type Knex from 'knex';
import { keyColumn, ownTableOptions } from './helpers';

// Comments stay under 60 characters (MSSQL) and free of quotes (knex 0.21 does not escape them).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agr_history', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: recorded states of agreement pages');
    table.increments('id').primary();
    table.integer('pageId').notNullable().comment('Wiki.js pages.id');
    table.integer('prevId').notNullable().comment('the row this one follows; 0 for the first');
    table.string('at', 32).notNullable().comment('ISO time the state took effect');
    table.string('updatedAt', 32).comment('pages.updatedAt of the recorded state');
    table.string('recordedAt', 32).notNullable().comment('ISO time of writing');
    table.boolean('deleted').notNullable().defaultTo(false);
    table.string('digest', 64).notNullable().comment('hash of facts; absent when in no system');
    table.text('facts').comment('JSON of HistoryFacts; null when absent');
    table.unique(['pageId', 'prevId'], 'agr_history_chain_unique');
    table.index(['pageId', 'at', 'id'], 'agr_history_page_at_index');
  });
  await knex.schema.createTable('agr_history_systems', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: systems a page was ever in');
    keyColumn(knex, table, 'systemKey').notNullable().comment('normalised system key');
    table.integer('pageId').notNullable().comment('Wiki.js pages.id');
    table.primary(['systemKey', 'pageId']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('agr_history_systems');
  await knex.schema.dropTable('agr_history');
  await knex('agr_meta').where('key', 'history.startsAt').delete();
}
