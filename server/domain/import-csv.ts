/**
 * The agreement-set CSV of contract §7.3: reading it (RFC 4180, `,` or `;`
 * detected from the header line, UTF-8 with or without BOM), validating every row against the
 * systems' frameworks, turning a valid row into the page it becomes (path, locale, title, tags,
 * body), and writing the same format from page facts (export). Pure: no host, no database; the
 * write permission and the pages that exist already are the import service's part.
 */
import { dump as dumpYaml } from 'js-yaml';
import type { Framework, Lang, PageFacts, PageLink, TagValues } from './types';
import { AUTHOR_STATUSES, chapterKeys, columnKeys, layerKeys, resolveChapter, resolveColumn, resolveLayer, resolveStatus } from './framework';
import { isValidKey, normaliseValue, unique } from './normalize';
import { tagFor, TAG_PREFIXES } from './tags';
import { findBlocks, MAX_BLOCK_CHARS, MAX_TEXT_CHARS } from './blocks';
import { statusOf, systemsOf } from './catalog';
import { translate } from './messages';
import { normaliseWikiPath, suggestedAgreementPath, wikiPathProblem } from './wiki-path';
import { inertCell, restoreCell, writeCsv } from './csv-formula';
import { MAX_KEY_LENGTH, MAX_TITLE_LENGTH } from './limits';

/** The columns of the format, in export order: field → [Dutch header, English header]. */
export const IMPORT_COLUMNS = {
  title: ['titel', 'title'],
  path: ['pad', 'path'],
  locale: ['locale', 'locale'],
  systems: ['stelsel', 'system'],
  columns: ['kolom', 'column'],
  chapters: ['hoofdstuk', 'chapter'],
  layers: ['laag', 'layer'],
  status: ['status', 'status'],
  themes: ['thema', 'theme'],
  parties: ['partijen', 'parties'],
  owner: ['eigenaar', 'owner'],
  agreed: ['vastgesteld', 'agreed'],
  reviewBy: ['herzien-voor', 'review-by'],
  sources: ['bronnen', 'sources'],
  contact: ['contact', 'contact'],
  basedOn: ['gebaseerd-op', 'based-on'],
  derivesFrom: ['volgt-uit', 'derives-from'],
  uses: ['gebruikt', 'uses'],
  content: ['inhoud', 'content'],
} as const;

export type ImportField = keyof typeof IMPORT_COLUMNS;

const FIELD_BY_HEADER = new Map<string, ImportField>(
  (Object.entries(IMPORT_COLUMNS) as Array<[ImportField, readonly string[]]>).flatMap(([field, names]) => names.map((n) => [n, field] as [string, ImportField])),
);

/** Fields that hold several values separated by `|`. */
const MULTI_FIELDS: ReadonlySet<ImportField> = new Set(['systems', 'columns', 'chapters', 'layers', 'themes', 'parties', 'sources', 'basedOn', 'derivesFrom', 'uses']);

/** The `afspraak` block fields a row may carry, in the order they are written. */
const BLOCK_FIELDS: ReadonlyArray<ImportField> = ['owner', 'agreed', 'reviewBy', 'sources', 'contact', 'basedOn', 'derivesFrom', 'uses'];

/** The `afspraak` block of an imported page, by Dutch field name. */
export type AgreementBlockFields = Record<string, string | string[]>;

/** Larger files are refused before parsing (GraphQL argument, upload and CLI alike). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Data rows one import may hold (README): more are refused before any row is validated. */
export const MAX_IMPORT_ROWS = 5000;
/** A cell other than `inhoud` longer than an `afspraak` block can be is refused before it is looked at. */
const MAX_CELL_LENGTH = MAX_BLOCK_CHARS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCALE = /^[a-z]{2}(?:-[a-z]{2,4})?$/;

export type ImportIssueCode =
  | 'too-large'
  | 'too-many-rows'
  | 'empty'
  | 'encoding'
  | 'syntax'
  | 'unknown-header'
  | 'duplicate-header'
  | 'missing-header'
  | 'field-count'
  | 'required'
  | 'invalid-key'
  | 'unknown-value'
  | 'unknown-status'
  | 'line-break'
  | 'chapter-column-conflict'
  | 'several-statuses'
  | 'invalid-date'
  | 'invalid-locale'
  | 'invalid-path'
  | 'duplicate-path'
  | 'too-long'
  | 'forbidden'
  | 'write-failed';

/** One problem of an import, on its CSV line (the header is line 1). */
export interface ImportIssue {
  code: ImportIssueCode;
  line: number;
  /** The column's header as the file wrote it. */
  field?: string;
  value?: string;
  validValues?: string[];
  detail?: string;
}

/** A readable message in Dutch or English, always naming the line (and field). */
export function formatImportIssue(issue: ImportIssue, lang: Lang): string {
  const message = translate(lang, `importCsv.issue.${issue.code}`, {
    field: issue.field,
    value: issue.value,
    validValues: issue.validValues?.join(', '),
    // A syntax problem's detail is the key of its own message.
    detail: issue.code === 'syntax' && issue.detail ? translate(lang, `importCsv.syntax.${issue.detail}`) : issue.detail,
  });
  const where = issue.field ? translate(lang, 'importCsv.lineField', { line: issue.line, field: issue.field }) : translate(lang, 'importCsv.line', { line: issue.line });
  return `${where}: ${message}`;
}

/** A data row as read: values by field (cells restored from their inert form), and its headers. */
export interface CsvRow {
  line: number;
  values: Partial<Record<ImportField, string>>;
  headers: Partial<Record<ImportField, string>>;
}

export interface ReadCsv {
  rows: CsvRow[];
  /** File-level problems (size, encoding, syntax, headers); no rows are returned with them. */
  issues: ImportIssue[];
}

/** `;` when the header line has more of them than of `,` (outside quotes), else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Reads the CSV text: file-level problems end the reading; header and row problems are all reported with their lines. */
export function readImportCsv(csv: string): ReadCsv {
  // Sizes first: a string's length never exceeds its UTF-8 byte count.
  if (csv.length > MAX_IMPORT_BYTES || Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) return fail({ code: 'too-large', line: 1, detail: String(MAX_IMPORT_BYTES / 1024 / 1024) });
  // U+FFFD is what a UTF-8 decoder leaves of Latin-1 (or other non-UTF-8) bytes.
  const broken = csv.indexOf('\uFFFD');
  if (broken !== -1) return fail({ code: 'encoding', line: lineAt(csv, broken) });
  const text = csv.charCodeAt(0) === BOM ? csv.slice(1) : csv;
  if (text.trim().length === 0) return fail({ code: 'empty', line: 1 });
  // The header and one record more than allowed: enough to tell a file is too long, no more work.
  const parsed = parseCsv(text, detectDelimiter(text), MAX_IMPORT_ROWS + 2);
  if ('syntax' in parsed) return fail({ code: 'syntax', line: parsed.syntax.line, detail: parsed.syntax.reason });
  const [head, ...data] = parsed.records;
  if (data.length > MAX_IMPORT_ROWS) return fail({ code: 'too-many-rows', line: data[MAX_IMPORT_ROWS].line, detail: String(MAX_IMPORT_ROWS) });
  const issues: ImportIssue[] = [];
  const seen = new Set<ImportField>();
  const fields: Array<ImportField | undefined> = head.cells.map((raw) => {
    const field = FIELD_BY_HEADER.get(normaliseValue(raw.trim()));
    if (!field) issues.push({ code: 'unknown-header', line: head.line, field: raw, validValues: Object.values(IMPORT_COLUMNS).map(([nl, en]) => (nl === en ? nl : `${nl}|${en}`)) });
    else if (seen.has(field)) {
      issues.push({ code: 'duplicate-header', line: head.line, field: raw });
      return undefined;
    }
    if (field) seen.add(field);
    return field;
  });
  if (!seen.has('title')) issues.push({ code: 'missing-header', line: head.line, field: IMPORT_COLUMNS.title[0] });
  const headers: Partial<Record<ImportField, string>> = {};
  fields.forEach((field, index) => {
    if (field) headers[field] = head.cells[index].trim();
  });
  // Every row is read and validated even when the header has errors: the author sees them all at once.
  const rows: CsvRow[] = data.map(({ line, cells }) => {
    if (cells.length !== head.cells.length) issues.push({ code: 'field-count', line, value: String(cells.length), detail: String(head.cells.length) });
    const values: Partial<Record<ImportField, string>> = {};
    cells.forEach((cell, index) => {
      const field = fields[index];
      if (field) values[field] = restoreCell(cell);
    });
    return { line, values, headers };
  });
  return { rows, issues };
}

function fail(issue: ImportIssue): ReadCsv {
  return { rows: [], issues: [issue] };
}

const BOM = 0xfeff;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Why a CSV cannot be read (the key of its message), and on which physical line. */
export type CsvSyntaxProblem = 'quote-in-field' | 'text-after-quote' | 'unclosed-quote';

interface CsvRecord {
  /** The physical line the record starts on (CRLF, LF and CR each end a line). */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 in one pass over the text: quoted fields may hold the separator, `""` and line breaks;
 * empty lines are skipped; at most `maxRecords` records are read. Each record keeps the line it
 * starts on, counted here rather than taken from a parser that counts a CRLF inside a quoted
 * field as two lines.
 */
export function parseCsv(text: string, delimiter: ',' | ';', maxRecords: number): { records: CsvRecord[] } | { syntax: { line: number; reason: CsvSyntaxProblem } } {
  const separator = delimiter.charCodeAt(0);
  const end = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const lineBreakAt = (at: number) => (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1);
  while (i < end) {
    const first = text.charCodeAt(i);
    if (first === CR || first === LF) {
      i += lineBreakAt(i);
      line++;
      continue;
    }
    if (records.length === maxRecords) break;
    const record: CsvRecord = { line, cells: [] };
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) return { syntax: { line: opened, reason: 'unclosed-quote' } };
          line += lineBreaksIn(text, from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          i = quote + 1;
          break;
        }
        const next = text.charCodeAt(i);
        if (i < end && next !== separator && next !== CR && next !== LF) return { syntax: { line, reason: 'text-after-quote' } };
        record.cells.push(value);
      } else {
        let stop = i;
        for (; stop < end; stop++) {
          const char = text.charCodeAt(stop);
          if (char === separator || char === CR || char === LF) break;
          if (char === QUOTE) return { syntax: { line, reason: 'quote-in-field' } };
        }
        record.cells.push(text.slice(i, stop));
        i = stop;
      }
      if (i < end && text.charCodeAt(i) === separator) {
        i++;
        continue;
      }
      break;
    }
    records.push(record);
    if (i < end) {
      i += lineBreakAt(i);
      line++;
    }
  }
  return { records };
}

/** Line breaks in text[from, to): CRLF, LF and CR alike count one. */
function lineBreaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) {
    const char = text.charCodeAt(at);
    if (char === CR || (char === LF && text.charCodeAt(at - 1) !== CR)) count++;
  }
  return count;
}

function lineAt(text: string, index: number): number {
  return 1 + lineBreaksIn(text, 0, index);
}

/** What validation needs to know of a system: its framework and system page. */
export interface ImportSystem {
  framework: Framework;
  pagePath?: string;
}

export interface ImportContext {
  /** The locale of rows without one: the wiki's site language. */
  siteLocale: string;
  /** The system of rows whose `stelsel` is empty (the `system` argument). */
  defaultSystem?: string;
  /** A system by key; one known only from tags (or not at all yet) has the default framework. */
  systemOf(key: string): ImportSystem;
}

/** The page a valid row becomes. */
export interface PageDraftPlan {
  path: string;
  locale: string;
  title: string;
  tags: string[];
  content: string;
}

export interface PlannedRow {
  line: number;
  /** The path the row writes to, when it could be worked out. */
  path?: string;
  locale?: string;
  draft?: PageDraftPlan;
  /** What an update of an existing page builds its body from (see `updatedContent`). */
  body?: { content: string; block: AgreementBlockFields };
  issues: ImportIssue[];
}

/** Validates every row and turns the valid ones into page drafts; duplicates are checked across rows. */
export function planImportRows(rows: readonly CsvRow[], context: ImportContext): PlannedRow[] {
  const planned = rows.map((row) => planRow(row, context));
  const seen = new Map<string, number>();
  planned.forEach((row, index) => {
    if (row.path === undefined || row.locale === undefined) return;
    const id = `${row.locale}/${row.path}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, row.line);
    else {
      row.issues.push({ code: 'duplicate-path', line: row.line, field: headerName(rows[index], 'path'), value: id, detail: String(first) });
      row.draft = undefined;
    }
  });
  return planned;
}

/** A column's header as the file wrote it (Dutch when the file has no such column): how issues name their field. */
export function headerName(row: Pick<CsvRow, 'headers'>, field: ImportField): string {
  return row.headers[field] ?? IMPORT_COLUMNS[field][0];
}

/** One row's cells as the checks read them, and the issues found so far. */
interface RowCells {
  row: CsvRow;
  issues: ImportIssue[];
  issue(field: ImportField, code: ImportIssueCode, extra?: Partial<ImportIssue>): void;
  /** The cell trimmed; empty when it was too long (reported once). */
  text(field: ImportField): string;
  /** A `|`-separated cell's distinct values. */
  list(field: ImportField): string[];
  /** A list cell's values as keys; each invalid one reported. */
  keys(field: ImportField): string[];
  tooLong: ReadonlySet<ImportField>;
}

function rowCells(row: CsvRow): RowCells {
  const issues: ImportIssue[] = [];
  const issue = (field: ImportField, code: ImportIssueCode, extra: Partial<ImportIssue> = {}) =>
    void issues.push({ code, line: row.line, field: headerName(row, field), ...extra, ...(extra.value === undefined ? {} : { value: shortened(extra.value) }) });
  // Lengths before anything else looks at a cell: an over-long one is reported once and read as empty.
  const tooLong = new Set<ImportField>();
  for (const field of Object.keys(row.values) as ImportField[]) {
    if (field !== 'content' && (row.values[field] ?? '').length > MAX_CELL_LENGTH) {
      tooLong.add(field);
      issue(field, 'too-long', { detail: String(MAX_CELL_LENGTH) });
    }
  }
  const text = (field: ImportField) => (tooLong.has(field) ? '' : (row.values[field] ?? '').trim());
  const list = (field: ImportField) => unique(text(field).split('|').map((v) => v.trim()).filter((v) => v.length > 0));
  const keys = (field: ImportField) =>
    list(field).flatMap((raw) => {
      const key = normaliseValue(raw);
      if (isValidKey(key) && key.length <= MAX_KEY_LENGTH) return [key];
      issue(field, 'invalid-key', { value: raw });
      return [];
    });
  return { row, issues, issue, text, list, keys, tooLong };
}

function planRow(row: CsvRow, context: ImportContext): PlannedRow {
  const cells = rowCells(row);
  const { issue, text, list, tooLong, issues } = cells;

  const title = text('title');
  // Without a title column the header's error says so, once.
  if (!title && row.headers.title !== undefined && !tooLong.has('title')) issue('title', 'required');
  else if (title.length > MAX_TITLE_LENGTH) issue('title', 'too-long', { detail: String(MAX_TITLE_LENGTH) });
  else if (/[\r\n]/.test(title)) issue('title', 'line-break');

  const placement = rowPlacement(cells, context);
  const { systems, columns, chapters } = placement;
  for (const field of ['agreed', 'reviewBy'] as const) {
    const value = text(field);
    if (value && !isDate(value)) issue(field, 'invalid-date', { value });
  }
  // The block reader keeps no more of a text than this: a longer one would be cut without a word.
  for (const field of ['owner', 'contact'] as const) {
    if (text(field).length > MAX_TEXT_CHARS) issue(field, 'too-long', { detail: String(MAX_TEXT_CHARS) });
  }

  const locale = (text('locale') || context.siteLocale).toLowerCase();
  if (!LOCALE.test(locale)) issue('locale', 'invalid-locale', { value: text('locale') });
  const firstCell = columns[0] ? { chapter: columns[0].chapter.key, column: columns[0].column.key } : { chapter: chapters[0]?.key ?? '', column: null };
  const rawPath = text('path');
  const suggested = !rawPath && systems[0] && title && !tooLong.has('path') ? suggestedAgreementPath({ key: systems[0], pagePath: context.systemOf(systems[0]).pagePath }, firstCell, title) : undefined;
  // The length is checked (on the raw text) before the path is trimmed or looked at.
  const problem = rawPath ? wikiPathProblem(rawPath) : suggested === undefined ? undefined : wikiPathProblem(suggested);
  const path = problem === 'too-long' ? undefined : rawPath ? normaliseWikiPath(rawPath) : suggested;
  if (problem) issue('path', 'invalid-path', { value: path ?? rawPath, detail: problem });

  const planned: PlannedRow = { line: row.line, path, locale, issues };
  if (issues.length === 0 && path !== undefined) {
    const tags = (['systems', 'columns', 'chapters', 'layers', 'statuses', 'themes', 'parties'] as const).flatMap((field) => placement.values[field].map((value) => tagFor(field, value)));
    const block: AgreementBlockFields = {};
    for (const field of BLOCK_FIELDS) {
      const value = MULTI_FIELDS.has(field) ? list(field) : text(field);
      if (value.length > 0) block[IMPORT_COLUMNS[field][0]] = value;
    }
    const content = row.values.content ?? '';
    planned.draft = { path, locale, title, tags, content: agreementContent(content, title, block) };
    planned.body = { content, block };
  }
  return planned;
}

/** The row's placement: systems, then columns, chapters and layers resolved in each system's framework (usually one), status, themes and parties. */
function rowPlacement(cells: RowCells, context: ImportContext) {
  const { issue, text, list, keys } = cells;
  const systems = text('systems') ? keys('systems') : context.defaultSystem ? [normaliseValue(context.defaultSystem)] : [];
  if (systems.length === 0 && !text('systems')) issue('systems', 'required');
  const frameworks = unique(systems.map((key) => context.systemOf(key).framework));
  const resolveAll = <T>(field: ImportField, resolve: (f: Framework, raw: string) => T | undefined, valid: (f: Framework) => string[]) =>
    list(field).flatMap((raw) => {
      const found = frameworks.map((f) => resolve(f, raw));
      const missing = frameworks.findIndex((_, i) => found[i] === undefined);
      if (missing === -1) return found.length ? [found[0] as T] : [];
      issue(field, 'unknown-value', { value: raw, validValues: valid(frameworks[missing]) });
      return [];
    });
  const columns = resolveAll('columns', resolveColumn, columnKeys);
  const chapters = resolveAll('chapters', resolveChapter, chapterKeys);
  const layers = resolveAll('layers', resolveLayer, layerKeys);
  for (const chapter of chapters) {
    const other = columns.find((c) => c.chapter.key !== chapter.key);
    if (other && !columns.some((c) => c.chapter.key === chapter.key)) issue('chapters', 'chapter-column-conflict', { value: chapter.key, detail: other.column.key });
  }
  const statuses = unique(
    list('status').flatMap((raw) => {
      const status = resolveStatus(raw);
      if (status) return [status];
      issue('status', 'unknown-status', { value: raw, validValues: [...AUTHOR_STATUSES] });
      return [];
    }),
  );
  if (statuses.length > 1) issue('status', 'several-statuses', { value: statuses.join(' | ') });
  const values: TagValues = {
    systems,
    columns: unique(columns.map((c) => c.column.key)),
    chapters: unique(chapters.map((c) => c.key)),
    layers: unique(layers.map((l) => l.key)),
    statuses,
    themes: keys('themes'),
    parties: keys('parties'),
  };
  return { systems, columns, chapters, values };
}

/** A value quoted in a message: long ones shortened, so an error never repeats a whole cell. */
function shortened(value: string): string {
  return value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value;
}
const MAX_QUOTED_LENGTH = 100;

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * The page body: `inhoud` (default `# <titel>`, the title as inert text) and, when the row has
 * any, an `afspraak` block with its fields. YAML comes from js-yaml's dump, so no value can
 * break out of the block; the fence is longer than any backtick run in the values.
 */
export function agreementContent(content: string, title: string, block: AgreementBlockFields): string {
  // trimEnd, not `/\s+$/`: that backtracks over every run of white space (quadratic on 80,000 spaces).
  const body = content.trim() ? content.trimEnd() : `# ${escapeHeading(title)}`;
  if (Object.keys(block).length === 0) return `${body}\n`;
  const yaml = dumpYaml(block, { lineWidth: -1 });
  const fence = '`'.repeat(longestBacktickRun(yaml, 2) + 1);
  return `${body}\n\n${fence}afspraak\n${yaml}${fence}\n`;
}

/** The longest run of backticks in the text, at least `minimum` (one pass; no spread of a huge list). */
function longestBacktickRun(text: string, minimum: number): number {
  let longest = minimum;
  let run = 0;
  for (let at = 0; at < text.length; at++) {
    run = text.charCodeAt(at) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Markdown and HTML syntax in a title shown as the literal text. */
function escapeHeading(title: string): string {
  return title.replace(/[\\`*_[\]#~<>&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`));
}

/**
 * The body an update writes: the row's `inhoud`, or else the page's own body without its
 * `afspraak` blocks, followed by the row's block; a row that sets neither keeps the content.
 */
export function updatedContent(existing: string, title: string, body: { content: string; block: AgreementBlockFields }): string {
  if (!body.content.trim() && Object.keys(body.block).length === 0) return existing;
  return agreementContent(body.content.trim() ? body.content : bodyWithoutAgreementBlocks(existing), title, body.block);
}

/** The body without its `afspraak` blocks: what an update keeps when the row sets no `inhoud`. */
export function bodyWithoutAgreementBlocks(content: string): string {
  const lines = content.split(/\r\n|\n|\r/);
  const drop = new Set<number>();
  for (const block of findBlocks(content)) {
    if (block.kind !== 'agreement') continue;
    const bodyLines = block.body === '' ? 0 : block.body.split(/\r\n|\n|\r/).length;
    const last = block.closed ? block.line + bodyLines : lines.length - 1;
    for (let i = block.line - 1; i <= last && i < lines.length; i++) drop.add(i);
  }
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}

/** The tags of a page whose prefix is one of the contract's (§7.2): an import replaces those. */
export function isPlacementTag(tag: string): boolean {
  const colon = tag.indexOf(':');
  if (colon <= 0) return false;
  const prefix = normaliseValue(tag.slice(0, colon));
  return Object.values(TAG_PREFIXES).some((prefixes) => prefixes.includes(prefix));
}

/** A value the export leaves out because it is itself a validation issue of its page (`validate` lists it). */
export interface OmittedValue {
  locale: string;
  path: string;
  /** The column it would have gone in (Dutch header). */
  field: string;
  value: string;
}

export interface AgreementExport {
  csv: string;
  omitted: OmittedValue[];
}

/**
 * The export: one row per agreement page of the system (all of its systems), Dutch header, every
 * field quoted. Placement values are written in their canonical form, and only those the import
 * accepts (known to every framework of the row's systems; no chapter beside a column of another
 * one; one status), so the file imports into the same matrix; the rest is `omitted`.
 */
export function exportAgreements(pages: readonly PageFacts[], system: string, frameworkOf: (system: string) => Framework): AgreementExport {
  const key = normaliseValue(system);
  const agreements = pages.filter((page) => systemsOf(page).includes(key) && !page.systemDeclarations.some((d) => d.key === key));
  const fields = Object.keys(IMPORT_COLUMNS) as ImportField[];
  const omitted: OmittedValue[] = [];
  const rows = agreements
    .slice()
    .sort((a, b) => (a.locale === b.locale ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.locale < b.locale ? -1 : 1))
    .map((page) => {
      const values = exportValues(page, frameworkOf, (field, value) => omitted.push({ locale: page.locale, path: page.path, field: IMPORT_COLUMNS[field][0], value }));
      return fields.map((field) => values[field] ?? '');
    });
  const header = fields.map((field) => IMPORT_COLUMNS[field][0]);
  return { csv: writeCsv([header, ...rows], { inert: inertCell, bom: true }), omitted };
}

function exportValues(page: PageFacts, frameworkOf: (system: string) => Framework, omit: (field: ImportField, value: string) => void): Partial<Record<ImportField, string>> {
  const block = page.agreement;
  const raw = (field: keyof TagValues, fromBlock: string[] = []) => unique([...page.tagValues[field], ...fromBlock]);
  const validKeys = (field: ImportField, values: string[]) =>
    values.filter((value) => {
      if (isValidKey(value) && value.length <= MAX_KEY_LENGTH) return true;
      omit(field, value);
      return false;
    });
  const systems = validKeys('systems', systemsOf(page));
  const frameworks = unique(systems.map(frameworkOf));
  // As the import resolves them: in every framework of the row's systems, written as the first one's key.
  const canonical = <T>(field: ImportField, values: string[], resolve: (f: Framework, raw: string) => T | undefined, keyOf: (found: T) => string): T[] => {
    const found = new Map<string, T>();
    for (const value of values) {
      const resolved = frameworks.map((framework) => resolve(framework, value));
      if (resolved.length > 0 && resolved.every((r) => r !== undefined)) {
        const item = resolved[0] as T;
        if (!found.has(keyOf(item))) found.set(keyOf(item), item);
      } else omit(field, value);
    }
    return [...found.values()];
  };
  const columns = canonical('columns', raw('columns', block?.columns), resolveColumn, (c) => c.column.key);
  const columnChapters = new Set(columns.map((c) => c.chapter.key));
  // A chapter beside a column of another chapter does not place the page (the column does): left out.
  const chapters = canonical('chapters', raw('chapters', block?.chapters), resolveChapter, (c) => c.key).filter((chapter) => {
    if (columns.length === 0 || columnChapters.has(chapter.key)) return true;
    omit('chapters', chapter.key);
    return false;
  });
  const layers = canonical('layers', raw('layers', block?.layers), resolveLayer, (l) => l.key);
  const { status } = statusOf(page);
  for (const value of unique([...page.tagValues.statuses, ...(block?.status === undefined ? [] : [block.status])])) {
    if (resolveStatus(value) !== status) omit('status', value);
  }
  const date = (field: 'agreed' | 'reviewBy', value: string | undefined) => {
    if (value === undefined || isDate(value)) return value;
    omit(field, value);
    return undefined;
  };
  const link = (l: PageLink) => (l.locale ? `/${l.locale}/${l.path}` : l.path);
  return {
    title: page.title,
    path: page.path,
    locale: page.locale,
    systems: systems.join(' | '),
    columns: columns.map((c) => c.column.key).join(' | '),
    chapters: chapters.map((c) => c.key).join(' | '),
    layers: layers.map((l) => l.key).join(' | '),
    status: status === 'onbekend' ? '' : status,
    themes: validKeys('themes', raw('themes', block?.themes)).join(' | '),
    parties: validKeys('parties', raw('parties', block?.parties)).join(' | '),
    owner: block?.owner,
    agreed: date('agreed', block?.agreed),
    reviewBy: date('reviewBy', block?.reviewBy),
    sources: block?.sources.join(' | '),
    contact: block?.contact,
    // `?? []`: facts indexed before the link fields existed have none.
    basedOn: (block?.basedOn ?? []).map(link).join(' | '),
    derivesFrom: (block?.derivesFrom ?? []).map(link).join(' | '),
    uses: (block?.uses ?? []).map(link).join(' | '),
  };
}
