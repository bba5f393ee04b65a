/**
 * The input layer of the agreements API, shared by every resolver group: the argument validators
 * and the inputs they parse, the request scope (service, reader, language of one request) and the
 * shape of an issue. A validator checks type and size before anything looks inside a value, and
 * throws an AgreementArgumentError; `answeringArgumentErrors` turns that, for every field alike,
 * into a GraphQL error in the request's language (README, "GraphQL"). Answer shapes: shapes.ts.
 */
import type { GraphQLResolveInfo } from 'graphql';
import {
  MAX_KEY_LENGTH,
  MAX_LINK_LENGTH,
  MAX_LIST_VALUES,
  MAX_PATH_LENGTH,
  decodeOverviewCursor,
  decodeSearchCursor,
  isLang,
  langOf,
  normaliseValue,
  normaliseWikiPath,
  translate,
  type AgreementFilter,
  type AgreementSearchFilter,
  type Lang,
} from '../domain';
import type { RequestServices } from '../service/read-services';
import type { AuthoringService, NewAgreementInput, NewSystemInput, PlacementInput } from '../service/authoring-service';
import type { ImportService } from '../service/import-service';
import { HistoryMomentError } from '../service/history';
import type { HostUser } from '../host/types';

/** A field resolver as graphql-tools takes it. */
export type Resolver<Context> = (parent: unknown, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => unknown;
export type ResolverMap<Context> = Record<string, Resolver<Context>>;

/** How the resolvers reach the services and the reader of one request. */
export interface ResolverContextAdapter<Context> {
  /** The read services (one set per process); each request gets its own by `forRequest`. */
  reading(context: Context): ReadingServices | Promise<ReadingServices>;
  /** The reader; undefined only where `@auth` already refused the request. */
  user(context: Context): HostUser | undefined;
  /** CSV import and export (contract §7.3); their fields answer only where the host provides it. */
  importer?(context: Context): ImportService | Promise<ImportService>;
  /** Creating and placing agreements (contract §7); without it no reader is offered either. */
  authoring?(context: Context): AuthoringService | Promise<AuthoringService>;
}

/** What the resolvers read through: services per request (see `ReadServices`). */
export interface ReadingServices {
  forRequest(): RequestServices;
}

/** What every resolver group gets: the services and the reader of the request it answers. */
export interface RequestScope<Context> {
  /** The reader and the read services of this request (its catalogue computed once for all its fields). */
  forRequest(context: Context): Promise<RequestServices & { user: HostUser }>;
  authoringFor(context: Context): Promise<{ authoring: AuthoringService; user: HostUser }>;
  /** The authoring service where the host has one (the matrix offers "Nieuwe afspraak" only then). */
  optionalAuthoring(context: Context): Promise<AuthoringService | undefined>;
  importerFor(context: Context): Promise<{ importer: ImportService; user: HostUser }>;
  /** `compute` once per request and key: fields of one request that need the same answer share it. */
  once<T>(context: Context, key: string, compute: () => Promise<T>): Promise<T>;
}

/** One feature's resolvers; the root merges every group's maps into the schema's types. */
export interface ResolverGroup<Context> {
  query?: ResolverMap<Context>;
  mutation?: ResolverMap<Context>;
  /** Resolvers of the feature's own object types (`AgreementSystem`, `MatrixCell`…). */
  types?: Record<string, ResolverMap<Context>>;
}

export function createRequestScope<Context>(adapter: ResolverContextAdapter<Context>): RequestScope<Context> {
  const userOf = (context: Context): HostUser => {
    const user = adapter.user(context);
    if (!user) throw new Error('Unauthorized');
    return user;
  };
  // What one request keeps (its read services and its shared answers), keyed by the request's
  // context object: a new request, a new context, a new memo; nothing is shared between requests
  // or readers. A context that is no object keeps nothing.
  const requests = new WeakMap<object, Map<string, Promise<unknown>>>();
  const once = <T>(context: Context, key: string, compute: () => Promise<T>): Promise<T> => {
    if (typeof context !== 'object' || context === null) return compute();
    let values = requests.get(context);
    if (!values) requests.set(context, (values = new Map()));
    let value = values.get(key) as Promise<T> | undefined;
    if (!value) values.set(key, (value = compute()));
    return value;
  };
  const serviceOf = (context: Context): Promise<RequestServices> => once(context, 'services', async () => (await adapter.reading(context)).forRequest());
  return {
    async forRequest(context) {
      const user = userOf(context);
      return { ...(await serviceOf(context)), user };
    },
    async authoringFor(context) {
      const user = userOf(context);
      if (!adapter.authoring) throw new Error('Unauthorized');
      return { authoring: await adapter.authoring(context), user };
    },
    async optionalAuthoring(context) {
      return adapter.authoring?.(context);
    },
    async importerFor(context) {
      const user = userOf(context);
      if (!adapter.importer) throw new Error('CSV import is not available on this host');
      return { importer: await adapter.importer(context), user };
    },
    once,
  };
}

// ---- Errors ----------------------------------------------------------------------------------

/** What an argument should have been: a key of core.json `argument.expected` and its numbers. */
export interface Expected {
  key: 'key' | 'text' | 'path' | 'list' | 'number' | 'cursor' | 'object' | 'framework';
  params?: Record<string, number>;
}

/** An argument no answer can be given for; the resolvers' wrapper tells the reader what was expected. */
export class AgreementArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly expected: Expected,
  ) {
    super(`Invalid argument: ${argument}`);
    this.name = 'AgreementArgumentError';
  }
}

/** An error for the whole field or request, as graphql-js reports it (`extensions` are kept). */
export class AgreementRequestError extends Error {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AgreementRequestError';
  }
}

/**
 * The request's language: the `lang` argument (or its input object's `lang`), else the reader's
 * Wiki.js locale; undefined when neither says.
 */
export function requestLang(args: Record<string, unknown>, user: HostUser | undefined): Lang | undefined {
  if (isLang(args.lang)) return args.lang;
  for (const value of Object.values(args)) {
    if (value && typeof value === 'object' && isLang((value as Record<string, unknown>).lang)) return (value as Record<string, unknown>).lang as Lang;
  }
  return user?.locale ? langOf(user.locale) : undefined;
}

/** A message in the request's language, or in Dutch and English when the request has none. */
export function requestMessage(lang: Lang | undefined, key: string, params: Record<string, string | number | undefined>): string {
  return lang ? translate(lang, key, params) : `${translate('nl', key, params)} / ${translate('en', key, params)}`;
}

function argumentFailure(error: AgreementArgumentError, lang: Lang | undefined): AgreementRequestError {
  const expected = (language: Lang) => translate(language, `argument.expected.${error.expected.key}`, error.expected.params);
  const message = lang
    ? translate(lang, 'argument.invalid', { name: error.argument, expected: expected(lang) })
    : (['nl', 'en'] as const).map((language) => translate(language, 'argument.invalid', { name: error.argument, expected: expected(language) })).join(' / ');
  return new AgreementRequestError(message, { code: 'BAD_USER_INPUT', argument: error.argument });
}

/** The resolver, with a bad argument answered as every field answers it: a GraphQL error in the request's language. */
export function answeringArgumentErrors<Context>(resolver: Resolver<Context>, userOf: (context: Context) => HostUser | undefined): Resolver<Context> {
  return (parent, args, context, info) => {
    const fail = (error: unknown): never => {
      if (error instanceof AgreementArgumentError) throw argumentFailure(error, requestLang(args ?? {}, userOf(context)));
      throw error;
    };
    try {
      const answer = resolver(parent, args, context, info);
      // Synchronous resolvers (a cell's agreements) stay synchronous: no promise per cell.
      return answer instanceof Promise ? answer.catch(fail) : answer;
    } catch (error) {
      return fail(error);
    }
  };
}

/** A moment the history cannot answer for, told the reader in their language (naming the start). */
export async function withHistoryErrors<T>(user: HostUser, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!HistoryMomentError.is(error)) throw error;
    throw new Error(translate(langFor(undefined, user), `history.${error.reason}`, { value: error.value, startsAt: error.startsAt?.slice(0, 10) }));
  }
}

/** The language an answer's own texts are in: the one asked for, else the reader's Wiki.js locale. */
export function langFor(requested: unknown, user: HostUser | undefined): Lang {
  return isLang(requested) ? requested : langOf(user?.locale);
}

// ---- Validators ------------------------------------------------------------------------------

/** GraphQL's `Int` is a signed 32-bit number. */
export const MAX_GRAPHQL_INT = 2 ** 31 - 1;

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Text of at most `max` characters (checked before anything looks inside it). */
export function textArg(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw new AgreementArgumentError(name, { key: 'text', params: { max } });
  return value;
}

export function optionalTextArg(name: string, value: unknown, max: number): string | undefined {
  return absent(value) ? undefined : textArg(name, value, max);
}

/** A key (system, framework, locale…), normalised as tags are. */
export function keyArg(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_KEY_LENGTH) throw new AgreementArgumentError(name, { key: 'key', params: { max: MAX_KEY_LENGTH } });
  return normaliseValue(value);
}

export function optionalKeyArg(name: string, value: unknown): string | undefined {
  return absent(value) ? undefined : keyArg(name, value);
}

/** A list of short texts: absent, or at most 50 of at most 100 characters. */
export function listArg(name: string, value: unknown): string[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value) || value.length > MAX_LIST_VALUES || value.some((item) => typeof item !== 'string' || item.length > MAX_KEY_LENGTH)) {
    throw new AgreementArgumentError(name, { key: 'list', params: { max: MAX_LIST_VALUES, length: MAX_KEY_LENGTH } });
  }
  return value as string[];
}

/** A page path as readers send it (`/path/` too), without its surrounding slashes. */
export function pathArg(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) throw new AgreementArgumentError(name, { key: 'path', params: { max: MAX_PATH_LENGTH } });
  return normaliseWikiPath(value);
}

export function wholeNumberArg(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new AgreementArgumentError(name, { key: 'number', params: { min, max } });
  return value;
}

export function optionalWholeNumberArg(name: string, value: unknown, min: number, max: number): number | undefined {
  return absent(value) ? undefined : wholeNumberArg(name, value, min, max);
}

/** A number of days for the upkeep horizons: 0 to some 100 years. */
export function dayCountArg(name: string, value: unknown): number | undefined {
  return optionalWholeNumberArg(name, value, 0, 36500);
}

/** A moment (`asOf`, `since`, `until`): text of a sane length; the history reads it. */
export function momentArg(name: string, value: unknown): string | undefined {
  return optionalTextArg(name, value, 40);
}

function inputObject(name: string, value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AgreementArgumentError(name, { key: 'object' });
  return value as Record<string, unknown>;
}

export function filterArg(value: unknown): AgreementFilter | undefined {
  if (absent(value)) return undefined;
  const raw = inputObject('filter', value);
  const list = (name: string) => listArg(`filter.${name}`, raw[name]);
  return { themes: list('themes'), statuses: list('statuses'), parties: list('parties'), includeRetired: raw.includeRetired === true };
}

export function searchFilterArg(value: unknown): AgreementSearchFilter | undefined {
  const common = filterArg(value);
  if (!common) return undefined;
  const raw = value as Record<string, unknown>;
  const list = (name: string) => listArg(`filter.${name}`, raw[name]);
  return { ...common, systems: list('systems'), chapters: list('chapters'), columns: list('columns'), layers: list('layers') };
}

const MAX_CURSOR_LENGTH = 2000;

export function overviewCursorArg(name: string, value: unknown) {
  if (absent(value)) return undefined;
  const position = typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH ? decodeOverviewCursor(value) : undefined;
  if (!position) throw new AgreementArgumentError(name, { key: 'cursor' });
  return position;
}

export function searchCursorArg(name: string, value: unknown) {
  if (absent(value)) return undefined;
  const position = typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH ? decodeSearchCursor(value) : undefined;
  if (!position) throw new AgreementArgumentError(name, { key: 'cursor' });
  return position;
}

// ---- Authoring inputs (contract §7.1, §7.2) --------------------------------------------------

/**
 * A title as typed may hold white space the page title collapses; a longer text is no title. A
 * tidied title over 255 characters is refused by the service, in the form ("title-too-long").
 */
const MAX_TITLE_INPUT_LENGTH = 1000;

/** Sizes only: what the values mean (keys, paths, framework values) the service checks, answering in data. */
export function newAgreementInputArg(value: unknown): NewAgreementInput {
  const input = inputObject('input', value);
  const key = (name: string) => optionalTextArg(`input.${name}`, input[name], MAX_KEY_LENGTH);
  return {
    system: textArg('input.system', input.system, MAX_KEY_LENGTH),
    chapter: key('chapter'),
    column: key('column'),
    layer: key('layer'),
    title: textArg('input.title', input.title, MAX_TITLE_INPUT_LENGTH),
    status: key('status'),
    themes: listArg('input.themes', input.themes),
    parties: listArg('input.parties', input.parties),
    path: optionalPathText('input.path', input.path),
    basedOn: optionalPathText('input.basedOn', input.basedOn),
  };
}

export function newSystemInputArg(value: unknown): NewSystemInput {
  const input = inputObject('input', value);
  return {
    key: textArg('input.key', input.key, MAX_KEY_LENGTH),
    title: textArg('input.title', input.title, MAX_TITLE_INPUT_LENGTH),
    region: optionalTextArg('input.region', input.region, MAX_TITLE_INPUT_LENGTH),
    path: optionalPathText('input.path', input.path),
    locale: optionalTextArg('input.locale', input.locale, MAX_KEY_LENGTH),
  };
}

export function placementInputArg(value: unknown): PlacementInput {
  const input = inputObject('placement', value);
  const list = (name: string) => listArg(`placement.${name}`, input[name]);
  return {
    systems: list('systems') ?? [],
    columns: list('columns'),
    chapters: list('chapters'),
    layers: list('layers'),
    status: optionalTextArg('placement.status', input.status, MAX_KEY_LENGTH),
    themes: list('themes'),
    parties: list('parties'),
  };
}

/** A path or page link as typed: at most a path's length plus `/<locale>/`; the service reads it. */
function optionalPathText(name: string, value: unknown): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) throw new AgreementArgumentError(name, { key: 'path', params: { max: MAX_PATH_LENGTH } });
  return value;
}

/** A page id (`Int!` in the SDL, so only its range is left to check). */
export function pageIdArg(name: string, value: unknown): number {
  return wholeNumberArg(name, value, 1, MAX_GRAPHQL_INT);
}
