import { expect } from 'chai';
import { agreement, catalogOf, cellOf, cellsListing, fence, issuesWith, matrixOf, page, pageIds, systemPage } from './builders';

const S = 'kb';

describe('placement of an agreement page in cells (contract §2, exact rules 3-5)', () => {
  it('places a page with one column and one layer in exactly that cell, the chapter implied by the column', () => {
    const m = matrixOf(S, [agreement(1, S, ['kolom:klantrelatie', 'laag:normen'])]);
    expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/klantrelatie/normen']);
  });

  it('places a page with English prefixes and aliases in the same cell as the Dutch keys', () => {
    const m = matrixOf(S, [page({ id: 1, tags: ['system:kb', 'column:client-relationship', 'layer:norms'] })]);
    expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/klantrelatie/normen']);
  });

  it('places a page with several columns and several layers in every column × layer cell', () => {
    const m = matrixOf(S, [agreement(1, S, ['kolom:dienstverlening', 'kolom:leren', 'laag:normen', 'laag:techniek'])]);
    expect(cellsListing(m, 1)).to.have.members([
      'kwaliteit/dienstverlening/normen',
      'kwaliteit/dienstverlening/techniek',
      'duurzaamheid/leren/normen',
      'duurzaamheid/leren/techniek',
    ]);
    expect(cellsListing(m, 1)).to.have.length(4);
  });

  it('places a page once per cell when a column is named by its key and by an alias', () => {
    const m = matrixOf(S, [agreement(1, S, ['kolom:financien', 'kolom:financiering', 'kolom:financing', 'laag:normen'])]);
    expect(cellsListing(m, 1)).to.deep.equal(['duurzaamheid/financiering/normen']);
    expect(m.cells.find((c) => c.column === 'financiering' && c.layer === 'normen')?.count).to.equal(1);
  });

  it('places hoofdstuk:X without a column of X in the chapter-wide cell of X', () => {
    const m = matrixOf(S, [agreement(1, S, ['hoofdstuk:continuïteit', 'laag:werkafspraken'])]);
    expect(cellsListing(m, 1)).to.deep.equal(['duurzaamheid/*/werkafspraken']);
  });

  it('places hoofdstuk:X together with a column of X only in the column cells, without an issue', () => {
    const m = matrixOf(S, [agreement(1, S, ['hoofdstuk:kwaliteit', 'kolom:dienstverlening', 'laag:normen'])]);
    expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/dienstverlening/normen']);
    expect(issuesWith(m.issues, 'chapter-column-conflict')).to.have.length(0);
  });

  it('lets the column win over a hoofdstuk: tag of another chapter and reports the conflict', () => {
    const m = matrixOf(S, [agreement(1, S, ['hoofdstuk:duurzaamheid', 'kolom:dienstverlening', 'laag:normen'])]);
    expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/dienstverlening/normen']);
    const [issue] = issuesWith(m.issues, 'chapter-column-conflict');
    expect(issue).to.include({ pageId: 1, value: 'duurzaamheid', system: S });
    expect(issue.validValues).to.deep.equal(['kwaliteit']);
  });

  it('places a page in the chapter-wide cells of several chapters when it names several chapters and no column', () => {
    const m = matrixOf(S, [agreement(1, S, ['hoofdstuk:quality', 'hoofdstuk:sustainability', 'laag:normen'])]);
    expect(cellsListing(m, 1)).to.have.members(['kwaliteit/*/normen', 'duurzaamheid/*/normen']);
  });

  describe('unplaced pages (exact rule 5)', () => {
    const cases: Array<[string, string[]]> = [
      ['columns but no layer', ['kolom:leren', 'kolom:borgen']],
      ['a layer but no column or chapter', ['laag:normen']],
      ['a chapter but no layer', ['hoofdstuk:kwaliteit']],
      ['only unknown values', ['kolom:foo', 'laag:bar', 'hoofdstuk:baz']],
      ['no placement tags at all', []],
      ['an unknown column and a known layer', ['kolom:foo', 'laag:normen']],
    ];
    for (const [what, tags] of cases) {
      it(`lists a page with ${what} under unplaced, in no cell, with an unplaced issue`, () => {
        const m = matrixOf(S, [agreement(1, S, tags)]);
        expect(cellsListing(m, 1)).to.deep.equal([]);
        expect(pageIds(m.unplaced)).to.deep.equal([1]);
        expect(issuesWith(m.issues, 'unplaced')).to.have.length(1);
        expect(issuesWith(m.issues, 'unplaced')[0]).to.include({ pageId: 1, system: S });
      });
    }

    it('ignores an unknown column for placement, so a known chapter and layer still give the chapter-wide cell', () => {
      const m = matrixOf(S, [agreement(1, S, ['kolom:foo', 'hoofdstuk:kwaliteit', 'laag:normen'])]);
      expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/*/normen']);
      expect(issuesWith(m.issues, 'unknown-value', 'kolom')).to.have.length(1);
    });
  });

  describe('unknown values', () => {
    const cases: Array<[string, string, string, string[]]> = [
      ['kolom:foo', 'kolom', 'foo', ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren']],
      ['laag:Foo Bar', 'laag', 'foo-bar', ['normen', 'werkafspraken', 'techniek']],
      ['hoofdstuk:zorg', 'hoofdstuk', 'zorg', ['kwaliteit', 'duurzaamheid']],
    ];
    for (const [tag, field, value, valid] of cases) {
      it(`reports ${tag} as an issue naming the page, the value and the valid values`, () => {
        const m = matrixOf(S, [agreement(7, S, [tag, 'kolom:leren', 'laag:normen'], { path: 'a/b' })]);
        const [issue] = issuesWith(m.issues, 'unknown-value', field);
        expect(issue).to.include({ pageId: 7, pagePath: 'a/b', value, system: S, severity: 'error' });
        expect(issue.validValues).to.deep.equal(valid);
      });
    }

    it('keeps the page placed by its valid values when it also has an unknown one', () => {
      const m = matrixOf(S, [agreement(1, S, ['kolom:foo', 'kolom:leren', 'laag:normen'])]);
      expect(cellsListing(m, 1)).to.deep.equal(['duurzaamheid/leren/normen']);
    });
  });

  describe('block fields and tags (exact rule 9)', () => {
    it('merges block columns and layers with tag columns and layers as a union', () => {
      const content = fence('afspraak', 'kolom: [borgen]', 'laag: techniek');
      const m = matrixOf(S, [page({ id: 1, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], content })]);
      expect(cellsListing(m, 1)).to.have.members([
        'duurzaamheid/borgen/normen',
        'duurzaamheid/borgen/techniek',
        'duurzaamheid/leren/normen',
        'duurzaamheid/leren/techniek',
      ]);
    });

    it('places a page by its block alone, system included, with English field names', () => {
      const content = fence('agreement', 'system: kb', 'column: Healthy work', 'layer: [Technique]');
      const m = matrixOf(S, [page({ id: 1, content })]);
      expect(cellsListing(m, 1)).to.deep.equal(['kwaliteit/gezond-werk/techniek']);
    });

    it('gives an unknown block value an issue carrying the line of its field', () => {
      const content = ['# Titel', '', fence('afspraak', 'stelsel: kb', 'laag: normen', 'kolom: [leren, zwemmen]')].join('\n');
      const m = matrixOf(S, [page({ id: 1, content })]);
      const [issue] = issuesWith(m.issues, 'unknown-value', 'kolom');
      expect(issue.value).to.equal('zwemmen');
      // line 1 title, 2 blank, 3 fence, 4 stelsel, 5 laag, 6 kolom
      expect(issue.line).to.equal(6);
    });

    it('gives a chapter conflict that came from the block the line of the block field', () => {
      const content = fence('afspraak', 'stelsel: kb', 'hoofdstuk: duurzaamheid', 'kolom: dienstverlening', 'laag: normen');
      const [issue] = issuesWith(matrixOf(S, [page({ id: 1, content })]).issues, 'chapter-column-conflict');
      expect(issue.line).to.equal(3);
    });

    it('gives an undeclared theme from the block the line of the block field', () => {
      const content = fence('afspraak', 'stelsel: kb', 'kolom: leren', 'laag: normen', 'thema: [zwemmen]');
      const m = matrixOf(S, [systemPage(1, S, 'themas: [solk]'), page({ id: 2, content })]);
      expect(issuesWith(m.issues, 'undeclared-theme')[0]).to.include({ value: 'zwemmen', line: 5 });
    });

    it('gives an issue about a tag value no line', () => {
      const [issue] = issuesWith(matrixOf(S, [agreement(1, S, ['kolom:foo', 'laag:normen'])]).issues, 'unknown-value', 'kolom');
      expect(issue).to.not.have.property('line');
    });
  });

  describe('systems of a page', () => {
    it('places a page of several systems in each of them', () => {
      const pages = [page({ id: 1, tags: ['stelsel:a', 'system:b', 'kolom:leren', 'laag:normen'] })];
      for (const key of ['a', 'b']) expect(cellsListing(matrixOf(key, pages), 1), key).to.deep.equal(['duurzaamheid/leren/normen']);
    });

    it('takes systems from the block and the tags together', () => {
      const pages = [page({ id: 1, tags: ['stelsel:a', 'kolom:leren', 'laag:normen'], content: fence('afspraak', 'stelsel: [b]') })];
      for (const key of ['a', 'b']) expect(cellsListing(matrixOf(key, pages), 1), key).to.deep.equal(['duurzaamheid/leren/normen']);
    });

    it('never makes a system page an agreement of its own system, even when tagged with it', () => {
      const sys = { ...systemPage(1, S), tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'] };
      const m = matrixOf(S, [sys, agreement(2, S, ['kolom:leren', 'laag:normen'])]);
      expect(cellsListing(m, 1)).to.deep.equal([]);
      expect(pageIds(m.unplaced)).to.deep.equal([]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').count).to.equal(1);
      expect(catalogOf(sys).systems.get(S)?.agreements).to.have.length(0);
    });

    it('lets a system page be an agreement of another system', () => {
      const sys = { ...systemPage(1, 'a'), tags: ['stelsel:b', 'kolom:leren', 'laag:normen'] };
      expect(cellsListing(matrixOf('b', [sys]), 1)).to.deep.equal(['duurzaamheid/leren/normen']);
    });
  });
});
