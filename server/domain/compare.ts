/** Cell-by-cell comparison of two systems' matrices (contract §4-5). */
import type { AgreementRef, CellKey, CellState, Comparison, ComparisonCell, Matrix, MatrixCell } from './types';
import { cellId } from './framework';

function emptyCell(cell: CellKey): MatrixCell {
  return { ...cell, state: 'EMPTY', count: 0, agreements: [], coveredByChapter: false };
}

/**
 * Compares two matrices. Cells are matched by (chapter, column, layer): A's cells in A's order,
 * then cells only B's framework has; a side without the cell gets an empty one. An agreement is
 * shared when the same page sits in the same cell of both systems.
 */
export function compareMatrices(a: Matrix, b: Matrix): Comparison {
  const bCells = new Map(b.cells.map((cell) => [cellId(cell), cell]));
  const aIds = new Set(a.cells.map(cellId));
  const keys: CellKey[] = [
    ...a.cells.map(({ chapter, column, layer }) => ({ chapter, column, layer })),
    ...b.cells.filter((cell) => !aIds.has(cellId(cell))).map(({ chapter, column, layer }) => ({ chapter, column, layer })),
  ];
  const aCells = new Map(a.cells.map((cell) => [cellId(cell), cell]));
  const cells: ComparisonCell[] = keys.map((key) => {
    const id = cellId(key);
    const left = aCells.get(id) ?? emptyCell(key);
    const right = bCells.get(id) ?? emptyCell(key);
    const rightIds = new Set(right.agreements.map((r) => r.pageId));
    const leftIds = new Set(left.agreements.map((r) => r.pageId));
    const shared: AgreementRef[] = left.agreements.filter((r) => rightIds.has(r.pageId));
    return {
      ...key,
      a: left,
      b: right,
      onlyInA: left.agreements.filter((r) => !rightIds.has(r.pageId)),
      onlyInB: right.agreements.filter((r) => !leftIds.has(r.pageId)),
      shared,
    };
  });
  const bThemes = new Set(b.themes);
  const aThemes = new Set(a.themes);
  return {
    a: a.system,
    b: b.system,
    cells,
    themesOnlyInA: a.themes.filter((t) => !bThemes.has(t)),
    themesOnlyInB: b.themes.filter((t) => !aThemes.has(t)),
  };
}

/** How two sides of a comparison cell differ, for highlighting. */
export type CellDifference = 'same' | 'only-a' | 'only-b' | 'state' | 'count' | 'agreements';

/** The parts of a comparison cell its difference depends on; the client passes GraphQL data. */
export interface DifferenceInput {
  a: { count: number; state: CellState };
  b: { count: number; state: CellState };
  onlyInA: readonly unknown[];
  onlyInB: readonly unknown[];
}

export function cellDifference(cell: DifferenceInput): CellDifference {
  if (cell.a.count > 0 && cell.b.count === 0) return 'only-a';
  if (cell.b.count > 0 && cell.a.count === 0) return 'only-b';
  if (cell.a.state !== cell.b.state) return 'state';
  if (cell.a.count !== cell.b.count) return 'count';
  if (cell.onlyInA.length > 0 || cell.onlyInB.length > 0) return 'agreements';
  return 'same';
}
