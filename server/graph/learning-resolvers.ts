/** Resolvers of learning across systems (contract §8.1-8.2): `overview` and `search`. */
import { decodeOverviewCursor, decodeSearchCursor, type AgreementSearchFilter, type Overview } from '../domain';
import { AgreementArgumentError, filterArg, filterListArg, frameworkShape, keyArg, systemShape, type RequestScope, type Resolver } from './resolvers';

const DEFAULT_HITS = 50;
const MAX_HITS = 500;
const MAX_TEXT_LENGTH = 500;
const MAX_CURSOR_LENGTH = 2000;

function searchFilterArg(value: unknown): AgreementSearchFilter | undefined {
  const common = filterArg(value);
  if (!common) return undefined;
  const raw = value as Record<string, unknown>;
  const list = (name: string) => filterListArg(raw, name);
  return { ...common, systems: list('systems'), chapters: list('chapters'), columns: list('columns'), layers: list('layers') };
}

function textArg(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) throw new AgreementArgumentError('text');
  return value;
}

function firstArg(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_HITS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_HITS) throw new AgreementArgumentError('first');
  return value;
}

function afterArg(value: unknown) {
  if (value === undefined || value === null) return undefined;
  const position = typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH ? decodeSearchCursor(value) : undefined;
  if (!position) throw new AgreementArgumentError('after');
  return position;
}

/** The overview's `first`: absent (every row) or a count of rows. */
function rowsArg(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new AgreementArgumentError('first');
  return value;
}

function overviewAfterArg(value: unknown) {
  if (value === undefined || value === null) return undefined;
  const position = typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH ? decodeOverviewCursor(value) : undefined;
  if (!position) throw new AgreementArgumentError('after');
  return position;
}

function regionArg(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) throw new AgreementArgumentError('region');
  return value;
}

function overviewShape(overview: Overview, canCreateSystem: boolean) {
  return {
    canCreateSystem,
    cells: overview.cells,
    systems: overview.systems.map((row) => ({ ...row, system: systemShape(row.system, overview.framework) })),
    totals: overview.totals,
    total: overview.total,
    endCursor: overview.endCursor,
    regions: overview.regions,
    frameworkDetail: () => frameworkShape(overview.framework),
  };
}

export function learningQueries<Context>(forRequest: RequestScope<Context>): Record<string, Resolver<Context>> {
  return {
    async overview(_parent, args, context) {
      const framework = args.framework === undefined || args.framework === null ? undefined : keyArg('framework', args.framework);
      const query = { filter: filterArg(args.filter), first: rowsArg(args.first), after: overviewAfterArg(args.after), region: regionArg(args.region) };
      const { service, user } = await forRequest(context);
      const overview = await service.overview(user, framework, query);
      if (!overview) throw new AgreementArgumentError('framework');
      return overviewShape(overview, service.mayCreatePages(user));
    },
    async search(_parent, args, context) {
      const query = { text: textArg(args.text), filter: searchFilterArg(args.filter), first: firstArg(args.first), after: afterArg(args.after) };
      const { service, user } = await forRequest(context);
      return service.search(user, query);
    },
  };
}
