/**
 * The resolvers of agreements.graphql, shared by Wiki.js and the standalone schema. Each one is
 * thin: validate the arguments, ask the service for this reader, map to the GraphQL shape.
 * Authorisation of the fields themselves is the `@auth` directive's job (declared in the SDL).
 */
import {
  formatIssue,
  isLang,
  langOf,
  normaliseValue,
  translate,
  type AgreementFilter,
  type AgreementRef,
  type Framework,
  type Issue,
  type Lang,
  type Matrix,
  type MatrixCell,
  type SystemInfo,
} from '../domain';
import type { AgreementService } from '../service/types';
import type { AuthoringService } from '../service/authoring-service';
import { HistoryMomentError } from '../service/history';
import type { HostUser } from '../host/types';
import type { ImportService } from '../service/import-service';
import { importResolvers } from './import-resolvers';
import { learningQueries } from './learning-resolvers';
import { partiesQueries } from './parties-resolvers';
import { authoringResolvers } from './authoring-resolvers';

/** How the resolvers reach the service and the reader for one request. */
export interface ResolverContextAdapter<Context> {
  service(context: Context): AgreementService | Promise<AgreementService>;
  /** The reader; undefined only where `@auth` already refused the request. */
  user(context: Context): HostUser | undefined;
  /** CSV import and export (contract §7.3); their fields answer only where the host provides it. */
  importer?(context: Context): ImportService | Promise<ImportService>;
  /** Creating and placing agreements (contract §7); without it no reader is offered either. */
  authoring?(context: Context): AuthoringService | Promise<AuthoringService>;
}

/** Thrown for arguments no query could answer; the message is for developers, not readers. */
export class AgreementArgumentError extends Error {
  constructor(argument: string) {
    super(`Invalid argument: ${argument}`);
    this.name = 'AgreementArgumentError';
  }
}

const MAX_KEY_LENGTH = 100;
const MAX_FILTER_VALUES = 50;

export function keyArg(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_KEY_LENGTH) throw new AgreementArgumentError(name);
  return normaliseValue(value);
}

/** A list of keys in a filter argument (`filter.<name>`): absent, or at most 50 short strings. */
export function filterListArg(raw: Record<string, unknown>, name: string): string[] | undefined {
  const items = raw[name];
  if (items === undefined || items === null) return undefined;
  if (!Array.isArray(items) || items.length > MAX_FILTER_VALUES || items.some((i) => typeof i !== 'string' || i.length > MAX_KEY_LENGTH)) {
    throw new AgreementArgumentError(`filter.${name}`);
  }
  return items as string[];
}

export function filterArg(value: unknown): AgreementFilter | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') throw new AgreementArgumentError('filter');
  const raw = value as Record<string, unknown>;
  const list = (name: string) => filterListArg(raw, name);
  return { themes: list('themes'), statuses: list('statuses'), parties: list('parties'), includeRetired: raw.includeRetired === true };
}

/** A number of days for the upkeep horizons: 0 to some 100 years. */
function dayCountArg(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 36500) throw new AgreementArgumentError(name);
  return value;
}

function pathArg(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) throw new AgreementArgumentError(name);
  return value.replace(/^\/+|\/+$/g, '');
}

/** A system in the GraphQL shape; `frameworkDetail` resolves lazily from `frameworkObject`. */
export interface SystemShape {
  key: string;
  title: string;
  framework: string;
  frameworkObject?: Framework;
  declared: boolean;
  pageId?: number;
  pagePath?: string;
  locale?: string;
  region?: string;
  version?: string;
  date?: string;
  owner?: string;
  problem?: string;
  goals: string[];
  parties: Array<{ key: string; name?: string }>;
  themes: Array<{ key: string; title?: string; contact?: string }>;
  compareWith?: string;
  agreementCount: number;
}

export function systemShape(info: SystemInfo, framework?: Framework): SystemShape {
  const d = info.declaration;
  return {
    key: info.key,
    title: info.title,
    framework: info.framework,
    frameworkObject: framework,
    declared: info.declared,
    pageId: info.pageId,
    pagePath: info.pagePath,
    locale: info.locale,
    region: d?.region,
    version: d?.version,
    date: d?.date,
    owner: d?.owner,
    problem: d?.problem,
    goals: d?.goals ?? [],
    parties: d?.parties ?? [],
    themes: d?.themes ?? [],
    compareWith: d?.compareWith,
    agreementCount: info.agreementCount,
  };
}

export function frameworkShape(framework: Framework) {
  return {
    key: framework.key,
    labels: framework.labels,
    chapters: framework.chapters.map((c) => ({ key: c.key, labels: c.labels, columns: c.columns.map((col) => ({ key: col.key, labels: col.labels })) })),
    layers: framework.layers.map((l) => ({ key: l.key, labels: l.labels })),
    pagePath: framework.source?.path ?? null,
    locale: framework.source?.locale ?? null,
  };
}

export function issueShape(issue: Issue, lang: Lang) {
  return {
    code: issue.code,
    severity: issue.severity === 'error' ? 'ERROR' : 'WARNING',
    pageId: issue.pageId ?? null,
    pagePath: issue.pagePath ?? null,
    locale: issue.locale ?? null,
    system: issue.system ?? null,
    field: issue.field ?? null,
    value: issue.value ?? null,
    validValues: issue.validValues ?? null,
    line: issue.line ?? null,
    message: formatIssue(issue, lang),
  };
}

/** Where the reader may start a new agreement: a cell's path (null: "Niet ingedeeld"), or undefined. */
type NewAgreementBase = (cell: MatrixCell | null) => string | undefined;

function matrixShape(matrix: Matrix, authoring?: { base: NewAgreementBase; locale: string }) {
  return {
    system: systemShape(matrix.system, matrix.framework),
    // Plain objects: every field below resolves with graphql's default resolver, synchronously.
    cells: authoring ? matrix.cells.map((cell) => ({ ...cell, newAgreementPath: () => authoring.base(cell) ?? null })) : matrix.cells,
    newAgreementPath: () => authoring?.base(null) ?? null,
    newAgreementLocale: authoring?.locale ?? matrix.system.locale ?? 'en',
    unplaced: matrix.unplaced,
    themes: matrix.themes,
    // Functions the default resolver calls only when their field is asked for; each walks the
    // agreements once, without copying lists (a large system has thousands).
    parties: () => {
      const parties = new Set<string>();
      for (const refs of [...matrix.cells.map((c) => c.agreements), matrix.unplaced]) {
        for (const ref of refs) for (const party of ref.parties) parties.add(party);
      }
      return [...parties].sort();
    },
    agreementCount: () => {
      const pageIds = new Set<number>();
      for (const cell of matrix.cells) for (const ref of cell.agreements) pageIds.add(ref.pageId);
      return pageIds.size;
    },
  };
}

/** `MatrixCell.agreements(first:)`: all of them, or the first `first`. */
function cellAgreements(cell: MatrixCell, args: Record<string, unknown>): AgreementRef[] {
  const first = args.first;
  if (first === undefined || first === null) return cell.agreements;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0) throw new AgreementArgumentError('first');
  return cell.agreements.slice(0, first);
}

/** A moment argument (`asOf`, `since`, `until`): text of a sane length, or absent. */
function momentArg(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 40) throw new AgreementArgumentError(name);
  return value;
}

/** A moment the history cannot answer for, told the reader in their language (naming the start). */
async function withHistoryErrors<T>(user: HostUser, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof HistoryMomentError)) throw error;
    throw new Error(translate(langFor(undefined, user), `history.${error.reason}`, { value: error.value, startsAt: error.startsAt?.slice(0, 10) }));
  }
}

/** The reader's language: the one asked for, else the user's Wiki.js locale. */
function langFor(requested: unknown, user: HostUser | undefined): Lang {
  return isLang(requested) ? requested : langOf(user?.locale);
}

export type Resolver<Context> = (parent: unknown, args: Record<string, unknown>, context: Context) => unknown;

/** The service and the reader of one request. */
export type RequestScope<Context> = (context: Context) => Promise<{ service: AgreementService; user: HostUser }>;

export function createResolvers<Context>(adapter: ResolverContextAdapter<Context>) {
  /** The service and the reader of one request. */
  const forRequest: RequestScope<Context> = async (context) => {
    const user = adapter.user(context);
    if (!user) throw new Error('Unauthorized');
    return { service: await adapter.service(context), user };
  };
  const query: Record<string, Resolver<Context>> = {
    async frameworks(_parent, _args, context) {
      const { service, user } = await forRequest(context);
      return (await service.frameworks(user)).map(frameworkShape);
    },
    async systems(_parent, _args, context) {
      const { service, user } = await forRequest(context);
      return (await service.systems(user)).map((s) => systemShape(s));
    },
    async system(_parent, args, context) {
      const key = keyArg('key', args.key);
      const { service, user } = await forRequest(context);
      const info = await service.system(user, key);
      return info ? systemShape(info) : null;
    },
    async matrix(_parent, args, context) {
      const system = keyArg('system', args.system);
      const filter = filterArg(args.filter);
      const asOf = momentArg('asOf', args.asOf);
      const { service, user } = await forRequest(context);
      const matrix = await withHistoryErrors(user, () => service.matrix(user, system, filter, asOf));
      if (!matrix) return null;
      // A matrix of the past offers no new agreement: creating is for the system as it stands.
      const authoring = asOf === undefined ? await adapter.authoring?.(context) : undefined;
      return matrixShape(
        matrix,
        authoring && { base: (cell) => authoring.newAgreementBase(user, matrix.system, cell), locale: authoring.localeOf(matrix.system) },
      );
    },
    async compare(_parent, args, context) {
      const [a, b, filter] = [keyArg('a', args.a), keyArg('b', args.b), filterArg(args.filter)];
      const [asOfA, asOfB] = [momentArg('asOfA', args.asOfA), momentArg('asOfB', args.asOfB)];
      const { service, user } = await forRequest(context);
      const comparison = await withHistoryErrors(user, () => service.compare(user, a, b, filter, asOfA, asOfB));
      return comparison ? { ...comparison, a: systemShape(comparison.a), b: systemShape(comparison.b) } : null;
    },
    async validate(_parent, args, context) {
      const system = keyArg('system', args.system);
      const { service, user } = await forRequest(context);
      const lang = langFor(args.lang, user);
      return (await service.validate(user, system)).map((issue) => issueShape(issue, lang));
    },
    async pageContext(_parent, args, context) {
      const [path, locale] = [pathArg('path', args.path), keyArg('locale', args.locale)];
      const { service, user } = await forRequest(context);
      const result = await service.pageContext(user, path, locale);
      return {
        pageId: result.pageId ?? null,
        placements: result.placements.map((p) => ({ ...p, system: systemShape(p.system), status: p.status ?? null, theme: p.theme ?? null })),
      };
    },
    async maintenance(_parent, args, context) {
      const system = args.system === undefined || args.system === null ? undefined : keyArg('system', args.system);
      const dueWithinDays = dayCountArg('dueWithinDays', args.dueWithinDays);
      const staleAfterDays = dayCountArg('staleAfterDays', args.staleAfterDays);
      const { service, user } = await forRequest(context);
      return service.maintenance(user, { system, dueWithinDays, staleAfterDays });
    },
    async handover(_parent, args, context) {
      const [reference, receiver, filter] = [keyArg('reference', args.reference), keyArg('receiver', args.receiver), filterArg(args.filter)];
      const { service, user } = await forRequest(context);
      const handover = await service.handover(user, reference, receiver, filter);
      return handover ? { ...handover, reference: systemShape(handover.reference), receiver: systemShape(handover.receiver) } : null;
    },
    async trace(_parent, args, context) {
      const system = keyArg('system', args.system);
      const { service, user } = await forRequest(context);
      const trace = await service.trace(user, system);
      return trace ? { ...trace, system: systemShape(trace.system) } : null;
    },
    async pageLinks(_parent, args, context) {
      const [path, locale] = [pathArg('path', args.path), keyArg('locale', args.locale)];
      const { service, user } = await forRequest(context);
      return service.pageLinks(user, path, locale);
    },
    async history(_parent, _args, context) {
      const { service, user } = await forRequest(context);
      return withHistoryErrors(user, () => service.historyInfo());
    },
    async changes(_parent, args, context) {
      const system = keyArg('system', args.system);
      const since = momentArg('since', args.since) as string;
      const until = momentArg('until', args.until);
      const { service, user } = await forRequest(context);
      const result = await withHistoryErrors(user, () => service.changes(user, system, since, until));
      return result ? { ...result, system: systemShape(result.system) } : null;
    },
    async indexStatus(_parent, _args, context) {
      const { service } = await forRequest(context);
      return service.indexStatus();
    },
    ...learningQueries(forRequest),
    ...partiesQueries(forRequest),
  };
  const mutation: Record<string, Resolver<Context>> = {
    async reindex(_parent, _args, context) {
      const { service } = await forRequest(context);
      try {
        return { succeeded: true, ...(await service.reindex()), message: null };
      } catch (err) {
        // Errors the administrator can act on come back as data, the Wiki.js mutation convention.
        return { succeeded: false, pages: 0, changed: 0, message: err instanceof Error ? err.message : String(err) };
      }
    },
  };
  const { importer } = adapter;
  const imports = importer ? importResolvers({ importer: (context: Context) => importer(context), user: adapter.user }) : { query: {}, mutation: {} };
  const authoring = authoringResolvers<Context>(async (context) => {
    const user = adapter.user(context);
    if (!user || !adapter.authoring) throw new Error('Unauthorized');
    return { authoring: await adapter.authoring(context), user };
  });
  return {
    Query: { agreements: () => ({}) },
    Mutation: { agreements: () => ({}) },
    AgreementsQuery: { ...query, ...imports.query, ...authoring.query },
    AgreementsMutation: { ...mutation, ...imports.mutation, ...authoring.mutation },
    MatrixCell: {
      agreements: (cell: MatrixCell, args: Record<string, unknown>) => cellAgreements(cell, args),
    },
    AgreementSystem: {
      async frameworkDetail(parent: SystemShape, _args: unknown, context: Context) {
        if (parent.frameworkObject) return frameworkShape(parent.frameworkObject);
        const { service, user } = await forRequest(context);
        const frameworks = await service.frameworks(user);
        return frameworkShape(frameworks.find((f) => f.key === parent.framework) ?? frameworks[0]);
      },
      async canWrite(parent: SystemShape, _args: unknown, context: Context) {
        if (parent.pagePath === undefined || parent.locale === undefined) return false;
        const { service, user } = await forRequest(context);
        return service.canWritePage(user, parent.pagePath, parent.locale);
      },
    },
  };
}
