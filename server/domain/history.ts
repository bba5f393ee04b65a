/**
 * History of the index (contract §9): what is recorded of an agreement page, how a page's facts
 * of a past moment are rebuilt from it, and the net difference between two states of a system.
 * Pure: the store keeps the records, the service applies the reader's rules.
 */
import type { AgreementDeclaration, AgreementRef, Matrix, PageFacts } from './types';
import { systemsOf } from './catalog';
import { cellId } from './framework';
import { compareText } from './normalize';
import { readTags } from './tags';

/**
 * What history keeps of an agreement page: the contract's facts (path, locale, title, tags,
 * published and its publishing window, and the block fields that give systems, cells, status,
 * themes, parties, owner and review date). Everything else of PageFacts (lines, sources, embeds, later block fields) is left
 * out, so a change only there records nothing.
 */
export interface HistoryFacts {
  path: string;
  locale: string;
  title: string;
  isPublished: boolean;
  /** The publishing window (absent when empty): §9.2 judges it at the moment asked about. */
  publishStartDate?: string;
  publishEndDate?: string;
  tags: string[];
  agreement?: HistoryAgreementFields;
}

export type HistoryAgreementFields = Pick<
  AgreementDeclaration,
  'systems' | 'columns' | 'chapters' | 'layers' | 'themes' | 'status' | 'parties' | 'owner' | 'reviewBy'
>;

/** The recorded facts of a page, or undefined when it is not an agreement page (in no system). */
export function historyFactsOf(facts: PageFacts): HistoryFacts | undefined {
  if (systemsOf(facts).length === 0) return undefined;
  const projection: HistoryFacts = {
    path: facts.path,
    locale: facts.locale,
    title: facts.title,
    isPublished: facts.isPublished,
    // Only when set: the record of a page without a window is the same text as before windows were kept.
    ...(facts.publishStartDate ? { publishStartDate: facts.publishStartDate } : {}),
    ...(facts.publishEndDate ? { publishEndDate: facts.publishEndDate } : {}),
    // Sorted (as the index reads them), so the order a writer happened to use is no change.
    tags: [...facts.tags].sort(),
  };
  const block = facts.agreement;
  if (block) {
    // Fixed key order and no undefined members: the JSON text is the record's identity.
    const fields: HistoryAgreementFields = {
      systems: block.systems,
      columns: block.columns,
      chapters: block.chapters,
      layers: block.layers,
      themes: block.themes,
      parties: block.parties,
    };
    if (block.status !== undefined) fields.status = block.status;
    if (block.owner !== undefined) fields.owner = block.owner;
    if (block.reviewBy !== undefined) fields.reviewBy = block.reviewBy;
    projection.agreement = fields;
  }
  return projection;
}

/** A page's facts as they stood, rebuilt from its record, for the domain's catalog and matrix. */
export function pageFactsFromHistory(pageId: number, recorded: HistoryFacts, at: string): PageFacts {
  const facts: PageFacts = {
    pageId,
    path: recorded.path,
    locale: recorded.locale,
    title: recorded.title,
    isPublished: recorded.isPublished,
    ...(recorded.publishStartDate ? { publishStartDate: recorded.publishStartDate } : {}),
    ...(recorded.publishEndDate ? { publishEndDate: recorded.publishEndDate } : {}),
    tags: recorded.tags,
    updatedAt: at,
    tagValues: readTags(recorded.tags),
    systemDeclarations: [],
    frameworks: [],
    embeds: [],
    issues: [],
  };
  // History keeps no sources, page links or contacts: the past is asked about its placement, status and upkeep.
  if (recorded.agreement) facts.agreement = { ...recorded.agreement, sources: [], owners: [], contacts: [], basedOn: [], derivesFrom: [], uses: [], line: 0 };
  return facts;
}

const END_OF_DAY = 'T23:59:59.999Z';

/**
 * A moment as the API accepts it (contract §9.2): an ISO date (the end of that day, UTC) or an
 * ISO date-time; undefined when it is neither. The result is a full ISO timestamp (UTC).
 */
export function parseMoment(value: string): string | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const end = `${text}${END_OF_DAY}`;
    const parsed = new Date(end);
    return Number.isNaN(parsed.getTime()) || parsed.toISOString() !== end ? undefined : end;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return undefined;
  const parsed = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/** A timestamp the host stored (ISO text, or a Date from some drivers) as ISO UTC; undefined when unreadable. */
export function isoTimestamp(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

export type ChangeKind = 'ADDED' | 'REMOVED' | 'MOVED' | 'STATUS' | 'RENAMED';

export interface AgreementChange {
  agreement: AgreementRef;
  kind: ChangeKind;
  /** The time of the page's last recorded change in the window. */
  at: string;
  from: string | null;
  to: string | null;
  /** The page no longer exists (a REMOVED agreement that was deleted); set by the service, which knows. */
  deleted?: boolean;
}

/** An agreement page in one state of a system: its reference and cells in matrix order. */
export interface AgreementState {
  ref: AgreementRef;
  /** `chapter/column/layer`, `*` for a chapter-wide column, in matrix order. */
  cells: string[];
}

/** Every agreement of a matrix (retired ones too, when the matrix was built with them), by page. */
export function agreementStates(matrix: Matrix): Map<number, AgreementState> {
  const states = new Map<number, AgreementState>();
  for (const cell of matrix.cells) {
    for (const ref of cell.agreements) {
      const state = states.get(ref.pageId);
      if (state) state.cells.push(cellId(cell));
      else states.set(ref.pageId, { ref, cells: [cellId(cell)] });
    }
  }
  for (const ref of matrix.unplaced) states.set(ref.pageId, { ref, cells: [] });
  return states;
}

/**
 * The net difference between two states of a system (contract §9.3). `changedAt` gives each
 * page's last recorded change in the window; pages missing from it did not change.
 */
export function changesBetween(
  before: ReadonlyMap<number, AgreementState>,
  after: ReadonlyMap<number, AgreementState>,
  changedAt: ReadonlyMap<number, string>,
): AgreementChange[] {
  const changes: AgreementChange[] = [];
  for (const [pageId, now] of after) {
    const at = changedAt.get(pageId);
    if (at === undefined) continue;
    const then = before.get(pageId);
    if (!then) {
      changes.push({ agreement: now.ref, kind: 'ADDED', at, from: null, to: null });
      continue;
    }
    const [cellsThen, cellsNow] = [then.cells.join(', '), now.cells.join(', ')];
    if (cellsThen !== cellsNow) changes.push({ agreement: now.ref, kind: 'MOVED', at, from: cellsThen, to: cellsNow });
    if (then.ref.status !== now.ref.status) changes.push({ agreement: now.ref, kind: 'STATUS', at, from: then.ref.status, to: now.ref.status });
    if (then.ref.title !== now.ref.title) changes.push({ agreement: now.ref, kind: 'RENAMED', at, from: then.ref.title, to: now.ref.title });
  }
  for (const [pageId, then] of before) {
    const at = changedAt.get(pageId);
    if (at !== undefined && !after.has(pageId)) changes.push({ agreement: then.ref, kind: 'REMOVED', at, from: null, to: null });
  }
  return changes.sort((a, b) => byTimeDescending(a.at, b.at) || compareText(a.agreement.title, b.agreement.title) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function byTimeDescending(a: string, b: string): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}

const KIND_ORDER: Record<ChangeKind, number> = { ADDED: 0, REMOVED: 1, MOVED: 2, STATUS: 3, RENAMED: 4 };
