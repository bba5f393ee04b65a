/**
 * Normalisation of tag and block values (contract §2, exact rule 1): trimmed, lower-cased,
 * diacritics removed, white space and underscores turned into `-`.
 */
export function normaliseValue(raw: string): string {
  // Most values are stored normalised already; skip the Unicode work for them.
  if (ALREADY_NORMAL.test(raw)) return raw;
  return raw
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

const ALREADY_NORMAL = /^[a-z0-9:-]*$/;

/** Tags as Wiki.js stores them: trimmed and lower-cased, nothing more. */
export function normaliseWikiTag(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Keys of systems, themes, parties and frameworks: a-z, 0-9 and `-`. */
export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** Unique values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Dutch collation for sorting labels the way Dutch readers expect. Made on first use: building a
 * collator loads ICU data (tens of milliseconds in a browser), which code that never sorts, such as
 * the client's comparison helpers, should not pay for.
 */
let collator: Intl.Collator | undefined;

export function compareText(a: string, b: string): number {
  collator ??= new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
  return collator.compare(a, b);
}
