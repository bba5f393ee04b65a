/**
 * View state kept in the page URL so a filtered view or a comparison can be shared and survives a
 * reload: `?thema=solk,meer-bewegen&status=vastgesteld&partij=buurtteam&vergelijk=kb-noordwest&heatmap=1`.
 * A reader's change is a new history entry, so Back returns to the view before it; the views
 * follow Back and Forward (`onHistoryMove`).
 */
import { SEARCH_FIELDS, type Filter, type SearchField, type SearchSelection } from './types';

export interface ViewState {
  filter: Filter;
  compareWith: string | null;
  heatmap: boolean;
  /** The date of an earlier state the matrix is compared with (`?stand=2026-01-31`, contract §9). */
  asOf?: string | null;
}

const PARAMS = { themes: 'thema', statuses: 'status', parties: 'partij' } as const;
const COMPARE = 'vergelijk';
const HEATMAP = 'heatmap';
const AS_OF = 'stand';

function list(params: URLSearchParams, name: string): string[] | null {
  if (!params.has(name)) return null;
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The state in the URL, each part falling back to the placeholder's own defaults. */
export function readViewState(defaults: ViewState, search = window.location.search): ViewState {
  const params = new URLSearchParams(search);
  return {
    filter: {
      themes: list(params, PARAMS.themes) ?? defaults.filter.themes,
      statuses: list(params, PARAMS.statuses) ?? defaults.filter.statuses,
      parties: list(params, PARAMS.parties) ?? defaults.filter.parties,
      includeRetired: defaults.filter.includeRetired,
    },
    compareWith: params.get(COMPARE) || defaults.compareWith,
    heatmap: params.has(HEATMAP) ? params.get(HEATMAP) === '1' : defaults.heatmap,
    asOf: isoDate(params.get(AS_OF)) ?? defaults.asOf ?? null,
  };
}

/**
 * Sets (or, when empty, removes) query parameters without reloading; others are kept. A changed
 * URL is a new history entry (the reader's own step) unless `replace` (a correction the view made
 * itself); an unchanged one adds nothing.
 */
export function writeParams(values: Record<string, string | null>, replace = false): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(values)) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  if (url.href === window.location.href) return;
  if (replace) window.history.replaceState(window.history.state, '', url.href);
  else window.history.pushState(null, '', url.href);
}

/** Calls back whenever Back or Forward moves between this page's entries; returns the way to stop. */
export function onHistoryMove(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  return () => window.removeEventListener('popstate', callback);
}

export function writeViewState(state: ViewState, replace = false): void {
  writeParams(
    {
    [PARAMS.themes]: state.filter.themes.join(','),
    [PARAMS.statuses]: state.filter.statuses.join(','),
    [PARAMS.parties]: state.filter.parties.join(','),
    [COMPARE]: state.compareWith,
    [HEATMAP]: state.heatmap ? '1' : null,
    [AS_OF]: state.asOf ?? null,
    },
    replace,
  );
}

/** A comparison placeholder keeps only its partner in the URL. */
export function writeCompareWith(key: string | null): void {
  writeParams({ [COMPARE]: key });
}

/** A plain ISO date (`2026-01-31`), or null for anything else. */
export function isoDate(value: string | null | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** Comma-separated `data-*` list of a placeholder. */
export function dataList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The search's URL state (contract §8.2): `?zoek=tekst&zoek-kolom=leren,borgen&zoek-status=vastgesteld`. */
const SEARCH_TEXT = 'zoek';
const SEARCH_FIELD_PARAM: Record<SearchField, string> = {
  system: 'zoek-stelsel',
  chapter: 'zoek-hoofdstuk',
  column: 'zoek-kolom',
  layer: 'zoek-laag',
  theme: 'zoek-thema',
  status: 'zoek-status',
  party: 'zoek-partij',
};

export function emptySelection(): SearchSelection {
  return { system: [], chapter: [], column: [], layer: [], theme: [], status: [], party: [] };
}

export function readSearchState(search = window.location.search): { text: string; selection: SearchSelection } {
  const params = new URLSearchParams(search);
  const selection = emptySelection();
  for (const field of SEARCH_FIELDS) {
    selection[field] = (params.get(SEARCH_FIELD_PARAM[field]) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  }
  return { text: params.get(SEARCH_TEXT) ?? '', selection };
}

/** The query string of a search (a link that opens the search with it). */
export function searchStateQuery(text: string, selection: SearchSelection): string {
  const params = new URLSearchParams();
  if (text.trim()) params.set(SEARCH_TEXT, text.trim());
  for (const field of SEARCH_FIELDS) if (selection[field].length) params.set(SEARCH_FIELD_PARAM[field], selection[field].join(','));
  return params.toString();
}

/** The search's state into the URL, a new history entry when it changed. */
export function writeSearchState(text: string, selection: SearchSelection): void {
  const values: Record<string, string> = { [SEARCH_TEXT]: text.trim() };
  for (const field of SEARCH_FIELDS) values[SEARCH_FIELD_PARAM[field]] = selection[field].join(',');
  writeParams(values);
}
