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
import { orderThemes, placeAgreement, type Catalog, type Placement } from './catalog';

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
  const own = new Map<string, PlacedAgreement[]>();
  const tally = new CellTally();
  for (const agreement of placed) {
    tally.add(agreement.placement, agreement.retired);
    for (const id of cellIdsOfPlacement(agreement.placement)) {
      const list = own.get(id);
      if (list) list.push(agreement);
      else own.set(id, [agreement]);
    }
  }
  const ids = cellIdsOf(framework);
  return tally.states(framework).map((cell, index) => ({ ...cell, placed: own.get(ids[index].id) ?? [] }));
}

/**
 * Per cell id, the agreements placed there that are not retired: how many, and whether one is
 * settled; and from that every cell's state (a chapter-wide cell's agreements count in each of
 * the chapter's cells) and count, in `frameworkCells` order.
 */
class CellTally {
  private readonly active = new Map<string, { count: number; settled: boolean }>();

  add(placement: Placement, retired: boolean): void {
    if (retired) return;
    const settled = statusDefinition(placement.status).settled;
    for (const id of cellIdsOfPlacement(placement)) {
      const cell = this.active.get(id);
      if (cell) {
        cell.count++;
        cell.settled ||= settled;
      } else this.active.set(id, { count: 1, settled });
    }
  }

  states(framework: Framework): Array<{ state: CellState; count: number; coveredByChapter: boolean }> {
    const states: Array<{ state: CellState; count: number; coveredByChapter: boolean }> = [];
    this.visit(framework, (state, count, coveredByChapter) => states.push({ state, count, coveredByChapter }));
    return states;
  }

  /** States and counts as two lists: no object per cell. */
  compact(framework: Framework): MatrixStates {
    const result: MatrixStates = { states: [], counts: [] };
    this.visit(framework, (state, count) => {
      result.states.push(state);
      result.counts.push(count);
    });
    return result;
  }

  private visit(framework: Framework, cell: (state: CellState, count: number, coveredByChapter: boolean) => void): void {
    const none = { count: 0, settled: false };
    for (const { id, chapterWideId } of cellIdsOf(framework)) {
      const mine = this.active.get(id) ?? none;
      const chapterWide = (chapterWideId === undefined ? undefined : this.active.get(chapterWideId)) ?? none;
      const state: CellState = mine.count + chapterWide.count === 0 ? 'EMPTY' : mine.settled || chapterWide.settled ? 'PRESENT' : 'IN_PROGRESS';
      cell(state, mine.count, chapterWide.count > 0);
    }
  }
}

/** Every cell's state and count of a matrix, in `frameworkCells` order, as two lists of the same length. */
export interface MatrixStates {
  states: CellState[];
  counts: number[];
}

/** The ids of a placement's cells, worked out once per placement (placements are never changed). */
function cellIdsOfPlacement(placement: Placement): string[] {
  let ids = placementCellIds.get(placement);
  if (!ids) placementCellIds.set(placement, (ids = placement.cells.map(cellId)));
  return ids;
}

const placementCellIds = new WeakMap<Placement, string[]>();

/** A framework's cells' ids in `frameworkCells` order, with their chapter-wide cell's (none for one itself). */
function cellIdsOf(framework: Framework): Array<{ id: string; chapterWideId?: string }> {
  let ids = frameworkCellIds.get(framework);
  if (!ids) {
    ids = frameworkCells(framework).map((cell) => ({
      id: cellId(cell),
      chapterWideId: cell.column === null ? undefined : cellId({ chapter: cell.chapter, column: null, layer: cell.layer }),
    }));
    frameworkCellIds.set(framework, ids);
  }
  return ids;
}

/** Worked out once per framework object (frameworks are never changed; see `placeAgreement`). */
const frameworkCellIds = new WeakMap<Framework, Array<{ id: string; chapterWideId?: string }>>();

/**
 * Every cell's state and count of a system's matrix in a reader's catalog, in `frameworkCells`
 * order, without the agreement lists or an object per cell (the overview needs no more, and
 * builds cells only for the rows it returns); undefined like `matrixFor`.
 */
export function matrixStatesFor(catalog: Catalog, key: string, filter?: AgreementFilter): MatrixStates | undefined {
  const entry = catalog.systems.get(normaliseValue(key));
  if (!entry) return undefined;
  // As `placeAgreements` keeps them, counted at once: no lists, no issues.
  const normalised = normaliseFilter(filter);
  const tally = new CellTally();
  for (const page of entry.agreements) {
    const placement = placeAgreement(page, entry.info.key, entry.framework, entry.declaration);
    if (!passesFilter(normalised, placement)) continue;
    const retired = placement.status === 'vervallen';
    if (!retired || normalised.includeRetired) tally.add(placement, retired);
  }
  return tally.compact(entry.framework);
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
