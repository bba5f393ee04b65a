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
