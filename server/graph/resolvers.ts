/**
 * The resolvers of agreements.graphql, shared by Wiki.js and the standalone schema: the merge of
 * one resolver group per feature. Each resolver is thin (validate the arguments with inputs.ts,
 * ask the service for this reader, map to the GraphQL shape); authorisation of the fields
 * themselves is the `@auth` directive's job (declared in the SDL). A new feature is a group
 * module and one line in FEATURE_GROUPS.
 */
import {
  AgreementRequestError,
  answeringArgumentErrors,
  createRequestScope,
  requestLang,
  requestMessage,
  type RequestScope,
  type Resolver,
  type ResolverContextAdapter,
  type ResolverGroup,
  type ResolverMap,
} from './inputs';
import { MAX_SYSTEM_WIDE_ANSWERS, systemWideAnswers } from './request-cost';
import { readResolvers } from './read-resolvers';
import { learningResolvers } from './learning-resolvers';
import { partiesResolvers } from './parties-resolvers';
import { timeResolvers } from './time-resolvers';
import { importResolvers } from './import-resolvers';
import { authoringResolvers } from './authoring-resolvers';

export type { ResolverContextAdapter } from './inputs';

const FEATURE_GROUPS: ReadonlyArray<<Context>(scope: RequestScope<Context>) => ResolverGroup<Context>> = [
  readResolvers,
  learningResolvers,
  partiesResolvers,
  timeResolvers,
  importResolvers,
  authoringResolvers,
];

/** Resolvers by type name, as graphql-tools and Wiki.js's resolver loader take them. */
export type SchemaResolvers<Context> = Record<string, ResolverMap<Context> | Record<string, () => object>>;

export function createResolvers<Context>(adapter: ResolverContextAdapter<Context>): SchemaResolvers<Context> {
  const scope = createRequestScope(adapter);
  const types: Record<string, ResolverMap<Context>> = { AgreementsQuery: {}, AgreementsMutation: {} };
  const add = (type: string, resolvers: ResolverMap<Context> = {}) => {
    const target = (types[type] ??= {});
    for (const [field, resolver] of Object.entries(resolvers)) {
      if (target[field]) throw new Error(`Two resolvers for ${type}.${field}`);
      target[field] = answeringArgumentErrors(resolver, adapter.user);
    }
  };
  for (const group of FEATURE_GROUPS.map((create) => create(scope))) {
    add('AgreementsQuery', group.query);
    add('AgreementsMutation', group.mutation);
    for (const [type, resolvers] of Object.entries(group.types ?? {})) add(type, resolvers);
  }
  return {
    Query: { agreements: costBound(adapter) },
    Mutation: { agreements: costBound(adapter) },
    ...types,
  };
}

/**
 * The `agreements` root: refuses a request that asks for more system-wide answers than the bound
 * before any of them is computed. One error per request (a request may alias `agreements` too).
 */
function costBound<Context>(adapter: ResolverContextAdapter<Context>): Resolver<Context> {
  const refused = new WeakSet<object>();
  return (_parent, _args, context, info) => {
    const count = systemWideAnswers(info);
    if (count <= MAX_SYSTEM_WIDE_ANSWERS) return {};
    if (typeof context === 'object' && context !== null) {
      if (refused.has(context)) return null;
      refused.add(context);
    }
    const message = requestMessage(requestLang({}, adapter.user(context)), 'request.tooManyAnswers', { count, max: MAX_SYSTEM_WIDE_ANSWERS });
    throw new AgreementRequestError(message, { code: 'AGREEMENTS_TOO_MANY_ANSWERS', limit: MAX_SYSTEM_WIDE_ANSWERS, count });
  };
}
