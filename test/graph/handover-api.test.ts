import { expect } from 'chai';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { executeGraphql } from '../../server/graph/standalone';
import { graphSetup } from '../support/graph-setup';
import type { HostUser } from '../../server/host/types';
import { createWikiSchema, dropWikiSchema, insertPages, GUEST_GROUP_ID } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import { HANDOVER_PAGES } from '../fixtures/handover';

interface Context {
  user?: HostUser;
}

interface Ref {
  title: string;
}
interface HandoverAnswer {
  handover: {
    reference: { key: string };
    receiver: { key: string };
    total: number;
    open: number;
    adopted: number;
    shared: number;
    progress: number;
    cells: Array<{ chapter: string; column: string | null; layer: string; items: Array<{ agreement: Ref; status: string; answeredBy: Ref[] }>; receiverOnly: Ref[] }>;
  } | null;
}
interface TraceAnswer {
  trace: {
    links: Array<{ from: Ref; to: Ref & { locale: string }; kind: string }>;
    workingAgreementsWithoutNorm: Ref[];
    normsWithoutWorkingAgreement: Ref[];
    techniquesUnused: Ref[];
  } | null;
}
type LinkLists = Record<'basedOn' | 'adoptedBy' | 'derivesFrom' | 'derivedBy' | 'uses' | 'usedBy', Ref[]>;

const HANDOVER = `query($r: String!, $o: String!) { agreements { handover(reference: $r, receiver: $o) {
  reference { key } receiver { key } total open adopted shared progress
  cells { chapter column layer items { agreement { title } status answeredBy { title } } receiverOnly { title } } } } }`;
const TRACE = `query($s: String!) { agreements { trace(system: $s) {
  links { from { title } to { title locale } kind }
  workingAgreementsWithoutNorm { title } normsWithoutWorkingAgreement { title } techniquesUnused { title } } } }`;
const PAGE_LINKS = `query($p: String!, $l: String!) { agreements { pageLinks(path: $p, locale: $l) {
  basedOn { title } adoptedBy { title } derivesFrom { title } derivedBy { title } uses { title } usedBy { title } } } }`;

const titles = (refs: Ref[]) => refs.map((r) => r.title);

/** Non-empty cells as `chapter/column/layer: title STATUS<-answers | receiver-only titles`. */
function checklist(answer: NonNullable<HandoverAnswer['handover']>): string[] {
  return answer.cells
    .filter((c) => c.items.length > 0 || c.receiverOnly.length > 0)
    .map(
      (c) =>
        `${c.chapter}/${c.column ?? '*'}/${c.layer}: ${c.items.map((i) => `${i.agreement.title} ${i.status}<-${titles(i.answeredBy).join(',')}`).join('; ')} | ${titles(c.receiverOnly).join(',')}`,
    );
}

describeEachDatabase('handover and trace through GraphQL (contract §8.3-8.4)', (db) => {
  let knex: Knex;
  let schema: GraphQLSchema;
  let admin: HostUser;
  let guest: HostUser;

  const data = async <T>(user: HostUser, source: string, variables: Record<string, unknown>): Promise<T> => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  };
  const linksOf = async (user: HostUser, path: string): Promise<LinkLists> => {
    const lists = (await data<{ pageLinks: Record<string, Ref[]> }>(user, PAGE_LINKS, { p: path, l: 'nl' })).pageLinks;
    return Object.fromEntries(Object.entries(lists).map(([field, refs]) => [field, titles(refs)])) as unknown as LinkLists;
  };
  const none = { basedOn: [], adoptedBy: [], derivesFrom: [], derivedBy: [], uses: [], usedBy: [] };

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    await insertPages(knex, HANDOVER_PAGES);
    // The guest reads these systems, but not drafts (a tag rule) nor nieuw/verborgen (a path rule).
    const rule = (id: string, match: string, path: string, deny = false) => ({ id, deny, match, roles: ['read:pages'], path, locales: [] });
    const rules = [
      rule('oud', 'START', 'oud'),
      rule('nieuw', 'START', 'nieuw'),
      rule('gedeeld', 'EXACT', 'gedeeld'),
      rule('normen', 'START', 'normen'),
      rule('drafts', 'TAG', 'status:concept', true),
      rule('hidden', 'START', 'nieuw/verborgen', true),
    ];
    await knex('groups').where('id', GUEST_GROUP_ID).update({ pageRules: JSON.stringify(rules) });
    ({ schema, admin, guest } = await graphSetup(knex, { host: { today: () => '2024-06-01' } }));
  });

  it('hands oud over to nieuw for an administrator: SHARED before ADOPTED, distinct pages counted', async () => {
    const { handover } = await data<HandoverAnswer>(admin, HANDOVER, { r: 'oud', o: 'nieuw' });
    if (!handover) throw new Error('no handover');
    expect([handover.reference.key, handover.receiver.key]).to.deep.equal(['oud', 'nieuw']);
    expect(handover.cells).to.have.length(24);
    expect(checklist(handover)).to.deep.equal([
      'kwaliteit/dienstverlening/normen: Oud N1 ADOPTED<-Nieuw E | ',
      'kwaliteit/klantrelatie/normen: Oud N2 OPEN<- | ',
      'kwaliteit/gezond-werk/normen: Gedeeld SHARED<-Nieuw D | ',
      'kwaliteit/dienstverlening/werkafspraken: Oud A ADOPTED<-Nieuw A | ',
      'kwaliteit/dienstverlening/techniek: Oud T1 OPEN<- | ',
      'duurzaamheid/leren/normen:  | Nieuw C',
      'duurzaamheid/leren/werkafspraken: Oud B ADOPTED<-Nieuw B | ',
    ]);
    expect([handover.total, handover.open, handover.adopted, handover.shared]).to.deep.equal([6, 2, 3, 1]);
    expect(handover.progress).to.be.closeTo(4 / 6, 1e-9);
  });

  it('hands over for a guest under a tag rule and a path rule: hidden pages neither listed nor counted', async () => {
    const { handover } = await data<HandoverAnswer>(guest, HANDOVER, { r: 'oud', o: 'nieuw' });
    if (!handover) throw new Error('no handover');
    expect(checklist(handover)).to.deep.equal([
      'kwaliteit/dienstverlening/normen: Oud N1 OPEN<- | ',
      'kwaliteit/gezond-werk/normen: Gedeeld SHARED<-Nieuw D | ',
      'kwaliteit/dienstverlening/werkafspraken: Oud A ADOPTED<-Nieuw A | ',
      'kwaliteit/dienstverlening/techniek: Oud T1 OPEN<- | ',
      'duurzaamheid/leren/normen:  | Nieuw C',
      'duurzaamheid/leren/werkafspraken: Oud B ADOPTED<-Nieuw B | ',
    ]);
    expect([handover.total, handover.open, handover.adopted, handover.shared, handover.progress]).to.deep.equal([5, 2, 2, 1, 0.6]);
    expect(JSON.stringify(handover)).not.to.match(/Oud N2|Nieuw E/);
  });

  it('offers the path of a new answer (§7.1) on open items only to a reader who may write there', async () => {
    const source = `{ agreements { handover(reference: "oud", receiver: "nieuw") { cells { items { agreement { title } status newPath } } } } }`;
    const offered = async (user: HostUser) =>
      (await data<{ handover: { cells: Array<{ items: Array<{ agreement: Ref; status: string; newPath: string | null }> }> } }>(user, source, {})).handover.cells
        .flatMap((c) => c.items)
        .filter((i) => i.newPath !== null)
        .map((i) => `${i.agreement.title} ${i.status} ${i.newPath}`);
    expect(await offered(admin)).to.deep.equal(['Oud N2 OPEN nieuw/klantrelatie/oud-n2', 'Oud T1 OPEN nieuw/dienstverlening/oud-t1']);
    expect(await offered(guest)).to.deep.equal([]);
  });

  it('answers null for a system the reader does not see', async () => {
    expect((await data<HandoverAnswer>(guest, HANDOVER, { r: 'oud', o: 'bestaat-niet' })).handover).to.equal(null);
  });

  it('traces norms → working agreements → techniques with the gaps, for an administrator and a guest', async () => {
    const show = (t: NonNullable<TraceAnswer['trace']>) => ({
      links: t.links.map((l) => `${l.from.title} ${l.kind} ${l.to.title}@${l.to.locale}`),
      withoutNorm: titles(t.workingAgreementsWithoutNorm),
      normsUnused: titles(t.normsWithoutWorkingAgreement),
      techniquesUnused: titles(t.techniquesUnused),
    });
    const asAdmin = (await data<TraceAnswer>(admin, TRACE, { s: 'oud' })).trace;
    const asGuest = (await data<TraceAnswer>(guest, TRACE, { s: 'oud' })).trace;
    if (!asAdmin || !asGuest) throw new Error('no trace');
    expect(show(asAdmin)).to.deep.equal({
      links: ['Oud A DERIVES_FROM Care norms@en', 'Oud A DERIVES_FROM Oud N1@nl', 'Oud A USES Oud T1@nl', 'Oud B DERIVES_FROM Oud N2@nl'],
      withoutNorm: [],
      normsUnused: ['Gedeeld'],
      techniquesUnused: [],
    });
    // Oud N2 is a draft the guest may not read: its link is left out, so Oud B derives from nothing.
    expect(show(asGuest)).to.deep.equal({
      links: ['Oud A DERIVES_FROM Care norms@en', 'Oud A DERIVES_FROM Oud N1@nl', 'Oud A USES Oud T1@nl'],
      withoutNorm: ['Oud B'],
      normsUnused: ['Gedeeld'],
      techniquesUnused: [],
    });
  });

  it('warns about a link to no page (one the reader cannot see counts as none), in every link form', async () => {
    const warnings = async (user: HostUser, system: string) =>
      (await data<{ validate: Array<{ code: string; severity: string; pagePath: string; field: string; value: string }> }>(user, 'query($s: String!) { agreements { validate(system: $s) { code severity pagePath field value } } }', { s: system })).validate
        .filter((i) => i.code === 'link-not-found')
        .map((i) => `${i.severity} ${i.pagePath} ${i.field} ${i.value}`);
    expect(await warnings(admin, 'nieuw')).to.deep.equal(['WARNING nieuw/c gebaseerd-op oud/bestaat-niet']);
    expect(await warnings(guest, 'nieuw')).to.deep.equal(['WARNING nieuw/c gebaseerd-op oud/bestaat-niet']);
    expect(await warnings(admin, 'oud')).to.deep.equal([]);
    expect(await warnings(guest, 'oud')).to.deep.equal(['WARNING oud/b volgt-uit /nl/oud/n2']);
  });

  it('lists an agreement page links both ways, only pages the reader sees', async () => {
    expect(await linksOf(admin, 'oud/a')).to.deep.equal({ ...none, adoptedBy: ['Nieuw A'], derivesFrom: ['Care norms', 'Oud N1'], uses: ['Oud T1'] });
    expect(await linksOf(admin, 'oud/n1')).to.deep.equal({ ...none, adoptedBy: ['Nieuw E'], derivedBy: ['Oud A'] });
    expect(await linksOf(guest, 'oud/n1')).to.deep.equal({ ...none, derivedBy: ['Oud A'] });
    expect(await linksOf(admin, 'oud/b')).to.deep.equal({ ...none, adoptedBy: ['Nieuw B'], derivesFrom: ['Oud N2'] });
    expect(await linksOf(guest, 'oud/b')).to.deep.equal({ ...none, adoptedBy: ['Nieuw B'] });
    expect(await linksOf(guest, 'oud/n2')).to.deep.equal(none);
    expect(await linksOf(guest, 'nieuw/b')).to.deep.equal({ ...none, basedOn: ['Oud B'] });
    expect(await linksOf(guest, 'oud/t1')).to.deep.equal({ ...none, usedBy: ['Oud A'] });
    expect(await linksOf(admin, 'gedeeld')).to.deep.equal({ ...none, adoptedBy: ['Nieuw D'] });
  });
});
