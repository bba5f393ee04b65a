import type { CellKey, Framework, FrameworkChapter, FrameworkColumn, FrameworkLayer, Labels, StatusKey } from './types';
import { normaliseValue } from './normalize';

export const DEFAULT_FRAMEWORK_KEY = 'werkende-afspraken';

function column(key: string, nl: string, en: string, aliases: string[] = []): FrameworkColumn {
  return { key, labels: { nl, en }, aliases };
}

/** The default framework of contract §1: 2 chapters × 3 columns × 3 layers, plus chapter-wide cells. */
export const DEFAULT_FRAMEWORK: Framework = deepFreeze({
  key: DEFAULT_FRAMEWORK_KEY,
  labels: { nl: 'Werkende afspraken', en: 'Working agreements' },
  chapters: [
    {
      key: 'kwaliteit',
      labels: { nl: 'Kwaliteit van de oplossing', en: 'Quality of the solution' },
      aliases: ['quality'],
      columns: [
        column('dienstverlening', 'Dienstverlening', 'Service delivery', ['service-delivery']),
        column('klantrelatie', 'Klantrelatie', 'Client relationship', ['client-relationship']),
        column('gezond-werk', 'Gezond werk', 'Healthy work', ['healthy-work', 'werkplezier']),
      ],
    },
    {
      key: 'duurzaamheid',
      labels: { nl: 'Duurzaamheid van de oplossing', en: 'Sustainability of the solution' },
      aliases: ['sustainability', 'continuiteit'],
      columns: [
        column('financiering', 'Financiering', 'Financing', ['financing', 'financien']),
        column('borgen', 'Borgen', 'Safeguarding', ['safeguarding', 'onderhoud', 'maintenance']),
        column('leren', 'Leren', 'Learning', ['learning']),
      ],
    },
  ],
  layers: [
    { key: 'normen', labels: { nl: 'Normen', en: 'Norms' }, aliases: ['norms'] },
    {
      key: 'werkafspraken',
      labels: { nl: 'Werkafspraken', en: 'Working agreements' },
      aliases: ['working-agreements', 'procedures'],
    },
    { key: 'techniek', labels: { nl: 'Techniek', en: 'Technique' }, aliases: ['technique'] },
  ],
});

export interface StatusDefinition {
  key: StatusKey;
  labels: Labels;
  aliases: string[];
  /** Counts as settled for cell states (PRESENT); otherwise in progress. */
  settled: boolean;
}

/** Statuses in their natural order; `onbekend` is never written by authors but shown to readers. */
export const STATUSES: readonly StatusDefinition[] = deepFreeze([
  { key: 'concept', labels: { nl: 'Concept', en: 'Draft' }, aliases: ['draft'], settled: false },
  { key: 'in-de-maak', labels: { nl: 'In de maak', en: 'In progress' }, aliases: ['in-progress'], settled: false },
  { key: 'vastgesteld', labels: { nl: 'Vastgesteld', en: 'Agreed' }, aliases: ['agreed'], settled: true },
  { key: 'gevalideerd', labels: { nl: 'Gevalideerd', en: 'Validated' }, aliases: ['validated'], settled: true },
  { key: 'vervallen', labels: { nl: 'Vervallen', en: 'Retired' }, aliases: ['retired'], settled: false },
  { key: 'onbekend', labels: { nl: 'Onbekend', en: 'Unknown' }, aliases: ['unknown'], settled: true },
]);

/** The statuses an author may write (everything but `onbekend`). */
export const AUTHOR_STATUSES: readonly StatusKey[] = STATUSES.filter((s) => s.key !== 'onbekend').map((s) => s.key);

export function resolveStatus(raw: string): StatusKey | undefined {
  const value = normaliseValue(raw);
  const found = STATUSES.find((s) => s.key === value || s.aliases.includes(value));
  return found && found.key !== 'onbekend' ? found.key : undefined;
}

export function statusDefinition(key: StatusKey): StatusDefinition {
  return STATUSES.find((s) => s.key === key) as StatusDefinition;
}

interface FrameworkLookup {
  chapters: Map<string, FrameworkChapter>;
  columns: Map<string, { chapter: FrameworkChapter; column: FrameworkColumn }>;
  layers: Map<string, FrameworkLayer>;
}

/** Key-and-alias lookups per framework, built once: placement resolves thousands of values. */
const lookups = new WeakMap<Framework, FrameworkLookup>();

function lookupOf(framework: Framework): FrameworkLookup {
  let lookup = lookups.get(framework);
  if (!lookup) {
    lookup = { chapters: new Map(), columns: new Map(), layers: new Map() };
    // Keys win over aliases, and earlier parts over later ones, as a linear search would decide.
    for (const pass of ['key', 'alias'] as const) {
      for (const chapter of framework.chapters) {
        for (const name of pass === 'key' ? [chapter.key] : chapter.aliases) {
          if (!lookup.chapters.has(name)) lookup.chapters.set(name, chapter);
        }
        for (const column of chapter.columns) {
          for (const name of pass === 'key' ? [column.key] : column.aliases) {
            if (!lookup.columns.has(name)) lookup.columns.set(name, { chapter, column });
          }
        }
      }
      for (const layer of framework.layers) {
        for (const name of pass === 'key' ? [layer.key] : layer.aliases) {
          if (!lookup.layers.has(name)) lookup.layers.set(name, layer);
        }
      }
    }
    lookups.set(framework, lookup);
  }
  return lookup;
}

export function resolveChapter(framework: Framework, raw: string): FrameworkChapter | undefined {
  return lookupOf(framework).chapters.get(normaliseValue(raw));
}

/** A column together with the chapter it belongs to (a column implies its chapter). */
export function resolveColumn(
  framework: Framework,
  raw: string,
): { chapter: FrameworkChapter; column: FrameworkColumn } | undefined {
  return lookupOf(framework).columns.get(normaliseValue(raw));
}

export function resolveLayer(framework: Framework, raw: string): FrameworkLayer | undefined {
  return lookupOf(framework).layers.get(normaliseValue(raw));
}

/**
 * Every cell of a framework in the contract's order: chapters in order; within a chapter, layers
 * in order; within a layer, its column cells in column order, then the chapter-wide cell.
 */
export function frameworkCells(framework: Framework): CellKey[] {
  const cells: CellKey[] = [];
  for (const chapter of framework.chapters) {
    for (const layer of framework.layers) {
      for (const col of chapter.columns) cells.push({ chapter: chapter.key, column: col.key, layer: layer.key });
      cells.push({ chapter: chapter.key, column: null, layer: layer.key });
    }
  }
  return cells;
}

export function cellId(cell: CellKey): string {
  return `${cell.chapter}/${cell.column ?? '*'}/${cell.layer}`;
}

export function columnKeys(framework: Framework): string[] {
  return framework.chapters.flatMap((c) => c.columns.map((col) => col.key));
}

export function chapterKeys(framework: Framework): string[] {
  return framework.chapters.map((c) => c.key);
}

export function layerKeys(framework: Framework): string[] {
  return framework.layers.map((l) => l.key);
}

/** The label of a chapter, column or layer key in a framework, or the key itself when unknown. */
export function partLabel(framework: Framework, kind: 'chapter' | 'column' | 'layer', key: string, lang: keyof Labels): string {
  if (kind === 'chapter') return framework.chapters.find((c) => c.key === key)?.labels[lang] ?? key;
  if (kind === 'layer') return framework.layers.find((l) => l.key === key)?.labels[lang] ?? key;
  for (const chapter of framework.chapters) {
    const col = chapter.columns.find((c) => c.key === key);
    if (col) return col.labels[lang];
  }
  return key;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
