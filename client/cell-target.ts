/**
 * A link from the overview (contract §8.1) to one cell of a system's matrix: the system page with
 * the matrix's own URL state (filter) and `?cel=hoofdstuk.kolom.laag`, which the matrix view
 * scrolls to and marks. Kept apart from the overview's code, which the matrix does not need.
 */
import { pageHref } from './host';
import type { CellKey, Filter } from './types';

/** The URL parameter naming the matrix cell to show (`hoofdstuk.kolom.laag`, `*` for chapter-wide). */
const CELL_PARAM = 'cel';

/** The system page's matrix with this cell shown and the overview's filter applied (the matrix's own URL state). */
export function matrixCellHref(row: { system: { pagePath: string | null; locale: string | null } }, cell: CellKey, filter: Filter): string | null {
  if (!row.system.pagePath) return null;
  const params = new URLSearchParams();
  if (filter.themes.length) params.set('thema', filter.themes.join(','));
  if (filter.statuses.length) params.set('status', filter.statuses.join(','));
  if (filter.parties.length) params.set('partij', filter.parties.join(','));
  params.set(CELL_PARAM, `${cell.chapter}.${cell.column ?? '*'}.${cell.layer}`);
  return `${pageHref(row.system.locale ?? 'en', row.system.pagePath)}?${params.toString()}`;
}

let cellShown = false;

/**
 * Scrolls to and marks the matrix cell the URL names (a link from the overview), once per page
 * view. `root` is a matrix view's element; its cells carry `data-cell` (client/framework.ts).
 */
export function showCellFromUrl(root: Element): void {
  const wanted = new URLSearchParams(window.location.search).get(CELL_PARAM);
  if (cellShown || !wanted) return;
  const [chapter, column, layer] = wanted.split('.');
  const td = root.querySelector<HTMLElement>(`td[data-cell="${CSS.escape(`${chapter}|${column}|${layer}`)}"]`);
  if (!td) return;
  cellShown = true;
  td.classList.add('afw-cell--target');
  td.setAttribute('tabindex', '-1');
  td.scrollIntoView({ block: 'center' });
  td.focus({ preventScroll: true });
}
