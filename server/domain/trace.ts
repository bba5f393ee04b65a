/**
 * From norm to working agreement to technique (contract §8.4): the `volgt-uit` and `gebruikt`
 * links of a system's agreements, and the gaps in that chain. Built on the system's matrix, so
 * which agreements count (non-retired, seen by the reader) and their layers are the matrix's.
 */
import type { AgreementRef, Matrix, PageFacts, PageLinkField, SystemInfo } from './types';
import { compareText } from './normalize';
import { statusOf } from './catalog';
import { linkTargets, pageKey } from './links';

export type TraceKind = 'DERIVES_FROM' | 'USES';

export interface TraceLink {
  from: AgreementRef;
  to: AgreementRef;
  kind: TraceKind;
}

export interface Trace {
  system: SystemInfo;
  links: TraceLink[];
  workingAgreementsWithoutNorm: AgreementRef[];
  normsWithoutWorkingAgreement: AgreementRef[];
  techniquesUnused: AgreementRef[];
}

const KINDS: ReadonlyArray<[TraceKind, PageLinkField]> = [
  ['DERIVES_FROM', 'derivesFrom'],
  ['USES', 'uses'],
];

/** The layers of the default framework the gap lists look at. */
const NORMS = 'normen';
const WORKING_AGREEMENTS = 'werkafspraken';
const TECHNIQUES = 'techniek';

function byTitle(a: AgreementRef, b: AgreementRef): number {
  return compareText(a.title, b.title) || compareText(a.path, b.path) || a.pageId - b.pageId;
}

/** A linked page outside the matrix (another system's, a retired one, any page) as a reference. */
export function linkedPageRef(page: PageFacts): AgreementRef {
  return {
    pageId: page.pageId,
    path: page.path,
    locale: page.locale,
    title: page.title,
    status: statusOf(page).status,
    theme: null,
    themes: [],
    parties: [],
    overdue: false,
  };
}

/**
 * The trace of a system. `matrix` is its unfiltered matrix for the reader, `pages` the facts of its
 * agreements, `outside` the pages outside the matrix that links name and the reader may see, by
 * `pageKey`. A link to any other page is left out.
 */
export function buildTrace(matrix: Matrix, pages: readonly PageFacts[], outside: ReadonlyMap<string, AgreementRef>): Trace {
  const inLayer = new Map<string, Set<number>>();
  const agreements = new Map<number, AgreementRef>();
  for (const cell of matrix.cells) {
    for (const ref of cell.agreements) {
      agreements.set(ref.pageId, ref);
      const ids = inLayer.get(cell.layer) ?? new Set<number>();
      ids.add(ref.pageId);
      inLayer.set(cell.layer, ids);
    }
  }
  for (const ref of matrix.unplaced) agreements.set(ref.pageId, ref);
  const byKey = new Map([...agreements.values()].map((r) => [pageKey(r.locale, r.path), r]));
  const factsById = new Map(pages.map((p) => [p.pageId, p]));

  const links: TraceLink[] = [];
  for (const from of [...agreements.values()].sort(byTitle)) {
    const facts = factsById.get(from.pageId);
    if (!facts) continue;
    for (const [kind, field] of KINDS) {
      const targets = linkTargets(facts, field)
        .map((key) => byKey.get(key) ?? outside.get(key))
        .filter((to): to is AgreementRef => to !== undefined && to.pageId !== from.pageId);
      const distinct = [...new Map(targets.map((to) => [to.pageId, to])).values()].sort(byTitle);
      for (const to of distinct) links.push({ from, to, kind });
    }
  }

  const deriving = new Set(links.filter((l) => l.kind === 'DERIVES_FROM').map((l) => l.from.pageId));
  const derivedFrom = new Set(links.filter((l) => l.kind === 'DERIVES_FROM').map((l) => l.to.pageId));
  const used = new Set(links.filter((l) => l.kind === 'USES').map((l) => l.to.pageId));
  const layer = (key: string, keep: (pageId: number) => boolean) =>
    [...(inLayer.get(key) ?? [])]
      .filter(keep)
      .map((id) => agreements.get(id) as AgreementRef)
      .sort(byTitle);
  return {
    system: matrix.system,
    links,
    workingAgreementsWithoutNorm: layer(WORKING_AGREEMENTS, (id) => !deriving.has(id)),
    normsWithoutWorkingAgreement: layer(NORMS, (id) => !derivedFrom.has(id)),
    techniquesUnused: layer(TECHNIQUES, (id) => !used.has(id)),
  };
}
