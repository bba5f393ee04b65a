/** Time and upkeep (contract §9, §10): the history's start, what changed, and the upkeep lists. */
import { dayCountArg, keyArg, momentArg, optionalKeyArg, withHistoryErrors, type RequestScope, type ResolverGroup } from './inputs';
import { systemShape } from './shapes';

export function timeResolvers<Context>({ forRequest }: RequestScope<Context>): ResolverGroup<Context> {
  return {
    query: {
      async history(_parent, _args, context) {
        const { time, user } = await forRequest(context);
        return withHistoryErrors(user, () => time.historyInfo());
      },
      async changes(_parent, args, context) {
        const system = keyArg('system', args.system);
        const since = momentArg('since', args.since) as string;
        const until = momentArg('until', args.until);
        const { time, user } = await forRequest(context);
        const result = await withHistoryErrors(user, () => time.changes(user, system, since, until));
        return result ? { ...result, system: systemShape(result.system) } : null;
      },
      async maintenance(_parent, args, context) {
        const system = optionalKeyArg('system', args.system);
        const dueWithinDays = dayCountArg('dueWithinDays', args.dueWithinDays);
        const staleAfterDays = dayCountArg('staleAfterDays', args.staleAfterDays);
        const { time, user } = await forRequest(context);
        return time.maintenance(user, { system, dueWithinDays, staleAfterDays });
      },
    },
  };
}
