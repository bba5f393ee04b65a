import { expect } from 'chai';
import { agreement, cellOf, fence, issuesWith, matrixOf, page, pageIds, systemPage } from './builders';

const S = 'kb';
const leren = (status: string | null, id: number, extra: string[] = []) =>
  agreement(id, S, ['kolom:leren', 'laag:normen', ...(status ? [`status:${status}`] : []), ...extra]);
const chapterWide = (status: string | null, id: number, extra: string[] = []) =>
  agreement(id, S, ['hoofdstuk:duurzaamheid', 'laag:normen', ...(status ? [`status:${status}`] : []), ...extra]);

describe('the matrix (contract §4-5)', () => {
  it('has the 24 cells of the default framework, empty ones included, in the contract order', () => {
    const m = matrixOf(S, [systemPage(1, S)]);
    const expected: string[] = [];
    const chapters: Array<[string, string[]]> = [
      ['kwaliteit', ['dienstverlening', 'klantrelatie', 'gezond-werk']],
      ['duurzaamheid', ['financiering', 'borgen', 'leren']],
    ];
    for (const [chapter, columns] of chapters) {
      for (const layer of ['normen', 'werkafspraken', 'techniek']) {
        for (const column of columns) expected.push(`${chapter}/${column}/${layer}`);
        expected.push(`${chapter}/*/${layer}`);
      }
    }
    expect(m.cells.map((c) => `${c.chapter}/${c.column ?? '*'}/${c.layer}`)).to.deep.equal(expected);
    expect(m.cells.every((c) => c.state === 'EMPTY' && c.count === 0 && c.agreements.length === 0)).to.equal(true);
  });

  describe('cell states', () => {
    const cases: Array<[string, Array<string | null>, string]> = [
      ['no agreement', [], 'EMPTY'],
      ['only a concept', ['concept'], 'IN_PROGRESS'],
      ['a concept and an in-de-maak one', ['concept', 'in-de-maak'], 'IN_PROGRESS'],
      ['a vastgesteld one', ['vastgesteld'], 'PRESENT'],
      ['a gevalideerd one next to a concept', ['gevalideerd', 'concept'], 'PRESENT'],
      ['one without status (onbekend)', [null], 'PRESENT'],
      ['only a retired one', ['vervallen'], 'EMPTY'],
      ['a retired one and a draft', ['retired', 'draft'], 'IN_PROGRESS'],
    ];
    for (const [what, statuses, state] of cases) {
      it(`is ${state} for a cell with ${what}`, () => {
        const m = matrixOf(S, [systemPage(99, S), ...statuses.map((s, i) => leren(s, i + 1))]);
        expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').state).to.equal(state);
      });
    }
  });

  describe('chapter-wide agreements and coverage', () => {
    it('covers every column cell of the chapter and layer for its state, while their counts stay their own', () => {
      const m = matrixOf(S, [chapterWide('vastgesteld', 1)]);
      for (const column of ['financiering', 'borgen', 'leren']) {
        const cell = cellOf(m, 'duurzaamheid', column, 'normen');
        expect(cell, column).to.include({ state: 'PRESENT', count: 0, coveredByChapter: true });
        expect(cell.agreements, column).to.deep.equal([]);
      }
      expect(cellOf(m, 'duurzaamheid', null, 'normen')).to.include({ state: 'PRESENT', count: 1 });
    });

    it('does not cover cells of another layer or of the other chapter', () => {
      const m = matrixOf(S, [chapterWide('vastgesteld', 1)]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'techniek')).to.include({ state: 'EMPTY', coveredByChapter: false });
      expect(cellOf(m, 'kwaliteit', 'dienstverlening', 'normen')).to.include({ state: 'EMPTY', coveredByChapter: false });
    });

    it('lets a settled chapter-wide agreement make a column cell with only a concept PRESENT', () => {
      const m = matrixOf(S, [chapterWide('vastgesteld', 1), leren('concept', 2)]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen')).to.include({ state: 'PRESENT', count: 1 });
      expect(cellOf(m, 'duurzaamheid', 'borgen', 'normen')).to.include({ state: 'PRESENT', count: 0 });
    });

    it('lets a draft chapter-wide agreement make an empty column cell IN_PROGRESS', () => {
      const m = matrixOf(S, [chapterWide('concept', 1)]);
      expect(cellOf(m, 'duurzaamheid', 'borgen', 'normen').state).to.equal('IN_PROGRESS');
    });

    it('does not let a retired chapter-wide agreement cover anything', () => {
      const m = matrixOf(S, [chapterWide('vervallen', 1)], { includeRetired: true });
      expect(cellOf(m, 'duurzaamheid', 'borgen', 'normen')).to.include({ state: 'EMPTY', coveredByChapter: false });
      expect(cellOf(m, 'duurzaamheid', null, 'normen')).to.include({ state: 'EMPTY', count: 0 });
    });

    it('does not let column agreements make the chapter-wide cell PRESENT', () => {
      const m = matrixOf(S, [leren('vastgesteld', 1)]);
      expect(cellOf(m, 'duurzaamheid', null, 'normen').state).to.equal('EMPTY');
    });
  });

  describe('status (exact rule 6)', () => {
    const statusOfPage = (tags: string[], content = '') =>
      matrixOf(S, [page({ id: 1, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', ...tags], content })]).cells.find((c) =>
        c.agreements.length,
      )?.agreements[0];

    it('is onbekend without a status tag or block value', () => {
      expect(statusOfPage([])?.status).to.equal('onbekend');
    });

    it('maps an English status tag to the Dutch key', () => {
      expect(statusOfPage(['status:validated'])?.status).to.equal('gevalideerd');
    });

    it('takes the block value over the tags and reports the conflict', () => {
      const m = matrixOf(S, [page({ id: 1, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', 'status:concept'], content: fence('afspraak', 'status: agreed') })]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0].status).to.equal('vastgesteld');
      expect(issuesWith(m.issues, 'status-conflict')).to.have.length(1);
      expect(issuesWith(m.issues, 'status-conflict')[0].line).to.equal(2);
    });

    it('reports no conflict when the tag and the block agree through an alias', () => {
      const m = matrixOf(S, [page({ id: 1, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', 'status:draft'], content: fence('afspraak', 'status: concept') })]);
      expect(issuesWith(m.issues, 'status-conflict')).to.have.length(0);
    });

    it('is onbekend with an issue when several different status tags are given', () => {
      const m = matrixOf(S, [leren('concept', 1, ['status:vastgesteld'])]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0].status).to.equal('onbekend');
      expect(issuesWith(m.issues, 'status-conflict')[0].value).to.include('concept').and.include('vastgesteld');
    });

    it('is onbekend with an issue naming value and valid values for an unknown status tag', () => {
      const m = matrixOf(S, [leren('klaar', 1)]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0].status).to.equal('onbekend');
      const [issue] = issuesWith(m.issues, 'unknown-value', 'status');
      expect(issue).to.include({ value: 'klaar', pageId: 1 });
      expect(issue.validValues).to.have.members(['concept', 'in-de-maak', 'vastgesteld', 'gevalideerd', 'vervallen']);
    });

    it('is onbekend with an issue at the status line for an unknown block status', () => {
      const m = matrixOf(S, [page({ id: 1, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen', 'status:concept'], content: fence('afspraak', 'eigenaar: x', 'status: klaar') })]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0].status).to.equal('onbekend');
      expect(issuesWith(m.issues, 'unknown-value', 'status')[0]).to.include({ value: 'klaar', line: 3 });
    });
  });

  describe('retired agreements (exact rule 7)', () => {
    it('leaves a retired page out of counts, states and lists, unplaced included', () => {
      const m = matrixOf(S, [leren('vervallen', 1), agreement(2, S, ['laag:normen', 'status:retired'])]);
      expect(m.cells.every((c) => c.count === 0 && c.state === 'EMPTY' && c.agreements.length === 0)).to.equal(true);
      expect(m.unplaced).to.deep.equal([]);
    });

    it('lists a retired page with includeRetired, but neither counts it nor uses it for the state', () => {
      const m = matrixOf(S, [leren('vervallen', 1), agreement(2, S, ['laag:normen', 'status:retired'])], { includeRetired: true });
      const cell = cellOf(m, 'duurzaamheid', 'leren', 'normen');
      expect(pageIds(cell.agreements)).to.deep.equal([1]);
      expect(cell).to.include({ count: 0, state: 'EMPTY' });
      expect(pageIds(m.unplaced)).to.deep.equal([2]);
    });

    it('does not count a retired page in the system agreement count', () => {
      const m = matrixOf(S, [systemPage(9, S), leren('vervallen', 1), leren('concept', 2)]);
      expect(m.system.agreementCount).to.equal(1);
    });
  });

  describe('themes (exact rule 6)', () => {
    const sys = systemPage(9, S, 'themas:', '  - { key: zorg }', '  - { key: bewegen }');

    it('takes the first theme in the system declared order as AgreementRef.theme', () => {
      const m = matrixOf(S, [sys, leren(null, 1, ['thema:bewegen', 'thema:zorg'])]);
      const ref = cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0];
      expect(ref.theme).to.equal('zorg');
      expect(ref.themes).to.deep.equal(['zorg', 'bewegen']);
    });

    it('puts declared themes before undeclared ones and undeclared ones alphabetically', () => {
      const m = matrixOf(S, [sys, leren(null, 1, ['thema:zeilen', 'thema:appels', 'thema:bewegen'])]);
      const ref = cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0];
      expect(ref.themes).to.deep.equal(['bewegen', 'appels', 'zeilen']);
      expect(ref.theme).to.equal('bewegen');
      expect(issuesWith(m.issues, 'undeclared-theme').map((i) => i.value)).to.have.members(['zeilen', 'appels']);
    });

    it('orders themes alphabetically when the system declares none, without an issue', () => {
      const m = matrixOf(S, [leren(null, 1, ['thema:zeilen', 'thema:appels'])]);
      expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements[0].theme).to.equal('appels');
      expect(issuesWith(m.issues, 'undeclared-theme')).to.deep.equal([]);
    });

    it('has theme null for a page without themes', () => {
      expect(cellOf(matrixOf(S, [leren(null, 1)]), 'duurzaamheid', 'leren', 'normen').agreements[0].theme).to.equal(null);
    });

    it('lists the system themes: declared ones first, then those of the agreements seen', () => {
      const m = matrixOf(S, [sys, leren(null, 1, ['thema:appels']), leren('vervallen', 2, ['thema:oud'])]);
      expect(m.themes).to.deep.equal(['zorg', 'bewegen', 'appels']);
    });
  });

  describe('filters (exact rule 8)', () => {
    const pages = [
      leren('concept', 1, ['thema:a', 'partij:huisarts']),
      leren('vastgesteld', 2, ['thema:b', 'partij:buurtteam']),
      chapterWide('vastgesteld', 3, ['thema:b']),
      agreement(4, S, ['laag:normen', 'thema:a']),
      leren('vervallen', 5, ['thema:a']),
    ];

    it('filters by theme before computing counts, states, lists and coverage', () => {
      const m = matrixOf(S, pages, { themes: ['a'] });
      const cell = cellOf(m, 'duurzaamheid', 'leren', 'normen');
      expect(pageIds(cell.agreements)).to.deep.equal([1]);
      expect(cell).to.include({ count: 1, state: 'IN_PROGRESS', coveredByChapter: false });
      expect(cellOf(m, 'duurzaamheid', 'borgen', 'normen').state).to.equal('EMPTY');
      expect(pageIds(m.unplaced)).to.deep.equal([4]);
    });

    it('filters by status, English aliases included', () => {
      const m = matrixOf(S, pages, { statuses: ['Agreed'] });
      expect(pageIds(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements)).to.deep.equal([2]);
      expect(pageIds(m.unplaced)).to.deep.equal([]);
      expect(cellOf(m, 'duurzaamheid', 'borgen', 'normen').coveredByChapter).to.equal(true);
    });

    it('filters on status onbekend and its English alias unknown', () => {
      for (const status of ['onbekend', 'unknown']) {
        expect(pageIds(matrixOf(S, pages, { statuses: [status] }).unplaced), status).to.deep.equal([4]);
      }
    });

    it('filters by party', () => {
      const m = matrixOf(S, pages, { parties: ['buurtteam'] });
      expect(pageIds(m.cells.flatMap((c) => c.agreements))).to.deep.equal([2]);
    });

    it('still leaves retired pages out when filtering on their theme, unless includeRetired is set', () => {
      expect(pageIds(cellOf(matrixOf(S, pages, { themes: ['a'] }), 'duurzaamheid', 'leren', 'normen').agreements)).to.deep.equal([1]);
      const withRetired = cellOf(matrixOf(S, pages, { themes: ['a'], includeRetired: true }), 'duurzaamheid', 'leren', 'normen');
      expect(pageIds(withRetired.agreements)).to.deep.equal([1, 5]);
      expect(withRetired.count).to.equal(1);
    });

    it('lists retired pages when the status filter asks for vervallen together with includeRetired', () => {
      const m = matrixOf(S, pages, { statuses: ['retired'], includeRetired: true });
      const cell = cellOf(m, 'duurzaamheid', 'leren', 'normen');
      expect(pageIds(cell.agreements)).to.deep.equal([5]);
      expect(cell).to.include({ count: 0, state: 'EMPTY' });
    });

    it('combines filters: every given filter must pass', () => {
      const m = matrixOf(S, pages, { themes: ['b'], statuses: ['concept'] });
      expect(m.cells.flatMap((c) => c.agreements)).to.deep.equal([]);
    });
  });

  it('marks an agreement overdue when herzien-voor lies before the reference date', () => {
    const mk = (id: number, date: string, status = 'vastgesteld') =>
      page({ id, tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'], content: fence('afspraak', `status: ${status}`, `herzien-voor: ${date}`) });
    const m = matrixOf(S, [mk(1, '2023-12-31'), mk(2, '2024-01-01'), mk(3, '2020-01-01', 'vervallen')], { includeRetired: true }, '2024-01-01');
    const overdue = cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements.filter((a) => a.overdue);
    expect(pageIds(overdue)).to.deep.equal([1]);
  });

  it('carries the locale of each agreement, whatever the locale (exact rule 10)', () => {
    const m = matrixOf(S, [leren(null, 1), { ...leren(null, 2), locale: 'en' }]);
    expect(cellOf(m, 'duurzaamheid', 'leren', 'normen').agreements.map((a) => a.locale)).to.have.members(['nl', 'en']);
  });
});
