import { expect } from 'chai';
import fc from 'fast-check';
import { buildOverview, decodeOverviewCursor, matrixFor, type Overview } from '../../../server/domain';
import { agreement, catalogOf, page, systemPage } from './builders';

const TODAY = '2024-01-01';

/** Five systems whose cells are worked out by hand below. */
const pages = [
  systemPage(1, 'aa', 'titel: Zuid'),
  agreement(10, 'aa', ['kolom:leren', 'laag:normen', 'status:vastgesteld']),
  agreement(11, 'aa', ['hoofdstuk:kwaliteit', 'laag:techniek', 'status:concept']),
  systemPage(2, 'bb', 'titel: Midden'),
  agreement(20, 'bb', ['kolom:dienstverlening', 'laag:normen', 'status:gevalideerd']),
  agreement(21, 'bb', ['kolom:borgen', 'kolom:leren', 'laag:werkafspraken']),
  agreement(22, 'bb', ['kolom:financiering', 'laag:normen', 'status:vervallen']),
  systemPage(3, 'ab', 'titel: Noord'),
  agreement(40, 'ab', ['kolom:klantrelatie', 'kolom:gezond-werk', 'kolom:financiering', 'laag:techniek', 'status:concept']),
  systemPage(4, 'ac', 'titel: Noord'),
  agreement(50, 'ac', ['kolom:dienstverlening', 'laag:normen', 'laag:werkafspraken', 'laag:techniek', 'status:vastgesteld']),
  agreement(30, 'cc', ['kolom:leren', 'laag:normen', 'status:in-de-maak']),
];

const id = (cell: { chapter: string; column: string | null; layer: string }) => `${cell.chapter}/${cell.column ?? '*'}/${cell.layer}`;

/** The non-empty cells of a row as `cell=STATE:count`. */
function nonEmpty(overview: Overview, key: string): string[] {
  const row = overview.systems.find((r) => r.system.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return row.cells.flatMap((cell, i) => (cell.state === 'EMPTY' ? [] : [`${id(overview.cells[i])}=${cell.state}:${cell.count}`]));
}

function overviewOf(filter?: Parameters<typeof buildOverview>[2]): Overview {
  const overview = buildOverview(catalogOf(...pages), 'werkende-afspraken', filter);
  if (!overview) throw new Error('no overview');
  return overview;
}

describe('the overview of all systems (contract §8.1)', () => {
  it('lists every system of the framework by coverage, then title, then key, with coverage and present counts', () => {
    const overview = overviewOf();
    expect(overview.systems.map((r) => [r.system.key, r.coverage, r.present])).to.deep.equal([
      ['aa', 5, 1],
      ['bb', 3, 3],
      ['ab', 3, 0],
      ['ac', 3, 3],
      ['cc', 1, 0],
    ]);
  });

  it('gives each cell the state and count of the system matrix: chapter-wide coverage counted as state, not count; retired left out', () => {
    const overview = overviewOf();
    expect(overview.cells).to.have.length(24);
    expect(nonEmpty(overview, 'aa')).to.deep.equal([
      'kwaliteit/dienstverlening/techniek=IN_PROGRESS:0',
      'kwaliteit/klantrelatie/techniek=IN_PROGRESS:0',
      'kwaliteit/gezond-werk/techniek=IN_PROGRESS:0',
      'kwaliteit/*/techniek=IN_PROGRESS:1',
      'duurzaamheid/leren/normen=PRESENT:1',
    ]);
    expect(nonEmpty(overview, 'bb')).to.deep.equal([
      'kwaliteit/dienstverlening/normen=PRESENT:1',
      'duurzaamheid/borgen/werkafspraken=PRESENT:1',
      'duurzaamheid/leren/werkafspraken=PRESENT:1',
    ]);
  });

  it('totals every cell across systems per state', () => {
    const overview = overviewOf();
    const total = (cell: string) => overview.totals[overview.cells.findIndex((c) => id(c) === cell)];
    expect(total('duurzaamheid/leren/normen')).to.deep.equal({ present: 1, inProgress: 1, empty: 3 });
    expect(total('kwaliteit/dienstverlening/techniek')).to.deep.equal({ present: 1, inProgress: 1, empty: 3 });
    expect(total('kwaliteit/*/techniek')).to.deep.equal({ present: 0, inProgress: 1, empty: 4 });
    expect(total('duurzaamheid/financiering/normen')).to.deep.equal({ present: 0, inProgress: 0, empty: 5 });
    expect(total('duurzaamheid/financiering/techniek')).to.deep.equal({ present: 0, inProgress: 1, empty: 4 });
  });

  it('applies the filter first, and keeps systems left with nothing (coverage 0, by title)', () => {
    const overview = overviewOf({ filter: { statuses: ['agreed'] } });
    expect(overview.systems.map((r) => [r.system.key, r.coverage])).to.deep.equal([
      ['ac', 3],
      ['aa', 1],
      ['cc', 0],
      ['bb', 0],
      ['ab', 0],
    ]);
  });

  it('answers undefined for a framework that does not exist, and no rows for one without systems', () => {
    expect(buildOverview(catalogOf(...pages), 'onbekend-kader')).to.equal(undefined);
    const custom = page({ id: 90, content: ['```afsprakenkader', 'key: ander', 'titel: Ander', 'hoofdstukken:', '  - key: a', '    titel: A', '    kolommen:', '      - key: x', '        titel: X', 'lagen:', '  - key: l', '    titel: L', '```'].join('\n') });
    const overview = buildOverview(catalogOf(...pages, custom), 'ander');
    expect(overview?.cells.map(id)).to.deep.equal(['a/x/l', 'a/*/l']);
    expect(overview?.systems).to.deep.equal([]);
  });

  it('agrees with each system matrix on random wikis, totals summing to the number of systems', () => {
    const tag = fc.constantFrom('kolom:leren', 'kolom:borgen', 'hoofdstuk:kwaliteit', 'laag:normen', 'laag:techniek', 'status:concept', 'status:vastgesteld', 'status:vervallen', 'thema:x');
    const pageArb = fc.record({ system: fc.constantFrom('s1', 's2', 's3'), tags: fc.subarray(['kolom:leren', 'kolom:borgen', 'hoofdstuk:kwaliteit', 'laag:normen', 'laag:techniek']), extra: fc.array(tag, { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(pageArb, { maxLength: 12 }), (specs) => {
        const wiki = specs.map((s, i) => agreement(i + 1, s.system, [...s.tags, ...s.extra]));
        const catalog = catalogOf(...wiki);
        const overview = buildOverview(catalog, 'werkende-afspraken') as Overview;
        expect(overview.systems.map((r) => r.system.key).sort()).to.deep.equal([...new Set(specs.map((s) => s.system))].sort());
        for (const row of overview.systems) {
          const matrix = matrixFor(catalog, row.system.key, undefined, TODAY);
          expect(row.cells).to.deep.equal(matrix?.cells.map((c) => ({ state: c.state, count: c.count })));
          expect(row.coverage).to.equal(row.cells.filter((c) => c.state !== 'EMPTY').length);
        }
        for (let i = 1; i < overview.systems.length; i++) expect(overview.systems[i - 1].coverage).to.be.at.least(overview.systems[i].coverage);
        for (const t of overview.totals) expect(t.present + t.inProgress + t.empty).to.equal(overview.systems.length);
      }),
      { numRuns: 100 },
    );
  });

  describe('paging and region (contract §12)', () => {
    const ORDER = ['aa', 'bb', 'ab', 'ac', 'cc'];

    it('gives every row once, in order, through pages of any size, with total and totals of every row', () => {
      const whole = overviewOf();
      for (const size of [1, 2, 3, 4, 5, 7]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page = overviewOf(after === null ? { first: size } : { first: size, after: decodeOverviewCursor(after) });
          expect(page.total).to.equal(5);
          expect(page.totals).to.deep.equal(whole.totals);
          seen.push(...page.systems.map((r) => r.system.key));
          after = page.endCursor;
          if (after === null) break;
        }
        expect(seen, `pages of ${size}`).to.deep.equal(ORDER);
      }
    });

    it('has no endCursor on the last page, also when it is exactly full, nor when there are no rows', () => {
      expect(overviewOf({ first: 4 }).endCursor).to.be.a('string');
      expect(overviewOf({ first: 5 }).endCursor).to.equal(null);
      expect(overviewOf().endCursor).to.equal(null);
      const rest = overviewOf({ first: 3, after: decodeOverviewCursor(overviewOf({ first: 2 }).endCursor as string) });
      expect(rest.systems.map((r) => r.system.key)).to.deep.equal(['ab', 'ac', 'cc']);
      expect(rest.endCursor).to.equal(null);
      const empty = buildOverview(catalogOf(), 'werkende-afspraken', { first: 10 });
      expect([empty?.total, empty?.systems, empty?.endCursor]).to.deep.equal([0, [], null]);
    });

    it('keeps, with a region, the systems whose system page declares it, normalised as tags are; totals over those', () => {
      const wiki = [
        systemPage(1, 'aa', 'titel: Zuid', 'regio: Utrecht Overvecht'),
        agreement(10, 'aa', ['kolom:leren', 'laag:normen', 'status:vastgesteld']),
        systemPage(2, 'bb', 'titel: Midden', 'regio: utrecht_overvecht'),
        agreement(20, 'bb', ['kolom:leren', 'laag:normen', 'status:concept']),
        systemPage(3, 'ab', 'titel: Noord', 'regio: Utrécht Noordwest'),
        agreement(40, 'ab', ['kolom:leren', 'laag:normen']),
        // A system known from tags alone declares no region.
        agreement(30, 'cc', ['kolom:leren', 'laag:normen']),
      ];
      const overview = buildOverview(catalogOf(...wiki), 'werkende-afspraken', { region: ' UTRECHT overvecht' });
      expect(overview?.systems.map((r) => r.system.key)).to.deep.equal(['bb', 'aa']);
      expect(overview?.total).to.equal(2);
      const leren = overview?.cells.findIndex((c) => c.column === 'leren' && c.layer === 'normen') as number;
      expect(overview?.totals[leren]).to.deep.equal({ present: 1, inProgress: 1, empty: 0 });
      expect(overview?.regions).to.deep.equal(['Utrécht Noordwest', 'Utrecht Overvecht']);
      expect(buildOverview(catalogOf(...wiki), 'werkende-afspraken', { region: 'Elders' })?.total).to.equal(0);
    });
  });
});
