/**
 * Plain-text output of the command line: box-drawn tables padded by display width, optional ANSI
 * colour, RFC 4180 CSV and JSON. No table library: the output must stay stable and dependency-free.
 */

import { neutraliseFormula } from '../domain/csv-formula';

// The escape character is the point of this pattern: it strips colour codes before measuring.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** Combining marks and zero-width characters take no column. */
const ZERO_WIDTH = /^[\p{M}\u200b-\u200f\u2060\ufeff]$/u;

/** East Asian wide and fullwidth ranges (and emoji), which take two columns in a terminal. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** The number of terminal columns a text takes (ANSI colour codes excluded). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    if (ZERO_WIDTH.test(char)) continue;
    width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return width;
}

export type Align = 'left' | 'right' | 'center';

export function pad(text: string, width: number, align: Align = 'left'): string {
  const free = Math.max(0, width - displayWidth(text));
  const before = align === 'right' ? free : align === 'center' ? Math.floor(free / 2) : 0;
  return ' '.repeat(before) + text + ' '.repeat(free - before);
}

/** Word-wraps a text to a display width; words longer than the width are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = word;
      while (displayWidth(rest) > width) {
        if (line) lines.push(line);
        line = '';
        const chars = [...rest];
        let cut = '';
        while (chars.length && displayWidth(cut + chars[0]) <= width) cut += chars.shift();
        lines.push(cut);
        rest = chars.join('');
      }
      if (!line) line = rest;
      else if (displayWidth(`${line} ${rest}`) <= width) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

export interface TableOptions {
  /** Header rows, separated from the body by a rule. */
  header?: string[][];
  align?: Align[];
  /** Per column: wrap longer cell text to this display width. */
  maxWidth?: Array<number | undefined>;
  /** Draw a rule between body rows (for tables with multi-line cells). */
  ruleBetweenRows?: boolean;
}

/** A table with box-drawing borders. Cells may hold several lines (`\n`) and ANSI colour. */
export function renderTable(body: string[][], options: TableOptions = {}): string[] {
  const header = options.header ?? [];
  const all = [...header, ...body];
  const columnCount = Math.max(0, ...all.map((row) => row.length));
  const split = (row: string[]) =>
    Array.from({ length: columnCount }, (_, i) => {
      const text = row[i] ?? '';
      const max = options.maxWidth?.[i];
      return max === undefined ? text.split('\n') : wrap(text, max);
    });
  const headerCells = header.map(split);
  const bodyCells = body.map(split);
  const widths = Array.from({ length: columnCount }, (_, i) =>
    Math.max(1, ...[...headerCells, ...bodyCells].flatMap((row) => row[i].map(displayWidth))),
  );
  const rule = (left: string, middle: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const rowLines = (row: string[][]) => {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    return Array.from(
      { length: height },
      (_, line) => `│ ${row.map((cell, i) => pad(cell[line] ?? '', widths[i], options.align?.[i])).join(' │ ')} │`,
    );
  };
  const lines = [rule('┌', '┬', '┐')];
  for (const row of headerCells) lines.push(...rowLines(row));
  if (headerCells.length) lines.push(rule('├', '┼', '┤'));
  bodyCells.forEach((row, index) => {
    if (index > 0 && options.ruleBetweenRows) lines.push(rule('├', '┼', '┤'));
    lines.push(...rowLines(row));
  });
  lines.push(rule('└', '┴', '┘'));
  return lines;
}

export type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'bold' | 'dim';

const CODES: Record<Colour, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/** Wraps text in an ANSI colour when colour is on; returns it unchanged otherwise. */
export type Painter = (text: string, colour: Colour) => string;

export function painter(enabled: boolean): Painter {
  return (text, colour) => (enabled ? `\u001b[${CODES[colour][0]}m${text}\u001b[${CODES[colour][1]}m` : text);
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colourWanted(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  return isTTY && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180). Text starting with = + - @ (or a tab or carriage return) gets a
 * leading quote so spreadsheets do not run it as a formula (CSV injection).
 */
export function csvField(value: CsvValue, quoteAll = false): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string') text = neutraliseFormula(text);
  return quoteAll || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with a header row, CRLF line ends (RFC 4180); `quoteAll` quotes every field. */
export function toCsv(header: readonly string[], rows: readonly CsvValue[][], options: { quoteAll?: boolean } = {}): string {
  return [header, ...rows].map((row) => row.map((value) => csvField(value, options.quoteAll)).join(',')).join('\r\n') + '\r\n';
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
