import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { executeGraphql } from '../../server/graph/standalone';
import type { HostUser } from '../../server/host/types';
import { insertPage } from '../../dev/wikijs-schema';
import { freshWiki, graphSetup, setGuestRules, type GuestRule, type LivePolicy } from '../support/graph-setup';
import { describeEachDatabase } from '../support/databases';

const TODAY = '2024-06-01';
const FRESH = '2024-05-20T08:00:00.000Z';

interface Context {
  user?: HostUser;
}

interface Item {
  agreement: { title: string; path: string };
  systems: string[];
  owner: string | null;
  reviewBy: string | null;
  updatedAt: string;
}

interface Answer {
  overdue: Item[];
  dueSoon: Item[];
  withoutOwner: Item[];
  stale: Item[];
  unplaced: Item[];
  errors: number;
}

const MAINTENANCE = `query($s: String, $d: Int, $a: Int) { agreements { maintenance(system: $s, dueWithinDays: $d, staleAfterDays: $a) {
  overdue { ...I } dueSoon { ...I } withoutOwner { ...I } stale { ...I } unplaced { ...I } errors } } }
  fragment I on AgreementMaintenanceItem { agreement { title path } systems owner reviewBy updatedAt }`;

const block = (...lines: string[]) => ['```afspraak', ...lines, '```'].join('\n');
const PLACED = ['kolom:dienstverlening', 'laag:werkafspraken'];

/** Titles per list; expectations below are worked out by hand from the pages and TODAY. */
const lists = (answer: Answer) => ({
  overdue: answer.overdue.map((i) => i.agreement.title),
  dueSoon: answer.dueSoon.map((i) => i.agreement.title),
  withoutOwner: answer.withoutOwner.map((i) => i.agreement.title),
  stale: answer.stale.map((i) => i.agreement.title),
  unplaced: answer.unplaced.map((i) => i.agreement.title),
  errors: answer.errors,
});

describeEachDatabase('the maintenance query (contract §10)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let policy: LivePolicy;
  let admin: HostUser;
  let guest: HostUser;

  const run = async (user: HostUser, variables: Record<string, unknown> = {}, source = MAINTENANCE) => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: { maintenance: Answer } }).agreements.maintenance;
  };
  const guestRules = async (rules: GuestRule[]) => {
    await setGuestRules(knex, rules);
    await policy.reload();
  };

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await freshWiki(knex);
    const page = (path: string, title: string, tags: string[], content = '', extra: { updatedAt?: string; isPublished?: boolean } = {}) =>
      insertPage(knex, { path, locale: 'nl', title, tags, content, updatedAt: extra.updatedAt ?? FRESH, isPublished: extra.isPublished });
    await page('kb/alpha', 'Stelsel Alpha', [], '```afsprakenstelsel\nkey: alpha\ntitel: Stelsel Alpha\n```');
    await page('kb/beta', 'Stelsel Beta', [], '```afsprakenstelsel\nkey: beta\ntitel: Stelsel Beta\n```');
    await page('kb/alpha/aanmelden', 'Aanmelden', ['stelsel:alpha', 'stelsel:beta', ...PLACED, 'status:vastgesteld'], block('eigenaar: Buurtteam', 'herzien-voor: 2024-01-15'));
    // Outside `kb/`: hidden by the guest's path rule. Its unknown column is an error.
    await page('geheim/bewegen', 'Bewegen', ['stelsel:alpha', 'kolom:foo', ...PLACED, 'status:vastgesteld'], block('herzien-voor: 2024-02-01'));
    // Tagged `vertrouwelijk`: hidden by the guest's tag rule. Its unknown layer is an error.
    await page('kb/alpha/casus', 'Casus', ['stelsel:alpha', 'vertrouwelijk', 'laag:bar', ...PLACED, 'status:gevalideerd'], block('herzien-voor: 2024-06-15'));
    await page('kb/alpha/concept', 'Concept', ['stelsel:alpha', ...PLACED, 'status:in-de-maak'], block('eigenaar: Gemeente'), { updatedAt: '2023-01-01T00:00:00.000Z' });
    await page('kb/alpha/los', 'Los', ['stelsel:alpha', 'kolom:borgen', 'status:vastgesteld'], block('eigenaar: GGZ'));
    await page('kb/alpha/oud', 'Oud', ['stelsel:alpha', ...PLACED, 'status:vervallen'], block('herzien-voor: 2020-01-01'), { updatedAt: '2020-01-01T00:00:00.000Z' });
    // Unpublished: only readers who may edit it see it.
    await page('kb/alpha/nieuw', 'Nieuw', ['stelsel:alpha', ...PLACED, 'status:concept'], block('eigenaar:', 'herzien-voor:'), { isPublished: false });
    await page('kb/beta/jeugd', 'Jeugd', ['stelsel:beta', 'kolom:leren', 'laag:normen', 'status:vastgesteld'], block('eigenaar: CJG', 'herzien-voor: 2024-07-01'));

    ({ schema, policy, admin, guest } = await graphSetup(knex, { host: { today: () => TODAY } }));
  });

  it('gives an administrator every list of one system, retired agreements left out', async () => {
    expect(lists(await run(admin, { s: 'alpha' }))).to.deep.equal({
      overdue: ['Aanmelden', 'Bewegen'],
      dueSoon: ['Casus'],
      withoutOwner: ['Bewegen', 'Casus', 'Nieuw'],
      stale: ['Concept'],
      unplaced: ['Los'],
      errors: 2,
    });
  });

  it('carries owner, review date, update time and systems per item', async () => {
    const [first] = (await run(admin)).overdue;
    expect(first).to.deep.equal({
      agreement: { title: 'Aanmelden', path: 'kb/alpha/aanmelden' },
      systems: ['alpha', 'beta'],
      owner: 'Buurtteam',
      reviewBy: '2024-01-15',
      updatedAt: FRESH,
    });
  });

  it('covers all systems without `system`, an agreement of two systems once', async () => {
    const all = lists(await run(admin));
    expect(all.overdue).to.deep.equal(['Aanmelden', 'Bewegen']);
    expect(all.dueSoon).to.deep.equal(['Casus', 'Jeugd']);
    expect(all.errors).to.equal(2);
    expect(lists(await run(admin, { s: 'beta' }))).to.deep.equal({ overdue: ['Aanmelden'], dueSoon: ['Jeugd'], withoutOwner: [], stale: [], unplaced: [], errors: 0 });
  });

  it('takes the horizons as arguments and refuses negative ones', async () => {
    const short = lists(await run(admin, { s: 'alpha', d: 13, a: 0 }));
    expect(short.dueSoon).to.deep.equal([]); // 2024-06-15 is 14 days away
    expect(short.stale).to.deep.equal(['Concept', 'Nieuw']);
    const result = await executeGraphql<Context>(schema, { query: MAINTENANCE, variables: { d: -1 } }, { user: admin });
    expect(result.errors?.[0].message).to.match(/dueWithinDays/);
  });

  describe('for a guest', () => {
    after(() => guestRules([]));

    it('under a path rule: nothing outside the rule, nothing unpublished, not even in the error count', async () => {
      await guestRules([{ match: 'START', path: 'kb' }]);
      const answer = await run(guest, { s: 'alpha' });
      expect(lists(answer)).to.deep.equal({ overdue: ['Aanmelden'], dueSoon: ['Casus'], withoutOwner: ['Casus'], stale: ['Concept'], unplaced: ['Los'], errors: 1 });
      expect(JSON.stringify(await run(guest))).not.to.match(/Bewegen|Nieuw|geheim/);
    });

    it('under a tag rule: a denied tag hides the page from every list and count', async () => {
      await guestRules([{ match: 'START', path: '' }, { match: 'TAG', path: 'vertrouwelijk', deny: true }]);
      const answer = await run(guest, { s: 'alpha' });
      expect(lists(answer)).to.deep.equal({ overdue: ['Aanmelden', 'Bewegen'], dueSoon: [], withoutOwner: ['Bewegen'], stale: ['Concept'], unplaced: ['Los'], errors: 1 });
      const all = await run(guest);
      expect(lists(all).dueSoon).to.deep.equal(['Jeugd']);
      expect(JSON.stringify(all)).not.to.match(/Casus|Nieuw/);
    });
  });

  it('tells whether the reader may write the system page (the upkeep tab)', async () => {
    const source = '{ agreements { system(key: "alpha") { canWrite } } }';
    const canWrite = async (user: HostUser) => {
      const result = await executeGraphql<Context>(schema, { query: source }, { user });
      expect(result.errors).to.equal(undefined);
      return (result.data as { agreements: { system: { canWrite: boolean } } }).agreements.system.canWrite;
    };
    expect(await canWrite(admin)).to.equal(true);
    await guestRules([{ match: 'START', path: '' }]);
    expect(await canWrite(guest)).to.equal(false);
    await guestRules([]);
  });
});
