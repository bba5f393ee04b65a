/**
 * An index holding each row's version (`fingerprint`, `indexedAt`) by `relevant` and `pageId`:
 * the lean reads ask only for the versions of the pages they need (their facts are parsed in
 * process already at that version), and read them from the index alone, without the rows'
 * facts text. Nothing else changes.
 */
import type Knex from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agr_pages', (table) => {
    table.index(['relevant', 'pageId', 'fingerprint', 'indexedAt'], 'agr_pages_version_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agr_pages', (table) => {
    table.dropIndex(['relevant', 'pageId', 'fingerprint', 'indexedAt'], 'agr_pages_version_index');
  });
}
