import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { buildCatalog, collectFrameworks, statusOf, systemsOf, type PageFacts } from '../../server/domain';
import { executeGraphql } from '../../server/graph/standalone';
import type { HostUser } from '../../server/host/types';
import { insertPage } from '../../dev/wikijs-schema';
import { examplesWiki, graphSetup, setGuestRules } from '../support/graph-setup';
import { describeEachDatabase } from '../support/databases';
import { referenceParties } from '../support/parties-reference';

const TODAY = '2024-06-01';

interface Context {
  user?: HostUser;
}

interface PartiesAnswer {
  cells: Array<{ chapter: string; column: string | null; layer: string }>;
  system: { key: string } | null;
  parties: Array<{
    key: string;
    name: string | null;
    declared: boolean;
    systems: string[];
    count: number;
    cells: Array<{ count: number; systems: number }>;
    contacts: Array<{ name: string; agreements: Array<{ pageId: number; title: string }> }>;
  }>;
}

interface OverviewPage {
  total: number;
  endCursor: string | null;
  regions: string[];
  systems: Array<{ system: { key: string }; coverage: number; cells: Array<{ state: string; count: number }> }>;
  totals: Array<{ present: number; inProgress: number; empty: number }>;
}

const PARTIES = `query($s: String, $k: String, $f: AgreementFilter) { agreements { parties(system: $s, framework: $k, filter: $f) {
  cells { chapter column layer } system { key }
  parties { key name declared systems count cells { count systems } contacts { name agreements { pageId title } } } } } }`;
const OVERVIEW = `query($n: Int, $a: String, $r: String) { agreements { overview(first: $n, after: $a, region: $r) {
  total endCursor regions systems { system { key } coverage cells { state count } } totals { present inProgress empty } } } }`;

/** The guest's rules: a path rule and a tag rule that allow, a deeper path and a tag rule that deny. */
const GUEST_RULES = [
  { match: 'START', path: 'kb-overvecht' },
  { match: 'TAG', path: 'thema:solk' },
  { match: 'START', path: 'kb-overvecht/solk', deny: true },
  { match: 'TAG', path: 'vertrouwelijk', deny: true },
] as const;

/** Wiki.js's semantics for GUEST_RULES spelled out by hand (longest matching rule wins). */
const guestMayRead = (f: PageFacts) =>
  f.isPublished && !f.tags.includes('vertrouwelijk') && !f.path.startsWith('kb-overvecht/solk') && (f.path.startsWith('kb-overvecht') || f.tags.includes('thema:solk'));

/** Parties, contacts and a system that only pages hidden from the guest carry. */
const HIDDEN_PARTIES = ['padpartij', 'tagpartij', 'geheimpartij'];
const HIDDEN_CONTACTS = ['Geheime Eigenaar', 'Tag Contact', 'Concept Contact'];

const block = (...lines: string[]) => ['```afspraak', ...lines, '```', ''].join('\n');

describeEachDatabase('parties and contacts, overview paging over GraphQL (contract §11-12)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let facts: PageFacts[];
  let admin: HostUser;
  let guest: HostUser;
  const hiddenIds: number[] = [];

  const data = async <T>(user: HostUser, source: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const parties = async (user: HostUser, variables: Record<string, unknown> = {}) => (await data<{ parties: PartiesAnswer | null }>(user, PARTIES, variables)).parties;
  const overview = async (user: HostUser, variables: Record<string, unknown> = {}) => (await data<{ overview: OverviewPage }>(user, OVERVIEW, variables)).overview;

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await examplesWiki(knex);
    const place = ['kolom:leren', 'laag:normen'];
    // Hidden from the guest by the deny path rule, the deny tag rule, not being published, and no rule at all.
    hiddenIds.push(
      await insertPage(knex, { path: 'kb-overvecht/solk/geheim', locale: 'nl', title: 'Geheim pad', tags: ['stelsel:kb-overvecht', ...place, 'partij:padpartij', 'partij:huisartsen'], content: block('eigenaar: Geheime Eigenaar') }),
      await insertPage(knex, { path: 'kb-overvecht/vertrouwelijk', locale: 'nl', title: 'Vertrouwelijk', tags: ['stelsel:kb-overvecht', 'stelsel:verborgen-stelsel', 'kolom:borgen', 'laag:techniek', 'vertrouwelijk', 'partij:tagpartij', 'partij:huisartsen'], content: block('contact: Tag Contact') }),
      await insertPage(knex, { path: 'kb-overvecht/concept', locale: 'nl', title: 'Concept', tags: ['stelsel:kb-overvecht', ...place, 'status:concept', 'partij:huisartsen'], content: block('contact: Concept Contact'), isPublished: false }),
      await insertPage(knex, { path: 'geheim/stelsel-x', locale: 'nl', title: 'Stelsel X', tags: [], content: '```afsprakenstelsel\nkey: stelsel-x\ntitel: Stelsel X\nregio: utrecht_OVERVECHT\npartijen:\n  - { key: geheimpartij, naam: Geheim }\n```\n' }),
    );
    // Seen by the guest through the tag rule only: an agreement of a system whose system page it may not read.
    await insertPage(knex, { path: 'elders/x-afspraak', locale: 'nl', title: 'X afspraak', tags: ['stelsel:stelsel-x', 'thema:solk', ...place, 'partij:huisartsen'], content: block('eigenaar: [Notitie Eigenaar, "poh ggz  overvecht"]') });
    await setGuestRules(knex, GUEST_RULES);
    const setup = await graphSetup(knex, { host: { today: () => TODAY } });
    ({ schema, admin, guest } = setup);
    facts = await setup.chain.store.relevantFacts();
  });

  const visibleTo = (who: 'admin' | 'guest') => (who === 'admin' ? facts : facts.filter(guestMayRead));
  const peopleOf = (pageId: number) => {
    const block = facts.find((f) => f.pageId === pageId)?.agreement;
    return [...(block?.owners ?? []), ...(block?.contacts ?? [])];
  };
  const expected = (who: 'admin' | 'guest', query: Parameters<typeof referenceParties>[1]) =>
    referenceParties(buildCatalog(visibleTo(who), collectFrameworks(facts).frameworks), query, peopleOf, TODAY);
  const comparable = (answer: PartiesAnswer | null) =>
    answer?.parties.map((p) => ({ ...p, contacts: p.contacts.map((c): [string, number[]] => [c.name, c.agreements.map((a) => a.pageId)]) }));

  for (const who of ['admin', 'guest'] as const) {
    const cases: Array<[string, Record<string, unknown>, Parameters<typeof referenceParties>[1]]> = [
      ['across systems', {}, {}],
      ['of one system', { s: 'kb-overvecht' }, { system: 'kb-overvecht' }],
      ['across systems under a party and status filter', { f: { parties: ['huisartsen', 'gemeente'], statuses: ['vastgesteld', 'onbekend'] } }, { filter: { parties: ['huisartsen', 'gemeente'], statuses: ['vastgesteld', 'onbekend'] } }],
      ['of one system under a theme filter', { s: 'kb-overvecht', f: { themes: ['jeugd-en-gezin', 'meer-bewegen'] } }, { system: 'kb-overvecht', filter: { themes: ['jeugd-en-gezin', 'meer-bewegen'] } }],
    ];
    for (const [label, variables, query] of cases) {
      it(`gives the ${who} the parties ${label} as the contract spells them out, over the pages it may see`, async () => {
        const answer = await parties(who === 'admin' ? admin : guest, variables);
        const reference = expected(who, query);
        if (answer === null) {
          expect(reference, 'null only for a system the reader sees no page of').to.deep.equal([]);
          expect(who).to.equal('guest');
          return;
        }
        expect(answer.cells).to.have.length(24);
        expect(reference.length, 'the examples have parties here').to.be.greaterThan(0);
        expect(comparable(answer)).to.deep.equal(reference);
      });
    }
  }

  it('lets no page hidden from the guest contribute a count, a cell, a system or a contact', async () => {
    const seen = (await parties(guest)) as PartiesAnswer;
    const all = (await parties(admin)) as PartiesAnswer;
    expect(all.parties.map((p) => p.key)).to.include.members(['padpartij', 'tagpartij', 'geheimpartij']);
    for (const key of HIDDEN_PARTIES) expect(seen.parties.map((p) => p.key)).not.to.include(key);
    for (const party of seen.parties) {
      expect(party.systems).not.to.include('verborgen-stelsel');
      for (const contact of party.contacts) {
        expect(HIDDEN_CONTACTS).not.to.include(contact.name);
        for (const ref of contact.agreements) expect(hiddenIds).not.to.include(ref.pageId);
      }
    }
    const huisartsen = (answer: PartiesAnswer) => answer.parties.find((p) => p.key === 'huisartsen');
    // The kb-overvecht pages of huisartsen the guest may not read (the three above among them): its count lacks them.
    const hiddenOfHuisartsen = facts.filter(
      (f) =>
        !guestMayRead(f) &&
        systemsOf(f).includes('kb-overvecht') &&
        f.systemDeclarations.length === 0 &&
        statusOf(f).status !== 'vervallen' &&
        [...f.tagValues.parties, ...(f.agreement?.parties ?? [])].includes('huisartsen'),
    );
    expect(hiddenOfHuisartsen.map((f) => f.pageId)).to.include.members(hiddenIds.slice(0, 3));
    const adminCount = (await parties(admin, { s: 'kb-overvecht' }))?.parties.find((p) => p.key === 'huisartsen');
    const guestCount = (await parties(guest, { s: 'kb-overvecht' }))?.parties.find((p) => p.key === 'huisartsen');
    expect((adminCount?.count ?? 0) - (guestCount?.count ?? 0)).to.equal(hiddenOfHuisartsen.length);
    expect(huisartsen(seen)?.contacts.map((c) => c.name)).to.include('Notitie Eigenaar');
    expect(await parties(guest, { s: 'verborgen-stelsel' })).to.equal(null);
    expect((await parties(admin, { s: 'verborgen-stelsel' }))?.system?.key).to.equal('verborgen-stelsel');
  });

  it('names and lists declared parties only for a reader who sees the system page', async () => {
    const forAdmin = await parties(admin, { s: 'stelsel-x' });
    const forGuest = await parties(guest, { s: 'stelsel-x' });
    expect(forAdmin?.parties.map((p) => [p.key, p.name, p.declared, p.count])).to.deep.equal([
      ['huisartsen', null, false, 1],
      ['geheimpartij', 'Geheim', true, 0],
    ]);
    expect(forGuest?.parties.map((p) => [p.key, p.name, p.declared, p.count])).to.deep.equal([['huisartsen', null, false, 1]]);
  });

  it('refuses an unknown framework across systems', async () => {
    const result = await executeGraphql<Context>(schema, { query: PARTIES, variables: { k: 'geen-kader' } }, { user: admin });
    expect(result.errors?.[0].message).to.equal("Invalid argument 'framework': expected the key of a framework the wiki knows.");
    expect(result.errors?.[0].extensions).to.include({ code: 'BAD_USER_INPUT', argument: 'framework' });
  });

  for (const who of ['admin', 'guest'] as const) {
    it(`pages the overview for the ${who}: each row once and in order at any page size, totals over every row, endCursor null at the end`, async () => {
      const user = who === 'admin' ? admin : guest;
      const whole = await overview(user);
      expect(whole.endCursor).to.equal(null);
      expect(whole.total).to.equal(whole.systems.length);
      expect(whole.total).to.be.greaterThan(3);
      for (const size of [1, 2, 3, whole.total]) {
        const rows: OverviewPage['systems'] = [];
        let after: string | null = null;
        let requests = 0;
        do {
          const page: OverviewPage = await overview(user, { n: size, a: after });
          expect(page.total).to.equal(whole.total);
          expect(page.totals).to.deep.equal(whole.totals);
          expect(page.systems.length).to.be.at.most(size);
          rows.push(...page.systems);
          after = page.endCursor;
          requests++;
        } while (after !== null && requests <= whole.total);
        expect(rows, `pages of ${size}`).to.deep.equal(whole.systems);
        expect(requests).to.equal(Math.ceil(whole.total / size));
      }
      const none = await overview(user, { r: 'nergens' });
      expect([none.total, none.systems, none.endCursor]).to.deep.equal([0, [], null]);
    });
  }

  it('keeps with a region the systems whose system page the reader sees and declares it', async () => {
    const forAdmin = await overview(admin, { r: 'Utrecht Overvecht' });
    expect(forAdmin.systems.map((r) => r.system.key).sort()).to.deep.equal(['kb-overvecht', 'stelsel-x']);
    expect(forAdmin.total).to.equal(2);
    const all = await overview(admin);
    const kept = all.systems.filter((r) => ['kb-overvecht', 'stelsel-x'].includes(r.system.key));
    expect(forAdmin.totals).to.deep.equal(
      all.totals.map((_, i) => ({
        present: kept.filter((r) => r.cells[i].state === 'PRESENT').length,
        inProgress: kept.filter((r) => r.cells[i].state === 'IN_PROGRESS').length,
        empty: kept.filter((r) => r.cells[i].state === 'EMPTY').length,
      })),
    );
    // The guest sees an agreement of stelsel-x, not its system page: the region does not keep it.
    expect((await overview(guest)).systems.map((r) => r.system.key)).to.include('stelsel-x');
    expect((await overview(guest, { r: 'utrecht-overvecht' })).systems.map((r) => r.system.key)).to.deep.equal(['kb-overvecht']);
    expect(all.regions).to.include.members(['Utrecht Overvecht', 'Utrecht Noordwest (Zuilen, Ondiep, Pijlsweerd)']);
  });
});
