/**
 * The extension's chain inside Wiki.js: one per Wiki.js process, shared by the boot hook
 * (afsprakenwiki.js: migrations, save hooks, reconciliation, import jobs) and the GraphQL
 * resolvers (agreements.js). Those are two bundles, each with its own copy of this module, so
 * the chain is kept on the process (a global symbol): whichever asks first builds it, the other
 * finds it. Nothing in it holds a result for a reader. The boot hook runs the migrations; a
 * request never does.
 */
import { createAgreementChain, type AgreementChain } from '../service/chain';
import { restoreJobUser } from './job-user';
import { WikiPageWriter } from './wiki-page-writer';
import { siteLocale, type WikiHost } from './wiki-host';

const CHAIN = Symbol.for('afsprakenwiki.chain');

type Process = typeof globalThis & { [CHAIN]?: Promise<AgreementChain> };

export function wikiChain(host: WikiHost): Promise<AgreementChain> {
  const shared = globalThis as Process;
  shared[CHAIN] ??= createAgreementChain({
    knex: host.knex,
    access: host.access,
    // Writes go through Wiki.js's page API; its save hooks make the index follow.
    writer: (index) => new WikiPageWriter({ ...host, index }),
    siteLocale: siteLocale(host),
    restoreUser: (stored) => restoreJobUser(host.knex, stored),
    migrate: false,
    log: { info: (m) => host.logger.info(m), warn: (m) => host.logger.warn(m) },
  }).catch((err: unknown) => {
    shared[CHAIN] = undefined;
    throw err;
  });
  return shared[CHAIN];
}
