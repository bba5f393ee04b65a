/**
 * The overview of all systems of one framework (contract §8.1): per system, every cell's state and
 * count exactly as its matrix gives them, with coverage and per-cell totals across systems.
 */
import type { AgreementFilter, CellKey, CellState, Framework, SystemInfo } from './types';
import { frameworkCells } from './framework';
import { compareText } from './normalize';
import { matrixStatesFor } from './matrix';
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
  /** By coverage (high first), then title, then key. */
  systems: OverviewRow[];
  /** Per cell, in the order of `cells`: how many systems have it in each state. */
  totals: OverviewTotal[];
}

/** The overview of the systems of `framework` in a reader's catalog; undefined when no such framework. */
export function buildOverview(catalog: Catalog, framework: string, filter?: AgreementFilter): Overview | undefined {
  const chosen = catalog.frameworks.get(framework);
  if (!chosen) return undefined;
  const cells = frameworkCells(chosen);
  const systems: OverviewRow[] = [];
  for (const entry of catalog.systems.values()) {
    if (entry.framework.key !== chosen.key) continue;
    const states = matrixStatesFor(catalog, entry.info.key, filter);
    if (!states) continue;
    const row: OverviewRow = { system: entry.info, coverage: 0, present: 0, cells: states };
    for (const cell of states) {
      if (cell.state !== 'EMPTY') row.coverage++;
      if (cell.state === 'PRESENT') row.present++;
    }
    systems.push(row);
  }
  systems.sort(
    (a, b) => b.coverage - a.coverage || compareText(a.system.title, b.system.title) || compareText(a.system.key, b.system.key),
  );
  const totals = cells.map((_, index): OverviewTotal => {
    const total = { present: 0, inProgress: 0, empty: 0 };
    for (const row of systems) {
      const state = row.cells[index].state;
      if (state === 'PRESENT') total.present++;
      else if (state === 'IN_PROGRESS') total.inProgress++;
      else total.empty++;
    }
    return total;
  });
  return { framework: chosen, cells, systems, totals };
}
