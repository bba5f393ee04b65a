import { expect } from 'chai';
import fc from 'fast-check';
import {
  SEARCH_FIELDS,
  decodeSearchCursor,
  searchAgreements,
  searchWords,
  type AgreementSearchFilter,
  type SearchResult,
  type SourcePage,
} from '../../../server/domain';
import { agreement, catalogOf, page, systemPage } from './builders';

const TODAY = '2024-01-01';

const withDescription = (source: SourcePage, description: string): SourcePage => ({ ...source, description });

const wiki: SourcePage[] = [
  systemPage(1, 'kb', 'titel: KB', 'themas: [solk]'),
  { ...systemPage(2, 'nw', 'titel: NW'), tags: ['stelsel:nw'] },
  withDescription(
    agreement(10, 'kb', ['kolom:dienstverlening', 'laag:werkafspraken', 'thema:solk', 'status:vastgesteld', 'partij:huisartsen'], { title: 'Samenwerking SOLK-zorg' }),
    'Afspraken over verwijzing',
  ),
  withDescription(
    agreement(11, 'kb', ['hoofdstuk:kwaliteit', 'laag:normen', 'thema:meer-bewegen', 'status:concept', 'partij:buurtteam'], { title: 'Beweegaanbod in de wijk' }),
    'Continuïteit van zorg',
  ),
  agreement(12, 'kb', ['stelsel:nw', 'kolom:financiering', 'laag:techniek', 'status:vervallen', 'partij:gemeente'], { title: 'Financiële afspraken' }),
  agreement(13, 'nw', ['kolom:leren', 'status:in-de-maak', 'partij:buurtteam', 'partij:huisartsen', 'spoed'], { title: 'Overleg buurtteam' }),
  page({ id: 14, title: 'Losse pagina over solk', tags: ['thema:solk'] }),
];

function search(text?: string, filter?: AgreementSearchFilter, first = 50, after?: string, pages = wiki): SearchResult {
  return searchAgreements(catalogOf(...pages), { text, filter, first, after: after === undefined ? undefined : decodeSearchCursor(after) }, TODAY);
}

const ids = (result: SearchResult) => result.hits.map((h) => h.agreement.pageId);
const facet = (result: SearchResult, field: string) => result.facets.find((f) => f.field === field)?.values.map((v) => `${v.value}:${v.count}`);

describe('search across systems (contract §8.2)', () => {
  it('splits text into words: runs of a-z and 0-9, lower-cased, diacritics removed', () => {
    expect(searchWords('Continuïteit, SOLK-zorg 2.0 (café)')).to.deep.equal(['continuiteit', 'solk', 'zorg', '2', '0', 'cafe']);
    expect(searchWords('  ')).to.deep.equal([]);
  });

  it('finds every agreement page by title, then path, placed or unplaced, never a system page, retired ones only when asked', () => {
    expect(ids(search())).to.deep.equal([11, 13, 10]);
    expect(search().total).to.equal(3);
    expect(ids(search(undefined, { includeRetired: true }))).to.deep.equal([11, 12, 13, 10]);
    expect(search(undefined, { includeRetired: true }).hits.find((h) => h.agreement.pageId === 12)?.systems).to.deep.equal(['kb', 'nw']);
    const cellsOf = (id: number) => search().hits.find((h) => h.agreement.pageId === id)?.cells;
    expect(cellsOf(10)).to.deep.equal([{ chapter: 'kwaliteit', column: 'dienstverlening', layer: 'werkafspraken' }]);
    expect(cellsOf(11)).to.deep.equal([{ chapter: 'kwaliteit', column: null, layer: 'normen' }]);
    expect(cellsOf(13)).to.deep.equal([]);
  });

  const textCases: Array<[string, number[]]> = [
    ['solk', [10]],
    ['sol', [10]],
    ['zorg samen', [10]],
    ['continuiteit', [11]],
    ['CONTINUÏTEIT', [11]],
    ['wijk zorg', [11]],
    ['spoed', [13]],
    ['buurt', [11, 13]],
    ['werkafspraken', [10]],
    ['kb', [11, 10]],
    ['stelsel', []],
    ['ijk', []],
    ['solk onbekend', []],
    ['  ', [11, 13, 10]],
  ];
  for (const [text, expected] of textCases) {
    it(`matches "${text}" as prefixes of words of title, description and tag values: ${JSON.stringify(expected)}`, () => {
      expect(ids(search(text))).to.deep.equal(expected);
    });
  }

  const filterCases: Array<[AgreementSearchFilter, number[]]> = [
    [{ chapters: ['kwaliteit'] }, [11, 10]],
    [{ chapters: ['quality'] }, [11, 10]],
    [{ columns: ['dienstverlening'] }, [10]],
    [{ columns: ['service-delivery'] }, [10]],
    [{ systems: ['nw'] }, [13]],
    [{ layers: ['normen'] }, [11]],
    [{ layers: ['norms'] }, [11]],
    [{ statuses: ['draft'] }, [11]],
    [{ statuses: ['concept', 'in-de-maak'] }, [11, 13]],
    [{ parties: ['huisartsen'] }, [13, 10]],
    [{ themes: ['solk'] }, [10]],
    [{ parties: ['huisartsen'], systems: ['nw'] }, [13]],
    [{ systems: ['nw'], includeRetired: true }, [12, 13]],
    [{ systems: ['onbekend'] }, []],
  ];
  for (const [filter, expected] of filterCases) {
    it(`filters ${JSON.stringify(filter)}: ${JSON.stringify(expected)}`, () => {
      expect(ids(search(undefined, filter))).to.deep.equal(expected);
    });
  }

  it('counts facets once per page, chapter-wide placements for their chapter only, by count then value, zeros left out', () => {
    const result = search();
    expect(result.facets.map((f) => f.field)).to.deep.equal(['system', 'chapter', 'column', 'layer', 'theme', 'status', 'party']);
    expect(facet(result, 'system')).to.deep.equal(['kb:2', 'nw:1']);
    expect(facet(result, 'chapter')).to.deep.equal(['kwaliteit:2']);
    expect(facet(result, 'column')).to.deep.equal(['dienstverlening:1']);
    expect(facet(result, 'layer')).to.deep.equal(['normen:1', 'werkafspraken:1']);
    expect(facet(result, 'theme')).to.deep.equal(['meer-bewegen:1', 'solk:1']);
    expect(facet(result, 'status')).to.deep.equal(['concept:1', 'in-de-maak:1', 'vastgesteld:1']);
    expect(facet(result, 'party')).to.deep.equal(['buurtteam:2', 'huisartsen:2']);
  });

  it('counts each facet over the pages matching the text and every other field of the filter', () => {
    const result = search(undefined, { parties: ['buurtteam'], systems: ['kb'] });
    expect(ids(result)).to.deep.equal([11]);
    expect(facet(result, 'party')).to.deep.equal(['buurtteam:1', 'huisartsen:1']);
    expect(facet(result, 'system')).to.deep.equal(['kb:1', 'nw:1']);
    expect(facet(result, 'chapter')).to.deep.equal(['kwaliteit:1']);
    expect(facet(result, 'column')).to.deep.equal([]);
    expect(facet(result, 'status')).to.deep.equal(['concept:1']);
    const texted = search('buurt', { parties: ['huisartsen'] });
    expect(ids(texted)).to.deep.equal([13]);
    expect(facet(texted, 'party')).to.deep.equal(['buurtteam:2', 'huisartsen:1']);
  });

  it('pages through the hits with first and after, total counting all, and resumes after a hit that was removed', () => {
    const first = search(undefined, undefined, 2);
    expect([ids(first), first.total]).to.deep.equal([[11, 13], 3]);
    expect(first.endCursor).to.be.a('string');
    const second = search(undefined, undefined, 2, first.endCursor as string);
    expect([ids(second), second.endCursor]).to.deep.equal([[10], null]);
    const without13 = wiki.filter((p) => p.id !== 13);
    expect(ids(search(undefined, undefined, 2, first.endCursor as string, without13))).to.deep.equal([10]);
    expect(search(undefined, undefined, 0).hits).to.deep.equal([]);
    expect(decodeSearchCursor('niet-een-cursor')).to.equal(undefined);
  });

  it('pages through any number of hits, any page size, giving each hit once in the order of title, path and page id', () => {
    // The reference order, written out here: Dutch collation, case and accents aside, numbers by value.
    const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
    const title = fc.constantFrom('Alpha', 'alpha', 'Álpha', 'Beta 2', 'Beta 10', 'Gamma', 'zorg');
    fc.assert(
      fc.property(fc.array(title, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (titles, size) => {
        const pages = titles.map((t, i) => agreement(i + 1, 's1', ['laag:normen'], { title: t }));
        const expected = pages
          .map((p) => ({ id: p.id, title: p.title, path: p.path }))
          .sort((a, b) => collator.compare(a.title, b.title) || collator.compare(a.path, b.path) || a.id - b.id)
          .map((p) => p.id);
        const seen: number[] = [];
        let cursor: string | undefined;
        for (let round = 0; round <= pages.length; round++) {
          const result = search(undefined, undefined, size, cursor, pages);
          expect(result.total).to.equal(pages.length);
          seen.push(...ids(result));
          if (!result.endCursor) break;
          expect(result.hits).to.have.length(size);
          cursor = result.endCursor;
        }
        expect(seen).to.deep.equal(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('has, for every facet value, the count of hits that filtering on it alone (with the other fields) gives', () => {
    const tag = fc.constantFrom('kolom:leren', 'kolom:borgen', 'hoofdstuk:kwaliteit', 'laag:normen', 'laag:techniek', 'status:concept', 'status:vervallen', 'thema:a', 'thema:b', 'partij:p', 'partij:q', 'stelsel:s2');
    const pageArb = fc.record({ system: fc.constantFrom('s1', 's2'), tags: fc.uniqueArray(tag, { maxLength: 5 }), title: fc.constantFrom('Alpha', 'Beta zorg', 'Gamma') });
    const filterArb = fc.record({ parties: fc.subarray(['p', 'q']), themes: fc.subarray(['a']), layers: fc.subarray(['normen']) });
    fc.assert(
      fc.property(fc.array(pageArb, { maxLength: 10 }), filterArb, fc.constantFrom('', 'zo', 'beta'), (specs, filter, text) => {
        const pages = specs.map((s, i) => agreement(i + 1, s.system, s.tags, { title: s.title }));
        const result = search(text, filter, 100, undefined, pages);
        const keyOf: Record<string, keyof AgreementSearchFilter> = { system: 'systems', chapter: 'chapters', column: 'columns', layer: 'layers', theme: 'themes', status: 'statuses', party: 'parties' };
        for (const field of SEARCH_FIELDS) {
          for (const { value, count } of result.facets.find((f) => f.field === field)?.values ?? []) {
            expect(search(text, { ...filter, [keyOf[field]]: [value] }, 100, undefined, pages).total, `${field}=${value}`).to.equal(count);
          }
        }
        expect(result.total).to.equal(result.hits.length);
      }),
      { numRuns: 100 },
    );
  });
});
