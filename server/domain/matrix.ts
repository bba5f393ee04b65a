/** The matrix of one system (contract §4-5): every cell in framework order, with counts and states. */
import type {
  AgreementFilter,
  AgreementRef,
  CellState,
  Framework,
  Issue,
  Matrix,
  MatrixCell,
  PageFacts,
  SystemDeclaration,
  SystemInfo,
} from './types';
import { cellId, frameworkCells, resolveStatus, statusDefinition } from './framework';
import { compareText, normaliseValue, unique } from './normalize';
import { isSharedAgreementList, orderThemes, placeAgreement, type Catalog, type Placement, type SystemEntry } from './catalog';

export interface MatrixInput {
  system: SystemInfo;
  framework: Framework;
  declaration?: SystemDeclaration;
  /** The system's agreement pages the reader may see. */
  pages: readonly PageFacts[];
  filter?: AgreementFilter;
  /** Reference date (YYYY-MM-DD) for overdue reviews; defaults to today. */
  today?: string;
}

/** An agreement page the filter keeps, with its placement in the system. */
interface PlacedAgreement {
  page: PageFacts;
  placement: Placement;
  retired: boolean;
}

/** A cell's state and count as the matrix gives them, and the agreements placed in it. */
interface CellSummary {
  state: CellState;
  count: number;
  coveredByChapter: boolean;
  placed: PlacedAgreement[];
}

/** A filter with its values normalised (status aliases resolved), empty lists meaning "no filter". */
export function normaliseFilter(filter: AgreementFilter = {}): Required<AgreementFilter> {
  const list = (values?: string[]) => unique((values ?? []).map(normaliseValue).filter((v) => v.length > 0));
  return {
    themes: list(filter.themes),
    statuses: list(filter.statuses).map((s) => (s === 'onbekend' || s === 'unknown' ? 'onbekend' : resolveStatus(s) ?? s)),
    parties: list(filter.parties),
    includeRetired: filter.includeRetired === true,
  };
}

/** Whether an agreement passes a normalised filter (themes, statuses, parties; retired pages are the caller's). */
export function passesFilter(filter: Required<AgreementFilter>, ref: Pick<AgreementRef, 'themes' | 'status' | 'parties'>): boolean {
  if (filter.themes.length && !ref.themes.some((t) => filter.themes.includes(t))) return false;
  if (filter.statuses.length && !filter.statuses.includes(ref.status)) return false;
  if (filter.parties.length && !ref.parties.some((p) => filter.parties.includes(p))) return false;
  return true;
}

export function isoDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1] : undefined;
}

/** What orders a list of agreements. */
export type RefOrder = Pick<AgreementRef, 'title' | 'path' | 'pageId'>;

/** Lists of agreements: by title, then path, then page id. */
export function compareRefs(a: RefOrder, b: RefOrder): number {
  return compareText(a.title, b.title) || compareText(a.path, b.path) || a.pageId - b.pageId;
}


/** An agreement page as lists show it, with its placement in one system; `today` decides `overdue`. */
export function agreementRefOf(page: PageFacts, placement: Placement, today: string): AgreementRef {
  const reviewBy = page.agreement?.reviewBy;
  const reviewDate = isoDate(reviewBy);
  return {
    pageId: page.pageId,
    path: page.path,
    locale: page.locale,
    title: page.title,
    status: placement.status,
    theme: placement.themes[0] ?? null,
    themes: placement.themes,
    parties: placement.parties,
    owner: page.agreement?.owner,
    reviewBy,
    overdue: reviewDate !== undefined && reviewDate < today && placement.status !== 'vervallen',
  };
}

export function buildMatrix(input: MatrixInput): Matrix {
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const declaredThemes = input.declaration?.themes.map((t) => t.key) ?? [];
  const { placed, issues } = placeAgreements(input);
  const refs = new Map(placed.map((agreement) => [agreement, agreementRefOf(agreement.page, agreement.placement, today)]));
  const refOf = (agreement: PlacedAgreement) => refs.get(agreement) as AgreementRef;
  const summaries = summariseCells(input.framework, placed);
  const cells: MatrixCell[] = frameworkCells(input.framework).map((cell, index) => {
    const { state, count, coveredByChapter, placed: mine } = summaries[index];
    return { ...cell, state, count, agreements: mine.map(refOf).sort(compareRefs), coveredByChapter };
  });
  const unplaced = placed.filter((a) => a.placement.cells.length === 0).map(refOf);
  const seenThemes = placed.filter((a) => !a.retired).flatMap((a) => a.placement.themes);
  return {
    system: input.system,
    framework: input.framework,
    cells,
    unplaced: unplaced.sort(compareRefs),
    issues,
    themes: orderThemes([...declaredThemes, ...seenThemes], declaredThemes),
  };
}

/** The system's agreements the filter keeps, placed, with the issues of all its agreements. */
function placeAgreements(input: Omit<MatrixInput, 'today'>): { placed: PlacedAgreement[]; issues: Issue[] } {
  const filter = normaliseFilter(input.filter);
  const issues: Issue[] = [];
  const placed: PlacedAgreement[] = [];
  for (const page of input.pages) {
    const placement = placeAgreement(page, input.system.key, input.framework, input.declaration);
    if (page.issues.length > 0) issues.push(...page.issues);
    if (placement.issues.length > 0) issues.push(...placement.issues);
    if (!passesFilter(filter, placement)) continue;
    const retired = placement.status === 'vervallen';
    if (retired && !filter.includeRetired) continue;
    placed.push({ page, placement, retired });
  }
  return { placed, issues };
}

/** Per cell of the framework, in `frameworkCells` order: state (chapter-wide agreements count), count and agreements. */
function summariseCells(framework: Framework, placed: readonly PlacedAgreement[]): CellSummary[] {
  const own: PlacedAgreement[][] = cellLayoutOf(framework).chapterWide.map(() => []);
  const tally = new CellTally(framework);
  for (const agreement of placed) {
    tally.add(agreement.placement, agreement.retired);
    for (const index of cellIndexesOf(agreement.placement, framework)) own[index].push(agreement);
  }
  return tally.states().map((cell, index) => ({ ...cell, placed: own[index] }));
}

/**
 * Per cell, the agreements placed there that are not retired: how many, and whether one is
 * settled; and from that every cell's state (a chapter-wide cell's agreements count in each of
 * the chapter's cells) and count, in `frameworkCells` order. Cells by their index: no key per cell.
 */
class CellTally {
  private readonly layout: CellLayout;
  private readonly counts: number[];
  private readonly settled: boolean[];

  constructor(private readonly framework: Framework) {
    this.layout = cellLayoutOf(framework);
    this.counts = this.layout.chapterWide.map(() => 0);
    this.settled = this.layout.chapterWide.map(() => false);
  }

  add(placement: Placement, retired: boolean): void {
    if (retired) return;
    const settled = statusDefinition(placement.status).settled;
    for (const index of cellIndexesOf(placement, this.framework)) {
      this.counts[index]++;
      if (settled) this.settled[index] = true;
    }
  }

  states(): Array<{ state: CellState; count: number; coveredByChapter: boolean }> {
    const states: Array<{ state: CellState; count: number; coveredByChapter: boolean }> = [];
    this.visit((state, count, coveredByChapter) => states.push({ state, count, coveredByChapter }));
    return states;
  }

  /** States and counts as two lists: no object per cell. */
  compact(): MatrixStates {
    const result: MatrixStates = { states: [], counts: [] };
    this.visit((state, count) => {
      result.states.push(state);
      result.counts.push(count);
    });
    return result;
  }

  private visit(cell: (state: CellState, count: number, coveredByChapter: boolean) => void): void {
    const { counts, settled } = this;
    this.layout.chapterWide.forEach((wide, index) => {
      const chapterWide = wide === -1 ? 0 : counts[wide];
      const state: CellState = counts[index] + chapterWide === 0 ? 'EMPTY' : settled[index] || (wide !== -1 && settled[wide]) ? 'PRESENT' : 'IN_PROGRESS';
      cell(state, counts[index], chapterWide > 0);
    });
  }
}

/** Every cell's state and count of a matrix, in `frameworkCells` order, as two lists of the same length. */
export interface MatrixStates {
  states: CellState[];
  counts: number[];
}

/** A framework's cells in `frameworkCells` order: each one's index by id, and its chapter-wide cell's index (-1 for one itself). */
interface CellLayout {
  index: Map<string, number>;
  chapterWide: number[];
}

/** Worked out once per framework object (frameworks are never changed; see `placeAgreement`). */
function cellLayoutOf(framework: Framework): CellLayout {
  let layout = cellLayouts.get(framework);
  if (!layout) {
    const cells = frameworkCells(framework);
    const index = new Map(cells.map((cell, i) => [cellId(cell), i]));
    const chapterWide = cells.map((cell) => (cell.column === null ? -1 : index.get(cellId({ chapter: cell.chapter, column: null, layer: cell.layer })) ?? -1));
    cellLayouts.set(framework, (layout = { index, chapterWide }));
  }
  return layout;
}

const cellLayouts = new WeakMap<Framework, CellLayout>();

/**
 * The indexes (in `frameworkCells` order, each once) of a placement's cells in the framework it
 * was placed in, worked out once per placement (placements are never changed).
 */
export function cellIndexesOf(placement: Placement, framework: Framework): number[] {
  let found = placementIndexes.get(placement);
  if (!found || found.framework !== framework) {
    const { index } = cellLayoutOf(framework);
    const indexes: number[] = [];
    for (const cell of placement.cells) {
      const at = index.get(cellId(cell));
      if (at !== undefined && !indexes.includes(at)) indexes.push(at);
    }
    placementIndexes.set(placement, (found = { framework, indexes }));
  }
  return found.indexes;
}

const placementIndexes = new WeakMap<Placement, { framework: Framework; indexes: number[] }>();

/**
 * Every cell's state and count of a system's matrix in a reader's catalog, in `frameworkCells`
 * order, without the agreement lists or an object per cell (the overview needs no more, and
 * builds cells only for the rows it returns); undefined like `matrixFor`.
 */
export function matrixStatesFor(catalog: Catalog, key: string, filter?: AgreementFilter): MatrixStates | undefined {
  const entry = catalog.systems.get(normaliseValue(key));
  if (!entry) return undefined;
  const normalised = normaliseFilter(filter);
  if (!isSharedAgreementList(entry.agreements)) return statesOf(entry, normalised);
  // A complete list of an index generation (see `CatalogIndex`): its states depend on nothing
  // else but the system's framework and declaration and the filter, so they are worked out once.
  let known = sharedStates.get(entry.agreements);
  if (!known) sharedStates.set(entry.agreements, (known = []));
  const filterKey = JSON.stringify(normalised);
  const found = known.find((k) => k.framework === entry.framework && k.declaration === entry.declaration && k.filter === filterKey);
  if (found) return found.states;
  const states = statesOf(entry, normalised);
  // Bounded: filters a reader makes up cannot grow what a list keeps.
  if (known.length < MAX_SHARED_VARIANTS) known.push({ framework: entry.framework, declaration: entry.declaration, filter: filterKey, states });
  return states;
}

/**
 * States worked out on the shared agreement lists of `CatalogIndex`, read-only, by the list (of
 * one system); kept as long as the list, that is, the index's generation, for at most
 * `MAX_SHARED_VARIANTS` filters per list.
 */
export const MAX_SHARED_VARIANTS = 16;
const sharedStates = new WeakMap<readonly PageFacts[], Array<{ framework: Framework; declaration?: SystemDeclaration; filter: string; states: MatrixStates }>>();

function statesOf(entry: SystemEntry, normalised: Required<AgreementFilter>): MatrixStates {
  // As `placeAgreements` keeps them, counted at once: no lists, no issues.
  const tally = new CellTally(entry.framework);
  for (const page of entry.agreements) {
    const placement = placeAgreement(page, entry.info.key, entry.framework, entry.declaration);
    if (!passesFilter(normalised, placement)) continue;
    const retired = placement.status === 'vervallen';
    if (!retired || normalised.includeRetired) tally.add(placement, retired);
  }
  return tally.compact();
}

/** The matrix of a system in a reader's catalog, or undefined when the reader sees no such system. */
export function matrixFor(catalog: Catalog, key: string, filter?: AgreementFilter, today?: string): Matrix | undefined {
  const entry = catalog.systems.get(normaliseValue(key));
  if (!entry) return undefined;
  return buildMatrix({
    system: entry.info,
    framework: entry.framework,
    declaration: entry.declaration,
    pages: entry.agreements,
    filter,
    today,
  });
}
