import { expect } from 'chai';
import { DEFAULT_FRAMEWORK_KEY, buildCatalog, collectFrameworks, frameworkCells, matrixFor, sortedSystems, type Matrix } from '../../../server/domain';
import { agreement, catalogOf, cellsListing, factsOf, fence, issuesWith, matrixOf, page, systemPage } from './builders';

const wijkFramework = fence(
  'afsprakenkader',
  'key: wijk',
  'titel: { nl: Wijkkader, en: Neighbourhood framework }',
  'hoofdstukken:',
  '  - key: zorg',
  '    titel: Zorg',
  '    kolommen:',
  '      - { key: thuis, titel: { nl: Thuis, en: Home }, aliassen: [at-home] }',
  '      - { key: buurt }',
  '  - key: geld',
  '    kolommen: [{ key: budget }]',
  'lagen:',
  '  - { key: regels, aliases: [rules] }',
  '  - { key: praktijk }',
);

describe('the catalog of systems and frameworks', () => {
  describe('declared and undeclared systems', () => {
    it('builds a declared system from its system page with title, framework and page', () => {
      const entry = catalogOf(systemPage(1, 'kb', 'titel: Krachtige Basiszorg')).systems.get('kb');
      expect(entry?.info).to.include({ key: 'kb', title: 'Krachtige Basiszorg', framework: DEFAULT_FRAMEWORK_KEY, declared: true, pageId: 1, pagePath: 'stelsels/kb', locale: 'nl' });
    });

    it('yields a system from tags alone with the default framework, not declared, and an issue', () => {
      const catalog = catalogOf(agreement(1, 'los', ['kolom:leren', 'laag:normen']));
      expect(catalog.systems.get('los')?.info).to.include({ key: 'los', title: 'los', framework: DEFAULT_FRAMEWORK_KEY, declared: false, agreementCount: 1 });
      expect(issuesWith(catalog.issues, 'system-not-declared')).to.have.length(1);
      expect(issuesWith(catalog.issues, 'system-not-declared')[0]).to.include({ system: 'los', value: 'los' });
    });

    it('normalises a system tag, so stelsel:KB Overvecht belongs to kb-overvecht', () => {
      const catalog = catalogOf(systemPage(1, 'kb-overvecht'), page({ id: 2, tags: ['stelsel:KB Overvecht'] }));
      expect([...catalog.systems.keys()]).to.deep.equal(['kb-overvecht']);
      expect(catalog.systems.get('kb-overvecht')?.agreements.map((p) => p.pageId)).to.deep.equal([2]);
    });

    it('keeps the first system page of a key (lowest page id) and reports the duplicate on the other', () => {
      const catalog = catalogOf(systemPage(5, 'kb', 'titel: Tweede'), systemPage(2, 'kb', 'titel: Eerste'));
      expect(catalog.systems.get('kb')?.info).to.include({ title: 'Eerste', pageId: 2 });
      const [issue] = issuesWith(catalog.issues, 'duplicate-system');
      expect(issue).to.include({ pageId: 5, value: 'kb', system: 'kb' });
    });

    it('does not make the duplicate system page an agreement of the system', () => {
      const catalog = catalogOf(systemPage(2, 'kb'), systemPage(5, 'kb'));
      expect(catalog.systems.get('kb')?.agreements).to.deep.equal([]);
    });

    it('lists declared systems first, then by title', () => {
      const catalog = catalogOf(systemPage(1, 'b', 'titel: Bravo'), systemPage(2, 'a', 'titel: Alfa'), agreement(3, 'aaa', []));
      expect(sortedSystems(catalog).map((s) => s.key)).to.deep.equal(['a', 'b', 'aaa']);
    });
  });

  describe('custom frameworks', () => {
    it('reads a valid afsprakenkader block into a framework with labels, chapters, columns, layers and aliases', () => {
      const [facts] = factsOf(page({ id: 1, content: wijkFramework }));
      expect(facts.issues).to.deep.equal([]);
      const [fw] = facts.frameworks;
      expect(fw.key).to.equal('wijk');
      expect(fw.labels).to.deep.equal({ nl: 'Wijkkader', en: 'Neighbourhood framework' });
      expect(fw.chapters.map((c) => [c.key, c.columns.map((col) => col.key)])).to.deep.equal([
        ['zorg', ['thuis', 'buurt']],
        ['geld', ['budget']],
      ]);
      expect(fw.chapters[0].columns[0]).to.deep.include({ labels: { nl: 'Thuis', en: 'Home' }, aliases: ['at-home'] });
      expect(fw.layers.map((l) => l.key)).to.deep.equal(['regels', 'praktijk']);
      expect(fw.source).to.deep.equal({ pageId: 1, path: 'p/1', locale: 'nl' });
    });

    it('reads the English block name and field names as well', () => {
      const content = fence(
        'agreement-framework',
        'key: care',
        'title: Care',
        'chapters: [{ key: one, title: One, columns: [{ key: a }, { key: b }] }]',
        'layers: [{ key: l1 }]',
      );
      const [facts] = factsOf(page({ id: 1, content }));
      expect(facts.issues).to.deep.equal([]);
      expect(facts.frameworks[0].chapters[0].columns.map((c) => c.key)).to.deep.equal(['a', 'b']);
    });

    it('accepts labels as the name of the framework title, as the contract calls them', () => {
      const content = fence('afsprakenkader', 'key: x', 'labels: { nl: Iks, en: Ex }', 'hoofdstukken: [{ key: h, kolommen: [k] }]', 'lagen: [{ key: l }]');
      const [facts] = factsOf(page({ id: 1, content }));
      expect(issuesWith(facts.issues, 'unknown-field')).to.deep.equal([]);
      expect(facts.frameworks[0]?.labels).to.deep.equal({ nl: 'Iks', en: 'Ex' });
    });

    it('gives the cells of a custom framework in its own order', () => {
      const [facts] = factsOf(page({ id: 1, content: wijkFramework }));
      expect(frameworkCells(facts.frameworks[0]).map((c) => `${c.chapter}/${c.column ?? '*'}/${c.layer}`)).to.deep.equal([
        'zorg/thuis/regels',
        'zorg/buurt/regels',
        'zorg/*/regels',
        'zorg/thuis/praktijk',
        'zorg/buurt/praktijk',
        'zorg/*/praktijk',
        'geld/budget/regels',
        'geld/*/regels',
        'geld/budget/praktijk',
        'geld/*/praktijk',
      ]);
    });

    it('lets a system use a custom framework via kader: and places agreements with its aliases', () => {
      const pages = [
        page({ id: 1, content: wijkFramework }),
        systemPage(2, 'w', 'kader: wijk'),
        agreement(3, 'w', ['kolom:at home', 'laag:rules']),
        agreement(4, 'w', ['kolom:dienstverlening', 'laag:normen']),
      ];
      const m = matrixOf('w', pages);
      expect(m.system.framework).to.equal('wijk');
      expect(m.cells).to.have.length(10);
      expect(cellsListing(m, 3)).to.deep.equal(['zorg/thuis/regels']);
      expect(m.unplaced.map((r) => r.pageId)).to.deep.equal([4]);
      const [issue] = issuesWith(m.issues, 'unknown-value', 'kolom');
      expect(issue.validValues).to.deep.equal(['thuis', 'buurt', 'budget']);
    });

    it('gives a reader who does not see the declaring page keys for labels, and the framework only when a system it sees uses it (§1)', () => {
      const wiki = factsOf(page({ id: 1, content: wijkFramework }), systemPage(2, 'w', 'kader: wijk'), agreement(3, 'w', ['kolom:at home', 'laag:rules']));
      const { frameworks } = collectFrameworks(wiki);
      const keys = (key: string) => ({ nl: key, en: key });

      const sees = buildCatalog(wiki, frameworks);
      expect(sees.frameworks.get('wijk')?.labels).to.deep.equal({ nl: 'Wijkkader', en: 'Neighbourhood framework' });
      expect(sees.frameworks.get('wijk')?.source).to.deep.equal({ pageId: 1, path: 'p/1', locale: 'nl' });

      const withoutPage = buildCatalog(wiki.slice(1), frameworks);
      const hidden = withoutPage.frameworks.get('wijk');
      expect(withoutPage.systems.get('w')?.framework).to.equal(hidden);
      expect(hidden?.labels).to.deep.equal(keys('wijk'));
      expect(hidden?.source).to.equal(undefined);
      expect(hidden?.chapters.map((c) => [c.labels, c.columns.map((col) => col.labels)])).to.deep.equal([
        [keys('zorg'), [keys('thuis'), keys('buurt')]],
        [keys('geld'), [keys('budget')]],
      ]);
      expect(hidden?.layers.map((l) => l.labels)).to.deep.equal([keys('regels'), keys('praktijk')]);
      // Its structure stays: the alias still places the agreement.
      expect(cellsListing(matrixFor(withoutPage, 'w') as Matrix, 3)).to.deep.equal(['zorg/thuis/regels']);
      expect(buildCatalog(wiki.slice(1), frameworks).frameworks.get('wijk'), 'one keys-only framework, whatever the request').to.equal(hidden);

      const noSystem = buildCatalog(wiki.slice(2), frameworks);
      expect([...noSystem.frameworks.keys()]).to.deep.equal([DEFAULT_FRAMEWORK_KEY]);
      expect(frameworks.has('wijk'), 'the wiki-wide map is left alone').to.equal(true);
    });

    it('falls back to the default framework with an issue when a system names an unknown framework', () => {
      const catalog = catalogOf(systemPage(1, 'kb', 'kader: bestaat-niet'));
      expect(catalog.systems.get('kb')?.info.framework).to.equal(DEFAULT_FRAMEWORK_KEY);
      const [issue] = issuesWith(catalog.issues, 'unknown-framework');
      expect(issue).to.include({ system: 'kb', value: 'bestaat-niet', pageId: 1, line: 1 });
      expect(issue.validValues).to.deep.equal([DEFAULT_FRAMEWORK_KEY]);
    });

    const invalid: Array<[string, string[]]> = [
      ['has no key', ['hoofdstukken: [{ key: h, kolommen: [{ key: k }] }]', 'lagen: [{ key: l }]']],
      ['has no layers', ['key: x', 'hoofdstukken: [{ key: h, kolommen: [{ key: k }] }]']],
      ['has no chapters', ['key: x', 'lagen: [{ key: l }]']],
      ['has a chapter without columns', ['key: x', 'hoofdstukken: [{ key: h }]', 'lagen: [{ key: l }]']],
      ['has the same column key in two chapters', ['key: x', 'hoofdstukken: [{ key: a, kolommen: [k] }, { key: b, kolommen: [k] }]', 'lagen: [l]']],
      ['has chapters that are not a list', ['key: x', 'hoofdstukken: h', 'lagen: [{ key: l }]']],
      ['has a title of the wrong shape', ['key: x', 'titel: [a, b]', 'hoofdstukken: [{ key: h, kolommen: [k] }]', 'lagen: [l]']],
    ];
    for (const [what, yaml] of invalid) {
      it(`reports a framework definition that ${what} as invalid, and does not use it`, () => {
        const [facts] = factsOf(page({ id: 1, content: fence('afsprakenkader', ...yaml) }));
        expect(facts.frameworks).to.deep.equal([]);
        expect(issuesWith(facts.issues, 'invalid-framework')).to.have.length(1);
        expect(issuesWith(facts.issues, 'invalid-framework')[0]).to.include({ pageId: 1, line: 1 });
      });
    }

    it('reports a system using an invalid framework as using an unknown framework', () => {
      const catalog = catalogOf(page({ id: 1, content: fence('afsprakenkader', 'key: x', 'lagen: [l]') }), systemPage(2, 's', 'kader: x'));
      expect(catalog.systems.get('s')?.info.framework).to.equal(DEFAULT_FRAMEWORK_KEY);
      expect(issuesWith(catalog.issues, 'unknown-framework')).to.have.length(1);
    });

    it('keeps the first framework of a key and reports a duplicate, the default key included', () => {
      const fw = (key: string) => fence('afsprakenkader', `key: ${key}`, 'hoofdstukken: [{ key: h, kolommen: [k] }]', 'lagen: [l]');
      const catalog = catalogOf(page({ id: 1, content: fw('x') }), page({ id: 2, content: fw('x') }), page({ id: 3, content: fw(DEFAULT_FRAMEWORK_KEY) }));
      expect(catalog.frameworks.get('x')?.source?.pageId).to.equal(1);
      expect(catalog.frameworks.get(DEFAULT_FRAMEWORK_KEY)?.source).to.equal(undefined);
      expect(issuesWith(catalog.issues, 'duplicate-framework').map((i) => i.pageId)).to.deep.equal([2, 3]);
    });
  });
});
