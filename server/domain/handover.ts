/**
 * Handover (contract §8.3): a working system (the reference) checked item by item against a
 * neighbourhood that starts (the receiver). Built on the two systems' matrices, so placement,
 * filter, retirement and visibility are exactly the matrix's.
 */
import type { AgreementRef, CellKey, Matrix, PageFacts, SystemInfo } from './types';
import { cellId } from './framework';
import { compareText } from './normalize';
import { linkTargets, pageKey } from './links';
import { suggestedAgreementPath } from './wiki-path';

export type HandoverStatus = 'OPEN' | 'ADOPTED' | 'SHARED';

export interface HandoverItem {
  agreement: AgreementRef;
  status: HandoverStatus;
  /** The receiver's agreements based on this one. */
  answeredBy: AgreementRef[];
  /** Open items: where the receiver's answer would go (§7.1), when the reader may create it there. */
  newPath?: string;
}

export interface HandoverCell extends CellKey {
  items: HandoverItem[];
  /** The receiver's agreements here that are neither reference agreements nor based on one. */
  receiverOnly: AgreementRef[];
}

export interface Handover {
  reference: SystemInfo;
  receiver: SystemInfo;
  cells: HandoverCell[];
  /** Distinct reference pages in the cells, each counted once under its status. */
  total: number;
  open: number;
  adopted: number;
  shared: number;
  /** (adopted + shared) / total; 1 when there is nothing to hand over. */
  progress: number;
}

/** Every agreement of a matrix once, placed or not. */
function agreementsOf(matrix: Matrix): AgreementRef[] {
  const byId = new Map<number, AgreementRef>();
  for (const ref of [...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced]) byId.set(ref.pageId, ref);
  return [...byId.values()];
}

function byTitle(a: AgreementRef, b: AgreementRef): number {
  return compareText(a.title, b.title) || compareText(a.path, b.path) || a.pageId - b.pageId;
}

/**
 * The handover of `reference` to `receiver`. `receiverPages` holds the facts of the receiver's
 * agreements (at least those in its matrix), for their `gebaseerd-op` links. Cells follow the
 * reference's matrix order, then cells only the receiver's framework has.
 */
export function buildHandover(reference: Matrix, receiver: Matrix, receiverPages: readonly PageFacts[]): Handover {
  const referenceAgreements = agreementsOf(reference);
  const referenceIds = new Set(referenceAgreements.map((r) => r.pageId));
  const referenceByKey = new Map(referenceAgreements.map((r) => [pageKey(r.locale, r.path), r.pageId]));
  const receiverAgreements = agreementsOf(receiver);
  const receiverIds = new Set(receiverAgreements.map((r) => r.pageId));
  const factsById = new Map(receiverPages.map((p) => [p.pageId, p]));

  // Reference page id → the receiver's agreements based on it.
  const answers = new Map<number, AgreementRef[]>();
  const basedOnReference = new Set<number>();
  for (const ref of receiverAgreements) {
    const facts = factsById.get(ref.pageId);
    if (!facts) continue;
    for (const target of linkTargets(facts, 'basedOn')) {
      const referenceId = referenceByKey.get(target);
      if (referenceId === undefined) continue;
      basedOnReference.add(ref.pageId);
      const list = answers.get(referenceId) ?? [];
      if (!list.includes(ref)) list.push(ref);
      answers.set(referenceId, list);
    }
  }
  const statusOf = (pageId: number): HandoverStatus => (receiverIds.has(pageId) ? 'SHARED' : answers.has(pageId) ? 'ADOPTED' : 'OPEN');

  const receiverCells = new Map(receiver.cells.map((c) => [cellId(c), c]));
  const referenceCellIds = new Set(reference.cells.map(cellId));
  const keys: CellKey[] = [...reference.cells, ...receiver.cells.filter((c) => !referenceCellIds.has(cellId(c)))].map(({ chapter, column, layer }) => ({
    chapter,
    column,
    layer,
  }));
  const referenceCells = new Map(reference.cells.map((c) => [cellId(c), c]));
  const counted = new Map<number, HandoverStatus>();
  const cells: HandoverCell[] = keys.map((key) => {
    const id = cellId(key);
    const items = (referenceCells.get(id)?.agreements ?? []).map((agreement): HandoverItem => {
      const status = statusOf(agreement.pageId);
      counted.set(agreement.pageId, status);
      return { agreement, status, answeredBy: [...(answers.get(agreement.pageId) ?? [])].sort(byTitle) };
    });
    const receiverOnly = (receiverCells.get(id)?.agreements ?? []).filter((r) => !referenceIds.has(r.pageId) && !basedOnReference.has(r.pageId));
    return { ...key, items, receiverOnly };
  });

  const statuses = [...counted.values()];
  const count = (status: HandoverStatus) => statuses.filter((s) => s === status).length;
  const [open, adopted, shared] = [count('OPEN'), count('ADOPTED'), count('SHARED')];
  const total = statuses.length;
  return { reference: reference.system, receiver: receiver.system, cells, total, open, adopted, shared, progress: total === 0 ? 1 : (adopted + shared) / total };
}

/** Gives every open item the path of its answer where `mayCreate` allows it (in the receiver's locale). */
export function withNewPaths(handover: Handover, mayCreate: (path: string) => boolean): Handover {
  const cells = handover.cells.map((cell) => ({
    ...cell,
    items: cell.items.map((item) => {
      if (item.status !== 'OPEN') return item;
      const path = suggestedAgreementPath(handover.receiver, cell, item.agreement.title);
      return mayCreate(path) ? { ...item, newPath: path } : item;
    }),
  }));
  return { ...handover, cells };
}
