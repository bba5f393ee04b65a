/**
 * The overview of all systems of one framework (contract §8.1, paged and by region §12): per
 * system, every cell's state and count exactly as its matrix gives them, with coverage and
 * per-cell totals across every system the reader sees (of the region, when one is asked for).
 */
import type { AgreementFilter, CellKey, CellState, Framework, SystemInfo } from './types';
import { frameworkCells } from './framework';
import { compareText, normaliseValue } from './normalize';
import { matrixStatesFor, type MatrixStates } from './matrix';
import type { Catalog } from './catalog';

export interface OverviewCell {
  state: CellState;
  count: number;
}

export interface OverviewRow {
  system: SystemInfo;
  /** Cells not `EMPTY`. */
  coverage: number;
  /** Cells `PRESENT`. */
  present: number;
  /** In the order of `Overview.cells`. */
  cells: OverviewCell[];
}

export interface OverviewTotal {
  present: number;
  inProgress: number;
  empty: number;
}

export interface Overview {
  framework: Framework;
  /** The framework's cells in matrix order. */
  cells: CellKey[];
  /** The rows of this page: by coverage (high first), then title, then key. */
  systems: OverviewRow[];
  /** Per cell, in the order of `cells`: how many systems (of every page) have it in each state. */
  totals: OverviewTotal[];
  /** Every row, not only this page's. */
  total: number;
  /** The cursor after this page's last row; null when no row follows it (or there are none). */
  endCursor: string | null;
  /**
   * The regions the systems of the overview declare (before `region` keeps some of them), one
   * per normalised value, as the system first by key writes it, sorted: what an embed offers.
   */
  regions: string[];
}

/** Where a page of the overview starts: after the row with this coverage, title and key. */
export interface OverviewPosition {
  coverage: number;
  title: string;
  key: string;
}

export interface OverviewQuery {
  filter?: AgreementFilter;
  /** Rows after this position (see `decodeOverviewCursor`). */
  after?: OverviewPosition;
  /** At most this many rows; all when absent. */
  first?: number;
  /** Only systems whose system page the reader sees and declares this `regio` (normalised, §2 rule 1). */
  region?: string;
}

/** A row before its cells are made: they are made for the rows of the page only. */
interface CompactRow extends OverviewPosition {
  system: SystemInfo;
  present: number;
  states: MatrixStates;
}

/** The overview of the systems of `framework` in a reader's catalog; undefined when no such framework. */
export function buildOverview(catalog: Catalog, framework: string, query: OverviewQuery = {}): Overview | undefined {
  const chosen = catalog.frameworks.get(framework);
  if (!chosen) return undefined;
  const cells = frameworkCells(chosen);
  const region = query.region === undefined ? undefined : normaliseValue(query.region);
  const rows: CompactRow[] = [];
  const regions = new Map<string, { key: string; region: string }>();
  for (const entry of catalog.systems.values()) {
    if (entry.framework.key !== chosen.key) continue;
    // `declaration` is set only when the reader sees the system page (the catalog's rule).
    const declared = entry.info.declared ? entry.declaration?.region : undefined;
    const normalised = declared === undefined ? undefined : normaliseValue(declared);
    if (declared !== undefined && normalised) {
      const known = regions.get(normalised);
      if (!known || codePoints(entry.info.key, known.key) < 0) regions.set(normalised, { key: entry.info.key, region: declared });
    }
    if (region !== undefined && normalised !== region) continue;
    const states = matrixStatesFor(catalog, entry.info.key, query.filter);
    if (!states) continue;
    let coverage = 0;
    let present = 0;
    for (const state of states.states) {
      if (state !== 'EMPTY') coverage++;
      if (state === 'PRESENT') present++;
    }
    rows.push({ system: entry.info, coverage, present, title: entry.info.title, key: entry.info.key, states });
  }
  rows.sort(compareRows);
  const totals = cells.map((_, index): OverviewTotal => {
    const total = { present: 0, inProgress: 0, empty: 0 };
    for (const row of rows) {
      const state = row.states.states[index];
      if (state === 'PRESENT') total.present++;
      else if (state === 'IN_PROGRESS') total.inProgress++;
      else total.empty++;
    }
    return total;
  });
  const after = query.after;
  const start = after === undefined ? 0 : firstAfter(rows, after);
  const end = query.first === undefined ? rows.length : Math.min(rows.length, start + query.first);
  const page = rows.slice(start, end);
  const last = page[page.length - 1];
  return {
    framework: chosen,
    cells,
    systems: page.map(({ system, coverage, present, states }) => ({
      system,
      coverage,
      present,
      cells: states.states.map((state, index) => ({ state, count: states.counts[index] })),
    })),
    totals,
    total: rows.length,
    endCursor: last !== undefined && end < rows.length ? encodeOverviewCursor(last) : null,
    regions: [...regions.values()].map((r) => r.region).sort((a, b) => compareText(a, b) || codePoints(a, b)),
  };
}

/** Rows by coverage (high first), then title, then key; keys are unique, so this is a total order. */
function compareRows(a: OverviewPosition, b: OverviewPosition): number {
  return b.coverage - a.coverage || compareText(a.title, b.title) || compareText(a.key, b.key) || codePoints(a.key, b.key);
}

function codePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The index of the first row after `position` in sorted `rows` (binary search). */
function firstAfter(rows: readonly OverviewPosition[], position: OverviewPosition): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRows(rows[middle], position) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A cursor names a row's place in the order, not its index: rows that come or go meanwhile move no other row. */
export function encodeOverviewCursor(position: OverviewPosition): string {
  return Buffer.from(JSON.stringify([position.coverage, position.title, position.key]), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this module wrote. */
export function decodeOverviewCursor(cursor: string): OverviewPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [coverage, title, key] = value as unknown[];
    if (typeof coverage !== 'number' || !Number.isInteger(coverage) || typeof title !== 'string' || typeof key !== 'string') return undefined;
    return { coverage, title, key };
  } catch {
    return undefined;
  }
}
