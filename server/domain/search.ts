/**
 * Search across systems (contract §8.2): the agreement pages of a reader's catalog matching words
 * and facet filters, a page of hits, and facet counts that leave out their own field's filter.
 */
import type { AgreementRef, CellKey, Framework, PageFacts } from './types';
import { cellId, resolveChapter, resolveColumn, resolveLayer } from './framework';
import { normaliseValue, unique } from './normalize';
import { parseTag } from './tags';
import { placeAgreement, type Catalog, type Placement } from './catalog';
import { agreementRefOf, compareRefs, normaliseFilter, type RefOrder } from './matrix';

export interface AgreementSearchFilter {
  systems?: string[];
  chapters?: string[];
  columns?: string[];
  layers?: string[];
  themes?: string[];
  statuses?: string[];
  parties?: string[];
  includeRetired?: boolean;
}

/** Facet fields in the contract's order. */
export const SEARCH_FIELDS = ['system', 'chapter', 'column', 'layer', 'theme', 'status', 'party'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchQuery {
  text?: string;
  filter?: AgreementSearchFilter;
  /** Hits per page. */
  first: number;
  /** Where the previous page ended (see `decodeSearchCursor`). */
  after?: RefOrder;
}

export interface SearchHit {
  agreement: AgreementRef;
  /** The systems the page is an agreement of, by key. */
  systems: string[];
  /** Its cells in those systems (each once, in the order its systems give them); none when unplaced. */
  cells: CellKey[];
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facet {
  field: SearchField;
  values: FacetValue[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Facet[];
  /** The cursor after the last hit, when more hits follow. */
  endCursor: string | null;
}

/** The words of a text: runs of a-z and 0-9 after lower-casing and removing diacritics. */
export function searchWords(text: string): string[] {
  // Most text is printable ASCII: skip the Unicode decomposition for it.
  const plain = ASCII.test(text) ? text : text.normalize('NFD').replace(/\p{M}+/gu, '');
  return plain.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const ASCII = /^[ -~]*$/;

export function encodeSearchCursor(ref: RefOrder): string {
  return Buffer.from(JSON.stringify([ref.title, ref.path, ref.pageId]), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this module wrote. */
export function decodeSearchCursor(cursor: string): RefOrder | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [title, path, pageId] = value as unknown[];
    if (typeof title !== 'string' || typeof path !== 'string' || typeof pageId !== 'number' || !Number.isInteger(pageId)) return undefined;
    return { title, path, pageId };
  } catch {
    return undefined;
  }
}

type FieldValues = Record<SearchField, string[]>;

interface Candidate {
  page: PageFacts;
  systems: string[];
  /** The placement in its first system: a hit's status, theme, themes and parties come from it. */
  placement: Placement;
  cells: CellKey[];
  values: FieldValues;
}

/** Searches the agreement pages of a reader's catalog; `today` decides `overdue` on the hits. */
export function searchAgreements(catalog: Catalog, query: SearchQuery, today: string): SearchResult {
  const frameworks = [...catalog.frameworks.values()];
  const wanted = wantedValues(query.filter ?? {}, frameworks);
  const includeRetired = query.filter?.includeRetired === true;
  const words = spacedQueryWords(query.text);

  // The pages matching the words, with their systems (most pages are left out here, unless no
  // words); a page's one system as its key, a list only for a page in several.
  const systemsOfPage = new Map<PageFacts, string | string[]>();
  for (const [key, entry] of catalog.systems) {
    for (const page of entry.agreements) {
      if (words.length > 0 && !matchesWords(page, words)) continue;
      const found = systemsOfPage.get(page);
      if (found === undefined) systemsOfPage.set(page, key);
      else if (typeof found === 'string') systemsOfPage.set(page, [found, key]);
      else found.push(key);
    }
  }

  const counts = Object.fromEntries(SEARCH_FIELDS.map((field) => [field, new Map<string, number>()])) as Record<SearchField, Map<string, number>>;
  // Only fields with a filter can fail one.
  const filtered = SEARCH_FIELDS.filter((field) => wanted[field].length > 0);
  const hits: Candidate[] = [];
  systemsOfPage.forEach((systems, page) => {
    const candidate = typeof systems === 'string' ? describeInOne(catalog, page, systems) : describe(catalog, page, systems.sort());
    if (!candidate || (!includeRetired && candidate.placement.status === 'vervallen')) return;
    // A page counts for a field's facet when it passes every other field's filter.
    let failing: SearchField | undefined;
    for (const field of filtered) {
      if (passes(wanted[field], candidate.values[field])) continue;
      if (failing) return;
      failing = field;
    }
    if (failing) {
      countValues(counts[failing], candidate.values[failing]);
      return;
    }
    for (const field of SEARCH_FIELDS) countValues(counts[field], candidate.values[field]);
    hits.push(candidate);
  });

  // The hits after the cursor, the first of them in order of the pages' own title, path and id:
  // references are made for the hits returned only.
  const after = query.after;
  const following = after ? hits.filter((hit) => compareRefs(hit.page, after) > 0) : hits;
  const shown = firstInOrder(following, query.first).map(({ page, placement, systems, cells }): SearchHit => ({ agreement: agreementRefOf(page, placement, today), systems, cells }));
  const last = shown[shown.length - 1];
  return {
    total: hits.length,
    hits: shown,
    facets: SEARCH_FIELDS.map((field) => ({ field, values: facetValues(counts[field]) })),
    endCursor: last && shown.length < following.length ? encodeSearchCursor(last.agreement) : null,
  };
}

/**
 * The first `count` hits in order (`compareRefs`, a total order), without sorting them all: a
 * page of 50 out of thousands costs a comparison or so a hit instead of a dozen.
 */
function firstInOrder(hits: readonly Candidate[], count: number): Candidate[] {
  const first: Candidate[] = [];
  for (const hit of hits) {
    if (first.length === count && (count === 0 || compareRefs(hit.page, first[count - 1].page) > 0)) continue;
    let low = 0;
    let high = first.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareRefs(first[middle].page, hit.page) < 0) low = middle + 1;
      else high = middle;
    }
    first.splice(low, 0, hit);
    if (first.length > count) first.pop();
  }
  return first;
}

/** Whether a page can match the text's words (see `searchAgreements`); undefined when any page can. */
export function searchTextFilter(text: string | undefined): ((page: PageFacts) => boolean) | undefined {
  const words = spacedQueryWords(text);
  return words.length === 0 ? undefined : (page) => matchesWords(page, words);
}

/** Each word of a query after a space: it begins a word of a page exactly when the page's words hold that. */
function spacedQueryWords(text: string | undefined): string[] {
  return unique(searchWords(text ?? '')).map((word) => ` ${word}`);
}

/** Every query word (after a space) is a prefix of a word of the title, the description or a tag's value. */
function matchesWords(page: PageFacts, words: readonly string[]): boolean {
  let spaced = spacedWords.get(page);
  if (spaced === undefined) {
    const texts = [page.title, page.description ?? '', ...page.tags.map((tag) => parseTag(tag)?.value ?? tag)];
    spaced = ` ${searchWords(texts.join(' ')).join(' ')}`;
    spacedWords.set(page, spaced);
  }
  return words.every((word) => spaced.includes(word));
}

/**
 * A page's words, each after a space (" w" occurs exactly when w begins one of them), per facts
 * object: derived from the facts alone, which nothing changes, so reused across requests like
 * placements (see `placeAgreement`); keyed weakly, none outlives its facts.
 */
const spacedWords = new WeakMap<PageFacts, string>();

/** `describe` for a page of one system (most are): worked out once per placement, which nothing changes. */
function describeInOne(catalog: Catalog, page: PageFacts, system: string): Candidate | undefined {
  const entry = catalog.systems.get(system);
  if (!entry) return undefined;
  const placement = placeAgreement(page, system, entry.framework, entry.declaration);
  let candidate = candidates.get(placement);
  if (!candidate) {
    const { cells, values } = valuesOfPlacement(placement);
    candidates.set(placement, (candidate = { page, systems: [system], placement, cells, values: { ...values, system: [system] } }));
  }
  return candidate;
}

/** Per placement (of one page in one system); keyed weakly, read-only like the placement. */
const candidates = new WeakMap<Placement, Candidate>();

/** A page's placement, cells and values per facet field, over all its systems. */
function describe(catalog: Catalog, page: PageFacts, systems: string[]): Candidate | undefined {
  const placements: Placement[] = [];
  for (const key of systems) {
    const entry = catalog.systems.get(key);
    if (entry) placements.push(placeAgreement(page, key, entry.framework, entry.declaration));
  }
  if (placements.length === 0) return undefined;
  const values: FieldValues = { system: systems, chapter: [], column: [], layer: [], theme: [], status: [placements[0].status], party: [] };
  const cells = new Map<string, CellKey>();
  for (const placement of placements) {
    const own = valuesOfPlacement(placement);
    for (const cell of own.cells) cells.set(cellId(cell), cell);
    for (const field of ['chapter', 'column', 'layer', 'theme', 'party'] as const) values[field].push(...own.values[field]);
  }
  for (const field of SEARCH_FIELDS) if (values[field].length > 1) values[field] = unique(values[field]);
  return { page, systems, placement: placements[0], cells: [...cells.values()], values };
}

/** A placement's cells (each once) and facet values but its system's; read-only. */
function valuesOfPlacement(placement: Placement): { cells: CellKey[]; values: Omit<FieldValues, 'system'> } {
  let known = placementValues.get(placement);
  if (!known) {
    const cells = new Map<string, CellKey>();
    for (const cell of placement.cells) cells.set(cellId(cell), cell);
    const list = [...cells.values()];
    const values = {
      chapter: unique(list.map((cell) => cell.chapter)),
      column: unique(list.flatMap((cell) => (cell.column === null ? [] : [cell.column]))),
      layer: unique(list.map((cell) => cell.layer)),
      theme: unique(placement.themes),
      status: [placement.status],
      party: unique(placement.parties),
    };
    placementValues.set(placement, (known = { cells: list, values }));
  }
  return known;
}

/** Worked out once per placement, which nothing changes (see `placeAgreement`); keyed weakly. */
const placementValues = new WeakMap<Placement, { cells: CellKey[]; values: Omit<FieldValues, 'system'> }>();

/** The filter's values per facet field, normalised (aliases resolved); empty means no filter. */
function wantedValues(filter: AgreementSearchFilter, frameworks: readonly Framework[]): FieldValues {
  const common = normaliseFilter(filter);
  const list = (values?: string[]) => unique((values ?? []).map(normaliseValue).filter((v) => v.length > 0));
  const resolved = (values: string[] | undefined, resolve: (framework: Framework, value: string) => string | undefined) =>
    unique(list(values).map((value) => frameworks.map((f) => resolve(f, value)).find((key) => key !== undefined) ?? value));
  return {
    system: list(filter.systems),
    chapter: resolved(filter.chapters, (f, v) => resolveChapter(f, v)?.key),
    column: resolved(filter.columns, (f, v) => resolveColumn(f, v)?.column.key),
    layer: resolved(filter.layers, (f, v) => resolveLayer(f, v)?.key),
    theme: common.themes,
    status: common.statuses,
    party: common.parties,
  };
}

function passes(wanted: readonly string[], values: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  for (const value of values) if (wanted.includes(value)) return true;
  return false;
}

function countValues(counts: Map<string, number>, values: readonly string[]): void {
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
}

function facetValues(counts: Map<string, number>): FacetValue[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
