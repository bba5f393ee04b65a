/** How the two sides of a comparison cell differ, for highlighting (same order as the domain core). */
import type { ComparisonCell } from './types';

export type CellDifference = 'same' | 'only-a' | 'only-b' | 'state' | 'count' | 'agreements';

export function cellDifference(cell: ComparisonCell): CellDifference {
  if (cell.a.count > 0 && cell.b.count === 0) return 'only-a';
  if (cell.b.count > 0 && cell.a.count === 0) return 'only-b';
  if (cell.a.state !== cell.b.state) return 'state';
  if (cell.a.count !== cell.b.count) return 'count';
  if (cell.onlyInA.length > 0 || cell.onlyInB.length > 0) return 'agreements';
  return 'same';
}
