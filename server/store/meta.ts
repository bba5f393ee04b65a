/**
 * `agr_meta`: small key/value state shared by every Wiki.js node (HA): the index generation and
 * version, when history began, the last reconciliation, the reconciliation lease.
 */
import type Knex from 'knex';
import { isUniqueViolation } from './dialect';

/**
 * A new random value on every index write (in the write's own transaction): a node that read the
 * relevant pages under one generation may answer from them while it stands. Created by the
 * migration 20261130A (which keeps its own copy of the name: migrations stay as they shipped).
 */
export const META_INDEX_GENERATION = 'index.generation';
/** When history began (contract `history.startsAt`). */
export const META_HISTORY_STARTS_AT = 'history.startsAt';

interface MetaRow {
  key: string;
  value: string | null;
  updatedAt: string;
}

/** Reads and writes of `agr_meta`, the same on every node. */
export class KnexMeta {
  constructor(private readonly knex: Knex) {}

  async get(key: string): Promise<string | undefined> {
    const row: MetaRow | undefined = await this.knex('agr_meta').first('*').where({ key });
    return row?.value ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    const updatedAt = new Date().toISOString();
    // Update first, insert when absent; a concurrent insert by another node means update again.
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.knex('agr_meta').where({ key }).update({ value, updatedAt })) > 0) return;
      try {
        await this.knex('agr_meta').insert({ key, value, updatedAt });
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`agr_meta: could not set ${key}`);
  }

  /** Sets `key` to `next` (undefined = delete) only if it still holds `expected` (undefined = absent). */
  async compareAndSet(key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    const updatedAt = new Date().toISOString();
    if (expected === undefined) {
      if (next === undefined) return (await this.get(key)) === undefined;
      try {
        await this.knex('agr_meta').insert({ key, value: next, updatedAt });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    }
    const matching = this.knex('agr_meta').where({ key, value: expected });
    const changed = next === undefined ? await matching.delete() : await matching.update({ value: next, updatedAt });
    return changed === 1;
  }

  /** A new index generation, inside the index write `trx` (see `KnexAgreementStore.writing`). */
  static async newGeneration(trx: Knex.Transaction, value: string): Promise<void> {
    await trx('agr_meta').where({ key: META_INDEX_GENERATION }).update({ value, updatedAt: new Date().toISOString() });
  }
}
