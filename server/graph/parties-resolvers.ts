/** Resolvers of parties and contacts (contract §11): `parties`. */
import type { Parties } from '../domain';
import { AgreementArgumentError, filterArg, frameworkShape, keyArg, systemShape, type RequestScope, type Resolver } from './resolvers';

function partiesShape(parties: Parties) {
  return {
    cells: parties.cells,
    parties: parties.parties,
    system: parties.system ? systemShape(parties.system, parties.framework) : null,
    frameworkDetail: () => frameworkShape(parties.framework),
  };
}

export function partiesQueries<Context>(forRequest: RequestScope<Context>): Record<string, Resolver<Context>> {
  return {
    async parties(_parent, args, context) {
      const system = args.system === undefined || args.system === null ? undefined : keyArg('system', args.system);
      const framework = args.framework === undefined || args.framework === null ? undefined : keyArg('framework', args.framework);
      const filter = filterArg(args.filter);
      const { service, user } = await forRequest(context);
      const parties = await service.parties(user, { system, framework, filter });
      if (parties) return partiesShape(parties);
      // Without a system, only a framework that does not exist leaves nothing to answer.
      if (system === undefined) throw new AgreementArgumentError('framework');
      return null;
    },
  };
}
