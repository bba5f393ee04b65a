/** Resolvers of learning across systems (contract §8.1-8.2): `overview` and `search`. */
import { decodeSearchCursor, type AgreementSearchFilter, type Overview } from '../domain';
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

function overviewShape(overview: Overview, canCreateSystem: boolean) {
  return {
    canCreateSystem,
    cells: overview.cells,
    systems: overview.systems.map((row) => ({ ...row, system: systemShape(row.system, overview.framework) })),
    totals: overview.totals,
    frameworkDetail: () => frameworkShape(overview.framework),
  };
}

export function learningQueries<Context>(forRequest: RequestScope<Context>): Record<string, Resolver<Context>> {
  return {
    async overview(_parent, args, context) {
      const framework = args.framework === undefined || args.framework === null ? undefined : keyArg('framework', args.framework);
      const filter = filterArg(args.filter);
      const { service, user } = await forRequest(context);
      const overview = await service.overview(user, framework, filter);
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
