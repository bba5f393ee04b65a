import { expect } from 'chai';
import fc from 'fast-check';
import { buildParties, contactKey, frameworkCells, type Parties, type Party } from '../../../server/domain';
import { referenceParties } from '../../support/parties-reference';
import { agreement, catalogOf, fence, systemPage } from './builders';

const TODAY = '2024-01-01';
const block = (...yaml: string[]) => fence('afspraak', ...yaml);

/** Two systems whose parties are worked out by hand below (page titles give the contacts' order). */
const pages = [
  systemPage(1, 'noord', 'titel: Noord', 'partijen:', '  - { key: huisartsen, naam: Huisartsen Noord }', '  - { key: gemeente, naam: Gemeente Utrecht }', '  - { key: verzekeraar }'),
  systemPage(2, 'zuid', 'titel: Alfa Zuid', 'partijen:', '  - { key: huisartsen, naam: Huisartsen Zuid }', '  - { key: buurtteam, naam: Buurtteam Zuid }'),
  agreement(10, 'noord', ['kolom:dienstverlening', 'laag:normen', 'status:vastgesteld', 'partij:huisartsen'], {
    title: 'Bellen',
    content: block('eigenaar: Jan de Vries', 'contact: ["José  Pérez", info@x.nl]'),
  }),
  // A page of two systems, its party from the block as well as a tag; the same contacts written otherwise.
  agreement(11, 'noord', ['stelsel:zuid', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld', 'partij:Huisartsen'], {
    title: 'Aanmelden',
    content: block('partijen: [gemeente]', 'eigenaar: jan de vries', 'contact: jose perez'),
  }),
  agreement(12, 'zuid', ['hoofdstuk:kwaliteit', 'laag:werkafspraken', 'status:concept', 'partij:buurtteam', 'partij:huisartsen'], {
    title: 'Chapterwide',
    content: block('eigenaar: "JAN \\t DE  VRIES"'),
  }),
  agreement(13, 'noord', ['kolom:leren', 'partij:gemeente'], { title: 'Los', content: block('contact: Piet') }),
  agreement(14, 'noord', ['kolom:leren', 'laag:normen', 'status:vervallen', 'partij:huisartsen'], { title: 'Oud', content: block('eigenaar: Retired Man') }),
  agreement(15, 'zuid', ['kolom:financiering', 'laag:normen', 'status:in-de-maak', 'partij:zorgverzekeraar'], { title: 'Geld', content: block('eigenaar: Zeger') }),
];

const cellIds = frameworkCells(catalogOf().frameworks.get('werkende-afspraken') ?? (undefined as never)).map((c) => `${c.chapter}/${c.column ?? '*'}/${c.layer}`);

function partiesOf(query: Parameters<typeof buildParties>[1], wiki = pages): Parties {
  const parties = buildParties(catalogOf(...wiki), query, TODAY);
  if (!parties) throw new Error('no parties');
  return parties;
}

/** A party's non-empty cells as `cell=count/systems`. */
function cellsOf(party: Party): string[] {
  return party.cells.flatMap((cell, i) => (cell.count === 0 && cell.systems === 0 ? [] : [`${cellIds[i]}=${cell.count}/${cell.systems}`]));
}

const contactsOf = (party: Party) => party.contacts.map((c) => [c.name, c.agreements.map((a) => a.pageId)]);
const byKey = (parties: Parties, key: string) => {
  const party = parties.parties.find((p) => p.key === key);
  if (!party) throw new Error(`no party ${key}`);
  return party;
};

describe('parties and contacts (contract §11)', () => {
  it('across systems: every party of the agreements and of the declarations, by count then key', () => {
    const parties = partiesOf({});
    expect(parties.cells).to.have.length(24);
    expect(parties.parties.map((p) => [p.key, p.count, p.declared, p.name, p.systems])).to.deep.equal([
      ['huisartsen', 3, true, 'Huisartsen Zuid', ['noord', 'zuid']],
      ['gemeente', 2, true, 'Gemeente Utrecht', ['noord', 'zuid']],
      ['buurtteam', 1, true, 'Buurtteam Zuid', ['zuid']],
      ['zorgverzekeraar', 1, false, null, ['zuid']],
      ['verzekeraar', 0, true, null, []],
    ]);
  });

  it('counts distinct pages per cell by their own placement, and the systems that have such a page there', () => {
    const parties = partiesOf({});
    expect(cellsOf(byKey(parties, 'huisartsen'))).to.deep.equal(['kwaliteit/dienstverlening/normen=2/2', 'kwaliteit/*/werkafspraken=1/1']);
    // Page 11 is in both systems: one page, two systems; the unplaced page 13 is in no cell.
    expect(cellsOf(byKey(parties, 'gemeente'))).to.deep.equal(['kwaliteit/dienstverlening/normen=1/2']);
    expect(cellsOf(byKey(parties, 'zorgverzekeraar'))).to.deep.equal(['duurzaamheid/financiering/normen=1/1']);
    expect(cellsOf(byKey(parties, 'verzekeraar'))).to.deep.equal([]);
    expect(byKey(parties, 'verzekeraar').cells).to.have.length(24);
  });

  it('merges contacts equal but for case, diacritics and white space, named as first written in page order', () => {
    const parties = partiesOf({});
    expect(contactsOf(byKey(parties, 'huisartsen'))).to.deep.equal([
      ['jan de vries', [11, 10, 12]],
      ['jose perez', [11, 10]],
      ['info@x.nl', [10]],
    ]);
    expect(contactsOf(byKey(parties, 'gemeente'))).to.deep.equal([
      ['jan de vries', [11]],
      ['jose perez', [11]],
      ['Piet', [13]],
    ]);
    // As written: inner white space and case kept.
    expect(contactsOf(byKey(parties, 'buurtteam'))).to.deep.equal([['JAN \t DE  VRIES', [12]]]);
    expect(byKey(parties, 'huisartsen').contacts[0].agreements.map((a) => a.title)).to.deep.equal(['Aanmelden', 'Bellen', 'Chapterwide']);
    expect(contactKey('  JÓSE \t  Pérez ')).to.equal('jose perez');
  });

  it('of one system: its agreements and its declaration only', () => {
    const parties = partiesOf({ system: 'Noord' });
    expect(parties.system?.key).to.equal('noord');
    expect(parties.parties.map((p) => [p.key, p.count, p.name, p.systems])).to.deep.equal([
      ['gemeente', 2, 'Gemeente Utrecht', ['noord']],
      ['huisartsen', 2, 'Huisartsen Noord', ['noord']],
      ['verzekeraar', 0, null, []],
    ]);
    expect(cellsOf(byKey(parties, 'huisartsen'))).to.deep.equal(['kwaliteit/dienstverlening/normen=2/1']);
    expect(contactsOf(byKey(parties, 'huisartsen'))).to.deep.equal([
      ['jan de vries', [11, 10]],
      ['jose perez', [11, 10]],
      ['info@x.nl', [10]],
    ]);
  });

  it('a parties filter keeps pages with one of them and lists all their parties; declared ones stay with count 0', () => {
    const parties = partiesOf({ filter: { parties: ['Buurtteam'] } });
    expect(parties.parties.map((p) => [p.key, p.count])).to.deep.equal([
      ['buurtteam', 1],
      ['huisartsen', 1],
      ['gemeente', 0],
      ['verzekeraar', 0],
    ]);
    expect(cellsOf(byKey(parties, 'huisartsen'))).to.deep.equal(['kwaliteit/*/werkafspraken=1/1']);
  });

  it('never counts retired pages, includeRetired or not; other filters apply first', () => {
    expect(byKey(partiesOf({ filter: { includeRetired: true } }), 'huisartsen').count).to.equal(3);
    expect(byKey(partiesOf({ system: 'noord', filter: { statuses: ['retired'] } }), 'huisartsen').count).to.equal(0);
    const concept = partiesOf({ filter: { statuses: ['draft'] } });
    expect(concept.parties.map((p) => [p.key, p.count])).to.deep.equal([
      ['buurtteam', 1],
      ['huisartsen', 1],
      ['gemeente', 0],
      ['verzekeraar', 0],
    ]);
  });

  it('is undefined for a system the catalog lacks and for a framework that does not exist', () => {
    expect(buildParties(catalogOf(...pages), { system: 'west' }, TODAY)).to.equal(undefined);
    expect(buildParties(catalogOf(...pages), { framework: 'ander' }, TODAY)).to.equal(undefined);
  });

  it('agrees with a reference built from each system matrix on random wikis', () => {
    const people = ['Jan', 'jan', 'JÁN', 'Piet  X', 'piet x', 'Mia'];
    const spec = fc.record({
      systems: fc.subarray(['s1', 's2', 's3'], { minLength: 1 }),
      tags: fc.subarray(['kolom:leren', 'kolom:borgen', 'hoofdstuk:kwaliteit', 'laag:normen', 'laag:techniek', 'status:concept', 'status:vervallen', 'thema:x']),
      parties: fc.subarray(['a', 'b', 'c']),
      owners: fc.subarray(people, { maxLength: 2 }),
      contacts: fc.subarray(people, { maxLength: 2 }),
      title: fc.constantFrom('Aa', 'Bb', 'Cc'),
    });
    const filterArb = fc.record({ parties: fc.option(fc.subarray(['a', 'b']), { nil: undefined }), themes: fc.option(fc.constant(['x']), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 10 }), fc.boolean(), fc.constantFrom(undefined, 's1'), filterArb, (specs, declare, system, filter) => {
        const wiki = specs.map((s, i) =>
          agreement(i + 100, s.systems[0], [...s.systems.slice(1).map((k) => `stelsel:${k}`), ...s.tags, ...s.parties.map((p) => `partij:${p}`)], {
            title: s.title,
            content: block(`eigenaar: ${JSON.stringify(s.owners)}`, `contact: ${JSON.stringify(s.contacts)}`),
          }),
        );
        if (declare) wiki.push(systemPage(1, 's1', 'titel: Een', 'partijen: [{ key: a, naam: A }, { key: d, naam: D }]'));
        const catalog = catalogOf(...wiki);
        const actual = buildParties(catalog, { system, filter }, TODAY);
        if (system !== undefined && !catalog.systems.has(system)) {
          expect(actual).to.equal(undefined);
          return;
        }
        const people = (pageId: number) => [...specs[pageId - 100].owners, ...specs[pageId - 100].contacts];
        expect(referenceParties(catalog, { system, filter }, people, TODAY)).to.deep.equal(
          actual?.parties.map((p) => ({ ...p, contacts: p.contacts.map((c) => [c.name, c.agreements.map((a) => a.pageId)]) })),
        );
      }),
      { numRuns: 150 },
    );
  });
});
