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
    for (const declaration of page.systemDeclarations) {
      const existing = systems.get(declaration.key);
      if (existing) {
        issues.push({ ...pageIssueBase(page), code: 'duplicate-system', severity: 'error', system: declaration.key, value: declaration.key });
        continue;
      }
      let framework = DEFAULT_FRAMEWORK;
      if (declaration.framework) {
        const found = collected.frameworks.get(declaration.framework);
        if (found) framework = found;
        else {
          issues.push({
            ...pageIssueBase(page),
            code: 'unknown-framework',
            severity: 'error',
            system: declaration.key,
            field: 'kader',
            value: declaration.framework,
            validValues: [...collected.frameworks.keys()],
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

  for (const page of sorted) {
    const declarations = page.systemDeclarations;
    for (const key of systemsOf(page)) {
      // A system page is never an agreement of its own system.
      if (declarations.length > 0 && declarations.some((d) => d.key === key)) continue;
      let entry = systems.get(key);
      if (!entry) {
        entry = {
          info: { key, title: key, framework: DEFAULT_FRAMEWORK_KEY, declared: false, agreementCount: 0 },
          framework: DEFAULT_FRAMEWORK,
          agreements: [],
        };
        systems.set(key, entry);
        issues.push({ code: 'system-not-declared', severity: 'warning', system: key, value: key });
      }
      entry.agreements.push(page);
      if (statusOf(page).status !== 'vervallen') entry.info.agreementCount++;
    }
  }
  const used = new Set([...systems.values()].map((entry) => entry.framework));
  for (const [key, framework] of collected.frameworks) {
    if (keysOnlyFrameworks.has(framework) && !used.has(framework)) collected.frameworks.delete(key);
  }
  return { frameworks: collected.frameworks, systems, issues };
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
  const uniqueChapters = unique(chapters);
  const uniqueLayers = unique(layers);

  const cells: CellKey[] = [];
  if (uniqueColumns.length > 0) {
    const columnChapters = new Set(uniqueColumns.map((c) => c.chapter));
    for (const chapter of uniqueChapters) {
      if (!columnChapters.has(chapter)) {
        issues.push({
          ...base(),
          code: 'chapter-column-conflict',
          severity: 'error',
          field: 'hoofdstuk',
          value: chapter,
          validValues: [...columnChapters],
          ...chapterLines.get(chapter),
        });
      }
    }
    for (const { chapter, column } of uniqueColumns) {
      for (const layer of uniqueLayers) cells.push({ chapter, column, layer });
    }
  } else {
    for (const chapter of uniqueChapters) {
      for (const layer of uniqueLayers) cells.push({ chapter, column: null, layer });
    }
  }

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
