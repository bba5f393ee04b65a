/** Resolvers of parties and contacts (contract §11): `parties`. */
import type { Parties } from '../domain';
import { AgreementArgumentError, filterArg, optionalKeyArg, type RequestScope, type ResolverGroup } from './inputs';
import { frameworkShape, systemShape } from './shapes';

function partiesShape(parties: Parties) {
  return {
    cells: parties.cells,
    parties: parties.parties,
    system: parties.system ? systemShape(parties.system, parties.framework) : null,
    frameworkDetail: () => frameworkShape(parties.framework),
  };
}

export function partiesResolvers<Context>({ forRequest }: RequestScope<Context>): ResolverGroup<Context> {
  return {
    query: {
      async parties(_parent, args, context) {
        const system = optionalKeyArg('system', args.system);
        const framework = optionalKeyArg('framework', args.framework);
        const filter = filterArg(args.filter);
        const { learning, user } = await forRequest(context);
        const parties = await learning.parties(user, { system, framework, filter });
        if (parties) return partiesShape(parties);
        // Without a system, only a framework that does not exist leaves nothing to answer.
        if (system === undefined) throw new AgreementArgumentError('framework', { key: 'framework' });
        return null;
      },
    },
  };
}
