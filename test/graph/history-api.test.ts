import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { executeGraphql } from '../../server/graph/standalone';
import { devChain, devSchema } from '../../dev/chain';
import { PageRulesPolicy } from '../../dev/page-rules';
import type { HostUser } from '../../server/host/types';
import { createWikiSchema, dropWikiSchema, insertPage, updatePage } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';

interface Context {
  user?: HostUser;
}

const READ = ['read:pages'];
const policy = new PageRulesPolicy([
  { id: 2, permissions: READ, pageRules: [{ deny: false, match: 'START', roles: READ, path: '', locales: [] }] },
]);
const READER_NL: HostUser = { id: 2, groups: [2], locale: 'nl' };
const READER_EN: HostUser = { id: 2, groups: [2], locale: 'en' };

describeEachDatabase('the history in the GraphQL API (contract §9)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let now = '2025-01-01T00:00:00.000Z';
  let solk = 0;
  let intake = 0;

  const run = (user: HostUser, query: string, variables: Record<string, unknown> = {}) => executeGraphql<Context>(schema, { query, variables }, { user });
  const data = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await run(READER_NL, query, variables);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };

  before(async () => {
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    const chain = await devChain(knex, policy, { historyNow: () => now, today: () => '2025-04-01' });
    const { indexer } = chain;
    now = '2025-02-01T09:00:00.000Z';
    const tags = ['stelsel:kb', 'kolom:dienstverlening', 'laag:normen'];
    solk = await insertPage(knex, { path: 'kb/solk', title: 'SOLK', tags: [...tags, 'status:in-de-maak'], updatedAt: now });
    await indexer.reconcile();
    now = '2025-03-01T09:00:00.000Z';
    await updatePage(knex, solk, { tags: [...tags, 'status:vastgesteld'], updatedAt: now });
    intake = await insertPage(knex, { path: 'kb/intake', title: 'Intake', tags: ['stelsel:kb', 'kolom:leren', 'laag:techniek'], updatedAt: now });
    await indexer.indexPages([solk, intake]);
    schema = devSchema<Context>(chain, (user) => policy.permissionsOf(user));
  });

  it('tells when the history starts, and answers matrix and compare as of a date', async () => {
    const { history } = await data<{ history: { startsAt: string } }>('{ agreements { history { startsAt } } }');
    expect(history.startsAt).to.equal('2025-01-01T00:00:00.000Z');

    const { matrix } = await data<{ matrix: { cells: Array<{ column: string | null; layer: string; agreements: Array<{ pageId: number; status: string }> }> } }>(
      'query($d: String) { agreements { matrix(system: "kb", asOf: $d) { cells { column layer agreements { pageId status } } } } }',
      { d: '2025-02-15' },
    );
    const filled = matrix.cells.filter((c) => c.agreements.length > 0);
    expect(filled).to.deep.equal([{ column: 'dienstverlening', layer: 'normen', agreements: [{ pageId: solk, status: 'in-de-maak' }] }]);

    const { compare } = await data<{ compare: { cells: Array<{ column: string | null; layer: string; a: { state: string }; b: { state: string }; onlyInA: Array<{ pageId: number }>; shared: Array<{ pageId: number }> }> } }>(
      '{ agreements { compare(a: "kb", b: "kb", asOfB: "2025-02-15") { cells { column layer a { state } b { state } onlyInA { pageId } shared { pageId } } } } }',
    );
    const changed = compare.cells.filter((c) => c.a.state !== 'EMPTY' || c.b.state !== 'EMPTY');
    expect(changed).to.deep.equal([
      { column: 'dienstverlening', layer: 'normen', a: { state: 'PRESENT' }, b: { state: 'IN_PROGRESS' }, onlyInA: [], shared: [{ pageId: solk }] },
      { column: 'leren', layer: 'techniek', a: { state: 'PRESENT' }, b: { state: 'EMPTY' }, onlyInA: [{ pageId: intake }], shared: [] },
    ]);
  });

  it('lists the changes with kind, time and values, newest first', async () => {
    const { changes } = await data<{ changes: { system: { key: string }; since: string; until: string; changes: unknown[] } }>(
      '{ agreements { changes(system: "kb", since: "2025-02-15", until: "2025-03-31") { system { key } since until changes { agreement { pageId title } kind at from to } } } }',
    );
    expect(changes.system.key).to.equal('kb');
    expect([changes.since, changes.until]).to.deep.equal(['2025-02-15T23:59:59.999Z', '2025-03-31T23:59:59.999Z']);
    expect(changes.changes).to.deep.equal([
      { agreement: { pageId: intake, title: 'Intake' }, kind: 'ADDED', at: '2025-03-01T09:00:00.000Z', from: null, to: null },
      { agreement: { pageId: solk, title: 'SOLK' }, kind: 'STATUS', at: '2025-03-01T09:00:00.000Z', from: 'in-de-maak', to: 'vastgesteld' },
    ]);
  });

  it('refuses a moment before the start in the reader\'s language, naming the start date', async () => {
    const query = '{ agreements { matrix(system: "kb", asOf: "2024-06-01") { cells { state } } } }';
    const dutch = await run(READER_NL, query);
    expect(dutch.errors?.[0].message).to.equal("De geschiedenis van de index begint op 2025-01-01; een eerdere stand ('2024-06-01') is niet bekend.");
    const english = await run(READER_EN, '{ agreements { changes(system: "kb", since: "morgen") { since } } }');
    expect(english.errors?.[0].message).to.match(/^'morgen' is not a date/);
  });
});
