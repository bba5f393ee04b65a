/**
 * Writing CSV safely, for every CSV the project writes (CLI, GraphQL export, client exports).
 * Every field is quoted, so a `,` or `;` inside a value never splits it, whichever separator a
 * spreadsheet assumes (Dutch Excel splits on `;`). And CSV formula injection (OWASP): a cell
 * starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
 * spreadsheets, so it gets a leading `'`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The exports' rule: text a spreadsheet would run gets a leading `'`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The import format's variant, reversible by `restoreCell`: text that starts with formula
 * syntax after any number of `'` gets one more `'`, so a value that really starts with `'=`
 * survives the round trip too.
 */
export function inertCell(text: string): string {
  return /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The inverse of `inertCell`: one leading `'` before formula syntax is dropped on import. */
export function restoreCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** How text becomes inert (default `neutraliseFormula`; the import format uses `inertCell`). */
  inert?: (text: string) => string;
  /** A leading byte-order mark, so Excel reads UTF-8. */
  bom?: boolean;
}

/** One field (RFC 4180): always quoted, quotes doubled; text made inert, numbers and booleans as they are. */
export function csvField(value: CsvValue, inert: (text: string) => string = neutraliseFormula): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? inert(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** A CSV document: one record a row, CRLF line ends (RFC 4180). */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>, options: CsvOptions = {}): string {
  const body = rows.map((row) => row.map((value) => csvField(value, options.inert)).join(',')).join('\r\n');
  return `${options.bom ? '\uFEFF' : ''}${body}\r\n`;
}
