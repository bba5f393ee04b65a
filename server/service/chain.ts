/**
 * The one place that builds the extension's chain on a host: store → indexer → read services →
 * page writer → authoring → import. Wiki.js (server/host/wiki-chain.ts: one chain per process,
 * shared by the boot hook and the GraphQL resolvers), the dev app, the benchmarks and the tests
 * all build it here, so each part is made once and wired the same way everywhere.
 */
import type Knex from 'knex';
import { KnexAgreementStore } from '../store/knex-store';
import { KnexImportJobStore } from '../store/import-job-store';
import { AgreementIndexer, WikiPageSource, type IndexerOptions } from '../indexer';
import type { PageWriter } from '../host/page-writer';
import type { AccessPolicy, HostUser } from '../host/types';
import { ReadServices } from './read-services';
import { AuthoringService } from './authoring-service';
import { ImportService } from './import-service';
import type { StoredUser } from './import-jobs';

/** What the chain needs of its host (Wiki.js, or the dev app's stand-in). */
export interface ChainHost {
  /** The host's database (Wiki.js's `WIKI.models.knex`): its pages and tags, and our `agr_*` tables. */
  knex: Knex;
  /** The host's access check (Wiki.js's `checkAccess`, page rules included). */
  access: AccessPolicy;
  /** The host's page API writing as the acting user; `index` is the chain's indexer, which follows its writes. */
  writer(index: AgreementIndexer): PageWriter;
  /** The wiki's site language: the locale of new pages of a system without a system page, and of imported rows without one. */
  siteLocale: string;
  /** Re-creates the acting user of an import job after a restart; without it such jobs are reported as interrupted. */
  restoreUser?(stored: StoredUser): Promise<HostUser | undefined>;
  /** Run our migrations now (default); Wiki.js's chain leaves them to the boot hook. */
  migrate?: boolean;
  /** Progress of long runs and resumed jobs (`info`), writes run again after a lock conflict (`warn`). */
  log?: { info(message: string): void; warn(message: string): void };
  /** The current time of the history (ISO; tests and the dev app pin it). */
  historyNow?: () => string;
  /** Reference date (YYYY-MM-DD) for overdue reviews; today by default (tests pin it). */
  today?: () => string;
  /** The current time (ISO) of the read services: publishing windows and `asOf` (tests pin it). */
  now?: () => string;
  /** Options of the indexer (batch sizes, node name). */
  indexer?: Omit<IndexerOptions, 'log'>;
}

export interface AgreementChain {
  store: KnexAgreementStore;
  indexer: AgreementIndexer;
  /** The read services (`forRequest` for one request's). */
  reading: ReadServices;
  writer: PageWriter;
  authoring: AuthoringService;
  importer: ImportService;
}

export async function createAgreementChain(host: ChainHost): Promise<AgreementChain> {
  const { knex, access, siteLocale, log } = host;
  const store = await KnexAgreementStore.create(knex, { skipMigrations: host.migrate === false, now: host.historyNow, log: log && ((m) => log.warn(m)) });
  const indexer = new AgreementIndexer(store, new WikiPageSource(knex), { ...host.indexer, log: log && ((m) => log.info(m)) });
  const reading = new ReadServices({ store, access, indexer, today: host.today, now: host.now });
  // Writes go through the host's page API; its save hooks (or the stand-in) make the index follow.
  const writer = host.writer(indexer);
  const authoring = new AuthoringService({ systems: reading.systems, store, access, writer, siteLocale });
  const importer = new ImportService({
    jobStore: new KnexImportJobStore(knex),
    service: reading.systems,
    store,
    access,
    writer,
    siteLocale,
    restoreUser: host.restoreUser,
    log: log && ((m) => log.info(m)),
  });
  return { store, indexer, reading, writer, authoring, importer };
}
