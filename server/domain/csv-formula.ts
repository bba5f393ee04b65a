/**
 * CSV formula injection (OWASP): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is run as a formula by spreadsheets, so exports prefix it with `'`. One rule for every
 * CSV the project writes (CLI, client exports, the import format).
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
