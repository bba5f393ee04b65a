/** Framework helpers shared by the grids, the sidebar tree and the exports. */
import { label, translate } from './i18n';
import type { AgreementRef, CellKey, FrameworkDetail, Lang, MatrixCell } from './types';

export function cellId(cell: CellKey): string {
  return `${cell.chapter}|${cell.column ?? '*'}|${cell.layer}`;
}

export function cellLabels(framework: FrameworkDetail, cell: CellKey, lang: Lang): { chapter: string; column: string; layer: string } {
  const chapter = framework.chapters.find((c) => c.key === cell.chapter);
  const column = cell.column === null ? undefined : chapter?.columns.find((c) => c.key === cell.column);
  const layer = framework.layers.find((l) => l.key === cell.layer);
  return {
    chapter: label(chapter?.labels, lang, cell.chapter),
    column: cell.column === null ? translate(lang, 'common.chapterWide') : label(column?.labels, lang, cell.column),
    layer: label(layer?.labels, lang, cell.layer),
  };
}

/** A grid's column header: a framework column, or `key: null` for the chapter-wide column. */
export interface GridColumn {
  key: string | null;
  label: string;
}

export interface GridRow<C> {
  layer: string;
  label: string;
  cells: C[];
}

/** One chapter laid out as a grid: layers as rows, its columns then the chapter-wide cell as columns. */
export interface ChapterGrid<C> {
  key: string;
  label: string;
  columns: GridColumn[];
  rows: GridRow<C>[];
}

/** Lays cells (anything with a cell key) out per chapter in framework order; missing cells are skipped. */
export function chapterGrids<C extends CellKey>(framework: FrameworkDetail, cells: readonly C[], lang: Lang): ChapterGrid<C>[] {
  const byId = new Map(cells.map((cell) => [cellId(cell), cell]));
  return framework.chapters.map((chapter) => {
    const columns: GridColumn[] = [
      ...chapter.columns.map((column) => ({ key: column.key, label: label(column.labels, lang, column.key) })),
      { key: null, label: translate(lang, 'common.chapterWide') },
    ];
    return {
      key: chapter.key,
      label: label(chapter.labels, lang, chapter.key),
      columns,
      rows: framework.layers.map((layer) => ({
        layer: layer.key,
        label: label(layer.labels, lang, layer.key),
        cells: columns
          .map((column) => byId.get(cellId({ chapter: chapter.key, column: column.key, layer: layer.key })))
          .filter((cell): cell is C => cell !== undefined),
      })),
    };
  });
}

/** A heat map's column heading: a chapter over its columns (the chapter-wide one last), each over the layers. */
export interface HeatHeading {
  key: string;
  label: string;
  span: number;
  columns: Array<{ key: string | null; label: string; layers: Array<{ key: string; label: string }> }>;
}

/** A heat map's column: one cell of the framework, shown under its chapter and column. */
export interface HeatSlot {
  /** Position in the answer's `cells` (matrix order). */
  index: number;
  id: string;
  /** The layer's initial, shown in the narrow column. */
  short: string;
  /** Chapter, column and layer in words, for its accessible name. */
  title: string;
}

/**
 * The columns of a heat map with one row per system (the overview) or per party: the framework's
 * cells under chapter and column headings, in display order, each pointing into `cells`.
 */
export function heatMapLayout(framework: FrameworkDetail, cells: readonly CellKey[], lang: Lang): { headings: HeatHeading[]; slots: HeatSlot[] } {
  const layers = framework.layers.map((l) => ({ key: l.key, label: label(l.labels, lang, l.key) }));
  const headings = framework.chapters.map((chapter) => {
    const columns = [
      ...chapter.columns.map((c) => ({ key: c.key as string | null, label: label(c.labels, lang, c.key), layers })),
      { key: null, label: translate(lang, 'common.chapterWide'), layers },
    ];
    return { key: chapter.key, label: label(chapter.labels, lang, chapter.key), span: columns.length * layers.length, columns };
  });
  const index = new Map(cells.map((cell, i) => [cellId(cell), i]));
  const slots: HeatSlot[] = [];
  for (const chapter of headings) {
    for (const column of chapter.columns) {
      for (const layer of column.layers) {
        const cell: CellKey = { chapter: chapter.key, column: column.key, layer: layer.key };
        const at = index.get(cellId(cell));
        if (at === undefined) continue;
        const names = cellLabels(framework, cell, lang);
        slots.push({ index: at, id: cellId(cell), short: layer.label.slice(0, 1), title: `${names.chapter}, ${names.column}, ${names.layer}` });
      }
    }
  }
  return { headings, slots };
}

/** A node of the sidebar tree. Agreements are leaves with an `href`. */
export interface TreeNode {
  id: string;
  label: string;
  count: number;
  children: TreeNode[];
  href?: string;
  pageKey?: string;
  status?: string;
}

function distinctCount(refs: Iterable<AgreementRef>): number {
  return new Set([...refs].map((ref) => ref.pageId)).size;
}

/**
 * The framework tree of a matrix: chapter → column (then "whole chapter") → layer → agreements.
 * Counts are distinct agreements below a node; empty layers are kept so gaps stay visible.
 */
export function frameworkTree(framework: FrameworkDetail, cells: readonly MatrixCell[], lang: Lang): TreeNode[] {
  return chapterGrids(framework, cells, lang).map((chapter) => {
    const columnNodes = chapter.columns.map((column, index): TreeNode => {
      const layerNodes = chapter.rows.map((row): TreeNode => {
        const cell = row.cells[index];
        const refs = cell?.agreements ?? [];
        return {
          id: `${chapter.key}|${column.key ?? '*'}|${row.layer}`,
          label: row.label,
          count: distinctCount(refs),
          children: refs.map((ref) => ({
            id: `${chapter.key}|${column.key ?? '*'}|${row.layer}|${ref.pageId}`,
            label: ref.title,
            count: 0,
            children: [],
            href: `/${ref.locale}/${ref.path}`,
            pageKey: `${ref.locale}/${ref.path}`,
            status: ref.status,
          })),
        };
      });
      return {
        id: `${chapter.key}|${column.key ?? '*'}`,
        label: column.label,
        count: distinctCount(cells.filter((c) => c.chapter === chapter.key && c.column === column.key).flatMap((c) => c.agreements)),
        children: layerNodes,
      };
    });
    return {
      id: chapter.key,
      label: chapter.label,
      count: distinctCount(cells.filter((c) => c.chapter === chapter.key).flatMap((c) => c.agreements)),
      children: columnNodes,
    };
  });
}
