/**
 * The publishing window of every indexed page (Wiki.js's `publishStartDate` / `publishEndDate`,
 * text as Wiki.js stores it; null when empty): contract §4 counts a page outside its window as
 * unpublished. Only the dates are kept, never whether the page is inside its window: that changes
 * with time alone, so every request judges it at its own moment. Existing rows get null; the
 * first reconciliation after the upgrade reads every page again (their fingerprints now include
 * the window) and fills them.
 */
import type Knex from 'knex';
import { dialectOf } from './helpers';

// Comments stay under 60 characters (MSSQL) and free of quotes (knex 0.21 does not escape them).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agr_pages', (table) => {
    table.string('publishStartDate', 255).comment('pages.publishStartDate; null when empty');
    table.string('publishEndDate', 255).comment('pages.publishEndDate; null when empty');
  });
}

export async function down(knex: Knex): Promise<void> {
  // SQLite: its own drop column (3.35 and later). knex 0.21 copies the table instead, and the copy
  // loses the table's indexes, which the migrations before this one then fail to drop.
  if (dialectOf(knex) === 'sqlite') {
    for (const column of ['publishEndDate', 'publishStartDate']) await knex.raw('alter table ?? drop column ??', ['agr_pages', column]);
    return;
  }
  await knex.schema.alterTable('agr_pages', (table) => {
    table.dropColumn('publishEndDate');
    table.dropColumn('publishStartDate');
  });
}
