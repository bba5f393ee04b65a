/**
 * Learning across systems (contract §8.1-8.2) in the client: the overview and search answers,
 * links from an overview cell to that cell in the system's matrix, the search's URL state and
 * the overview's CSV.
 */
import overviewQuery from './graph/agreements-overview-query.graphql';
import searchQuery from './graph/agreements-search-query.graphql';
import frameworksQuery from './graph/agreements-frameworks-query.graphql';
import { deepFreeze, filterInput, request } from './api';
import { translate } from './i18n';
import { cellLabels } from './framework';
import { toCsv } from './export';
import { writeParams } from './url-state';
import type { Answer, Filter, FrameworkDetail, Lang, SystemListItem } from './types';
import type {
  AfwFrameworksQuery,
  AfwFrameworksQueryVariables,
  AfwOverviewQuery,
  AfwOverviewQueryVariables,
  AfwSearchQuery,
  AfwSearchQueryVariables,
  AgreementSearchFilter,
} from './generated/graphql';

/** Every row's `cells` follow the overview's `cells`. */
export type Overview = Answer<AfwOverviewQuery, 'overview'>;
export type OverviewRow = Overview['systems'][number];

export const SEARCH_FIELDS = ['system', 'chapter', 'column', 'layer', 'theme', 'status', 'party'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type SearchSelection = Record<SearchField, string[]>;

/** A facet's `field` is one of SEARCH_FIELDS. */
export type SearchAnswer = Answer<AfwSearchQuery, 'search'>;
export type SearchHit = SearchAnswer['hits'][number];

/** Rows of the overview asked for at a time (contract §12): a heat map of a few hundred rows at most. */
export const OVERVIEW_PAGE_SIZE = 200;

/** One page of the overview: `first` rows after the cursor `after`, of one region or of all. */
export async function fetchOverview(framework: string | null, filter: Filter, page: { after: string | null; region: string | null; first?: number }): Promise<Overview> {
  const variables = { framework, filter: filterInput(filter), first: page.first ?? OVERVIEW_PAGE_SIZE, after: page.after, region: page.region };
  return deepFreeze((await request<AfwOverviewQuery, AfwOverviewQueryVariables>(overviewQuery, variables)).overview);
}

/** Every framework, for the labels of the search's keys. */
export async function fetchFrameworks(): Promise<FrameworkDetail[]> {
  return deepFreeze((await request<AfwFrameworksQuery, AfwFrameworksQueryVariables>(frameworksQuery, {})).frameworks);
}

/**
 * Theme titles and party names by key, as the systems declare them (the first system that names a
 * key wins), for the fields whose values are keys of the systems' own vocabulary.
 */
export function declaredNames(systems: readonly SystemListItem[]): { theme: Map<string, string>; party: Map<string, string> } {
  const names = { theme: new Map<string, string>(), party: new Map<string, string>() };
  for (const system of systems) {
    for (const theme of system.themes) if (theme.title && !names.theme.has(theme.key)) names.theme.set(theme.key, theme.title);
    for (const party of system.parties) if (party.name && !names.party.has(party.key)) names.party.set(party.key, party.name);
  }
  return names;
}

/** The GraphQL filter field of each facet field. */
const FILTER_FIELD: Record<SearchField, Exclude<keyof AgreementSearchFilter, 'includeRetired'>> = {
  system: 'systems',
  chapter: 'chapters',
  column: 'columns',
  layer: 'layers',
  theme: 'themes',
  status: 'statuses',
  party: 'parties',
};

export async function fetchSearch(text: string, selection: SearchSelection, after: string | null, first = 20): Promise<SearchAnswer> {
  const filter: AgreementSearchFilter = {};
  for (const field of SEARCH_FIELDS) if (selection[field].length) filter[FILTER_FIELD[field]] = selection[field];
  const variables = { text: text.trim() || null, filter, first, after };
  return deepFreeze((await request<AfwSearchQuery, AfwSearchQueryVariables>(searchQuery, variables)).search);
}

/** The search's URL state: `?zoek=tekst&zoek-kolom=leren,borgen&zoek-status=vastgesteld`. */
const TEXT_PARAM = 'zoek';
const FIELD_PARAM: Record<SearchField, string> = {
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
    selection[field] = (params.get(FIELD_PARAM[field]) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  }
  return { text: params.get(TEXT_PARAM) ?? '', selection };
}

/** The query string of a search (a link that opens the search with it). */
export function searchStateQuery(text: string, selection: SearchSelection): string {
  const params = new URLSearchParams();
  if (text.trim()) params.set(TEXT_PARAM, text.trim());
  for (const field of SEARCH_FIELDS) if (selection[field].length) params.set(FIELD_PARAM[field], selection[field].join(','));
  return params.toString();
}

/** The search's state into the URL, a new history entry when it changed (url-state.ts). */
export function writeSearchState(text: string, selection: SearchSelection): void {
  const values: Record<string, string> = { [TEXT_PARAM]: text.trim() };
  for (const field of SEARCH_FIELDS) values[FIELD_PARAM[field]] = selection[field].join(',');
  writeParams(values);
}

/** The overview as shown: one row per system and cell, with the system's coverage. */
export function overviewCsv(overview: Overview, rows: readonly OverviewRow[], lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const lines: Array<Array<string | number>> = [
    [t('learning.key'), t('learning.system'), t('learning.coverage'), t('learning.present'), t('export.chapter'), t('export.column'), t('export.layer'), t('export.state'), t('export.count')],
  ];
  for (const row of rows) {
    overview.cells.forEach((cell, index) => {
      const names = cellLabels(overview.frameworkDetail, cell, lang);
      const value = row.cells[index];
      lines.push([row.system.key, row.system.title, row.coverage, row.present, names.chapter, names.column, names.layer, t(`states.${value.state}`), value.count]);
    });
  }
  return toCsv(lines);
}
