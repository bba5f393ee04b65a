/**
 * Property tests: random page sets built from the tag vocabulary (aliases, odd spellings, junk)
 * and random `afspraak` blocks. The expected cells and statuses are computed here from the
 * contract's rules on the *meaning* the generator chose for each value, never by calling the core's
 * placement, so the core and this model have to agree independently.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { buildCatalog, compareMatrices, extractPageFacts, matrixFor, type AgreementFilter, type Matrix, type SourcePage } from '../../../server/domain';
import { fence, page } from './builders';

/** A spelling an author may write, with the key it means (null: not a valid value). */
type Spelling = readonly [raw: string, meaning: string | null];

const COLUMN_SPELLINGS: Spelling[] = [
  ['dienstverlening', 'dienstverlening'],
  ['Service Delivery', 'dienstverlening'],
  ['client_relationship', 'klantrelatie'],
  ['klantrelatie', 'klantrelatie'],
  ['Gezond werk', 'gezond-werk'],
  ['werkplezier', 'gezond-werk'],
  ['Financiën', 'financiering'],
  ['financing', 'financiering'],
  ['onderhoud', 'borgen'],
  ['maintenance', 'borgen'],
  ['learning', 'leren'],
  ['leren', 'leren'],
  ['zwemmen', null],
  ['kwaliteit', null],
];
const CHAPTER_SPELLINGS: Spelling[] = [
  ['kwaliteit', 'kwaliteit'],
  ['Quality', 'kwaliteit'],
  ['continuïteit', 'duurzaamheid'],
  ['sustainability', 'duurzaamheid'],
  ['leren', null],
  ['zorg', null],
];
const LAYER_SPELLINGS: Spelling[] = [
  ['normen', 'normen'],
  ['Norms', 'normen'],
  ['working agreements', 'werkafspraken'],
  ['procedures', 'werkafspraken'],
  ['Techniek', 'techniek'],
  ['technique', 'techniek'],
  ['dak', null],
];
const STATUS_SPELLINGS: Spelling[] = [
  ['concept', 'concept'],
  ['Draft', 'concept'],
  ['in de maak', 'in-de-maak'],
  ['in-progress', 'in-de-maak'],
  ['agreed', 'vastgesteld'],
  ['Vastgesteld', 'vastgesteld'],
  ['validated', 'gevalideerd'],
  ['retired', 'vervallen'],
  ['vervallen', 'vervallen'],
  ['klaar', null],
];
const THEMES = ['zorg', 'bewegen', 'appels', 'zeilen', 'dans'];
/** The themes the system page of `sa` declares, in its order. */
const SA_THEMES = ['zorg', 'bewegen'];
const SYSTEMS = ['sa', 'sb'];

const CHAPTER_OF: Record<string, string> = {
  dienstverlening: 'kwaliteit',
  klantrelatie: 'kwaliteit',
  'gezond-werk': 'kwaliteit',
  financiering: 'duurzaamheid',
  borgen: 'duurzaamheid',
  leren: 'duurzaamheid',
};
const SETTLED = new Set(['vastgesteld', 'gevalideerd', 'onbekend']);

interface Values {
  systems: string[];
  columns: Spelling[];
  chapters: Spelling[];
  layers: Spelling[];
  themes: string[];
}

interface PageSpec {
  tags: Values & { statuses: Spelling[]; english: boolean; junk: string[] };
  /** The first `afspraak` block; `broken` makes it invalid YAML, so none of its values count. */
  block?: Values & { status?: Spelling; english: boolean; broken: boolean };
  /** A second `afspraak` block (written only after a first one), which the core must ignore. */
  second?: Values;
}

const some = <T>(items: readonly T[], max = 2) => fc.array(fc.constantFrom(...items), { maxLength: max });
const valueFields = {
  systems: some(SYSTEMS),
  columns: some(COLUMN_SPELLINGS, 3),
  chapters: some(CHAPTER_SPELLINGS),
  layers: some(LAYER_SPELLINGS),
  themes: some(THEMES, 3),
};
const valuesArb: fc.Arbitrary<Values> = fc.record(valueFields);
const junkArb = fc.array(
  fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !s.includes(':')), fc.constantFrom('stelsel:', 'kolom:', 'foo:bar', 'solk', ' : ')),
  { maxLength: 2 },
);
const pageSpecArb: fc.Arbitrary<PageSpec> = fc.record(
  {
    tags: fc.record({ ...valueFields, statuses: some(STATUS_SPELLINGS), english: fc.boolean(), junk: junkArb }),
    block: fc.record({
      ...valueFields,
      status: fc.option(fc.constantFrom(...STATUS_SPELLINGS), { nil: undefined }),
      english: fc.boolean(),
      broken: fc.boolean(),
    }),
    second: valuesArb,
  },
  { requiredKeys: ['tags'] },
);

function tagsOf(spec: PageSpec): string[] {
  const { tags } = spec;
  const p = (nl: string, en: string) => (tags.english ? en : nl);
  return [
    ...tags.systems.map((s) => `${p('stelsel', 'system')}:${s}`),
    ...tags.columns.map(([raw]) => `${p('kolom', 'column')}:${raw}`),
    ...tags.chapters.map(([raw]) => `${p('hoofdstuk', 'chapter')}:${raw}`),
    ...tags.layers.map(([raw]) => `${p('laag', 'layer')}:${raw}`),
    ...tags.themes.map((t) => `${p('thema', 'theme')}:${t}`),
    ...tags.statuses.map(([raw]) => `status:${raw}`),
    ...tags.junk,
  ];
}

function blockYaml(values: Values, english: boolean, status?: Spelling): string[] {
  const n = (nl: string, en: string) => (english ? en : nl);
  const list = (items: string[]) => (items.length === 1 ? JSON.stringify(items[0]) : JSON.stringify(items));
  const lines: string[] = [];
  if (values.systems.length) lines.push(`${n('stelsel', 'system')}: ${list(values.systems)}`);
  if (values.columns.length) lines.push(`${n('kolom', 'column')}: ${list(values.columns.map(([raw]) => raw))}`);
  if (values.chapters.length) lines.push(`${n('hoofdstuk', 'chapter')}: ${list(values.chapters.map(([raw]) => raw))}`);
  if (values.layers.length) lines.push(`${n('laag', 'layer')}: ${list(values.layers.map(([raw]) => raw))}`);
  if (values.themes.length) lines.push(`${n('thema', 'theme')}: ${list(values.themes)}`);
  if (status) lines.push(`status: ${JSON.stringify(status[0])}`);
  return lines;
}

function contentOf(spec: PageSpec): string {
  const parts = ['# Afspraak', 'Tekst met `code` en een ```python blok:', '```python', 'kolom: leren', '```'];
  if (spec.block) {
    const yaml = blockYaml(spec.block, spec.block.english, spec.block.status);
    parts.push(fence(spec.block.english ? 'agreement' : 'afspraak', ...(spec.block.broken ? ['kolom: [leren', ...yaml] : yaml)));
  }
  if (spec.block && spec.second) parts.push(fence('afspraak', ...blockYaml(spec.second, false, ['vervallen', 'vervallen'])));
  return parts.join('\n');
}

/** What the contract's rules say about one page, computed from the generator's meanings. */
interface Expected {
  id: number;
  systems: Set<string>;
  cells: Set<string>;
  status: string;
  themes: string[];
}

function expectedOf(id: number, spec: PageSpec, declares?: string): Expected {
  const block = spec.block && !spec.block.broken ? spec.block : undefined;
  const meanings = (tag: Spelling[], fromBlock: Spelling[] = []) =>
    [...new Set([...tag, ...fromBlock].map(([, m]) => m).filter((m): m is string => m !== null))];
  const columns = meanings(spec.tags.columns, block?.columns);
  const chapters = meanings(spec.tags.chapters, block?.chapters);
  const layers = meanings(spec.tags.layers, block?.layers);
  const cells = new Set<string>();
  // Rules 3-5: columns × layers; without a valid column, chapter-wide cells; otherwise unplaced.
  if (columns.length) for (const c of columns) for (const l of layers) cells.add(`${CHAPTER_OF[c]}/${c}/${l}`);
  else for (const ch of chapters) for (const l of layers) cells.add(`${ch}/*/${l}`);
  // Rule 6: the block wins; an unknown value or several different tag statuses → onbekend.
  let status: string;
  if (block?.status) status = block.status[1] ?? 'onbekend';
  else {
    const known = new Set(spec.tags.statuses.map(([, m]) => m));
    status = known.has(null) || known.size !== 1 ? 'onbekend' : (known.values().next().value as string);
  }
  const systems = new Set([...spec.tags.systems, ...(block?.systems ?? [])]);
  if (declares) systems.delete(declares);
  return { id, systems, cells, status, themes: [...new Set([...spec.tags.themes, ...(block?.themes ?? [])])] };
}

function firstTheme(themes: string[], declared: string[]): string | null {
  const inDeclared = declared.filter((t) => themes.includes(t));
  if (inDeclared.length) return inDeclared[0];
  return [...themes].sort()[0] ?? null;
}

const filterArb: fc.Arbitrary<AgreementFilter> = fc.oneof(
  fc.constant({}),
  fc.record({ includeRetired: fc.constant(true) }),
  fc.record({ statuses: fc.array(fc.constantFrom(...STATUS_SPELLINGS.map(([raw]) => raw), 'onbekend', 'unknown'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ themes: fc.array(fc.constantFrom(...THEMES), { minLength: 1, maxLength: 2 }), includeRetired: fc.boolean() }),
);

function passesModel(filter: AgreementFilter, e: Expected): boolean {
  if (filter.themes?.length && !e.themes.some((t) => filter.themes?.includes(t))) return false;
  if (filter.statuses?.length) {
    const wanted = filter.statuses.map((raw) => (raw === 'unknown' || raw === 'onbekend' ? 'onbekend' : STATUS_SPELLINGS.find(([r]) => r === raw)?.[1]));
    if (!wanted.includes(e.status)) return false;
  }
  return true;
}

function cellKey(c: { chapter: string; column: string | null; layer: string }): string {
  return `${c.chapter}/${c.column ?? '*'}/${c.layer}`;
}

describe('properties of the matrix over random page sets', () => {
  const scenarioArb = fc.record({ specs: fc.array(pageSpecArb, { maxLength: 10 }), filter: filterArb, withSystemPage: fc.boolean() });

  function build(specs: PageSpec[], withSystemPage: boolean) {
    const pages: SourcePage[] = specs.map((spec, i) => page({ id: i + 2, tags: tagsOf(spec), content: contentOf(spec) }));
    const expected = specs.map((spec, i) => expectedOf(i + 2, spec));
    if (withSystemPage) {
      // The system page of `sa` carries the first page's tags too: it must still never be an agreement of `sa`.
      const spec = specs[0] ?? { tags: { systems: [], columns: [], chapters: [], layers: [], themes: [], statuses: [], english: false, junk: [] } };
      const yaml = fence('afsprakenstelsel', 'key: sa', `themas: [${SA_THEMES.join(', ')}]`);
      pages.push(page({ id: 1, tags: [...tagsOf(spec), 'stelsel:sa'], content: [yaml, contentOf(spec)].join('\n') }));
      expected.push(expectedOf(1, spec, 'sa'));
    }
    const catalog = buildCatalog(pages.map(extractPageFacts));
    return { catalog, expected };
  }

  it('places every page exactly in the cells its values name, counts and states follow, and no page is lost', () => {
    fc.assert(
      fc.property(scenarioArb, ({ specs, filter, withSystemPage }) => {
        const { catalog, expected } = build(specs, withSystemPage);
        for (const system of SYSTEMS) {
          const members = expected.filter((e) => e.systems.has(system));
          const matrix = matrixFor(catalog, system, filter, '2024-01-01');
          if (!members.length && !(withSystemPage && system === 'sa')) {
            expect(matrix, system).to.equal(undefined);
            continue;
          }
          const declared = withSystemPage && system === 'sa' ? SA_THEMES : [];
          checkMatrix(matrix as Matrix, system, members, filter, declared);
        }
      }),
      { numRuns: 100 },
    );
  });

  function checkMatrix(matrix: Matrix, system: string, members: Expected[], filter: AgreementFilter, declared: string[]): void {
    expect(matrix.cells).to.have.length(24);
    const visible = members.filter((e) => passesModel(filter, e) && (e.status !== 'vervallen' || filter.includeRetired === true));
    const active = visible.filter((e) => e.status !== 'vervallen');
    expect(matrix.system.agreementCount).to.equal(members.filter((e) => e.status !== 'vervallen').length);
    for (const cell of matrix.cells) {
      const key = cellKey(cell);
      const listed = cell.agreements.map((a) => a.pageId).sort((a, b) => a - b);
      expect(listed, `${system} ${key}`).to.deep.equal(visible.filter((e) => e.cells.has(key)).map((e) => e.id).sort((a, b) => a - b));
      const own = active.filter((e) => e.cells.has(key));
      expect(cell.count, `${key} count`).to.equal(own.length);
      const wide = cell.column === null ? [] : active.filter((e) => e.cells.has(`${cell.chapter}/*/${cell.layer}`));
      const statuses = [...own, ...wide].map((e) => e.status);
      const state = statuses.length === 0 ? 'EMPTY' : statuses.some((s) => SETTLED.has(s)) ? 'PRESENT' : 'IN_PROGRESS';
      expect(cell.state, `${key} state`).to.equal(state);
      expect(cell.state === 'EMPTY', `${key} empty`).to.equal(own.length + wide.length === 0);
    }
    expect(matrix.unplaced.map((r) => r.pageId).sort((a, b) => a - b)).to.deep.equal(visible.filter((e) => e.cells.size === 0).map((e) => e.id).sort((a, b) => a - b));
    const everywhere = new Set([...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced].map((r) => r.pageId));
    for (const e of active) expect(everywhere.has(e.id), `page ${e.id} lost`).to.equal(true);
    const refs = [...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced];
    for (const ref of refs) {
      const e = members.find((m) => m.id === ref.pageId) as Expected;
      expect(ref.status, `status of ${ref.pageId}`).to.equal(e.status);
      expect(ref.theme, `theme of ${ref.pageId}`).to.equal(firstTheme(e.themes, declared));
    }
  }

  it('splits every comparison cell into only-in-A, only-in-B and shared without losing or doubling an agreement', () => {
    fc.assert(
      fc.property(scenarioArb, ({ specs, filter, withSystemPage }) => {
        const { catalog } = build(specs, withSystemPage);
        const a = matrixFor(catalog, 'sa', filter);
        const b = matrixFor(catalog, 'sb', filter);
        if (!a || !b) return;
        const cmp = compareMatrices(a, b);
        expect(cmp.cells).to.have.length(24);
        const ids = (refs: ReadonlyArray<{ pageId: number }>) => refs.map((r) => r.pageId).sort((x, y) => x - y);
        for (const cell of cmp.cells) {
          expect(ids([...cell.onlyInA, ...cell.shared])).to.deep.equal(ids(cell.a.agreements));
          expect(ids([...cell.onlyInB, ...cell.shared])).to.deep.equal(ids(cell.b.agreements));
          for (const ref of cell.shared) expect(ids(cell.b.agreements)).to.include(ref.pageId);
          for (const ref of cell.onlyInA) expect(ids(cell.b.agreements)).to.not.include(ref.pageId);
        }
        expect(cmp.themesOnlyInA.filter((t) => b.themes.includes(t))).to.deep.equal([]);
        expect(cmp.themesOnlyInB.filter((t) => a.themes.includes(t))).to.deep.equal([]);
      }),
      { numRuns: 60 },
    );
  });
});
