/** What every folder command shares: the folder read into a catalog, and the output helpers. */
import fs from 'fs';
import path from 'path';
import {
  buildCatalog,
  extractPageFacts,
  normaliseValue,
  partLabel,
  sortedSystems,
  statusDefinition,
  translate,
  type Catalog,
  type CellKey,
  type Framework,
  type Issue,
  type Lang,
  type MatrixCell,
  type PageFacts,
  type StatusKey,
  type SystemDeclaration,
} from '../domain';
import type { CliOptions } from './args';
import { UsageError } from './args';
import { readFolder, type ReadResult } from './read-folder';
import type { Painter } from './format';

export interface CliIo {
  /** Writes text to standard output as is (callers end lines with `\n`). */
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Today as YYYY-MM-DD (UTC); the real date unless a test pins it. */
  today?: string;
}

export interface Wiki {
  dir: string;
  read: ReadResult;
  facts: PageFacts[];
  catalog: Catalog;
}

export interface CommandContext {
  options: CliOptions;
  io: CliIo;
  paint: Painter;
  t: (key: string, params?: Record<string, string | number | undefined>) => string;
}

export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a folder of pages into facts and a catalog; reading problems go to stderr as warnings. */
export function loadWiki(dir: string, ctx: CommandContext): Wiki {
  const resolved = path.resolve(ctx.io.cwd ?? process.cwd(), dir);
  if (!isDirectory(resolved)) throw new UsageError('notADirectory', { path: dir });
  const read = readFolder(resolved, ctx.options.localeGiven ? ctx.options.locale : undefined);
  for (const warning of read.warnings) {
    ctx.io.err(`${ctx.t('cli.fileIssue', { file: warning.file, message: ctx.t(`cli.${warning.messageKey}`) })}\n`);
  }
  const facts = read.pages.map(extractPageFacts);
  return { dir, read, facts, catalog: buildCatalog(facts) };
}

/** A system of the wiki by key, or a usage error naming the known ones. */
export function requireSystem(wiki: Wiki, key: string, ctx: CommandContext): string {
  const normalised = normaliseValue(key);
  if (wiki.catalog.systems.has(normalised)) return normalised;
  const known = sortedSystems(wiki.catalog).map((s) => s.key);
  throw new UsageError(known.length ? 'unknownSystem' : 'noSystems', {
    system: key,
    dir: wiki.dir,
    systems: known.join(', ') || ctx.t('term.none'),
  });
}

export function makeTranslator(lang: Lang): CommandContext['t'] {
  return (key, params) => translate(lang, key, params);
}

/** The mark a cell shows in a grid: its state, or `+` when only chapter-wide agreements fill it. */
export function stateMark(cell: MatrixCell): string {
  if (cell.count === 0 && cell.coveredByChapter) return '+';
  return cell.state === 'PRESENT' ? '■' : cell.state === 'IN_PROGRESS' ? '◐' : '?';
}

export function paintMark(mark: string, paint: Painter): string {
  if (mark === '■') return paint(mark, 'green');
  if (mark === '◐') return paint(mark, 'yellow');
  if (mark === '?') return paint(mark, 'red');
  return paint(mark, 'cyan');
}

export function statusLabel(status: StatusKey, lang: Lang): string {
  return statusDefinition(status).labels[lang];
}

/** A theme's title as the system declares it, or its key. */
export function themeLabel(theme: string, declaration?: SystemDeclaration): string {
  return declaration?.themes.find((t) => t.key === theme)?.title ?? theme;
}

/** The label of a framework part in the first framework that knows it, or the key itself. */
export function partName(kind: 'chapter' | 'column' | 'layer', key: string, frameworks: Framework[], lang: Lang): string {
  return frameworks.map((f) => partLabel(f, kind, key, lang)).find((l) => l !== key) ?? key;
}

/** A column's label; `Hoofdstukbreed` for the chapter-wide column (null). */
export function columnName(column: string | null, frameworks: Framework[], ctx: CommandContext): string {
  return column === null ? ctx.t('term.chapterWide') : partName('column', column, frameworks, ctx.options.lang);
}

/** `Werkafspraken × Dienstverlening`, or `Normen × Hoofdstukbreed` for a chapter-wide cell. */
export function cellLabel(cell: CellKey, frameworks: Framework[], ctx: CommandContext): string {
  return `${partName('layer', cell.layer, frameworks, ctx.options.lang)} × ${columnName(cell.column, frameworks, ctx)}`;
}

/** A chapter's cells laid out as a grid: layers as rows, columns (chapter-wide last) as columns. */
export interface ChapterGrid<T extends CellKey> {
  chapter: string;
  layers: string[];
  columns: Array<string | null>;
  cell: (layer: string, column: string | null) => T | undefined;
}

/** Groups cells (in framework order) into one grid per chapter, keeping the order they come in. */
export function chapterGrids<T extends CellKey>(cells: readonly T[]): Array<ChapterGrid<T>> {
  const grids = new Map<string, { layers: Set<string>; columns: Set<string | null>; cells: Map<string, T> }>();
  for (const cell of cells) {
    let grid = grids.get(cell.chapter);
    if (!grid) grids.set(cell.chapter, (grid = { layers: new Set(), columns: new Set(), cells: new Map() }));
    grid.layers.add(cell.layer);
    grid.columns.add(cell.column);
    grid.cells.set(`${cell.layer}/${cell.column ?? ''}`, cell);
  }
  return [...grids].map(([chapter, grid]) => ({
    chapter,
    layers: [...grid.layers],
    // The chapter-wide column goes last, as in the seeds' overview tables.
    columns: [...[...grid.columns].filter((c) => c !== null), ...(grid.columns.has(null) ? [null] : [])],
    cell: (layer, column) => grid.cells.get(`${layer}/${column ?? ''}`),
  }));
}

/** `2 fouten, 3 waarschuwingen.` */
export function issueSummary(issues: readonly Issue[], ctx: CommandContext): string {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return ctx.t('cli.issuesFound', { errors, warnings: issues.length - errors });
}
