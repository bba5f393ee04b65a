/**
 * Learning across systems (contract §8): the overview, search, the handover checklist, the trace
 * and an agreement page's links.
 */
import type { Overview } from '../domain';
import {
  AgreementArgumentError,
  filterArg,
  keyArg,
  optionalKeyArg,
  optionalTextArg,
  optionalWholeNumberArg,
  overviewCursorArg,
  pathArg,
  searchCursorArg,
  searchFilterArg,
  type RequestScope,
  type ResolverGroup,
} from './inputs';
import { frameworkShape, systemShape } from './shapes';

const DEFAULT_HITS = 50;
const MAX_HITS = 500;
const MAX_TEXT_LENGTH = 500;

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

export function learningResolvers<Context>({ forRequest }: RequestScope<Context>): ResolverGroup<Context> {
  return {
    query: {
      async overview(_parent, args, context) {
        const framework = optionalKeyArg('framework', args.framework);
        const query = {
          filter: filterArg(args.filter),
          first: optionalWholeNumberArg('first', args.first, 0, Number.MAX_SAFE_INTEGER),
          after: overviewCursorArg('after', args.after),
          region: optionalTextArg('region', args.region, MAX_TEXT_LENGTH),
        };
        const { learning, systems, user } = await forRequest(context);
        const overview = await learning.overview(user, framework, query);
        if (!overview) throw new AgreementArgumentError('framework', { key: 'framework' });
        return overviewShape(overview, systems.mayCreatePages(user));
      },
      async search(_parent, args, context) {
        const query = {
          text: optionalTextArg('text', args.text, MAX_TEXT_LENGTH),
          filter: searchFilterArg(args.filter),
          first: optionalWholeNumberArg('first', args.first, 0, MAX_HITS) ?? DEFAULT_HITS,
          after: searchCursorArg('after', args.after),
        };
        const { learning, user } = await forRequest(context);
        return learning.search(user, query);
      },
      async handover(_parent, args, context) {
        const [reference, receiver, filter] = [keyArg('reference', args.reference), keyArg('receiver', args.receiver), filterArg(args.filter)];
        const { learning, user } = await forRequest(context);
        const handover = await learning.handover(user, reference, receiver, filter);
        return handover ? { ...handover, reference: systemShape(handover.reference), receiver: systemShape(handover.receiver) } : null;
      },
      async trace(_parent, args, context) {
        const system = keyArg('system', args.system);
        const { learning, user } = await forRequest(context);
        const trace = await learning.trace(user, system);
        return trace ? { ...trace, system: systemShape(trace.system) } : null;
      },
      async pageLinks(_parent, args, context) {
        const [path, locale] = [pathArg('path', args.path), keyArg('locale', args.locale)];
        const { learning, user } = await forRequest(context);
        return learning.pageLinks(user, path, locale);
      },
    },
  };
}
