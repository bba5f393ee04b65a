/**
 * Wiki.js page paths as its page API accepts them (models/pages.js createPage, helpers/page.js
 * isReservedPath), and the path contract §7.1 suggests for a new agreement. Shared by the
 * new-agreement dialog, the CSV import and the handover checklist, so all three agree.
 */
import type { CellKey } from './types';
import { MAX_PATH_LENGTH } from './limits';

export type WikiPathProblem = 'empty' | 'illegal-character' | 'reserved' | 'too-long';

/** First path segments Wiki.js keeps for itself (data.yml `reservedPaths`). */
const RESERVED_SEGMENTS = new Set(['login', 'logout', 'register', 'verify', 'favicons', 'fonts', 'img', 'js', 'svg']);
/** A first segment that reads as a locale (`nl`, `en-us`) would be taken for one. */
const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2})?$/i;
/** Contract §7.1: a slug has at most 60 characters. */
const MAX_SLUG_LENGTH = 60;

/**
 * Longer raw text can never trim down to a valid path, so it is refused before any other work
 * (with room for the spaces and slashes around a path that Wiki.js drops).
 */
const MAX_RAW_PATH_LENGTH = 2 * MAX_PATH_LENGTH;
const SLASH = 0x2f;

/** Leading and trailing slashes dropped, as Wiki.js drops them. */
export function normaliseWikiPath(path: string): string {
  return trimSlashes(path.trim());
}

/**
 * Leading and trailing `/` dropped in one pass. (`/^\/+|\/+$/g` backtracks over every run of
 * slashes inside the text: quadratic on `a` + 80,000 `/` + `b`.)
 */
export function trimSlashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SLASH) start++;
  while (end > start && text.charCodeAt(end - 1) === SLASH) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Why Wiki.js would refuse (or misread) this path; undefined when it is fine. Lengths first. */
export function wikiPathProblem(raw: string): WikiPathProblem | undefined {
  if (raw.length > MAX_RAW_PATH_LENGTH) return 'too-long';
  const path = normaliseWikiPath(raw);
  if (path.length === 0) return 'empty';
  if (path.length > MAX_PATH_LENGTH) return 'too-long';
  // createPage refuses '.', ' ', '\' and '//'; control characters and URL syntax would break links.
  if (/[.\s\\?#%"<>|]|\/\//.test(path) || [...path].some(isControl)) return 'illegal-character';
  const first = path.split('/')[0];
  if (first.length <= 1 || LOCALE_SEGMENT.test(first) || RESERVED_SEGMENTS.has(first.toLowerCase())) return 'reserved';
  return undefined;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/**
 * Contract §7.1's slug: lower-cased, diacritics removed, every run of characters other than
 * `a-z0-9` turned into one `-`, trimmed of `-`, at most 60 characters (and no `-` left at the cut).
 */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
}

/**
 * Contract §7.1's suggested path: `<system page's path, or the system key>/<column key, or the
 * chapter key for a chapter-wide cell>/<slug of the title>`.
 */
export function suggestedAgreementPath(system: { key: string; pagePath?: string | null }, cell: Pick<CellKey, 'chapter' | 'column'>, title: string): string {
  const base = normaliseWikiPath(system.pagePath ?? '') || system.key;
  return [base, cell.column ?? cell.chapter, slugOf(title)].filter((part) => part.length > 0).join('/');
}
