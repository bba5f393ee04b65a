/**
 * Links between pages in `afspraak` blocks (contract §8.3-8.4): `gebaseerd-op`, `volgt-uit` and
 * `gebruikt`, each a path, `/path` or `/<locale>/path`. A link without a locale points into the
 * linking page's locale. Whether the page exists is a question for the index, not for one page.
 */
import type { Issue, PageFacts, PageLink, PageLinkField } from './types';
import { pageIssueBase } from './catalog';
import { MAX_LINK_LENGTH } from './limits';
import { trimSlashes, wikiPathProblem, type WikiPathProblem } from './wiki-path';

export const PAGE_LINK_FIELDS: readonly PageLinkField[] = ['basedOn', 'derivesFrom', 'uses'];

/** A path's first segment Wiki.js takes as its locale (`nl`, `pt-br`), and so reserves (helpers/page.js). */
const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2})?$/i;

/**
 * A page link as written, or undefined when it cannot name a page (empty, far longer than any
 * page path with its locale and an anchor, or a URL elsewhere).
 */
export function parsePageLink(text: string): PageLink | undefined {
  if (text.length > MAX_LINK_LENGTH * 2) return undefined;
  const trimmed = text.trim();
  // A line break inside never names a page; `#…` and `?…` are cut off by index, not by a
  // backtracking `/[#?].*$/` (quadratic on a line of `#`).
  if (/[\n\r\u2028\u2029]/.test(trimmed)) return undefined;
  const cut = trimmed.search(/[#?]/);
  const written = cut === -1 ? trimmed : trimmed.slice(0, cut);
  if (/^[a-z][a-z0-9+.-]*:/i.test(written) || /\s/.test(written)) return undefined;
  const path = trimSlashes(written);
  if (path.length === 0) return undefined;
  const segments = path.split('/');
  // Only an absolute link carries a locale: `nl/x` may well be a page path of its own.
  if (written.startsWith('/') && segments.length > 1 && LOCALE_SEGMENT.test(segments[0])) {
    return { path: segments.slice(1).join('/'), locale: segments[0].toLowerCase() };
  }
  return { path };
}

/** A link a reader typed or a client sent, checked; `problem` says why it names no page Wiki.js could hold. */
export type PageLinkInput = { link: PageLink; problem?: undefined } | { link?: undefined; problem: WikiPathProblem };

/**
 * Contract §8.3's link forms as inputs take them (a path, `/path` or `/<locale>/path`, as the
 * client's `pageHref` writes them: segments may be URL-encoded), checked as Wiki.js checks a page
 * path. The one parser of every input that takes a page link.
 */
export function parsePageLinkInput(text: string): PageLinkInput {
  if (text.length > MAX_LINK_LENGTH) return { problem: 'too-long' };
  const link = parsePageLink(decodedSegments(text));
  if (!link) return { problem: text.trim().length === 0 ? 'empty' : 'illegal-character' };
  const problem = wikiPathProblem(link.path);
  return problem ? { problem } : { link };
}

/** `%` is no character of a Wiki.js path, so a `%XX` in a link can only be URL encoding. */
function decodedSegments(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return text.split('/').map(decodeURIComponent).join('/');
  } catch {
    return text;
  }
}

/**
 * A link as the `afspraak` block holds it, read back by the index as the same page:
 * `/<locale>/<path>`, or the path alone for the linking page's own locale.
 */
export function pageLinkText(link: PageLink): string {
  return link.locale ? `/${link.locale}/${link.path}` : link.path;
}

export function uniqueLinks(links: readonly PageLink[]): PageLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const id = `${link.locale ?? ''}/${link.path}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A page's identity by locale and path, the way links are matched to pages. */
export function pageKey(locale: string, path: string): string {
  return `${locale}/${path}`;
}

/** The pages a page links to in one field, as `pageKey`s (its own locale where none is written). */
export function linkTargets(page: PageFacts, field: PageLinkField): string[] {
  // `?? []`: facts indexed before these fields existed have none.
  return (page.agreement?.[field] ?? []).map((link) => pageKey(link.locale ?? page.locale, link.path));
}

/** Every page key any of these pages links to, in any field. */
export function allLinkTargets(pages: readonly PageFacts[]): string[] {
  return [...new Set(pages.flatMap((page) => PAGE_LINK_FIELDS.flatMap((field) => linkTargets(page, field))))];
}

/** The block keys of the link fields, Dutch first: issue fields name what the author wrote. */
const FIELD_NAMES: Record<PageLinkField, string> = { basedOn: 'gebaseerd-op', derivesFrom: 'volgt-uit', uses: 'gebruikt' };

/** A warning for every link that names no page in `exists` (the pages the reader can see). */
export function linkIssues(pages: readonly PageFacts[], exists: (key: string) => boolean): Issue[] {
  const issues: Issue[] = [];
  for (const page of pages) {
    for (const field of PAGE_LINK_FIELDS) {
      for (const link of page.agreement?.[field] ?? []) {
        if (exists(pageKey(link.locale ?? page.locale, link.path))) continue;
        issues.push({
          ...pageIssueBase(page),
          code: 'link-not-found',
          severity: 'warning',
          field: FIELD_NAMES[field],
          value: link.locale ? `/${link.locale}/${link.path}` : link.path,
          line: page.agreement?.lines?.[field],
        });
      }
    }
  }
  return issues;
}
