/**
 * The resolvers as Wiki.js auto-loads them from server/graph/resolvers/ (installed there as
 * agreements.js): `Query.agreements`, `Mutation.agreements` and the namespaced types. Wiki.js
 * builds the schema before the boot hook runs, so the chain is found (or built) on first use.
 */
import { hostUserFromRequest, wikiHost, type WikiRequestUser } from '../host/wiki-host';
import { wikiChain } from '../host/wiki-chain';
import type { AgreementChain } from '../service/chain';
import { createResolvers } from './resolvers';

/** Wiki.js's GraphQL context (core/servers.js). */
interface WikiContext {
  req?: { user?: WikiRequestUser };
}

/** The process's chain (shared with the boot hook, see wiki-chain.ts). */
function chain(): Promise<AgreementChain> {
  const host = wikiHost();
  if (!host) return Promise.reject(new Error('Afsprakenwiki: Wiki.js is not available'));
  return wikiChain(host);
}

const resolvers = createResolvers<WikiContext>({
  reading: async () => (await chain()).reading,
  user: (context) => hostUserFromRequest(context.req?.user),
  authoring: async () => (await chain()).authoring,
  importer: async () => (await chain()).importer,
});

export const Query = resolvers.Query;
export const Mutation = resolvers.Mutation;
export const AgreementsQuery = resolvers.AgreementsQuery;
export const AgreementsMutation = resolvers.AgreementsMutation;
export const AgreementSystem = resolvers.AgreementSystem;
export const MatrixCell = resolvers.MatrixCell;
