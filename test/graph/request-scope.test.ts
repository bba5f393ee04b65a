import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { executeGraphql } from '../../server/graph/standalone';
import type { HostUser } from '../../server/host/types';
import { GUEST_GROUP_ID } from '../../dev/wikijs-schema';
import { examplesWiki, graphSetup } from '../support/graph-setup';
import { describeEachDatabase } from '../support/databases';

interface Context {
  user?: HostUser;
}

/** The store reads a catalogue is built from: a whole one, or one of some systems. */
const CATALOGUE_READS = new Set(['relevantPages', 'relevantFacts', 'catalogPages', 'systemFacts']);

/** `n` aliased copies of a field. */
const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

const TOO_MANY = (count: number) =>
  `This request asks for ${count} answers over whole agreement systems (systems, matrix, compare, validate, overview, search, handover, trace, maintenance, changes, exportAgreements; every alias counts); at most 20 are allowed in one request. Split it into several requests.`;

describeEachDatabase('one catalogue per request, and a bound on system-wide answers per request', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let admin: HostUser;
  let guest: HostUser;
  let reads = 0;

  const run = (user: HostUser | undefined, source: string) => executeGraphql<Context>(schema, { query: source }, { user });
  /** A request's answer and the catalogue reads it took. */
  const counted = async (user: HostUser | undefined, source: string) => {
    reads = 0;
    const result = await run(user, source);
    return { result, reads };
  };

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await examplesWiki(knex);
    // The guest reads everything but drafts (a tag rule), as in the dev app.
    const rules = [
      { id: 'all', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
      { id: 'drafts', deny: true, match: 'TAG', roles: ['read:pages'], path: 'status:concept', locales: [] },
    ];
    await knex('groups').where('id', GUEST_GROUP_ID).update({ pageRules: JSON.stringify(rules) });
    const setup = await graphSetup(knex, { host: { today: () => '2026-12-01' } });
    ({ schema, admin, guest } = setup);
    // Every catalogue read of the chain's store is counted.
    const store = setup.chain.store as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of CATALOGUE_READS) {
      const read = store[name].bind(store);
      store[name] = (...args: unknown[]) => {
        reads++;
        return read(...args);
      };
    }
  });

  it('refuses 2,000 aliased copies of maintenance { errors } with one error naming the limit, before computing anything', async () => {
    const { result, reads: taken } = await counted(guest, `{ agreements { ${aliases(2000, 'maintenance { errors }')} } }`);
    expect(result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.limit])).to.deep.equal([[TOO_MANY(2000), 'AGREEMENTS_TOO_MANY_ANSWERS', 20]]);
    expect(result.data).to.deep.equal({ agreements: null });
    expect(taken).to.equal(0);
  });

  it('counts every alias of every system-wide field, also through fragments and aliased roots, and answers in the reader\'s language or both', async () => {
    const source = `{ x: agreements { ...Upkeep } y: agreements { ...Upkeep o: overview { totals { present } } } }
      fragment Upkeep on AgreementsQuery { ${aliases(10, 'maintenance { errors }')} s: search { total } }`;
    // Each aliased root is answered on its own: x asks 10 + 1, y 10 + 1 + 1.
    const refused = await run(admin, source);
    expect(refused.errors?.map((e) => e.message)).to.deep.equal([TOO_MANY(23)]);
    const dutch = await run({ ...guest, locale: 'nl' }, `{ agreements { ${aliases(21, 'systems { key }')} } }`);
    expect(dutch.errors?.map((e) => e.message)).to.deep.equal([
      'Dit verzoek vraagt 21 antwoorden over hele afsprakenstelsels (systems, matrix, compare, validate, overview, search, handover, trace, maintenance, changes, exportAgreements; elke alias telt); in één verzoek mogen het er hooguit 20 zijn. Verdeel het over meer verzoeken.',
    ]);
    const unknown = await run({ ...guest, locale: undefined }, `{ agreements { ${aliases(21, 'trace(system: "kb-overvecht") { links { kind } }')} } }`);
    expect(unknown.errors?.[0].message).to.match(/^Dit verzoek vraagt 21 .* \/ This request asks for 21 /);
  });

  it('answers 20 aliases, computing the reader\'s catalogue once', async () => {
    const { result, reads: taken } = await counted(guest, `{ agreements { ${aliases(20, 'maintenance { errors }')} } }`);
    expect(result.errors).to.equal(undefined);
    const answers = Object.values((result.data as { agreements: Record<string, { errors: number }> }).agreements);
    expect(answers).to.have.length(20);
    const alone = ((await run(guest, '{ agreements { maintenance { errors } } }')).data as { agreements: { maintenance: { errors: number } } }).agreements.maintenance;
    expect(answers.every((a) => a.errors === alone.errors)).to.equal(true);
    expect(taken).to.equal(1);
  });

  it('builds one catalogue for a request of several fields (systems, overview, search, maintenance, frameworks)', async () => {
    const source = `{ agreements { systems { key frameworkDetail { key } } overview { totals { present } } search { total } maintenance { errors }
      m2: maintenance(dueWithinDays: 10) { errors } frameworks { key } } }`;
    const { result, reads: taken } = await counted(admin, source);
    expect(result.errors).to.equal(undefined);
    expect(taken).to.equal(1);
    // The same fields asked one by one: each request builds its own.
    let separate = 0;
    for (const field of ['systems { key }', 'overview { totals { present } }', 'search { total }', 'maintenance { errors }']) separate += (await counted(admin, `{ agreements { ${field} } }`)).reads;
    expect(separate).to.equal(4);
  });

  it('never shares a request\'s answers with the next one: admin and guest in turn each get their own', async () => {
    const source = '{ agreements { systems { key agreementCount } maintenance { stale { agreement { title } } } search(text: "concept") { total } } }';
    const answer = async (user: HostUser) => {
      const result = await run(user, source);
      expect(result.errors).to.equal(undefined);
      return result.data;
    };
    const guestFirst = await answer(guest);
    const adminThen = await answer(admin);
    const guestAgain = await answer(guest);
    const adminAgain = await answer(admin);
    expect(adminThen, 'the guest sees fewer pages than the admin (drafts)').to.not.deep.equal(guestFirst);
    expect(guestAgain).to.deep.equal(guestFirst);
    expect(adminAgain).to.deep.equal(adminThen);
  });
});
