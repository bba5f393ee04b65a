/**
 * Contract §11 spelled out the simple way, for tests: from each system's matrix (its own cells and
 * unplaced list) and each page's owners and contacts as the test knows them. Independent of
 * server/domain/parties.ts; what it shares with the code under test is the matrix (tested on its own).
 */
import { compareText, matrixFor, type AgreementFilter, type Catalog } from '../../server/domain';

export interface ReferenceParty {
  key: string;
  name: string | null;
  declared: boolean;
  systems: string[];
  count: number;
  cells: Array<{ count: number; systems: number }>;
  /** `[name, page ids]`. */
  contacts: Array<[string, number[]]>;
}

/**
 * The parties of `system`, or of every system of `framework` in the catalog; `peopleOf` gives a
 * page's owners then contacts as written. Pages are ordered by title, then path.
 */
export function referenceParties(
  catalog: Catalog,
  query: { system?: string; framework?: string; filter?: AgreementFilter },
  peopleOf: (pageId: number) => string[],
  today: string,
): ReferenceParty[] {
  const framework = query.framework ?? 'werkende-afspraken';
  const keys = query.system !== undefined ? [query.system] : [...catalog.systems.values()].filter((e) => e.framework.key === framework).map((e) => e.info.key);
  type Gathered = { pages: Map<number, { title: string; path: string }>; systems: Set<string>; cellPages: Array<Set<number>>; cellSystems: Array<Set<string>> };
  const parties = new Map<string, Gathered>();
  let cellCount = 0;
  const party = (key: string): Gathered => {
    let found = parties.get(key);
    if (!found) {
      found = { pages: new Map(), systems: new Set(), cellPages: Array.from({ length: cellCount }, () => new Set<number>()), cellSystems: Array.from({ length: cellCount }, () => new Set<string>()) };
      parties.set(key, found);
    }
    return found;
  };
  const declaring: Array<{ title: string; key: string; parties: Array<{ key: string; name?: string }> }> = [];
  for (const key of keys) {
    const matrix = matrixFor(catalog, key, { ...query.filter, includeRetired: false }, today);
    if (!matrix) continue;
    cellCount = matrix.cells.length;
    if (matrix.system.declared && matrix.system.declaration) declaring.push({ title: matrix.system.title, key, parties: matrix.system.declaration.parties });
    for (const ref of [...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced]) {
      for (const p of ref.parties) {
        party(p).pages.set(ref.pageId, { title: ref.title, path: ref.path });
        party(p).systems.add(key);
      }
    }
    matrix.cells.forEach((cell, i) => {
      for (const ref of cell.agreements) {
        for (const p of ref.parties) {
          party(p).cellPages[i].add(ref.pageId);
          party(p).cellSystems[i].add(key);
        }
      }
    });
  }
  declaring.sort((a, b) => compareText(a.title, b.title) || (a.key < b.key ? -1 : 1));
  const names = new Map<string, string | null>();
  for (const system of declaring) for (const p of system.parties) if (!names.has(p.key)) names.set(p.key, p.name ?? null);
  for (const key of names.keys()) party(key);
  const fold = (v: string) => v.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
  return [...parties]
    .map(([key, p]): ReferenceParty => {
      const ordered = [...p.pages].sort((a, b) => compareText(a[1].title, b[1].title) || compareText(a[1].path, b[1].path) || a[0] - b[0]);
      const contacts = new Map<string, [string, number[]]>();
      for (const [pageId] of ordered) {
        for (const value of peopleOf(pageId)) {
          if (fold(value) === '') continue;
          const found = contacts.get(fold(value)) ?? [value.trim(), []];
          contacts.set(fold(value), found);
          if (!found[1].includes(pageId)) found[1].push(pageId);
        }
      }
      return {
        key,
        name: names.get(key) ?? null,
        declared: names.has(key),
        systems: [...p.systems].sort(),
        count: p.pages.size,
        cells: Array.from({ length: cellCount }, (_, i) => ({ count: p.cellPages[i]?.size ?? 0, systems: p.cellSystems[i]?.size ?? 0 })),
        contacts: [...contacts.values()].sort((a, b) => b[1].length - a[1].length || compareText(a[0], b[0]) || (a[0] < b[0] ? -1 : 1)),
      };
    })
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
