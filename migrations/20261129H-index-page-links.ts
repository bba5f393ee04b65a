/**
 * The page links of `afspraak` blocks (`gebaseerd-op`, `volgt-uit`, `gebruikt`; contract
 * §8.3-8.4) by target, so an agreement page finds the pages that link to it in one indexed query.
 * Filled by the rebuild that index version 3 starts; like the rest, rebuilt from Wiki.js's pages.
 */
import type Knex from 'knex';
import { keyColumn, ownTableOptions } from './helpers';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agr_page_links', (table) => {
    ownTableOptions(knex, table);
    table.comment('Afsprakenwiki: page links of afspraak blocks');
    table.integer('pageId').notNullable().references('pageId').inTable('agr_pages').onDelete('CASCADE');
    table.string('field', 16).notNullable().comment('basedOn, derivesFrom or uses');
    table.string('locale', 16).notNullable().comment('linked locale, else the page locale');
    keyColumn(knex, table, 'path').notNullable().comment('linked path');
    table.primary(['pageId', 'field', 'locale', 'path']);
    table.index(['locale', 'path'], 'agr_page_links_target_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('agr_page_links');
}
