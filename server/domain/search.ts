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
  const words = unique(searchWords(query.text ?? ''));

  // The pages matching the words, with their systems (most pages are left out here, unless no words).
  const systemsOfPage = new Map<number, { page: PageFacts; systems: string[] }>();
  for (const [key, entry] of catalog.systems) {
    for (const page of entry.agreements) {
      if (words.length > 0 && !matchesWords(page, words)) continue;
      const found = systemsOfPage.get(page.pageId);
      if (found) found.systems.push(key);
      else systemsOfPage.set(page.pageId, { page, systems: [key] });
    }
  }

  const counts = new Map<SearchField, Map<string, number>>(SEARCH_FIELDS.map((f) => [f, new Map()]));
  const hits: SearchHit[] = [];
  for (const { page, systems } of systemsOfPage.values()) {
    const candidate = describe(catalog, page, systems.sort());
    if (!candidate || (!includeRetired && candidate.placement.status === 'vervallen')) continue;
    // A page counts for a field's facet when it passes every other field's filter.
    const failing = SEARCH_FIELDS.filter((field) => !passes(wanted[field], candidate.values[field]));
    if (failing.length > 1) continue;
    for (const field of failing.length === 1 ? failing : SEARCH_FIELDS) {
      const fieldCounts = counts.get(field) as Map<string, number>;
      for (const value of candidate.values[field]) fieldCounts.set(value, (fieldCounts.get(value) ?? 0) + 1);
    }
    // The hit's reference only for hits: most pages are only counted.
    if (failing.length === 0) hits.push({ agreement: agreementRefOf(page, candidate.placement, today), systems: candidate.systems, cells: candidate.cells });
  }

  hits.sort((a, b) => compareRefs(a.agreement, b.agreement));
  const after = query.after;
  const start = after ? firstAfter(hits, after) : 0;
  const page = hits.slice(start, start + query.first);
  const last = page[page.length - 1];
  return {
    total: hits.length,
    hits: page,
    facets: SEARCH_FIELDS.map((field) => ({ field, values: facetValues(counts.get(field) as Map<string, number>) })),
    endCursor: last && start + page.length < hits.length ? encodeSearchCursor(last.agreement) : null,
  };
}

/** Every query word is a prefix of a word of the title, the description or a tag's value. */
function matchesWords(page: PageFacts, words: readonly string[]): boolean {
  let spaced = spacedWords.get(page);
  if (spaced === undefined) {
    const texts = [page.title, page.description ?? '', ...page.tags.map((tag) => parseTag(tag)?.value ?? tag)];
    spaced = ` ${searchWords(texts.join(' ')).join(' ')}`;
    spacedWords.set(page, spaced);
  }
  return words.every((word) => spaced.includes(` ${word}`));
}

/**
 * A page's words, each after a space (" w" occurs exactly when w begins one of them), per facts
 * object: derived from the facts alone, which nothing changes, so reused across requests like
 * placements (see `placeAgreement`); keyed weakly, none outlives its facts.
 */
const spacedWords = new WeakMap<PageFacts, string>();

/** A page's placement, cells and values per facet field, over all its systems. */
function describe(catalog: Catalog, page: PageFacts, systems: string[]): Candidate | undefined {
  const values: FieldValues = { system: systems, chapter: [], column: [], layer: [], theme: [], status: [], party: [] };
  let first: Placement | undefined;
  const cells = new Map<string, CellKey>();
  for (const key of systems) {
    const entry = catalog.systems.get(key);
    if (!entry) continue;
    const placement = placeAgreement(page, key, entry.framework, entry.declaration);
    first ??= placement;
    for (const cell of placement.cells) {
      cells.set(cellId(cell), cell);
      values.chapter.push(cell.chapter);
      if (cell.column !== null) values.column.push(cell.column);
      values.layer.push(cell.layer);
    }
    values.theme.push(...placement.themes);
    values.party.push(...placement.parties);
  }
  if (!first) return undefined;
  values.status.push(first.status);
  for (const field of SEARCH_FIELDS) if (values[field].length > 1) values[field] = unique(values[field]);
  return { page, systems, placement: first, cells: [...cells.values()], values };
}

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
  return wanted.length === 0 || values.some((value) => wanted.includes(value));
}

function firstAfter(hits: readonly SearchHit[], after: RefOrder): number {
  const index = hits.findIndex((hit) => compareRefs(hit.agreement, after) > 0);
  return index === -1 ? hits.length : index;
}

function facetValues(counts: Map<string, number>): FacetValue[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
