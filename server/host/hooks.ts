/**
 * Save hooks: keep the index in step with every path that changes pages or tags in Wiki.js 2.5.
 *
 * Paths found in the source (models/pages.js, graph/resolvers/page.js, modules/storage/*):
 * - `pages.createPage / updatePage / deletePage / movePage / convertPage`: GraphQL mutations,
 *   history restore (updatePage with `tags: []`), storage sync (disk, git) and the editor;
 *   updatePage calls movePage itself when the path or locale changes;
 * - `pages.migrateToLocale`: a bulk update of `localeCode` (admin → locales);
 * - tag rename and delete (admin → tags): the resolvers write `tags` / `pageTags` directly, with
 *   no model method to wrap, so a knex listener notices writes to `tags` and reconciles.
 * The wrapped method's result and error are passed on untouched; indexing runs after it (also
 * after a failure, because core writes content and tags before a render can fail) and any
 * indexing error is logged, never thrown into the page operation.
 */
import type Knex from 'knex';
import type { WikiModelMethod, WikiPagesModel } from './wiki-host';
import type { HostLogger, PageIndexTarget } from './types';

export interface PageHookOptions {
  pages: WikiPagesModel;
  knex: Knex;
  index: PageIndexTarget;
  logger: HostLogger;
  /** Wait before reconciling after tag writes, so one admin action gives one reconciliation. */
  reconcileDelayMs?: number;
}

type HookedMethod = 'createPage' | 'updatePage' | 'deletePage' | 'movePage' | 'convertPage' | 'migrateToLocale';

/** Marks our wrappers, so installing twice (a second boot in one process) never wraps a wrapper. */
const WRAPPED = Symbol.for('afsprakenwiki.hooked');

type Wrapped = WikiModelMethod & { [WRAPPED]?: WikiModelMethod };

const TAG_WRITE = /^\s*(?:update|delete\s+from)\s+[`"[]?tags[`"\]]?[\s(]/i;

/** Installs the hooks; returns a function that restores the original methods. */
export function installPageHooks(options: PageHookOptions): () => void {
  const { pages, knex, index, logger } = options;
  const originals = new Map<HookedMethod, WikiModelMethod>();

  const safely = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      logger.warn(`[afsprakenwiki] index update after ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const pageIdAt = async (path: unknown, locale: unknown): Promise<number | undefined> => {
    if (typeof path !== 'string' || typeof locale !== 'string') return undefined;
    const clean = path.replace(/^\/+|\/+$/g, '');
    const row: { id: number } | undefined = await knex('pages').select('id').where({ path: clean, localeCode: locale }).first();
    return row ? Number(row.id) : undefined;
  };
  const idOf = async (opts: Record<string, unknown>): Promise<number | undefined> =>
    typeof opts.id === 'number' || typeof opts.id === 'string' ? Number(opts.id) : pageIdAt(opts.path, opts.locale);
  /** Re-reads the page; the indexer drops it from the index when it no longer exists. */
  const refresh = async (id: number | undefined): Promise<void> => {
    if (id !== undefined) await index.indexPages([id]);
  };
  /**
   * After a successful create or update the page's tags are those of `opts.tags`, normalised as
   * Wiki.js's associateTags stores them; passing them spares a scan of the unindexed `pageTags`.
   * After a failure (e.g. MariaDB's accent-insensitive tag clash) the tags are read back instead.
   */
  const refreshWithTags = async (id: number | undefined, opts: Record<string, unknown>, succeeded: boolean): Promise<void> => {
    if (id === undefined) return;
    const tags = succeeded && Array.isArray(opts.tags) ? wikiStoredTags(opts.tags) : undefined;
    await index.indexPages([id], tags && new Map([[id, tags]]));
  };

  /** `before` runs ahead of the original (ids that vanish with it), `after` once it settled. */
  const wrap = (
    name: HookedMethod,
    before: (opts: Record<string, unknown>) => Promise<number | undefined>,
    after: (id: number | undefined, opts: Record<string, unknown>, succeeded: boolean) => Promise<unknown>,
  ) => {
    const current = pages[name] as Wrapped;
    const original = current[WRAPPED] ?? current;
    originals.set(name, original);
    const wrapped: Wrapped = async function (this: unknown, opts: Record<string, unknown>) {
      let id: number | undefined;
      await safely(`${name} (lookup)`, async () => {
        id = await before(opts ?? {});
      });
      let succeeded = false;
      try {
        const result = await original.call(this, opts);
        succeeded = true;
        return result;
      } finally {
        await safely(name, () => after(id, opts ?? {}, succeeded));
      }
    };
    wrapped[WRAPPED] = original;
    pages[name] = wrapped;
  };

  const none = async () => undefined;
  // createPage normalises `opts.path` in place, so the id is looked up afterwards.
  wrap('createPage', none, async (_id, opts, succeeded) => refreshWithTags(await pageIdAt(opts.path, opts.locale), opts, succeeded));
  wrap('updatePage', idOf, refreshWithTags);
  wrap('deletePage', idOf, refresh);
  wrap('movePage', idOf, refresh);
  wrap('convertPage', idOf, refresh);
  wrap('migrateToLocale', none, () => index.reconcile());

  let timer: NodeJS.Timeout | undefined;
  const onQuery = (_response: unknown, query: { sql?: unknown }) => {
    if (typeof query?.sql !== 'string' || !TAG_WRITE.test(query.sql) || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void safely('a tag change', () => index.reconcile());
    }, options.reconcileDelayMs ?? 500);
    timer.unref();
  };
  knex.on('query-response', onQuery);

  return () => {
    for (const [name, original] of originals) pages[name] = original;
    knex.removeListener('query-response', onQuery);
    if (timer) clearTimeout(timer);
  };
}

/** Tags as Wiki.js's `Tag.associateTags` stores them: trimmed, lower-cased, unique, non-empty. */
function wikiStoredTags(tags: readonly unknown[]): string[] {
  return [...new Set(tags.filter((t): t is string => typeof t === 'string').map((t) => t.trim().toLowerCase()))].filter((t) => t.length > 0);
}
