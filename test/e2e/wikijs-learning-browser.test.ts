/**
 * Learning across systems (contract §8) inside a real Wiki.js 2.5 (WIKIJS_DIR), in Debian's
 * Chromium: the overview heat map, the search, the handover checklist, the trace view below a
 * system's matrix and the link lists on agreement pages, for the administrator and for a guest
 * whom a path rule and a tag rule keep from some pages. Every figure expected here was worked out
 * by hand from the pages below (see the comments at EXPECTED); a link of each view is followed;
 * no console errors; axe finds no serious violation; screenshots light and dark at 1400 and 390 px
 * (test-output/screenshots/wikijs-learning-*.png).
 *
 * The pages: `zuid` (Basiszorg Zuid) is the working system, `west` (Basiszorg West) takes it over,
 * `oost` (Basiszorg Oost) lies wholly under `intern/`. The guest may not read `intern/…` (path rule)
 * nor pages tagged `vertrouwelijk` (tag rule).
 *
 *   page (title)                                           system  cell                                     status       afspraak block
 *   zuid/normen/toegankelijk (Toegankelijke zorg)          zuid    kwaliteit|dienstverlening|normen         vastgesteld
 *   zuid/dienstverlening/warme-overdracht (Warme overdracht) zuid  kwaliteit|dienstverlening|werkafspraken  vastgesteld  volgt-uit Toegankelijke zorg, gebruikt Verwijsformulier
 *   zuid/techniek/verwijsformulier (Verwijsformulier)      zuid    kwaliteit|dienstverlening|techniek       vastgesteld
 *   zuid/klantrelatie/spreekuur (Spreekuur in de wijk)     zuid    kwaliteit|klantrelatie|werkafspraken     in-de-maak   volgt-uit Financiering per wijk
 *   zuid/leren/intervisie (Intervisie huisartsen) [tag]    zuid    duurzaamheid|leren|werkafspraken         vastgesteld  volgt-uit Toegankelijke zorg
 *   intern/zuid/financiering (Financiering per wijk) [path] zuid   duurzaamheid|*|normen (chapter-wide)     vastgesteld
 *   zuid/gezond-werk/rooster (Gezond rooster)              zuid    kwaliteit|gezond-werk|techniek           concept
 *   gedeeld/visie (Gedeelde visie)                         both    kwaliteit|klantrelatie|normen            vastgesteld
 *   west/dienstverlening/warme-overdracht (Warme overdracht West)  west  kwaliteit|dienstverlening|werkafspraken  vastgesteld
 *                                                          gebaseerd-op Warme overdracht, volgt-uit Toegankelijke zorg West, gebruikt Verwijsformulier
 *   west/leren/intervisie (Intervisie in West)             west    duurzaamheid|leren|werkafspraken         in-de-maak   gebaseerd-op Intervisie huisartsen
 *   west/klantrelatie/eigen-spreekuur (Eigen spreekuur)    west    kwaliteit|klantrelatie|werkafspraken     vastgesteld
 *   west/normen/toegankelijk (Toegankelijke zorg West) [tag] west  kwaliteit|dienstverlening|normen         vastgesteld  gebaseerd-op Toegankelijke zorg
 *   intern/oost/overleg (Overleg Oost) [path]              oost    duurzaamheid|borgen|werkafspraken        vastgesteld
 *
 * [tag]: tagged `vertrouwelijk`; [path]: under `intern/`: hidden from the guest. Themes: overdracht on
 * both Warme overdracht pages, intervisie on both Intervisie pages; parties: huisartsen on both Warme
 * overdracht pages, buurtteam on Warme overdracht and Intervisie huisartsen.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { GUEST_EXCEPT_INTERN_AND_VERTROUWELIJK, wikiWithTabs, type Reader } from '../support/wikijs-tabs';
import { axeViolations, screenshot } from '../browser/support';
import { checklist, handoverSummary, linksShown, shownOverview, shownSearch, traceShown, waitForOverview, waitForSearch } from '../browser/learning-dom';
import type { NewPage } from '../support/wikijs-harness';

const READERS: Reader[] = ['admin', 'guest'];

const systemPage = (path: string, key: string, title: string): NewPage => ({
  path,
  locale: 'nl',
  title,
  content: [
    '```afsprakenstelsel',
    `key: ${key}`,
    `titel: ${title}`,
    'themas:',
    '  - { key: overdracht, titel: Overdracht }',
    '  - { key: intervisie, titel: Intervisie }',
    'partijen:',
    '  - { key: huisartsen, naam: Huisartsen }',
    '  - { key: buurtteam, naam: Buurtteam }',
    '```',
    '',
  ].join('\n'),
  tags: [],
});

const agreement = (path: string, title: string, tags: string[], ...block: string[]): NewPage => ({
  path,
  locale: 'nl',
  title,
  content: [`# ${title}`, '', 'Wat we met elkaar afspreken.', ...(block.length ? ['', '```afspraak', ...block, '```'] : []), ''].join('\n'),
  tags,
});

const embed = (path: string, title: string, ...block: string[]): NewPage => ({ path, locale: 'nl', title, content: `# ${title}\n\n${block.join('\n')}\n`, tags: [] });

const PAGES: NewPage[] = [
  systemPage('zuid', 'zuid', 'Basiszorg Zuid'),
  systemPage('west', 'west', 'Basiszorg West'),
  systemPage('intern/oost', 'oost', 'Basiszorg Oost'),
  agreement('zuid/normen/toegankelijk', 'Toegankelijke zorg', ['stelsel:zuid', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld']),
  agreement(
    'zuid/dienstverlening/warme-overdracht',
    'Warme overdracht',
    ['stelsel:zuid', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'thema:overdracht', 'partij:huisartsen', 'partij:buurtteam'],
    'volgt-uit: zuid/normen/toegankelijk',
    'gebruikt: [/zuid/techniek/verwijsformulier]',
  ),
  agreement('zuid/techniek/verwijsformulier', 'Verwijsformulier', ['stelsel:zuid', 'kolom:dienstverlening', 'laag:techniek', 'status:vastgesteld']),
  agreement('zuid/klantrelatie/spreekuur', 'Spreekuur in de wijk', ['stelsel:zuid', 'kolom:klantrelatie', 'laag:werkafspraken', 'status:in-de-maak'], 'volgt-uit: /nl/intern/zuid/financiering'),
  agreement(
    'zuid/leren/intervisie',
    'Intervisie huisartsen',
    ['stelsel:zuid', 'kolom:leren', 'laag:werkafspraken', 'status:vastgesteld', 'thema:intervisie', 'partij:buurtteam', 'vertrouwelijk'],
    'volgt-uit: /nl/zuid/normen/toegankelijk',
  ),
  agreement('intern/zuid/financiering', 'Financiering per wijk', ['stelsel:zuid', 'hoofdstuk:duurzaamheid', 'laag:normen', 'status:vastgesteld']),
  agreement('zuid/gezond-werk/rooster', 'Gezond rooster', ['stelsel:zuid', 'kolom:gezond-werk', 'laag:techniek', 'status:concept']),
  agreement('gedeeld/visie', 'Gedeelde visie', ['stelsel:zuid', 'stelsel:west', 'kolom:klantrelatie', 'laag:normen', 'status:vastgesteld']),
  agreement(
    'west/dienstverlening/warme-overdracht',
    'Warme overdracht West',
    ['stelsel:west', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'thema:overdracht', 'partij:huisartsen'],
    'gebaseerd-op: /nl/zuid/dienstverlening/warme-overdracht',
    'volgt-uit: west/normen/toegankelijk',
    'gebruikt: zuid/techniek/verwijsformulier',
  ),
  agreement('west/leren/intervisie', 'Intervisie in West', ['stelsel:west', 'kolom:leren', 'laag:werkafspraken', 'status:in-de-maak', 'thema:intervisie'], 'gebaseerd-op: /zuid/leren/intervisie'),
  agreement('west/klantrelatie/eigen-spreekuur', 'Eigen spreekuur', ['stelsel:west', 'kolom:klantrelatie', 'laag:werkafspraken', 'status:vastgesteld']),
  agreement(
    'west/normen/toegankelijk',
    'Toegankelijke zorg West',
    ['stelsel:west', 'kolom:dienstverlening', 'laag:normen', 'status:vastgesteld', 'vertrouwelijk'],
    'gebaseerd-op: zuid/normen/toegankelijk',
  ),
  agreement('intern/oost/overleg', 'Overleg Oost', ['stelsel:oost', 'kolom:borgen', 'laag:werkafspraken', 'status:vastgesteld']),
  embed('overzicht', 'Alle stelsels', '```afsprakenoverzicht', '```'),
  embed('zoeken', 'Afspraken zoeken', '```afsprakenzoeker', '```'),
  embed('west/overdracht', 'Overdracht van Zuid naar West', '```afsprakenoverdracht', 'referentie: zuid', 'ontvanger: west', '```'),
];

/** What the guest must find nowhere: the titles and paths of the pages the two rules hide. */
const HIDDEN = [
  'Intervisie huisartsen',
  'Financiering per wijk',
  'Toegankelijke zorg West',
  'Basiszorg Oost',
  'Overleg Oost',
  'intern/',
  'zuid/leren/intervisie',
  'west/normen/toegankelijk',
  'financiering-per-wijk',
];

/** A row of the heat map: coverage (cells not EMPTY), present (cells PRESENT) and the cells that are not `EMPTY 0`. */
interface OverviewRowExpected {
  system: string;
  path: string;
  coverage: number;
  present: number;
  cells: Record<string, string>;
}

const CHAPTERS = [
  { key: 'kwaliteit', columns: ['dienstverlening', 'klantrelatie', 'gezond-werk', '*'] },
  { key: 'duurzaamheid', columns: ['financiering', 'borgen', 'leren', '*'] },
];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
/** The 24 cell ids of the default framework (contract §1). */
const ALL_CELLS = CHAPTERS.flatMap((chapter) => LAYERS.flatMap((layer) => chapter.columns.map((column) => `${chapter.key}|${column}|${layer}`)));

/**
 * Worked out by hand from the table at the top. Cell state (§4): PRESENT with a vastgesteld
 * agreement (own or chapter-wide), IN_PROGRESS with only in-de-maak/concept ones; `count` counts a
 * cell's own. The chapter-wide Financiering per wijk makes zuid's three duurzaamheid norm cells
 * PRESENT with count 0. Search facets count each page once per value, chapter-wide placements for
 * their chapter only, ordered by count then value. Handover: distinct reference pages, SHARED
 * before ADOPTED.
 */
const EXPECTED: Record<Reader, {
  overview: { summary: string; rows: OverviewRowExpected[] };
  search: { total: string; titles: string[]; chips: Record<string, string[]> };
  intervisie: { total: string; titles: string[]; systems: string[] };
  handover: { checklist: string[]; summary: string; percent: string; answers: string[]; newHrefs: string[] };
  trace: Record<'zuid' | 'west', { summary: string; chains: string[]; gaps: Record<string, string[]> }>;
  links: Record<string, { lists: Record<string, string[]>; labels: string[] }>;
}> = {
  admin: {
    overview: {
      summary: '3 afsprakenstelsels',
      rows: [
        {
          // 8 cells of its own (6 in kwaliteit, 2 in duurzaamheid) and 3 covered chapter-wide: 11 not EMPTY, 2 of them IN_PROGRESS.
          system: 'zuid',
          path: 'zuid',
          coverage: 11,
          present: 9,
          cells: {
            'kwaliteit|dienstverlening|normen': 'PRESENT 1',
            'kwaliteit|klantrelatie|normen': 'PRESENT 1',
            'kwaliteit|dienstverlening|werkafspraken': 'PRESENT 1',
            'kwaliteit|klantrelatie|werkafspraken': 'IN_PROGRESS 1',
            'kwaliteit|dienstverlening|techniek': 'PRESENT 1',
            'kwaliteit|gezond-werk|techniek': 'IN_PROGRESS 1',
            'duurzaamheid|financiering|normen': 'PRESENT 0',
            'duurzaamheid|borgen|normen': 'PRESENT 0',
            'duurzaamheid|leren|normen': 'PRESENT 0',
            'duurzaamheid|*|normen': 'PRESENT 1',
            'duurzaamheid|leren|werkafspraken': 'PRESENT 1',
          },
        },
        {
          system: 'west',
          path: 'west',
          coverage: 5,
          present: 4,
          cells: {
            'kwaliteit|dienstverlening|normen': 'PRESENT 1',
            'kwaliteit|klantrelatie|normen': 'PRESENT 1',
            'kwaliteit|dienstverlening|werkafspraken': 'PRESENT 1',
            'kwaliteit|klantrelatie|werkafspraken': 'PRESENT 1',
            'duurzaamheid|leren|werkafspraken': 'IN_PROGRESS 1',
          },
        },
        { system: 'oost', path: 'intern/oost', coverage: 1, present: 1, cells: { 'duurzaamheid|borgen|werkafspraken': 'PRESENT 1' } },
      ],
    },
    search: {
      total: '13 afspraken gevonden',
      titles: [
        'Eigen spreekuur',
        'Financiering per wijk',
        'Gedeelde visie',
        'Gezond rooster',
        'Intervisie huisartsen',
        'Intervisie in West',
        'Overleg Oost',
        'Spreekuur in de wijk',
        'Toegankelijke zorg',
        'Toegankelijke zorg West',
        'Verwijsformulier',
        'Warme overdracht',
        'Warme overdracht West',
      ],
      chips: {
        system: ['zuid:8', 'west:5', 'oost:1'],
        chapter: ['kwaliteit:9', 'duurzaamheid:4'],
        column: ['dienstverlening:5', 'klantrelatie:3', 'leren:2', 'borgen:1', 'gezond-werk:1'],
        layer: ['werkafspraken:7', 'normen:4', 'techniek:2'],
        theme: ['intervisie:2', 'overdracht:2'],
        status: ['vastgesteld:10', 'in-de-maak:2', 'concept:1'],
        party: ['buurtteam:2', 'huisartsen:2'],
      },
    },
    intervisie: { total: '2 afspraken gevonden', titles: ['Intervisie huisartsen', 'Intervisie in West'], systems: ['west:1', 'zuid:1'] },
    handover: {
      checklist: [
        'Toegankelijke zorg ADOPTED',
        'Warme overdracht ADOPTED',
        'Verwijsformulier OPEN',
        'Gedeelde visie SHARED',
        'Spreekuur in de wijk OPEN',
        'Eigen spreekuur RECEIVER_ONLY',
        'Gezond rooster OPEN',
        'Intervisie huisartsen ADOPTED',
        'Financiering per wijk OPEN',
      ],
      // 8 reference pages: 1 shared, 3 adopted, 4 open; (3 + 1) / 8 = 50 %.
      summary: '4 van 8 afspraken overgenomen of gedeeld (50%) 4 open · 3 overgenomen · 1 gedeeld',
      percent: '50',
      answers: ['Toegankelijke zorg West', 'Warme overdracht West', 'Intervisie in West'],
      // §7.1: <receiver page path>/<column, or chapter when chapter-wide>/<slug of the title>.
      newHrefs: [
        '/e/nl/west/dienstverlening/verwijsformulier',
        '/e/nl/west/klantrelatie/spreekuur-in-de-wijk',
        '/e/nl/west/gezond-werk/gezond-rooster',
        '/e/nl/west/duurzaamheid/financiering-per-wijk',
      ],
    },
    trace: {
      zuid: {
        // Warme overdracht → Toegankelijke zorg, → Verwijsformulier; Intervisie huisartsen → Toegankelijke zorg; Spreekuur → Financiering.
        summary: '4 verbanden',
        chains: ['Financiering per wijk <- Spreekuur in de wijk', 'Toegankelijke zorg <- Intervisie huisartsen; Warme overdracht uses Verwijsformulier'],
        gaps: { workingAgreementsWithoutNorm: [], normsWithoutWorkingAgreement: ['Gedeelde visie'], techniquesUnused: ['Gezond rooster'] },
      },
      west: {
        // Warme overdracht West → Toegankelijke zorg West, → Verwijsformulier (a technique of Zuid). West has no techniques of its own.
        summary: '2 verbanden',
        chains: ['Toegankelijke zorg West <- Warme overdracht West uses Verwijsformulier'],
        gaps: { workingAgreementsWithoutNorm: ['Eigen spreekuur', 'Intervisie in West'], normsWithoutWorkingAgreement: ['Gedeelde visie'], techniquesUnused: [] },
      },
    },
    links: {
      'zuid/normen/toegankelijk': {
        lists: { derivedBy: ['Intervisie huisartsen', 'Warme overdracht'], adoptedBy: ['Toegankelijke zorg West'] },
        labels: ['Uitgewerkt in', 'Overgenomen door'],
      },
      'west/dienstverlening/warme-overdracht': {
        lists: { derivesFrom: ['Toegankelijke zorg West'], uses: ['Verwijsformulier'], basedOn: ['Warme overdracht'] },
        labels: ['Volgt uit', 'Gebruikt', 'Gebaseerd op'],
      },
      'zuid/techniek/verwijsformulier': { lists: { usedBy: ['Warme overdracht', 'Warme overdracht West'] }, labels: ['Gebruikt door'] },
    },
  },
  guest: {
    overview: {
      summary: '2 afsprakenstelsels',
      rows: [
        {
          // Without Intervisie huisartsen (tag rule) and Financiering per wijk (path rule): the duurzaamheid chapter is empty.
          system: 'zuid',
          path: 'zuid',
          coverage: 6,
          present: 4,
          cells: {
            'kwaliteit|dienstverlening|normen': 'PRESENT 1',
            'kwaliteit|klantrelatie|normen': 'PRESENT 1',
            'kwaliteit|dienstverlening|werkafspraken': 'PRESENT 1',
            'kwaliteit|klantrelatie|werkafspraken': 'IN_PROGRESS 1',
            'kwaliteit|dienstverlening|techniek': 'PRESENT 1',
            'kwaliteit|gezond-werk|techniek': 'IN_PROGRESS 1',
          },
        },
        {
          // Without Toegankelijke zorg West (tag rule).
          system: 'west',
          path: 'west',
          coverage: 4,
          present: 3,
          cells: {
            'kwaliteit|klantrelatie|normen': 'PRESENT 1',
            'kwaliteit|dienstverlening|werkafspraken': 'PRESENT 1',
            'kwaliteit|klantrelatie|werkafspraken': 'PRESENT 1',
            'duurzaamheid|leren|werkafspraken': 'IN_PROGRESS 1',
          },
        },
      ],
    },
    search: {
      total: '9 afspraken gevonden',
      titles: [
        'Eigen spreekuur',
        'Gedeelde visie',
        'Gezond rooster',
        'Intervisie in West',
        'Spreekuur in de wijk',
        'Toegankelijke zorg',
        'Verwijsformulier',
        'Warme overdracht',
        'Warme overdracht West',
      ],
      chips: {
        system: ['zuid:6', 'west:4'],
        chapter: ['kwaliteit:8', 'duurzaamheid:1'],
        column: ['dienstverlening:4', 'klantrelatie:3', 'gezond-werk:1', 'leren:1'],
        layer: ['werkafspraken:5', 'normen:2', 'techniek:2'],
        theme: ['overdracht:2', 'intervisie:1'],
        status: ['vastgesteld:6', 'in-de-maak:2', 'concept:1'],
        party: ['huisartsen:2', 'buurtteam:1'],
      },
    },
    intervisie: { total: '1 afspraak gevonden', titles: ['Intervisie in West'], systems: ['west:1'] },
    handover: {
      // Toegankelijke zorg is open (its answer is hidden); Intervisie in West answers a page the guest does not see.
      checklist: [
        'Toegankelijke zorg OPEN',
        'Warme overdracht ADOPTED',
        'Verwijsformulier OPEN',
        'Gedeelde visie SHARED',
        'Spreekuur in de wijk OPEN',
        'Eigen spreekuur RECEIVER_ONLY',
        'Gezond rooster OPEN',
        'Intervisie in West RECEIVER_ONLY',
      ],
      // 6 reference pages: 1 shared, 1 adopted, 4 open; 2 / 6 = 33 %.
      summary: '2 van 6 afspraken overgenomen of gedeeld (33%) 4 open · 1 overgenomen · 1 gedeeld',
      percent: '33',
      answers: ['Warme overdracht West'],
      newHrefs: [],
    },
    trace: {
      zuid: {
        summary: '2 verbanden',
        chains: ['Toegankelijke zorg <- Warme overdracht uses Verwijsformulier'],
        gaps: { workingAgreementsWithoutNorm: ['Spreekuur in de wijk'], normsWithoutWorkingAgreement: ['Gedeelde visie'], techniquesUnused: ['Gezond rooster'] },
      },
      west: {
        // Its norm hidden, Warme overdracht West keeps one link: its use of Verwijsformulier, shown under "Zonder norm".
        summary: '1 verband',
        chains: ['Zonder norm <- Warme overdracht West uses Verwijsformulier'],
        gaps: { workingAgreementsWithoutNorm: ['Eigen spreekuur', 'Intervisie in West', 'Warme overdracht West'], normsWithoutWorkingAgreement: ['Gedeelde visie'], techniquesUnused: [] },
      },
    },
    links: {
      'zuid/normen/toegankelijk': { lists: { derivedBy: ['Warme overdracht'] }, labels: ['Uitgewerkt in'] },
      'west/dienstverlening/warme-overdracht': { lists: { uses: ['Verwijsformulier'], basedOn: ['Warme overdracht'] }, labels: ['Gebruikt', 'Gebaseerd op'] },
      'zuid/techniek/verwijsformulier': { lists: { usedBy: ['Warme overdracht', 'Warme overdracht West'] }, labels: ['Gebruikt door'] },
    },
  },
};

/**
 * The views, each with the page showing it, the element it renders, how to wait until it has, and
 * the table cells on it coloured by state (`data-state`), if any.
 */
const VIEWS: Array<{ name: string; path: string; root: string; ready: (page: Page) => Promise<unknown>; stateCells?: string }> = [
  { name: 'overview', path: '/nl/overzicht', root: '.afw-overview', ready: waitForOverview, stateCells: '.afw-overview td[data-state]' },
  { name: 'search', path: '/nl/zoeken', root: '.afw-search', ready: waitForSearch },
  { name: 'handover', path: '/nl/west/overdracht', root: '.afw-handover', ready: checklist },
  { name: 'trace', path: '/nl/zuid', root: '.afw-trace', ready: traceShown, stateCells: '.afsprakenwiki-matrix td.afw-cell[data-state]' },
  { name: 'page-links', path: '/nl/west/dienstverlening/warme-overdracht', root: '.afw-page-links', ready: linksShown },
];

/** Per state, the background colours its cells are painted in. */
function stateColours(page: Page, cells: string): Promise<Record<string, string[]>> {
  return page.evaluate(`(() => {
    const found = {};
    for (const td of document.querySelectorAll(${JSON.stringify(cells)})) (found[td.dataset.state] = found[td.dataset.state] || new Set()).add(getComputedStyle(td).backgroundColor);
    return Object.fromEntries(Object.entries(found).map(([state, colours]) => [state, [...colours]]));
  })()`) as Promise<Record<string, string[]>>;
}

describe('Learning across systems in a real Wiki.js 2.5 (browser)', function () {
  this.timeout(600000);
  const { tabs, harness } = wikiWithTabs(PAGES, GUEST_EXCEPT_INTERN_AND_VERTROUWELIJK);
  const open = (pagePath: string, reader: Reader, width = 1400): Promise<Page> => tabs.open(pagePath, reader, { width });

  /** For the guest: no title or path of a hidden page anywhere in the page, attributes included. */
  const expectNothingHidden = async (page: Page, reader: Reader) => {
    if (reader !== 'guest') return;
    const html = await page.content();
    for (const hidden of HIDDEN) expect(html, `${page.url()} shows ${hidden}`).not.to.include(hidden);
  };

  /** Follows a link and checks Wiki.js opened the page it names. */
  const follow = async (page: Page, link: ReturnType<Page['locator']>, pagePath: string, title: string) => {
    await Promise.all([page.waitForURL((url) => url.href === `${harness().url}${pagePath}`), link.click()]);
    expect(await page.title()).to.match(new RegExp(`^${title} \\|`));
  };

  const settle = (page: Page) => page.waitForTimeout(400); // Vuetify's transitions, before a screenshot

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the overview heat map with the hand-counted coverage and cells, each cell opening its system's matrix there`, async () => {
      const expected = EXPECTED[reader].overview;
      const page = await open('/nl/overzicht', reader);
      await waitForOverview(page);
      expect((await page.locator('.afw-overview .afw-panel__summary').first().textContent())?.trim()).to.equal(expected.summary);
      const shown = await shownOverview(page);
      expect(shown.map((row) => row.system), 'rows by coverage').to.deep.equal(expected.rows.map((row) => row.system));
      for (const row of expected.rows) {
        const dom = shown.find((r) => r.system === row.system);
        expect({ coverage: dom?.coverage, present: dom?.present, text: dom?.coverageText }, row.system).to.deep.equal({ coverage: row.coverage, present: row.present, text: `${row.coverage}/24` });
        expect(Object.keys(dom?.cells ?? {})).to.have.members(ALL_CELLS);
        for (const id of ALL_CELLS) {
          const want = row.cells[id] ?? 'EMPTY 0';
          const cell = dom?.cells[id];
          expect(`${cell?.state} ${cell?.count}`, `${row.system} ${id}`).to.equal(want);
          expect(cell?.text, `${row.system} ${id} as written`).to.equal(want.endsWith(' 0') ? '' : want.split(' ')[1]);
          const [chapter, column, layer] = id.split('|');
          expect(cell?.href, `${row.system} ${id} link`).to.equal(`/nl/${row.path}?cel=${chapter}.${column}.${layer}`);
        }
      }
      // The footer: per cell, how many of the rows above are PRESENT, IN_PROGRESS, EMPTY.
      const totals = (await page.evaluate(`(() => {
        const ids = Array.from(document.querySelectorAll('.afw-overview tbody tr:first-child td[data-cell]')).map((td) => td.dataset.cell);
        return Object.fromEntries(Array.from(document.querySelectorAll('.afw-overview tfoot tr')).map((tr) => [tr.dataset.total,
          Object.fromEntries(Array.from(tr.querySelectorAll('td')).map((td, i) => [ids[i], Number(td.textContent.trim())]))]));
      })()`)) as Record<string, Record<string, number>>;
      const tally = (state: string) => Object.fromEntries(ALL_CELLS.map((id) => [id, expected.rows.filter((row) => (row.cells[id] ?? 'EMPTY 0').startsWith(`${state} `)).length]));
      expect(totals).to.deep.equal({ present: tally('PRESENT'), inProgress: tally('IN_PROGRESS'), empty: tally('EMPTY') });
      expect(await axeViolations(page, ['.afw-overview'])).to.deep.equal([]);
      await expectNothingHidden(page, reader);
      await settle(page);
      if (reader === 'guest') await screenshot(page, 'wikijs-learning-overview-guest-1400-light');

      await follow(page, page.locator('.afw-overview tr[data-system="zuid"] td[data-cell="kwaliteit|dienstverlening|werkafspraken"] a'), '/nl/zuid?cel=kwaliteit.dienstverlening.werkafspraken', 'Basiszorg Zuid');
      const target = page.locator('.afsprakenwiki-matrix td.afw-cell--target');
      await target.waitFor({ timeout: 30000 });
      expect({ cell: await target.getAttribute('data-cell'), count: await target.getAttribute('data-count') }).to.deep.equal({ cell: 'kwaliteit|dienstverlening|werkafspraken', count: '1' });
    });
  }

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the search with the hand-counted hits and facet chips, and a hit opens its page`, async () => {
      const expected = EXPECTED[reader];
      const page = await open('/nl/zoeken', reader);
      await waitForSearch(page);
      const all = await shownSearch(page);
      expect(all).to.deep.equal({ total: expected.search.total, titles: expected.search.titles, chips: expected.search.chips });
      expect(await axeViolations(page, ['.afw-search'])).to.deep.equal([]);
      await expectNothingHidden(page, reader);

      await page.fill('.afw-search__input', 'intervisie');
      await page.press('.afw-search__input', 'Enter');
      await page.waitForFunction(`document.querySelector('.afw-search [data-total]').textContent.trim() === ${JSON.stringify(expected.intervisie.total)}`, undefined, { timeout: 30000 });
      await waitForSearch(page);
      const found = await shownSearch(page);
      expect({ titles: found.titles, systems: found.chips.system }).to.deep.equal({ titles: expected.intervisie.titles, systems: expected.intervisie.systems });
      expect(new URL(page.url()).searchParams.get('zoek')).to.equal('intervisie');
      await expectNothingHidden(page, reader);
      if (reader === 'guest') {
        await settle(page);
        await screenshot(page, 'wikijs-learning-search-guest-1400-light');
      }
      const [first] = expected.intervisie.titles;
      const pagePath = reader === 'admin' ? '/nl/zuid/leren/intervisie' : '/nl/west/leren/intervisie';
      await follow(page, page.locator('.afw-search__link', { hasText: first }), pagePath, first);
    });
  }

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the handover checklist with the hand-counted progress, and its links work`, async () => {
      const expected = EXPECTED[reader].handover;
      const page = await open('/nl/west/overdracht', reader);
      expect(await checklist(page)).to.deep.equal(expected.checklist);
      expect((await page.locator('.afw-handover .afw-panel__title').textContent())?.trim()).to.equal('Overdracht van Basiszorg Zuid naar Basiszorg West');
      expect(await handoverSummary(page)).to.equal(expected.summary);
      expect(await page.locator('.afw-handover [role="progressbar"]').getAttribute('aria-valuenow')).to.equal(expected.percent);
      expect((await page.locator('.afw-handover .afw-handover__answer').allTextContents()).map((t) => t.trim())).to.deep.equal(expected.answers);
      expect(await page.locator('.afw-handover a.afw-handover__new').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).to.deep.equal(expected.newHrefs);
      expect(await page.locator('.afw-handover li[data-status="OPEN"] .afw-handover__question').count()).to.equal(expected.checklist.filter((item) => item.endsWith(' OPEN')).length);
      expect(await axeViolations(page, ['.afw-handover'])).to.deep.equal([]);
      await expectNothingHidden(page, reader);
      if (reader === 'admin') {
        // "Nieuwe afspraak" opens the new-agreement dialog in West's cell, based on Zuid's agreement.
        await page.locator('.afw-handover a.afw-handover__new').first().click();
        const dialog = page.getByRole('dialog', { name: /^Nieuwe afspraak in / });
        // Its form shows once West's matrix is loaded.
        await dialog.locator('form').waitFor({ timeout: 30000 });
        expect((await dialog.locator('.afw-dialog__title').textContent())?.trim()).to.equal('Nieuwe afspraak in Basiszorg West');
        expect((await dialog.locator('.afw-dialog__cell').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).to.deep.equal([
          'Plaats: Kwaliteit van de oplossing › Dienstverlening › Techniek',
          'Gebaseerd op /nl/zuid/techniek/verwijsformulier',
        ]);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      } else {
        await settle(page);
        await screenshot(page, 'wikijs-learning-handover-guest-1400-light');
      }
      await follow(page, page.locator('.afw-handover a.afw-handover__answer', { hasText: 'Warme overdracht West' }), '/nl/west/dienstverlening/warme-overdracht', 'Warme overdracht West');
    });
  }

  for (const reader of READERS) {
    tabs.it(`shows the ${reader} the trace below each system's matrix with the hand-traced chains and gaps, and its links work`, async () => {
      for (const system of ['west', 'zuid'] as const) {
        const expected = EXPECTED[reader].trace[system];
        const page = await open(`/nl/${system}`, reader);
        expect(await traceShown(page), system).to.deep.equal({ chains: expected.chains, gaps: expected.gaps });
        expect((await page.locator('.afw-trace [data-summary]').textContent())?.trim(), system).to.equal(expected.summary);
        const below = await page.evaluate(`!!(document.querySelector('.afsprakenwiki-matrix').compareDocumentPosition(document.querySelector('.afw-trace')) & Node.DOCUMENT_POSITION_FOLLOWING)`);
        expect(below, 'the trace follows the matrix').to.equal(true);
        expect(await axeViolations(page, ['.afw-trace']), system).to.deep.equal([]);
        await expectNothingHidden(page, reader);
        if (reader === 'guest') {
          await settle(page);
          await screenshot(page, `wikijs-learning-trace-${system}-guest-1400-light`);
        }
        if (system === 'zuid') await follow(page, page.locator('.afw-trace a[data-technique]', { hasText: 'Verwijsformulier' }), '/nl/zuid/techniek/verwijsformulier', 'Verwijsformulier');
      }
    });
  }

  for (const reader of READERS) {
    tabs.it(`lists on agreement pages, for the ${reader}, the hand-derived links both ways, and they work`, async () => {
      for (const [pagePath, expected] of Object.entries(EXPECTED[reader].links)) {
        const page = await open(`/nl/${pagePath}`, reader);
        expect(await linksShown(page), pagePath).to.deep.equal(expected.lists);
        expect((await page.locator('.afw-page-links dt').allTextContents()).map((t) => t.trim()), pagePath).to.deep.equal(expected.labels);
        expect(await axeViolations(page, ['.afw-page-links']), pagePath).to.deep.equal([]);
        await expectNothingHidden(page, reader);
      }
      const page = await open('/nl/west/dienstverlening/warme-overdracht', reader);
      await linksShown(page);
      if (reader === 'guest') {
        await settle(page);
        await screenshot(page, 'wikijs-learning-page-links-guest-1400-light');
      }
      await follow(page, page.locator('.afw-page-links [data-links="basedOn"] a', { hasText: 'Warme overdracht' }), '/nl/zuid/dienstverlening/warme-overdracht', 'Warme overdracht');
      expect(await linksShown(page)).to.deep.equal({ derivesFrom: ['Toegankelijke zorg'], uses: ['Verwijsformulier'], adoptedBy: ['Warme overdracht West'] });
    });
  }

  tabs.it('renders every view light and dark at 1400 and 390 px (screenshots), state colours intact and no serious axe violation in either theme', async () => {
    try {
      for (const dark of [false, true]) {
        await harness().setDarkMode(dark);
        for (const view of VIEWS) {
          for (const width of [1400, 390]) {
            const page = await open(view.path, 'admin', width);
            await view.ready(page);
            expect(await page.locator(`${view.root}.afw--dark`).count(), `${view.name} in the ${dark ? 'dark' : 'light'} theme`).to.equal(dark ? 1 : 0);
            if (view.stateCells) {
              // One colour per state, whatever row or column the cell is in (Wiki.js stripes content tables).
              const colours = await stateColours(page, view.stateCells);
              expect(Object.keys(colours), view.name).to.have.members(['PRESENT', 'IN_PROGRESS', 'EMPTY']);
              for (const [state, painted] of Object.entries(colours)) expect(painted, `${view.name} ${state} cells, ${dark ? 'dark' : 'light'} at ${width}`).to.have.length(1);
              expect(new Set(Object.values(colours).flat()).size, `${view.name}: three states, three colours`).to.equal(3);
            }
            // Every element of the extension on the page: the matrix, sidebar and breadcrumb too.
            expect(await axeViolations(page, ['.afw']), `${view.name} ${dark ? 'dark' : 'light'} at ${width}`).to.deep.equal([]);
            await settle(page);
            await screenshot(page, `wikijs-learning-${view.name}-admin-${width}-${dark ? 'dark' : 'light'}`);
            await page.context().close();
          }
        }
      }
    } finally {
      await harness().setDarkMode(false);
    }
  });
});
