/**
 * The index of page facts: one row per Wiki.js page, the systems each page takes part in, and
 * small shared state. Everything here can be rebuilt from Wiki.js's pages and tags.
 */
import type Knex from 'knex';
import { keyColumn, ownTableOptions } from './helpers';

// Comments stay under 60 characters (MSSQL) and free of quotes (knex 0.21 does not escape them).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agr_pages', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: facts of every Wiki.js page');
    table.integer('pageId').notNullable().primary().comment('Wiki.js pages.id');
    table.string('path', 255).notNullable().comment('pages.path at indexing time');
    table.string('locale', 16).notNullable().comment('pages.localeCode');
    table.string('title', 255).notNullable();
    table.boolean('isPublished').notNullable().defaultTo(false);
    table.text('tags').notNullable().comment('JSON array of the page tags as Wiki.js stores them');
    table.string('fingerprint', 64).notNullable().comment('hash of the cheap page columns; reconciliation compares it');
    table.boolean('relevant').notNullable().defaultTo(false).comment('takes part in a system, declares something or has issues');
    table.boolean('declares').notNullable().defaultTo(false).comment('declares a system or a framework');
    table.text('facts', 'longtext').comment('JSON of PageFacts; null when the page is not relevant');
    table.string('indexedAt', 32).notNullable().comment('ISO timestamp');
    table.index(['relevant'], 'agr_pages_relevant_index');
    table.index(['declares'], 'agr_pages_declares_index');
    table.index(['locale', 'path'], 'agr_pages_locale_path_index');
  });
  await knex.schema.createTable('agr_page_systems', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: systems a page belongs to or declares');
    table.integer('pageId').notNullable().references('pageId').inTable('agr_pages').onDelete('CASCADE');
    keyColumn(knex, table, 'systemKey').notNullable().comment('normalised system key');
    table.string('role', 16).notNullable().comment('agreement (belongs to) or system (declares)');
    table.primary(['pageId', 'systemKey', 'role']);
    table.index(['systemKey'], 'agr_page_systems_key_index');
  });
  await knex.schema.createTable('agr_meta', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: index version, reconciliation, lease');
    keyColumn(knex, table, 'key', 64).notNullable().primary();
    table.text('value');
    table.string('updatedAt', 32).notNullable().comment('ISO timestamp');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('agr_meta');
  await knex.schema.dropTable('agr_page_systems');
  await knex.schema.dropTable('agr_pages');
}
