/**
 * The catalog index (one per index generation) and a reader's catalog built on it: for every
 * reader it must be the catalog `buildCatalog` makes of the pages that reader sees, with the
 * wiki-wide frameworks; states worked out on a shared list must be those of the reader's pages.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  buildCatalog,
  buildParties,
  catalogIndexOf,
  catalogOfSeen,
  collectFrameworks,
  isSharedAgreementList,
  matrixFor,
  matrixStatesFor,
  type PageFacts,
  type SourcePage,
} from '../../../server/domain';
import { agreement, factsOf, fence, page, systemPage } from './builders';

const framework = fence('afsprakenkader', 'key: wijk', 'titel: Wijk', 'hoofdstukken:', '  - key: zorg', '    kolommen: [{ key: thuis }, { key: buurt }]', 'lagen: [{ key: regels }, { key: praktijk }]');
const SYSTEMS = ['a', 'b', 'c', 'd'];
const COLUMNS = ['dienstverlening', 'klantrelatie', 'thuis', 'buurt', 'onzin'];
const LAYERS = ['normen', 'werkafspraken', 'regels'];
const STATUSES = ['concept', 'vastgesteld', 'vervallen', 'gevalideerd', 'klaar'];

/** A wiki: a framework page, system pages (some twice, some of `wijk`, one of an unknown framework), agreements of one or two systems. */
const wikiArbitrary = fc
  .record({
    declared: fc.array(fc.record({ key: fc.constantFrom(...SYSTEMS, 'e'), kader: fc.constantFrom(undefined, 'wijk', 'niets') }), { maxLength: 6 }),
    agreements: fc.array(
      fc.record({
        systems: fc.uniqueArray(fc.constantFrom(...SYSTEMS, 'e'), { minLength: 1, maxLength: 2 }),
        column: fc.constantFrom(...COLUMNS),
        layer: fc.constantFrom(...LAYERS),
        status: fc.constantFrom(...STATUSES),
        party: fc.constantFrom(undefined, 'huisartsen', 'wijkteam'),
        selfDeclares: fc.boolean(),
        contact: fc.constantFrom(undefined, 'Team Noord', 'team  noord', 'Coördinator'),
        title: fc.constantFrom('Appel', 'appel', 'Zorg 10', 'Zorg 9'),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ declared, agreements }) => {
    const pages: SourcePage[] = [page({ id: 1, content: framework })];
    let id = 2;
    for (const d of declared) pages.push(systemPage(id++, d.key, ...(d.kader ? [`kader: ${d.kader}`] : [])));
    for (const a of agreements) {
      const [first, ...more] = a.systems;
      const tags = [`kolom:${a.column}`, `laag:${a.layer}`, `status:${a.status}`, ...(a.party ? [`partij:${a.party}`] : []), ...more.map((s) => `stelsel:${s}`)];
      // Now and then a page that declares one of its own systems too: it is no agreement of that one.
      const blocks = [a.selfDeclares ? fence('afsprakenstelsel', `key: ${more[0] ?? first}`) : '', a.contact ? fence('afspraak', `contact: "${a.contact}"`) : ''];
      pages.push({ ...agreement(id, first, tags, { title: a.title }), content: blocks.join('\n\n') });
      id++;
    }
    // Shuffled ids: the index sorts by page id, as buildCatalog does.
    return factsOf(...pages).reverse();
  });

function frameworksOf(pages: readonly PageFacts[]) {
  return collectFrameworks(pages.filter((p) => p.systemDeclarations.length > 0 || p.frameworks.length > 0)).frameworks;
}

describe('the catalog index of an index generation', () => {
  it('gives every reader the catalog buildCatalog makes of the pages it sees, with the wiki-wide frameworks', () => {
    fc.assert(
      fc.property(wikiArbitrary, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (pages, hidden) => {
        const index = catalogIndexOf(pages, (p) => p);
        const seen = new Uint8Array(index.pages.length);
        index.pages.forEach((_, i) => (seen[i] = hidden[i % hidden.length] ? 0 : 1));
        const visible = index.pages.filter((_, i) => seen[i] === 1);
        const expected = buildCatalog(visible, frameworksOf(pages));
        const { catalog, pages: listed } = catalogOfSeen(index, seen);
        expect(listed.map((p) => p.pageId)).to.deep.equal(visible.map((p) => p.pageId).sort((a, b) => a - b));
        expect(catalog.issues).to.deep.equal(expected.issues);
        expect([...catalog.frameworks.entries()]).to.deep.equal([...expected.frameworks.entries()]);
        expect([...catalog.systems.keys()]).to.deep.equal([...expected.systems.keys()]);
        for (const [key, entry] of expected.systems) {
          const got = catalog.systems.get(key);
          expect(got?.info).to.deep.equal(entry.info);
          expect(got?.framework).to.equal(entry.framework);
          expect(got?.declaration).to.equal(entry.declaration);
          expect(got?.agreements.map((p) => p.pageId)).to.deep.equal(entry.agreements.map((p) => p.pageId));
          // The states, also those worked out once on a shared list, are those of the reader's pages.
          for (const filter of [undefined, { parties: ['huisartsen'] }, { includeRetired: true }]) {
            const matrix = matrixFor(expected, key, filter);
            expect(matrixStatesFor(catalog, key, filter)).to.deep.equal({ states: matrix?.cells.map((c) => c.state), counts: matrix?.cells.map((c) => c.count) });
          }
        }
        // Parties and their contacts, as of buildCatalog's catalog.
        for (const filter of [undefined, { statuses: ['vastgesteld'] }]) {
          expect(buildParties(catalog, { filter }, '2024-06-01')).to.deep.equal(buildParties(expected, { filter }, '2024-06-01'));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("shares a system's list of agreements only with a reader who sees all of them", () => {
    const pages = factsOf(systemPage(1, 'a'), agreement(2, 'a', ['kolom:dienstverlening', 'laag:normen', 'status:vastgesteld']), agreement(3, 'a', ['kolom:klantrelatie', 'laag:normen', 'status:concept']));
    const index = catalogIndexOf(pages, (p) => p);
    expect(catalogIndexOf(pages, (p) => p)).to.equal(index);
    const all = catalogOfSeen(index, Uint8Array.from([1, 1, 1])).catalog.systems.get('a');
    const part = catalogOfSeen(index, Uint8Array.from([1, 0, 1])).catalog.systems.get('a');
    expect(isSharedAgreementList(all?.agreements ?? [])).to.equal(true);
    expect(isSharedAgreementList(part?.agreements ?? [])).to.equal(false);
    expect(part?.agreements.map((p) => p.pageId)).to.deep.equal([3]);
    // Worked out for the first reader, not handed to the second: page 2 (settled) is not the second's.
    const first = matrixStatesFor(catalogOfSeen(index, Uint8Array.from([1, 1, 1])).catalog, 'a');
    const second = matrixStatesFor(catalogOfSeen(index, Uint8Array.from([1, 0, 1])).catalog, 'a');
    expect(first?.states.filter((s) => s === 'PRESENT')).to.have.length(1);
    expect(second?.states.filter((s) => s === 'PRESENT')).to.have.length(0);
    expect(second?.states.filter((s) => s === 'IN_PROGRESS')).to.have.length(1);
  });
});
