import { expect } from 'chai';
import { buildNavigation, cellDifference, compareMatrices, type ComparisonCell } from '../../../server/domain';
import { agreement, comparisonOf, fence, matrixOf, page, pageIds, systemPage } from './builders';

const cellOf = (cells: ComparisonCell[], chapter: string, column: string | null, layer: string): ComparisonCell => {
  const cell = cells.find((c) => c.chapter === chapter && c.column === column && c.layer === layer);
  if (!cell) throw new Error('no such cell');
  return cell;
};

describe('comparison of two systems (contract §4-5)', () => {
  const pages = [
    systemPage(1, 'a', 'themas: [solk, bewegen]'),
    systemPage(2, 'b', 'themas: [bewegen, jeugd]'),
    agreement(10, 'a', ['kolom:leren', 'laag:normen', 'status:vastgesteld']),
    agreement(11, 'b', ['kolom:leren', 'laag:normen', 'status:concept']),
    page({ id: 12, tags: ['stelsel:a', 'stelsel:b', 'kolom:leren', 'laag:normen'] }),
    agreement(13, 'b', ['kolom:borgen', 'laag:techniek', 'thema:extra']),
  ];

  it('has every cell of both matrices in A order, with both sides', () => {
    const cmp = comparisonOf('a', 'b', pages);
    expect(cmp.cells).to.have.length(24);
    expect(cmp.a.key).to.equal('a');
    expect(cmp.b.key).to.equal('b');
    const cell = cellOf(cmp.cells, 'duurzaamheid', 'leren', 'normen');
    expect(cell.a).to.include({ count: 2, state: 'PRESENT' });
    expect(cell.b).to.include({ count: 2, state: 'PRESENT' });
  });

  it('lists agreements only in A, only in B, and shared when the same page is in both', () => {
    const cell = cellOf(comparisonOf('a', 'b', pages).cells, 'duurzaamheid', 'leren', 'normen');
    expect(pageIds(cell.onlyInA)).to.deep.equal([10]);
    expect(pageIds(cell.onlyInB)).to.deep.equal([11]);
    expect(pageIds(cell.shared)).to.deep.equal([12]);
  });

  it('shows a cell where one side has agreements and the other none', () => {
    const cell = cellOf(comparisonOf('a', 'b', pages).cells, 'duurzaamheid', 'borgen', 'techniek');
    expect(cell.a).to.include({ count: 0, state: 'EMPTY' });
    expect(cell.b).to.include({ count: 1, state: 'PRESENT' });
    expect(pageIds(cell.onlyInB)).to.deep.equal([13]);
    expect(cellDifference(cell)).to.equal('only-b');
  });

  it('lists the themes only in A and only in B, declared and seen ones together', () => {
    const cmp = comparisonOf('a', 'b', pages);
    expect(cmp.themesOnlyInA).to.deep.equal(['solk']);
    expect(cmp.themesOnlyInB).to.deep.equal(['jeugd', 'extra']);
  });

  it('applies the filter to both sides', () => {
    const cmp = comparisonOf('a', 'b', pages, { statuses: ['concept'] });
    const cell = cellOf(cmp.cells, 'duurzaamheid', 'leren', 'normen');
    expect(pageIds(cell.a.agreements)).to.deep.equal([]);
    expect(pageIds(cell.onlyInB)).to.deep.equal([11]);
    expect(cell.shared).to.deep.equal([]);
  });

  it('compares systems with different frameworks: A cells first, then those only B has, each missing side empty', () => {
    const fw = fence('afsprakenkader', 'key: klein', 'hoofdstukken: [{ key: kwaliteit, kolommen: [leren, eigen] }]', 'lagen: [normen]');
    const all = [page({ id: 3, content: fw }), systemPage(4, 'k', 'kader: klein'), ...pages, agreement(20, 'k', ['kolom:eigen', 'laag:normen'])];
    const a = matrixOf('a', all);
    const k = matrixOf('k', all);
    const cmp = compareMatrices(a, k);
    expect(cmp.cells.slice(0, 24).map((c) => [c.chapter, c.column, c.layer])).to.deep.equal(a.cells.map((c) => [c.chapter, c.column, c.layer]));
    expect(cmp.cells.slice(24).map((c) => `${c.chapter}/${c.column}/${c.layer}`)).to.deep.equal(['kwaliteit/leren/normen', 'kwaliteit/eigen/normen']);
    const eigen = cellOf(cmp.cells, 'kwaliteit', 'eigen', 'normen');
    expect(eigen.a).to.include({ state: 'EMPTY', count: 0 });
    expect(pageIds(eigen.onlyInB)).to.deep.equal([20]);
    const dienst = cellOf(cmp.cells, 'kwaliteit', 'dienstverlening', 'normen');
    expect(dienst.b).to.include({ state: 'EMPTY', count: 0 });
  });
});

describe('the framework navigation tree', () => {
  const pages = [
    systemPage(1, 'kb'),
    agreement(2, 'kb', ['kolom:leren', 'kolom:borgen', 'laag:normen', 'laag:techniek']),
    agreement(3, 'kb', ['hoofdstuk:duurzaamheid', 'laag:normen']),
    agreement(4, 'kb', ['kolom:leren', 'laag:normen', 'status:vervallen']),
    agreement(5, 'kb', ['kolom:dienstverlening', 'laag:werkafspraken']),
  ];

  it('has chapter → column (chapter-wide last) → layer → agreements, labelled in the language asked', () => {
    const [kwaliteit] = buildNavigation(matrixOf('kb', pages), 'en', 'Chapter-wide');
    expect(kwaliteit).to.include({ kind: 'chapter', key: 'kwaliteit', label: 'Quality of the solution' });
    expect(kwaliteit.children.map((c) => c.key)).to.deep.equal(['dienstverlening', 'klantrelatie', 'gezond-werk', '*']);
    expect(kwaliteit.children[3].label).to.equal('Chapter-wide');
    expect(kwaliteit.children[0].children.map((l) => l.label)).to.deep.equal(['Norms', 'Working agreements', 'Technique']);
    expect(kwaliteit.children[0].children[1].children.map((a) => [a.kind, a.pageId, a.path])).to.deep.equal([['agreement', 5, 'p/5']]);
  });

  it('counts each non-retired agreement once per node, however many cells it has below', () => {
    const [kwaliteit, duurzaamheid] = buildNavigation(matrixOf('kb', pages, { includeRetired: true }), 'nl', 'Hoofdstukbreed');
    expect(kwaliteit.count).to.equal(1);
    expect(duurzaamheid.count).to.equal(2);
    const leren = duurzaamheid.children.find((c) => c.key === 'leren');
    expect(leren?.count).to.equal(1);
    expect(leren?.children.find((l) => l.key === 'normen')?.count).to.equal(1);
    expect(leren?.children.find((l) => l.key === 'normen')?.children.map((a) => a.pageId)).to.have.members([2, 4]);
    expect(duurzaamheid.children.find((c) => c.key === '*')?.count).to.equal(1);
  });

  it('gives every node a unique id, also for a page listed in several cells', () => {
    const ids: string[] = [];
    const walk = (nodes: ReturnType<typeof buildNavigation>) => nodes.forEach((n) => (ids.push(n.id), walk(n.children)));
    walk(buildNavigation(matrixOf('kb', pages), 'nl', 'Hoofdstukbreed'));
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
