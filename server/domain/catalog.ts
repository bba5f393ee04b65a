/**
 * The catalog: frameworks and systems as one reader sees them, built from the facts of the
 * pages that reader may read. Placement applies a system's framework to an agreement page.
 */
import type {
  AgreementLineField,
  CellKey,
  Framework,
  Issue,
  PageFacts,
  StatusKey,
  SystemDeclaration,
  SystemInfo,
} from './types';
import {
  DEFAULT_FRAMEWORK,
  DEFAULT_FRAMEWORK_KEY,
  chapterKeys,
  columnKeys,
  layerKeys,
  resolveChapter,
  resolveColumn,
  resolveLayer,
  resolveStatus,
  AUTHOR_STATUSES,
} from './framework';
import { compareText, unique } from './normalize';

export interface SystemEntry {
  info: SystemInfo;
  framework: Framework;
  declaration?: SystemDeclaration;
  /** The agreement pages of the system (its own system page excluded). */
  agreements: PageFacts[];
}

export interface Catalog {
  frameworks: Map<string, Framework>;
  systems: Map<string, SystemEntry>;
  /** Issues about frameworks and systems as a whole (duplicates, unknown framework, undeclared). */
  issues: Issue[];
}

/** The systems a page belongs to: its `stelsel:` tags and its block's `stelsel:` together. */
export function systemsOf(page: PageFacts): string[] {
  const fromBlock = page.agreement?.systems ?? [];
  // Mostly one `stelsel:` tag: no copy of it (callers only read the list).
  if (fromBlock.length === 0 && page.tagValues.systems.length < 2) return page.tagValues.systems;
  return unique([...page.tagValues.systems, ...fromBlock]);
}

/** Whether a page declares a system or a framework: structure, part of every reader's catalog it may see. */
export function declaresStructure(page: PageFacts): boolean {
  return page.systemDeclarations.length > 0 || page.frameworks.length > 0;
}

/** Frameworks declared on these pages, the default first; the first declaration of a key wins. */
export function collectFrameworks(pages: readonly PageFacts[]): { frameworks: Map<string, Framework>; issues: Issue[] } {
  const frameworks = new Map<string, Framework>([[DEFAULT_FRAMEWORK_KEY, DEFAULT_FRAMEWORK]]);
  const issues: Issue[] = [];
  for (const page of [...pages].sort(byPageId)) {
    for (const framework of page.frameworks) {
      if (frameworks.has(framework.key)) {
        issues.push({ ...pageIssueBase(page), code: 'duplicate-framework', severity: 'error', value: framework.key });
      } else {
        frameworks.set(framework.key, framework);
      }
    }
  }
  return { frameworks, issues };
}

/**
 * Builds the catalog from the pages one reader may see. `frameworks` defaults to those declared
 * on the same pages; a host may pass the wiki-wide set: a framework's structure serves every
 * system that uses it. Its labels are content of its page, though (contract §1): a framework
 * declared on a page that is not among `pages` comes with its keys in place of its labels and no
 * page, and is in the catalog's frameworks only when one of the catalog's systems uses it.
 */
export function buildCatalog(pages: readonly PageFacts[], frameworks?: Map<string, Framework>): Catalog {
  const collected = frameworks ? { frameworks: frameworksSeenOn(pages, frameworks), issues: [] } : collectFrameworks(pages);
  const issues: Issue[] = [...collected.issues];
  const systems = new Map<string, SystemEntry>();
  const sorted = [...pages].sort(byPageId);

  for (const page of sorted) {
    if (page.systemDeclarations.length > 0) declareSystems(page, collected.frameworks, systems, issues);
  }

  for (const page of sorted) {
    const declarations = page.systemDeclarations;
    for (const key of systemsOf(page)) {
      // A system page is never an agreement of its own system.
      if (declarations.length > 0 && declarations.some((d) => d.key === key)) continue;
      let entry = systems.get(key);
      if (!entry) {
        entry = undeclaredEntry(key);
        systems.set(key, entry);
        issues.push({ code: 'system-not-declared', severity: 'warning', system: key, value: key });
      }
      entry.agreements.push(page);
      if (statusOf(page).status !== 'vervallen') entry.info.agreementCount++;
    }
  }
  dropUnusedKeysOnly(collected.frameworks, systems);
  return { frameworks: collected.frameworks, systems, issues };
}

/**
 * The relevant pages of one index generation with what every reader's catalog of them needs,
 * worked out once and shared by the readers' requests while the generation lasts. Nothing in it
 * depends on a reader: each request still checks every page for its reader (`seen`) and
 * `catalogOfSeen` builds that reader's catalog from the pages it sees, as `buildCatalog` would.
 */
export interface CatalogIndex<T> {
  /** The items (the store's pages), by page id. */
  readonly items: readonly T[];
  /** Their facts, in the same order. */
  readonly pages: readonly PageFacts[];
  /** Per page: the systems it is an agreement of (`systemsOf`, without those it declares itself). */
  readonly memberOf: ReadonlyArray<readonly string[]>;
  /** Per page: 1 when it counts in a system's `agreementCount` (not `vervallen`). */
  readonly counted: Uint8Array;
  /** Per page: 1 when it declares a system or a framework (`declaresStructure`). */
  readonly structure: Uint8Array;
  /** The positions of the pages that declare a system, in page order. */
  readonly declaring: readonly number[];
  /** A page's position by its id. */
  readonly position: ReadonlyMap<number, number>;
  /** The frameworks declared on the pages, the default first (`collectFrameworks`). */
  readonly frameworks: ReadonlyMap<string, Framework>;
  /**
   * Per system, its agreement pages when every page is seen (frozen): a reader who sees all of
   * them gets this very list in its catalog, so what is worked out on the list (see
   * `matrixStatesFor`) serves every such reader.
   */
  readonly agreementsOf: ReadonlyMap<string, readonly PageFacts[]>;
  /** Per system, the positions of its agreement pages (in the order of `agreementsOf`), systems as the pages first name them. */
  readonly positionsOf: ReadonlyMap<string, readonly number[]>;
  /** Per system, its `agreementCount` when every page is seen. */
  readonly countOf: ReadonlyMap<string, number>;
}

/**
 * The index of each list of items (the store hands out the same list while the generation
 * lasts), and the one each catalog of `catalogOfSeen` was built on.
 */
const catalogIndexes = new WeakMap<object, CatalogIndex<unknown>>();
/** The agreement lists of `CatalogIndex.agreementsOf`: complete and never changed. */
const sharedLists = new WeakSet<readonly PageFacts[]>();

/** Whether a system entry's agreement list is the complete, shared one of a `CatalogIndex`. */
export function isSharedAgreementList(list: readonly PageFacts[]): boolean {
  return sharedLists.has(list);
}

/** The `CatalogIndex` of a list of items (pages of the store), made once per list object. */
export function catalogIndexOf<T>(items: readonly T[], factsOf: (item: T) => PageFacts): CatalogIndex<T> {
  let index = catalogIndexes.get(items) as CatalogIndex<T> | undefined;
  if (!index) catalogIndexes.set(items, (index = buildCatalogIndex(items, factsOf)));
  return index;
}

function buildCatalogIndex<T>(list: readonly T[], factsOf: (item: T) => PageFacts): CatalogIndex<T> {
  const sorted = list.map((item) => ({ item, facts: factsOf(item) })).sort((a, b) => a.facts.pageId - b.facts.pageId);
  const items = sorted.map((s) => s.item);
  const pages = sorted.map((s) => s.facts);
  const counted = new Uint8Array(pages.length);
  const structure = new Uint8Array(pages.length);
  const declaring: number[] = [];
  const position = new Map<number, number>();
  const agreementsOf = new Map<string, PageFacts[]>();
  const positionsOf = new Map<string, number[]>();
  const countOf = new Map<string, number>();
  const memberOf = pages.map((page, i) => {
    position.set(page.pageId, i);
    if (declaresStructure(page)) structure[i] = 1;
    if (page.systemDeclarations.length > 0) declaring.push(i);
    if (statusOf(page).status !== 'vervallen') counted[i] = 1;
    const declarations = page.systemDeclarations;
    // A system page is never an agreement of its own system.
    const keys = declarations.length === 0 ? systemsOf(page) : systemsOf(page).filter((key) => !declarations.some((d) => d.key === key));
    for (const key of keys) {
      const agreements = agreementsOf.get(key);
      if (agreements) agreements.push(page);
      else agreementsOf.set(key, [page]);
      const positions = positionsOf.get(key);
      if (positions) positions.push(i);
      else positionsOf.set(key, [i]);
      countOf.set(key, (countOf.get(key) ?? 0) + counted[i]);
    }
    return keys;
  });
  for (const agreements of agreementsOf.values()) sharedLists.add(Object.freeze(agreements));
  const frameworks = collectFrameworks(pages.filter((_, i) => structure[i] === 1)).frameworks;
  return { items, pages, memberOf, counted, structure, declaring, position, frameworks, agreementsOf, positionsOf, countOf };
}

/**
 * The catalog of the index's pages that a reader sees (`seen[i]` for `index.pages[i]`), with the
 * index's (wiki-wide) frameworks, and those pages: the same as `buildCatalog(pages, frameworks)`,
 * but a system whose agreement pages the reader sees all gets the index's shared list of them.
 */
export function catalogOfSeen<T>(index: CatalogIndex<T>, seen: Uint8Array): { catalog: Catalog; pages: PageFacts[] } {
  const { pages: all, memberOf, counted } = index;
  const frameworks = new Map<string, Framework>();
  for (const [key, framework] of index.frameworks) {
    const at = framework.source ? index.position.get(framework.source.pageId) : undefined;
    frameworks.set(key, !framework.source || (at !== undefined && seen[at] === 1) ? framework : keysOnlyOf(framework));
  }
  const issues: Issue[] = [];
  const systems = new Map<string, SystemEntry>();
  for (const at of index.declaring) {
    if (seen[at] === 1) declareSystems(all[at], frameworks, systems, issues);
  }
  // Per system, the positions of its agreement pages: all seen → the shared list; else those seen.
  const undeclared: Array<{ entry: SystemEntry; first: number; place: number }> = [];
  for (const [key, positions] of index.positionsOf) {
    let first = -1;
    let count = 0;
    for (let p = 0; p < positions.length; p++) {
      if (seen[positions[p]] !== 1) continue;
      if (first === -1) first = positions[p];
      count++;
    }
    if (count === 0) continue;
    let entry = systems.get(key);
    if (!entry) undeclared.push({ entry: (entry = undeclaredEntry(key)), first, place: memberOf[first].indexOf(key) });
    if (count === positions.length) {
      entry.agreements = index.agreementsOf.get(key) as PageFacts[];
      entry.info.agreementCount = index.countOf.get(key) ?? 0;
    } else {
      for (let p = 0; p < positions.length; p++) {
        const at = positions[p];
        if (seen[at] !== 1) continue;
        entry.agreements.push(all[at]);
        if (counted[at] === 1) entry.info.agreementCount++;
      }
    }
  }
  // Undeclared systems as the pages first name them (the page seen first, then its order of systems).
  undeclared.sort((a, b) => a.first - b.first || a.place - b.place);
  for (const { entry } of undeclared) {
    const key = entry.info.key;
    systems.set(key, entry);
    issues.push({ code: 'system-not-declared', severity: 'warning', system: key, value: key });
  }
  // Only maintenance looks at the whole list of pages seen: made when asked.
  let pages: PageFacts[] | undefined;
  const visible = () => (pages ??= all.filter((_, i) => seen[i] === 1));
  dropUnusedKeysOnly(frameworks, systems);
  const catalog: Catalog = { frameworks, systems, issues };
  catalogIndexes.set(catalog, index);
  return {
    catalog,
    get pages() {
      return visible();
    },
  };
}

/** The index a catalog was built on by `catalogOfSeen`; undefined for one of `buildCatalog`. */
export function indexOfCatalog(catalog: Catalog): CatalogIndex<unknown> | undefined {
  return catalogIndexes.get(catalog);
}

/** A system entry for each system `page` declares, with its issues (duplicate, unknown framework), as `buildCatalog` makes them. */
function declareSystems(page: PageFacts, frameworks: Map<string, Framework>, systems: Map<string, SystemEntry>, issues: Issue[]): void {
  for (const declaration of page.systemDeclarations) {
    const existing = systems.get(declaration.key);
    if (existing) {
      issues.push({ ...pageIssueBase(page), code: 'duplicate-system', severity: 'error', system: declaration.key, value: declaration.key });
      continue;
    }
    let framework = DEFAULT_FRAMEWORK;
    if (declaration.framework) {
      const found = frameworks.get(declaration.framework);
      if (found) framework = found;
      else {
        issues.push({
          ...pageIssueBase(page),
          code: 'unknown-framework',
          severity: 'error',
          system: declaration.key,
          field: 'kader',
          value: declaration.framework,
          validValues: [...frameworks.keys()],
          line: declaration.line,
        });
      }
    }
    systems.set(declaration.key, {
      info: {
        key: declaration.key,
        title: declaration.title ?? declaration.key,
        framework: framework.key,
        declared: true,
        pageId: page.pageId,
        pagePath: page.path,
        locale: page.locale,
        declaration,
        agreementCount: 0,
      },
      framework,
      declaration,
      agreements: [],
    });
  }
}

function undeclaredEntry(key: string): SystemEntry {
  return {
    info: { key, title: key, framework: DEFAULT_FRAMEWORK_KEY, declared: false, agreementCount: 0 },
    framework: DEFAULT_FRAMEWORK,
    agreements: [],
  };
}

/** Frameworks shown with their keys only stay in a catalog only when one of its systems uses them. */
function dropUnusedKeysOnly(frameworks: Map<string, Framework>, systems: Map<string, SystemEntry>): void {
  const used = new Set<Framework>();
  for (const entry of systems.values()) used.add(entry.framework);
  for (const [key, framework] of frameworks) {
    if (keysOnlyFrameworks.has(framework) && !used.has(framework)) frameworks.delete(key);
  }
}

/** A framework with its keys in place of its labels, made once per framework (read-only, like the framework). */
const keysOnly = new WeakMap<Framework, Framework>();
/** The frameworks `keysOnly` made: never the ones a reader sees on their page. */
const keysOnlyFrameworks = new WeakSet<Framework>();

/**
 * The frameworks as a reader of `pages` sees them (contract §1): one declared on a page the
 * reader does not see has its keys for labels and no page. A new map; the frameworks are shared.
 */
function frameworksSeenOn(pages: readonly PageFacts[], frameworks: Map<string, Framework>): Map<string, Framework> {
  const seen = new Set(pages.map((page) => page.pageId));
  const result = new Map<string, Framework>();
  for (const [key, framework] of frameworks) {
    result.set(key, !framework.source || seen.has(framework.source.pageId) ? framework : keysOnlyOf(framework));
  }
  return result;
}

function keysOnlyOf(framework: Framework): Framework {
  let copy = keysOnly.get(framework);
  if (!copy) {
    const label = (key: string) => ({ nl: key, en: key });
    copy = {
      key: framework.key,
      labels: label(framework.key),
      chapters: framework.chapters.map((chapter) => ({
        ...chapter,
        labels: label(chapter.key),
        columns: chapter.columns.map((column) => ({ ...column, labels: label(column.key) })),
      })),
      layers: framework.layers.map((layer) => ({ ...layer, labels: label(layer.key) })),
    };
    keysOnly.set(framework, copy);
    keysOnlyFrameworks.add(copy);
  }
  return copy;
}

/** Systems in the order readers expect: declared first, then by title. */
export function sortedSystems(catalog: Catalog): SystemInfo[] {
  return [...catalog.systems.values()]
    .map((e) => e.info)
    .sort((a, b) => Number(b.declared) - Number(a.declared) || compareText(a.title, b.title) || compareText(a.key, b.key));
}

export interface Placement {
  cells: CellKey[];
  status: StatusKey;
  /** The page's themes in the system's declared order, then alphabetical. */
  themes: string[];
  parties: string[];
  issues: Issue[];
}

/*
 * Statuses and placements worked out before, per page facts object. Both are pure functions of
 * the facts (and the system's key, framework and declaration), which nothing ever changes: the
 * store hands out the same facts objects while their rows are unchanged (see `FactsCache`), so
 * these are reused across requests. They depend on no reader, and are keyed weakly: none outlives
 * its facts. Callers treat the results as read-only, like the facts.
 */
const statuses = new WeakMap<PageFacts, { status: StatusKey; issues: Issue[] }>();
const placements = new WeakMap<PageFacts, Array<{ system: string; framework: Framework; declaration?: SystemDeclaration; placement: Placement }>>();

/** A page's status (exact rule 6): the block wins over tags; unknown or conflicting → `onbekend`. */
export function statusOf(page: PageFacts): { status: StatusKey; issues: Issue[] } {
  let known = statuses.get(page);
  if (!known) statuses.set(page, (known = statusOfPage(page)));
  return known;
}

function statusOfPage(page: PageFacts): { status: StatusKey; issues: Issue[] } {
  const issues: Issue[] = [];
  // Built only when there is an issue to report: most pages have none.
  const base = () => pageIssueBase(page);
  let validValues: string[] | undefined;
  const valid = () => (validValues ??= [...AUTHOR_STATUSES]);
  const tagStatuses: StatusKey[] = [];
  for (const value of page.tagValues.statuses) {
    const resolved = resolveStatus(value);
    if (resolved) tagStatuses.push(resolved);
    else issues.push({ ...base(), code: 'unknown-value', severity: 'error', field: 'status', value, validValues: valid() });
  }
  const fromTags = tagStatuses.length < 2 ? tagStatuses : unique(tagStatuses);
  const blockValue = page.agreement?.status;
  if (blockValue !== undefined) {
    const line = page.agreement?.lines?.status ?? page.agreement?.line;
    const resolved = resolveStatus(blockValue);
    if (!resolved) {
      issues.push({ ...base(), code: 'unknown-value', severity: 'error', field: 'status', value: blockValue, validValues: valid(), line });
      return { status: 'onbekend', issues };
    }
    if (fromTags.some((s) => s !== resolved)) {
      issues.push({ ...base(), code: 'status-conflict', severity: 'warning', field: 'status', value: [resolved, ...fromTags].join(', '), line });
    }
    return { status: resolved, issues };
  }
  if (fromTags.length > 1) {
    issues.push({ ...base(), code: 'status-conflict', severity: 'error', field: 'status', value: fromTags.join(', ') });
    return { status: 'onbekend', issues };
  }
  if (fromTags.length === 1 && issues.length === 0) return { status: fromTags[0], issues };
  return { status: 'onbekend', issues };
}

/**
 * Where an agreement page sits in a system (contract §2 and its exact rules 3-5, 9): block and tag
 * values merge as a union; columns × layers, or chapter-wide cells when a chapter has no column;
 * unknown values are issues and ignored for placement; no valid cell → unplaced.
 */
export function placeAgreement(page: PageFacts, system: string, framework: Framework, declaration?: SystemDeclaration): Placement {
  let known = placements.get(page);
  if (!known) placements.set(page, (known = []));
  const found = known.find((p) => p.system === system);
  if (found && found.framework === framework && found.declaration === declaration) return found.placement;
  const placement = placementOf(page, system, framework, declaration);
  // One per system: one placed under a system's earlier framework or declaration is not kept.
  if (found) Object.assign(found, { framework, declaration, placement });
  else known.push({ system, framework, declaration, placement });
  return placement;
}

function placementOf(page: PageFacts, system: string, framework: Framework, declaration?: SystemDeclaration): Placement {
  const issues: Issue[] = [];
  // Built only when there is an issue to report: most pages have none.
  let baseFields: Pick<Issue, 'pageId' | 'pagePath' | 'locale' | 'system'> | undefined;
  const base = () => (baseFields ??= { ...pageIssueBase(page), system });
  const block = page.agreement;
  const merged = (tagValues: string[], blockValues: string[] | undefined): string[] => {
    // Mostly one source with a value or two: skip the concatenation (always a fresh array).
    if (!blockValues || blockValues.length === 0) return tagValues.length < 2 ? tagValues.slice() : unique(tagValues);
    if (tagValues.length === 0) return blockValues.length < 2 ? blockValues.slice() : unique(blockValues);
    return unique([...tagValues, ...blockValues]);
  };
  /** The line of a value that (also) came from the `afspraak` block: its field's line, else the block's. */
  const at = (field: AgreementLineField, value: string): Pick<Issue, 'line'> => {
    const values = block?.[field];
    if (!block || !Array.isArray(values) || !values.includes(value)) return {};
    return { line: block.lines?.[field] ?? block.line };
  };

  const columns: Array<{ chapter: string; column: string }> = [];
  for (const value of merged(page.tagValues.columns, block?.columns)) {
    const found = resolveColumn(framework, value);
    if (found) columns.push({ chapter: found.chapter.key, column: found.column.key });
    else issues.push({ ...base(), code: 'unknown-value', severity: 'error', field: 'kolom', value, validValues: columnKeys(framework), ...at('columns', value) });
  }
  const chapters: string[] = [];
  const chapterLines = new Map<string, Pick<Issue, 'line'>>();
  for (const value of merged(page.tagValues.chapters, block?.chapters)) {
    const found = resolveChapter(framework, value);
    if (found) {
      chapters.push(found.key);
      if (!chapterLines.has(found.key) || at('chapters', value).line !== undefined) chapterLines.set(found.key, at('chapters', value));
    }
    else issues.push({ ...base(), code: 'unknown-value', severity: 'error', field: 'hoofdstuk', value, validValues: chapterKeys(framework), ...at('chapters', value) });
  }
  const layers: string[] = [];
  for (const value of merged(page.tagValues.layers, block?.layers)) {
    const found = resolveLayer(framework, value);
    if (found) layers.push(found.key);
    else issues.push({ ...base(), code: 'unknown-value', severity: 'error', field: 'laag', value, validValues: layerKeys(framework), ...at('layers', value) });
  }
  const uniqueColumns = uniqueBy(columns, (c) => c.column);

  const cells = cellsOf(uniqueColumns, unique(chapters), unique(layers), (chapter, columnChapters) =>
    issues.push({ ...base(), code: 'chapter-column-conflict', severity: 'error', field: 'hoofdstuk', value: chapter, validValues: columnChapters, ...chapterLines.get(chapter) }),
  );

  const { status, issues: statusIssues } = statusOf(page);
  // Status issues concern the page, not this system: without `system` they are listed once per page.
  issues.push(...statusIssues);

  const declaredThemes = declaration ? declaredKeys(declaration).themes : [];
  const themes = merged(page.tagValues.themes, block?.themes);
  if (declaration && declaredThemes.length > 0) {
    for (const theme of themes) {
      if (!declaredThemes.includes(theme)) {
        issues.push({ ...base(), code: 'undeclared-theme', severity: 'warning', field: 'thema', value: theme, validValues: declaredThemes.slice(), ...at('themes', theme) });
      }
    }
  }
  const declaredParties = declaration ? declaredKeys(declaration).parties : [];
  const parties = merged(page.tagValues.parties, block?.parties);
  if (declaration && declaredParties.length > 0) {
    for (const party of parties) {
      if (!declaredParties.includes(party)) {
        issues.push({ ...base(), code: 'unknown-value', severity: 'warning', field: 'partij', value: party, validValues: declaredParties.slice(), ...at('parties', party) });
      }
    }
  }
  if (cells.length === 0) {
    issues.push({ ...base(), code: 'unplaced', severity: 'warning' });
  }
  return { cells, status, themes: orderThemes(themes, declaredThemes), parties, issues };
}

/**
 * The cells of a placement: each column in each layer, or without columns each chapter in each
 * layer; a chapter none of the columns lies in is a conflict (`conflict` reports it).
 */
function cellsOf(
  columns: ReadonlyArray<{ chapter: string; column: string }>,
  chapters: readonly string[],
  layers: readonly string[],
  conflict: (chapter: string, columnChapters: string[]) => void,
): CellKey[] {
  const cells: CellKey[] = [];
  if (columns.length === 0) {
    for (const chapter of chapters) for (const layer of layers) cells.push({ chapter, column: null, layer });
    return cells;
  }
  const columnChapters = new Set(columns.map((c) => c.chapter));
  for (const chapter of chapters) if (!columnChapters.has(chapter)) conflict(chapter, [...columnChapters]);
  for (const { chapter, column } of columns) for (const layer of layers) cells.push({ chapter, column, layer });
  return cells;
}

/** The theme and party keys a declaration lists, worked out once per declaration (read-only). */
const declaredKeysOf = new WeakMap<SystemDeclaration, { themes: string[]; parties: string[] }>();

function declaredKeys(declaration: SystemDeclaration): { themes: string[]; parties: string[] } {
  let keys = declaredKeysOf.get(declaration);
  if (!keys) {
    keys = { themes: declaration.themes.map((t) => t.key), parties: declaration.parties.map((p) => p.key) };
    declaredKeysOf.set(declaration, keys);
  }
  return keys;
}

/** Themes in the system's declared order, then alphabetical. */
export function orderThemes(themes: readonly string[], declaredOrder: readonly string[]): string[] {
  const rank = (theme: string) => {
    const index = declaredOrder.indexOf(theme);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return unique(themes).sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

export function pageIssueBase(page: PageFacts): Pick<Issue, 'pageId' | 'pagePath' | 'locale'> {
  return { pageId: page.pageId, pagePath: page.path, locale: page.locale };
}

function byPageId(a: PageFacts, b: PageFacts): number {
  return a.pageId - b.pageId;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
