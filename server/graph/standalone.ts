/**
 * The agreements API as an executable schema outside Wiki.js (dev app, tests, benchmark): the
 * same SDL and resolvers, on the root types Wiki.js's common.graphql declares, with an `@auth`
 * directive that behaves like Wiki.js's (graph/directives/auth.js): no user → "Unauthorized";
 * none of the required scopes among the user's global permissions → "Forbidden".
 */
import { readFileSync } from 'fs';
import path from 'path';
// graphql-tools 7's own package, as graphql-tools re-exports it: the umbrella's index also loads
// upload links that do not resolve on current Node versions.
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  defaultFieldResolver,
  graphql,
  isObjectType,
  valueFromASTUntyped,
  type DirectiveNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { AuthoringService } from '../service/authoring-service';
import type { HostUser } from '../host/types';
import type { ImportService } from '../service/import-service';
import { createResolvers } from './resolvers';
import type { ReadingServices } from './inputs';

/** Wiki.js's root types and directive, as in its common.graphql. */
const BASE_SDL = readFileSync(path.join(__dirname, 'wikijs-root.graphql'), 'utf8');

export function readAgreementsSdl(): string {
  return readFileSync(path.join(__dirname, 'agreements.graphql'), 'utf8');
}

export interface StandaloneOptions<Context> {
  /** The read services (a chain's `reading`), or one per context. */
  reading: ReadingServices | ((context: Context) => ReadingServices);
  userFromContext: (context: Context) => HostUser | undefined;
  /** Creating and placing agreements (contract §7), over a PageWriter. */
  authoring?: AuthoringService;
  /** Global permissions of a user for `@auth`; by default those carried on the user. */
  permissionsOf?: (user: HostUser) => string[];
  /** CSV import and export (contract §7.3); without it those fields fail. */
  importer?: ImportService;
  /** The SDL, when agreements.graphql is not next to this file (bundles). */
  sdl?: string;
}

function requiredScopes(directives: readonly DirectiveNode[] | undefined): string[] | undefined {
  const auth = directives?.find((d) => d.name.value === 'auth');
  const requires = auth?.arguments?.find((a) => a.name.value === 'requires');
  if (!requires) return undefined;
  const value: unknown = valueFromASTUntyped(requires.value);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Wraps every field that (or whose type) carries `@auth`, as Wiki.js's directive does. */
function applyAuth<Context>(schema: GraphQLSchema, userOf: (c: Context) => HostUser | undefined, permissionsOf: (u: HostUser) => string[]): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeScopes = requiredScopes(type.astNode?.directives);
    for (const field of Object.values(type.getFields())) {
      const scopes = requiredScopes(field.astNode?.directives) ?? typeScopes;
      if (!scopes) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, context: Context, info) => {
        const user = userOf(context);
        if (!user) throw new Error('Unauthorized');
        if (!permissionsOf(user).some((p) => scopes.includes(p))) throw new Error('Forbidden');
        return resolve(parent, args, context, info);
      };
    }
  }
}

export function createStandaloneSchema<Context>(options: StandaloneOptions<Context>): GraphQLSchema {
  const { reading, userFromContext } = options;
  const permissionsOf = options.permissionsOf ?? ((user: HostUser) => user.permissions ?? []);
  const resolvers = createResolvers<Context>({
    reading: typeof reading === 'function' ? reading : () => reading,
    user: userFromContext,
    importer: options.importer ? () => options.importer as ImportService : undefined,
    authoring: options.authoring && (() => options.authoring as AuthoringService),
  });
  const schema = makeExecutableSchema({ typeDefs: [BASE_SDL, options.sdl ?? readAgreementsSdl()], resolvers });
  applyAuth(schema, userFromContext, permissionsOf);
  return schema;
}

export interface GraphqlRequestBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Runs one request body against a schema, as an HTTP handler would. */
export function executeGraphql<Context>(schema: GraphQLSchema, body: GraphqlRequestBody, context: Context): Promise<ExecutionResult> {
  return graphql({
    schema,
    source: body.query,
    variableValues: body.variables,
    operationName: body.operationName,
    contextValue: context,
  });
}
