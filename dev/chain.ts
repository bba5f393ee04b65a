/**
 * The extension's chain on the stand-in Wiki.js (dev/wikijs-schema.ts), for the dev app, the
 * benchmarks and the tests: `createAgreementChain` with the stand-in's page API, and the
 * standalone GraphQL schema over it. Everything but the host is the production chain.
 */
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { createAgreementChain, type AgreementChain, type ChainHost } from '../server/service/chain';
import { createStandaloneSchema } from '../server/graph/standalone';
import type { AccessPolicy, HostUser } from '../server/host/types';
import { DevPageWriter } from './page-api';
import { loadUser } from './page-rules';

/** The chain on the stand-in's tables; `host` overrides any part (clocks, migrations, site language). */
export function devChain(knex: Knex, access: AccessPolicy, host: Partial<ChainHost> = {}): Promise<AgreementChain> {
  return createAgreementChain({
    knex,
    access,
    writer: (index) => new DevPageWriter(knex, access, index),
    siteLocale: 'nl',
    restoreUser: (stored) => loadUser(knex, stored.id),
    ...host,
  });
}

/**
 * The GraphQL schema over a chain, for requests whose context carries the reader; authoring and
 * import only where asked for (without them their fields answer as on a host that has none).
 */
export function devSchema<Context extends { user?: HostUser }>(
  chain: AgreementChain,
  permissionsOf: (user: HostUser) => string[],
  parts: { authoring?: boolean; importer?: boolean } = {},
): GraphQLSchema {
  return createStandaloneSchema<Context>({
    reading: chain.reading,
    authoring: parts.authoring ? chain.authoring : undefined,
    importer: parts.importer ? chain.importer : undefined,
    userFromContext: (context) => context.user,
    permissionsOf,
  });
}
