/**
 * Framework declarations in `agr_page_systems` (role `framework`, the framework's key in
 * `systemKey`) and an index on `role`: a matrix then finds its system's pages and every page that
 * declares a framework in one indexed query, without scanning `agr_pages` for `declares`.
 * Existing indexes are backfilled from the stored facts; nothing else changes.
 */
import type Knex from 'knex';
import { chunk, insertChunkSize, readJson } from './helpers';

/** As the store writes them: the key, cut to the column's length (the row only marks the page). */
const MAX_KEY_LENGTH = 255;

function frameworkRowKeys(frameworks: unknown): string[] {
  if (!Array.isArray(frameworks)) return [];
  const keys = frameworks
    .map((f) => (f && typeof f === 'object' ? (f as { key?: unknown }).key : undefined))
    .filter((key): key is string => typeof key === 'string' && key.length > 0)
    .map((key) => key.slice(0, MAX_KEY_LENGTH));
  return [...new Set(keys)];
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agr_page_systems', (table) => {
    table.index(['role', 'systemKey'], 'agr_page_systems_role_index');
  });
  const declaring: Array<{ pageId: number; facts: unknown }> = await knex('agr_pages').select('pageId', 'facts').where('declares', true);
  const rows = declaring.flatMap((page) => {
    const facts = readJson(page.facts) as { frameworks?: unknown } | undefined;
    return frameworkRowKeys(facts?.frameworks).map((systemKey) => ({ pageId: Number(page.pageId), systemKey, role: 'framework' }));
  });
  for (const part of chunk(rows, insertChunkSize(3))) await knex('agr_page_systems').insert(part);
}

export async function down(knex: Knex): Promise<void> {
  await knex('agr_page_systems').where('role', 'framework').delete();
  await knex.schema.alterTable('agr_page_systems', (table) => {
    table.dropIndex(['role', 'systemKey'], 'agr_page_systems_role_index');
  });
}
