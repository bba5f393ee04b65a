/**
 * The agreement-set CSV of contract §7.3: reading it (RFC 4180 via csv-parse, `,` or `;`
 * detected from the header line, UTF-8 with or without BOM), validating every row against the
 * systems' frameworks, turning a valid row into the page it becomes (path, locale, title, tags,
 * body), and writing the same format from page facts (export). Pure: no host, no database; the
 * write permission and the pages that exist already are the import service's part.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { dump as dumpYaml } from 'js-yaml';
import type { Framework, Lang, PageFacts, TagValues } from './types';
import { AUTHOR_STATUSES, chapterKeys, columnKeys, layerKeys, resolveChapter, resolveColumn, resolveLayer, resolveStatus } from './framework';
import { isValidKey, normaliseValue, unique } from './normalize';
import { tagFor, TAG_PREFIXES } from './tags';
import { findBlocks } from './blocks';
import { systemsOf } from './catalog';
import { translate } from './messages';
import { normaliseWikiPath, suggestedAgreementPath, wikiPathProblem } from './wiki-path';
import { inertCell, restoreCell } from './csv-formula';
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
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCALE = /^[a-z]{2}(?:-[a-z]{2,4})?$/;

export type ImportIssueCode =
  | 'too-large'
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
    detail: issue.detail,
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

/** Reads the CSV text; every problem with the file as a whole is an issue with its line. */
export function readImportCsv(csv: string): ReadCsv {
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) return fail({ code: 'too-large', line: 1, detail: String(MAX_IMPORT_BYTES / 1024 / 1024) });
  // U+FFFD is what a UTF-8 decoder leaves of Latin-1 (or other non-UTF-8) bytes.
  const broken = csv.indexOf('\uFFFD');
  if (broken !== -1) return fail({ code: 'encoding', line: lineAt(csv, broken) });
  const text = csv.replace(/^\uFEFF/, '');
  if (text.trim().length === 0) return fail({ code: 'empty', line: 1 });
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, csv-parse returns `{ record, info }` objects; its typings describe plain records.
    records = parse(text, { delimiter: detectDelimiter(text), info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return fail({ code: 'syntax', line: lines ?? 1, detail: message });
  }
  const [head, ...data] = records;
  const headerIssues: ImportIssue[] = [];
  const fields: Array<ImportField | undefined> = head.record.map((raw) => {
    const name = normaliseValue(raw.replace(/^\uFEFF/, ''));
    const field = FIELD_BY_HEADER.get(name);
    if (!field) headerIssues.push({ code: 'unknown-header', line: 1, field: raw, validValues: Object.values(IMPORT_COLUMNS).map(([nl, en]) => (nl === en ? nl : `${nl}|${en}`)) });
    return field;
  });
  fields.forEach((field, index) => {
    if (field && fields.indexOf(field) !== index) headerIssues.push({ code: 'duplicate-header', line: 1, field: head.record[index] });
  });
  if (!fields.includes('title')) headerIssues.push({ code: 'missing-header', line: 1, field: 'titel' });
  if (headerIssues.length) return { rows: [], issues: headerIssues };
  const headers: Partial<Record<ImportField, string>> = {};
  fields.forEach((field, index) => {
    if (field) headers[field] = head.record[index].replace(/^\uFEFF/, '').trim();
  });
  const rows: CsvRow[] = [];
  const issues: ImportIssue[] = [];
  let previousEnd = head.info.lines;
  for (const { record, info } of data) {
    // A record starts after the previous one; quoted line breaks make it end further down.
    const line = info.lines - countLineBreaks(record) > previousEnd ? info.lines - countLineBreaks(record) : previousEnd + 1;
    previousEnd = info.lines;
    if (record.length !== fields.length) issues.push({ code: 'field-count', line, value: String(record.length), detail: String(fields.length) });
    const values: Partial<Record<ImportField, string>> = {};
    record.forEach((cell, index) => {
      const field = fields[index];
      if (field) values[field] = restoreCell(cell);
    });
    rows.push({ line, values, headers });
  }
  return { rows, issues };
}

function fail(issue: ImportIssue): ReadCsv {
  return { rows: [], issues: [issue] };
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split(/\r\n|\n|\r/).length;
}

function countLineBreaks(record: string[]): number {
  return record.reduce((sum, cell) => sum + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
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
  for (const row of planned) {
    if (row.path === undefined || row.locale === undefined) continue;
    const id = `${row.locale}/${row.path}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, row.line);
    else {
      const field = rows.find((r) => r.line === row.line)?.headers.path ?? IMPORT_COLUMNS.path[0];
      row.issues.push({ code: 'duplicate-path', line: row.line, field, value: id, detail: String(first) });
      row.draft = undefined;
    }
  }
  return planned;
}

function planRow(row: CsvRow, context: ImportContext): PlannedRow {
  const issues: ImportIssue[] = [];
  const header = (field: ImportField) => row.headers[field] ?? IMPORT_COLUMNS[field][0];
  const issue = (field: ImportField, code: ImportIssueCode, extra: Partial<ImportIssue> = {}) => issues.push({ code, line: row.line, field: header(field), ...extra });
  const text = (field: ImportField) => (row.values[field] ?? '').trim();
  const list = (field: ImportField) => unique(text(field).split('|').map((v) => v.trim()).filter((v) => v.length > 0));

  const title = text('title');
  if (!title) issue('title', 'required');
  else if (title.length > MAX_TITLE_LENGTH) issue('title', 'too-long', { detail: String(MAX_TITLE_LENGTH) });
  else if (/[\r\n]/.test(title)) issue('title', 'line-break');

  const keys = (field: ImportField) =>
    list(field).flatMap((raw) => {
      const key = normaliseValue(raw);
      if (isValidKey(key) && key.length <= MAX_KEY_LENGTH) return [key];
      issue(field, 'invalid-key', { value: raw });
      return [];
    });
  const systems = text('systems') ? keys('systems') : context.defaultSystem ? [normaliseValue(context.defaultSystem)] : [];
  if (systems.length === 0 && !text('systems')) issue('systems', 'required');

  // Placement values resolved in each of the row's systems' frameworks (usually one).
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
  const statuses = unique(list('status').flatMap((raw) => {
    const status = resolveStatus(raw);
    if (status) return [status];
    issue('status', 'unknown-status', { value: raw, validValues: [...AUTHOR_STATUSES] });
    return [];
  }));
  if (statuses.length > 1) issue('status', 'several-statuses', { value: statuses.join(' | ') });
  const themes = keys('themes');
  const parties = keys('parties');
  for (const field of ['agreed', 'reviewBy'] as const) {
    const value = text(field);
    if (value && !isDate(value)) issue(field, 'invalid-date', { value });
  }

  const locale = (text('locale') || context.siteLocale).toLowerCase();
  if (!LOCALE.test(locale)) issue('locale', 'invalid-locale', { value: text('locale') });
  const firstCell = columns[0] ? { chapter: columns[0].chapter.key, column: columns[0].column.key } : { chapter: chapters[0]?.key ?? '', column: null };
  const rawPath = text('path');
  const path = rawPath ? normaliseWikiPath(rawPath) : systems[0] && title ? suggestedAgreementPath({ key: systems[0], pagePath: context.systemOf(systems[0]).pagePath }, firstCell, title) : undefined;
  if (path !== undefined) {
    const problem = wikiPathProblem(path);
    if (problem) issue('path', 'invalid-path', { value: path, detail: problem });
  }

  const planned: PlannedRow = { line: row.line, path, locale, issues };
  if (issues.length === 0 && path !== undefined) {
    const placement: TagValues = {
      systems,
      columns: unique(columns.map((c) => c.column.key)),
      chapters: unique(chapters.map((c) => c.key)),
      layers: unique(layers.map((l) => l.key)),
      statuses,
      themes,
      parties,
    };
    const tags = (['systems', 'columns', 'chapters', 'layers', 'statuses', 'themes', 'parties'] as const).flatMap((field) => placement[field].map((value) => tagFor(field, value)));
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
  const body = content.trim() ? content.replace(/\s+$/, '') : `# ${escapeHeading(title)}`;
  if (Object.keys(block).length === 0) return `${body}\n`;
  const yaml = dumpYaml(block, { lineWidth: -1 });
  const longest = Math.max(2, ...(yaml.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${body}\n\n${fence}afspraak\n${yaml}${fence}\n`;
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

/** The export: one row per agreement page of the system (all of its systems), Dutch header. */
export function exportAgreementsCsv(pages: readonly PageFacts[], system: string): string {
  const key = normaliseValue(system);
  const agreements = pages.filter((page) => systemsOf(page).includes(key) && !page.systemDeclarations.some((d) => d.key === key));
  const fields = Object.keys(IMPORT_COLUMNS) as ImportField[];
  const rows = agreements
    .slice()
    .sort((a, b) => (a.locale === b.locale ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.locale < b.locale ? -1 : 1))
    .map((page) => {
      const values = exportValues(page);
      return fields.map((field) => inertCell(values[field] ?? ''));
    });
  const header = fields.map((field) => IMPORT_COLUMNS[field][0]);
  return '\uFEFF' + stringify([header, ...rows], { record_delimiter: 'windows' });
}

function exportValues(page: PageFacts): Partial<Record<ImportField, string>> {
  const block = page.agreement;
  const merged = (field: keyof TagValues, fromBlock: string[] = []) => unique([...page.tagValues[field], ...fromBlock]).join(' | ');
  const blockStatus = block?.status === undefined ? undefined : resolveStatus(block.status);
  const tagStatuses = unique(page.tagValues.statuses.map(resolveStatus));
  const status = blockStatus ?? (tagStatuses.length === 1 ? tagStatuses[0] : undefined);
  return {
    title: page.title,
    path: page.path,
    locale: page.locale,
    systems: systemsOf(page).join(' | '),
    columns: merged('columns', block?.columns),
    chapters: merged('chapters', block?.chapters),
    layers: merged('layers', block?.layers),
    status: status ?? '',
    themes: merged('themes', block?.themes),
    parties: merged('parties', block?.parties),
    owner: block?.owner,
    agreed: block?.agreed,
    reviewBy: block?.reviewBy,
    sources: block?.sources.join(' | '),
    contact: block?.contact,
  };
}
