/**
 * Links to one cell: from the overview (contract §8.1) or the parties (§11) to a system's matrix
 * (the system page with the matrix's own URL state and `?cel=hoofdstuk.kolom.laag`, which the
 * matrix view scrolls to and marks), or to the search for a party's agreements in a cell.
 */
import { pageHref } from './host';
import { emptySelection, searchStateQuery } from './url-state';
import type { CellKey, Filter, Parties, PartyRow } from './types';

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

/** A cell of one system's parties (contract §11): that system's matrix filtered on the party, the cell shown. */
export function partyMatrixHref(parties: Parties, party: PartyRow, cell: CellKey, filter: Filter): string | null {
  if (!parties.system) return null;
  return matrixCellHref({ system: parties.system }, cell, { ...filter, parties: [party.key] });
}

/**
 * A cell across systems: the search (§8.2) for the party's agreements in that cell, in the search's
 * own URL state on this page (its search embed, or the one the parties view opens). A column cell
 * searches its column and layer; a chapter-wide cell its chapter and layer (the search has no
 * facet for a chapter-wide placement alone).
 */
export function partySearchHref(party: PartyRow, cell: CellKey, filter: Filter, anchor: string): string {
  const selection = emptySelection();
  selection.party = [party.key];
  if (cell.column === null) selection.chapter = [cell.chapter];
  else selection.column = [cell.column];
  selection.layer = [cell.layer];
  selection.theme = [...filter.themes];
  selection.status = [...filter.statuses];
  return `${window.location.pathname}?${searchStateQuery('', selection)}#${anchor}`;
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
