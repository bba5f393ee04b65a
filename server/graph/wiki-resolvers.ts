/**
 * The resolvers as Wiki.js auto-loads them from server/graph/resolvers/ (installed there as
 * agreements.js): `Query.agreements`, `Mutation.agreements` and the namespaced types. Wiki.js
 * builds the schema before the boot hook runs, so the service is created on first use.
 */
import { AgreementIndexer, WikiPageSource } from '../indexer';
import { KnexAgreementStore } from '../store/knex-store';
import { DefaultAgreementService } from '../service/agreement-service';
import type { AgreementService } from '../service/types';
import { AuthoringService } from '../service/authoring-service';
import { ImportService } from '../service/import-service';
import { WikiPageWriter } from '../host/wiki-page-writer';
import { hostUserFromRequest, siteLocale, wikiHost, type WikiRequestUser } from '../host/wiki-host';
import { createResolvers } from './resolvers';

/** Wiki.js's GraphQL context (core/servers.js). */
interface WikiContext {
  req?: { user?: WikiRequestUser };
}

interface WikiServices {
  service: DefaultAgreementService;
  authoring: AuthoringService;
  importer: ImportService;
}

let services: Promise<WikiServices> | undefined;

/** One service per process: it holds no results, only the store and the access check. */
function wikiServices(): Promise<WikiServices> {
  services ??= (async () => {
    const host = wikiHost();
    if (!host) throw new Error('Afsprakenwiki: Wiki.js is not available');
    // The boot hook runs the migrations; a request never does.
    const store = await KnexAgreementStore.create(host.knex, { skipMigrations: true, log: (m) => host.logger.warn(m) });
    const indexer = new AgreementIndexer(store, new WikiPageSource(host.knex), { log: (m) => host.logger.info(m) });
    const service = new DefaultAgreementService({ store, access: host.access, indexer });
    // Writes go through Wiki.js's page API; its save hooks make the index follow.
    const writer = new WikiPageWriter({ ...host, index: indexer });
    const locale = siteLocale(host);
    const authoring = new AuthoringService({ agreements: service, store, access: host.access, writer, siteLocale: locale });
    // Jobs a restart stopped are resumed by the boot hook's own ImportJobs (boot.ts).
    const importer = new ImportService({ knex: host.knex, service, pagesOfSystem: (key) => store.systemFacts([key]), access: host.access, writer, siteLocale: locale });
    return { service, authoring, importer };
  })().catch((err: unknown) => {
    services = undefined;
    throw err;
  });
  return services;
}

const resolvers = createResolvers<WikiContext>({
  service: async (): Promise<AgreementService> => (await wikiServices()).service,
  user: (context) => hostUserFromRequest(context.req?.user),
  authoring: async () => (await wikiServices()).authoring,
  importer: async () => (await wikiServices()).importer,
});

export const Query = resolvers.Query;
export const Mutation = resolvers.Mutation;
export const AgreementsQuery = resolvers.AgreementsQuery;
export const AgreementsMutation = resolvers.AgreementsMutation;
export const AgreementSystem = resolvers.AgreementSystem;
export const MatrixCell = resolvers.MatrixCell;
