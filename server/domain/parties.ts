/**
 * Parties and contacts (contract §11): who is at the table in which cells, of one system or of
 * every system of a framework, and whom to ask, computed on the pages of a reader's catalog.
 */
import type { AgreementFilter, AgreementRef, CellKey, Framework, PageFacts, SystemDeclaration, SystemInfo } from './types';
import { DEFAULT_FRAMEWORK_KEY, frameworkCells } from './framework';
import { compareText, normaliseValue } from './normalize';
import { MAX_SHARED_VARIANTS, agreementRefOf, cellIndexesOf, compareRefs, normaliseFilter, passesFilter } from './matrix';
import { indexOfCatalog, isSharedAgreementList, placeAgreement, type Catalog, type CatalogIndex, type Placement, type SystemEntry } from './catalog';

export interface PartyCell {
  /** Distinct agreement pages of the party placed in this cell (their own placement). */
  count: number;
  /** Systems in scope with such a page among this cell's agreements. */
  systems: number;
}

export interface PartyContact {
  /** As first written, in the order of the pages (title, then path). */
  name: string;
  /** Title order, then path. */
  agreements: AgreementRef[];
}

export interface Party {
  key: string;
  /** The name of its declaration (see `buildParties`); null when none. */
  name: string | null;
  declared: boolean;
  /** Sorted keys of the systems in scope with an agreement in scope the party is party to. */
  systems: string[];
  /** Distinct agreement pages in scope the party is party to. */
  count: number;
  /** One per framework cell, in matrix order. */
  cells: PartyCell[];
  /** By number of pages (high first), then name. */
  contacts: PartyContact[];
}

export interface Parties {
  framework: Framework;
  /** The system asked for; absent across systems. */
  system?: SystemInfo;
  /** The framework's cells in matrix order. */
  cells: CellKey[];
  /** By count (high first), then key. */
  parties: Party[];
}

export interface PartiesQuery {
  /** One system; absent: every system of `framework` the reader sees. */
  system?: string;
  /** Without `system`: the framework (default `werkende-afspraken`); with it the system's is used. */
  framework?: string;
  filter?: AgreementFilter;
}

/** What is gathered per party while the pages are walked. */
interface Tally {
  /** Distinct agreement pages in scope. */
  count: number;
  systems: Set<string>;
  cellCounts: number[];
  cellSystems: number[];
  /** Per cell, the last system (by index) counted in `cellSystems`: systems are walked one by one. */
  lastSystem: number[];
}

/**
 * The parties of one system, or of every system of a framework, in a reader's catalog; undefined
 * when the system is not in the catalog (the reader sees no page of it) or there is no such
 * framework. `today` decides `overdue` on the agreements of the contacts.
 */
export function buildParties(catalog: Catalog, query: PartiesQuery, today: string): Parties | undefined {
  const asked = askedSystems(catalog, query);
  if (!asked) return undefined;
  const { entries, framework } = asked;
  const cells = frameworkCells(framework);
  const filter = normaliseFilter(query.filter);
  const tallies = new Map<string, Tally>();
  const tallyOf = (party: string): Tally => {
    let tally = tallies.get(party);
    if (!tally) {
      tally = { count: 0, systems: new Set(), cellCounts: cells.map(() => 0), cellSystems: cells.map(() => 0), lastSystem: cells.map(() => -1) };
      tallies.set(party, tally);
    }
    return tally;
  };

  // Systems in key order: a page of several systems is described by its first (status, theme).
  entries.sort((a, b) => codePoints(a.info.key, b.info.key));
  const index = indexOfCatalog(catalog);
  /**
   * Each page in scope with its placement in the first system in scope that has it: by the
   * page's position in the catalog's index when it has one, else by the page.
   */
  const firstAt: Array<Placement | undefined> = index ? new Array<Placement | undefined>(index.pages.length) : [];
  const counted = new Map<PageFacts, Placement>();
  const filterKey = JSON.stringify(filter);
  entries.forEach((entry, systemIndex) => {
    const scope = inScope(entry, filter, filterKey, index);
    if (scope.totals) {
      // No page of this system is in another one: its pages count here, whatever came before.
      for (const [party, total] of scope.totals) {
        const tally = tallyOf(party);
        tally.systems.add(entry.info.key);
        tally.count += total.count;
        for (const [index, count] of total.cells) {
          tally.cellCounts[index] += count;
          tally.lastSystem[index] = systemIndex;
          tally.cellSystems[index]++;
        }
      }
      for (const { at, placement } of scope.people) firstAt[at] = placement;
      return;
    }
    for (const { page, placement, indexes, at } of scope.pages) {
      let first: boolean;
      if (at >= 0) {
        first = firstAt[at] === undefined;
        if (first) firstAt[at] = placement;
      } else {
        first = !counted.has(page);
        if (first) counted.set(page, placement);
      }
      for (const party of placement.parties) {
        const tally = tallyOf(party);
        tally.systems.add(entry.info.key);
        if (first) tally.count++;
        for (const index of indexes) {
          if (first) tally.cellCounts[index]++;
          if (tally.lastSystem[index] !== systemIndex) {
            tally.lastSystem[index] = systemIndex;
            tally.cellSystems[index]++;
          }
        }
      }
    }
  });

  const names = declaredNames(entries);
  for (const key of names.keys()) tallyOf(key);
  const contacts = contactsOf(today, index, firstAt, counted);
  const parties: Party[] = [...tallies].map(([key, tally]) => ({
    key,
    name: names.has(key) ? names.get(key) ?? null : null,
    declared: names.has(key),
    systems: [...tally.systems].sort(codePoints),
    count: tally.count,
    cells: tally.cellCounts.map((count, index) => ({ count, systems: tally.cellSystems[index] })),
    contacts: contacts.of(key),
  }));
  parties.sort((a, b) => b.count - a.count || codePoints(a.key, b.key));
  return { framework, system: query.system !== undefined ? entries[0].info : undefined, cells, parties };
}

/** The systems a parties query asks for (one, or every one of a framework) and their framework; undefined as `buildParties`. */
function askedSystems(catalog: Catalog, query: PartiesQuery): { entries: SystemEntry[]; framework: Framework } | undefined {
  if (query.system !== undefined) {
    const entry = catalog.systems.get(normaliseValue(query.system));
    return entry && { entries: [entry], framework: entry.framework };
  }
  const framework = catalog.frameworks.get(normaliseValue(query.framework ?? DEFAULT_FRAMEWORK_KEY));
  if (!framework) return undefined;
  return { entries: [...catalog.systems.values()].filter((entry) => entry.framework.key === framework.key), framework };
}

/**
 * The contacts of the counted pages, each page with its placement in its first system, walked in
 * title order, then path: on the index, its order of the pages with people.
 */
function contactsOf(today: string, index: CatalogIndex<unknown> | undefined, firstAt: Array<Placement | undefined>, counted: Map<PageFacts, Placement>): ContactList {
  const contacts = new ContactList(today);
  if (index && counted.size === 0) {
    for (const at of peopleOrderOf(index)) {
      const placement = firstAt[at];
      if (placement) contacts.add(index.pages[at], placement);
    }
  } else {
    firstAt.forEach((placement, at) => index && counted.set(index.pages[at], placement as Placement));
    for (const page of [...counted.keys()].filter(hasPeople).sort(compareRefs)) contacts.add(page, counted.get(page) as Placement);
  }
  return contacts;
}

/** A page of a system that counts for its parties (§11), with its placement there and its cells' indexes. */
interface InScope {
  page: PageFacts;
  placement: Placement;
  indexes: number[];
  /** The page's position in the catalog's index; -1 without one. */
  at: number;
}

/** The pages of a system that count for its parties (see `inScope`). */
interface Scope {
  pages: InScope[];
  /**
   * On a shared list none of whose pages is in another system: per party, its pages and, per cell
   * index with any, how many; and the pages with people (their first system is this one).
   */
  totals?: Map<string, { count: number; cells: Array<[index: number, count: number]> }>;
  people: InScope[];
}

/**
 * The pages of a system that count for its parties under a (normalised) filter: with a party,
 * not retired (whatever the filter says), passing the filter. Worked out once on a shared list of
 * an index generation (see `CatalogIndex`), per framework, declaration and filter; read-only.
 */
function inScope(entry: SystemEntry, filter: Required<AgreementFilter>, filterKey: string, index?: CatalogIndex<unknown>): Scope {
  const compute = (shared: boolean): Scope => {
    const pages: InScope[] = [];
    for (const page of entry.agreements) {
      const placement = placeAgreement(page, entry.info.key, entry.framework, entry.declaration);
      if (placement.parties.length === 0 || placement.status === 'vervallen' || !passesFilter(filter, placement)) continue;
      pages.push({ page, placement, indexes: cellIndexesOf(placement, entry.framework), at: index?.position.get(page.pageId) ?? -1 });
    }
    const solo = shared && index !== undefined && pages.every(({ at }) => at >= 0 && index.memberOf[at].length === 1);
    return { pages, ...(solo ? { totals: totalsOf(pages) } : {}), people: solo ? pages.filter(({ page }) => hasPeople(page)) : [] };
  };
  if (!isSharedAgreementList(entry.agreements)) return compute(false);
  let known = sharedScopes.get(entry.agreements);
  if (!known) sharedScopes.set(entry.agreements, (known = []));
  const found = known.find((k) => k.framework === entry.framework && k.declaration === entry.declaration && k.filter === filterKey && k.index === index);
  if (found) return found.scope;
  const scope = compute(true);
  // Bounded like the matrix states: filters a reader makes up cannot grow what a list keeps.
  if (known.length < MAX_SHARED_VARIANTS) known.push({ framework: entry.framework, declaration: entry.declaration, filter: filterKey, index, scope });
  return scope;
}

const sharedScopes = new WeakMap<readonly PageFacts[], Array<{ framework: Framework; declaration?: SystemDeclaration; filter: string; index?: CatalogIndex<unknown>; scope: Scope }>>();

/** Per party, the pages and the cells (by index) of these pages, each page counted once. */
function totalsOf(pages: readonly InScope[]): NonNullable<Scope['totals']> {
  const counts = new Map<string, { count: number; cells: Map<number, number> }>();
  for (const { placement, indexes } of pages) {
    for (const party of placement.parties) {
      let total = counts.get(party);
      if (!total) counts.set(party, (total = { count: 0, cells: new Map() }));
      total.count++;
      for (const index of indexes) total.cells.set(index, (total.cells.get(index) ?? 0) + 1);
    }
  }
  return new Map([...counts].map(([party, { count, cells }]) => [party, { count, cells: [...cells] }]));
}

/** Whether a page's block names an owner or a contact. */
function hasPeople(page: PageFacts): boolean {
  return (page.agreement?.owners.length ?? 0) + (page.agreement?.contacts.length ?? 0) > 0;
}

/**
 * The positions of the pages with people of an index generation in title order, then path
 * (`compareRefs`, a total order): one sort per generation, not one per request.
 */
function peopleOrderOf(index: CatalogIndex<unknown>): number[] {
  let order = peopleOrders.get(index);
  if (!order) {
    const positions: number[] = [];
    index.pages.forEach((page, at) => {
      if (hasPeople(page)) positions.push(at);
    });
    peopleOrders.set(index, (order = positions.sort((a, b) => compareRefs(index.pages[a], index.pages[b]))));
  }
  return order;
}

const peopleOrders = new WeakMap<CatalogIndex<unknown>, number[]>();

/**
 * The parties declared in scope, with their names: per party the name in the declaration of the
 * first declaring system by title, then key (`undefined` when that declaration names none). A
 * declaration is in the catalog only when the reader sees the system page.
 */
function declaredNames(entries: readonly SystemEntry[]): Map<string, string | undefined> {
  const declaring = entries
    .filter((entry) => entry.info.declared && entry.declaration)
    .sort((a, b) => compareText(a.info.title, b.info.title) || codePoints(a.info.key, b.info.key));
  const names = new Map<string, string | undefined>();
  for (const entry of declaring) {
    for (const party of entry.declaration?.parties ?? []) {
      if (!names.has(party.key)) names.set(party.key, party.name);
    }
  }
  return names;
}

/** A contact's identity: lower-cased, diacritics removed, white space collapsed. */
export function contactKey(value: string): string {
  return value.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The owners and contacts of every party, gathered in one walk over the pages in scope with
 * people in their block, in title order, then path (each with its placement in the first system
 * in scope that has it, whose parties it counts for): per party one contact per contact key,
 * named as first written in that order, each with its pages in that order. A page's reference is
 * made once, for all its parties.
 */
class ContactList {
  private readonly byParty = new Map<string, Map<string, PartyContact>>();

  constructor(private readonly today: string) {}

  add(page: PageFacts, placement: Placement): void {
    const people = peopleOf(page);
    if (people.length === 0) return;
    const ref = agreementRefOf(page, placement, this.today);
    for (const party of placement.parties) {
      let contacts = this.byParty.get(party);
      if (!contacts) this.byParty.set(party, (contacts = new Map()));
      for (const { key, name } of people) {
        let contact = contacts.get(key);
        if (!contact) contacts.set(key, (contact = { name, agreements: [] }));
        // Pages come in order: a page is the last one listed when it names the contact twice.
        if (contact.agreements[contact.agreements.length - 1] !== ref) contact.agreements.push(ref);
      }
    }
  }

  /** A party's contacts by number of pages (high first), then name. */
  of(party: string): PartyContact[] {
    const contacts = [...(this.byParty.get(party)?.values() ?? [])];
    return contacts.sort((a, b) => b.agreements.length - a.agreements.length || compareText(a.name, b.name) || codePoints(a.name, b.name));
  }

}

/**
 * The owners, then the contacts, of a page's block with their contact keys, those with an empty
 * key left out; worked out once per facts object (facts are never changed), read-only.
 */
function peopleOf(page: PageFacts): ReadonlyArray<{ key: string; name: string }> {
  let people = peopleOfPage.get(page);
  if (!people) {
    const block = page.agreement;
    people = [];
    for (const value of block ? [...block.owners, ...block.contacts] : []) {
      const key = contactKey(value);
      if (key !== '') people.push({ key, name: value.trim() });
    }
    peopleOfPage.set(page, people);
  }
  return people;
}

const peopleOfPage = new WeakMap<PageFacts, Array<{ key: string; name: string }>>();

function codePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
