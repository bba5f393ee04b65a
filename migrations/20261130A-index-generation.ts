/**
 * The index's generation (`agr_meta` key `index.generation`): a random text that every write of
 * `agr_pages` sets anew in its own transaction, on any node. A process that read the index's
 * pages at one generation may use them again while the generation is the same (see
 * `KnexAgreementStore.leanRelevantPages`); the row exists from here on, so a write only updates it.
 */
import { randomBytes } from 'crypto';
import type Knex from 'knex';

export const META_INDEX_GENERATION = 'index.generation';

export async function up(knex: Knex): Promise<void> {
  const value = randomBytes(12).toString('hex');
  await knex('agr_meta').insert({ key: META_INDEX_GENERATION, value, updatedAt: new Date().toISOString() });
}

export async function down(knex: Knex): Promise<void> {
  await knex('agr_meta').where({ key: META_INDEX_GENERATION }).delete();
}
