/**
 * Reads a folder in the format Wiki.js's Local File System and Git storage targets write: one file
 * per page, `<path>.md` (markdown) or `<path>.html`, metadata in a header (`---` for markdown,
 * `<!-- -->` for html) of unquoted `key: value` lines. The root holds the pages of the wiki's
 * default locale; with namespacing on, the other locales' pages are under `<locale>/`
 * (server/modules/storage/disk/common.js, getFilePath).
 */
import fs from 'fs';
import path from 'path';
import { load as loadYaml, FAILSAFE_SCHEMA } from 'js-yaml';
import type { SourcePage } from '../domain';
import { UsageError } from './args';

export interface FileWarning {
  file: string;
  /** Key of the message in the `cli` section of the locales. */
  messageKey: 'frontMatter';
}

export interface StorageFile {
  /** Path relative to the folder, with `/` separators. */
  file: string;
  text: string;
}

export interface ReadResult {
  pages: SourcePage[];
  /** Per page id: the file it came from and how many lines precede its content (for line numbers). */
  files: Map<number, { file: string; lineOffset: number }>;
  warnings: FileWarning[];
}

const CONTENT_TYPES: Record<string, string> = { '.md': 'markdown', '.html': 'html' };
/** Locale folders as Wiki.js names them: `de`, `pt-br`, `zh-hans`… */
const LOCALE_FOLDER = /^[a-z]{2}(?:-[a-z]{2,4})?$/;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A folder name that is a language code (`nl`, `pt-br`), so not a page folder such as `kb`. */
function isLocaleCode(name: string): boolean {
  return LOCALE_FOLDER.test(name) && languageNames.of(name) !== undefined;
}
/** Header and content as Wiki.js's own import splits them (server/models/pages.js, parseMetadata). */
const HEADER: Record<string, RegExp> = {
  markdown: /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/,
  html: /^<!--\r?\n([\s\S]*?)\r?\n-->(?:\r?\n|$)/,
};

/** Every page file under a folder, sorted by path (hidden entries and node_modules skipped). */
export function listStorageFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && path.extname(entry.name).toLowerCase() in CONTENT_TYPES) found.push(child);
    }
  };
  walk('');
  // Plain code-unit order, not locale order, so page ids never depend on the machine's locale.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The top-level folders that are locale folders: named by a language code (`nl`, `pt-br`; not
 * `kb` or `hr-team`) and holding pages.
 */
export function localeFolders(files: readonly string[]): string[] {
  const folders = new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))));
  return [...folders].filter(isLocaleCode).sort();
}

/**
 * The locale of the root pages. Given: it must not also be a folder (Wiki.js never puts the
 * default locale in one). Detected: Dutch, this product's language, unless `nl/` is a locale
 * folder, then English, Wiki.js's default; both folders present: ask. Throws UsageError.
 */
export function rootLocale(files: readonly string[], given?: string): string {
  const folders = localeFolders(files);
  if (given !== undefined) {
    const locale = given.toLowerCase();
    if (folders.includes(locale)) throw new UsageError('localeIsFolder', { locale, folders: folders.map((f) => `${f}/`).join(', ') });
    return locale;
  }
  if (!folders.includes('nl')) return 'nl';
  if (!folders.includes('en')) return 'en';
  throw new UsageError('localeUndetected', { folders: folders.map((f) => `${f}/`).join(', ') });
}

/**
 * Reads a folder into pages with stable ids (1..n in sorted file order). `defaultLocale` is the
 * wiki's default locale (the root's); detected from the folder's layout when not given.
 */
export function readFolder(root: string, defaultLocale?: string): ReadResult {
  const names = listStorageFiles(root);
  const locale = rootLocale(names, defaultLocale);
  const files = names.map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }));
  return parseStorageFiles(files, locale);
}

/** Parses files already read (in the given order) into pages; ids follow that order from `firstId`. */
export function parseStorageFiles(files: readonly StorageFile[], defaultLocale = 'nl', firstId = 1): ReadResult {
  const result: ReadResult = { pages: [], files: new Map(), warnings: [] };
  files.forEach(({ file, text }, index) => {
    const parsed = parseStorageFile(file, text, firstId + index, defaultLocale.toLowerCase());
    result.pages.push(parsed.page);
    result.files.set(parsed.page.id, { file, lineOffset: parsed.lineOffset });
    if (parsed.headerBroken) result.warnings.push({ file, messageKey: 'frontMatter' });
  });
  return result;
}

export function parseStorageFile(
  file: string,
  text: string,
  id: number,
  defaultLocale: string,
): { page: SourcePage; lineOffset: number; headerBroken: boolean } {
  const extension = path.extname(file).toLowerCase();
  const contentType = CONTENT_TYPES[extension] ?? 'markdown';
  const segments = file.slice(0, file.length - extension.length).split('/');
  let locale = defaultLocale;
  if (segments.length > 1 && isLocaleCode(segments[0]) && segments[0] !== defaultLocale) {
    locale = segments.shift() as string;
  }
  const pagePath = segments.join('/');

  const source = text.replace(/^\ufeff/, '');
  const header = HEADER[contentType].exec(source);
  // A copy of the header: values sliced from it would otherwise keep the whole file text alive
  // (V8 sliced strings) for as long as the page's facts live, content included.
  const { meta, broken } = header ? readHeader(Buffer.from(header[1], 'utf8').toString('utf8')) : { meta: {}, broken: false };
  // Wiki.js drops the blank lines between header and content; line numbers count from there.
  const afterHeader = header ? source.slice(header[0].length) : source;
  const content = afterHeader.replace(/^(?:\r?\n)+/, '');
  const lineOffset = lineCount(source.slice(0, source.length - content.length));

  const tags = meta.tags ?? '';
  return {
    page: {
      id,
      path: pagePath,
      locale,
      title: textOf(meta.title) || (segments[segments.length - 1] ?? pagePath),
      description: textOf(meta.description) || undefined,
      tags: (Array.isArray(tags) ? tags : tags.split(',')).map((t) => t.trim()).filter((t) => t.length > 0),
      content,
      contentType,
      isPublished: textOf(meta.published).toLowerCase() !== 'false',
      updatedAt: textOf(meta.date) || undefined,
    },
    lineOffset,
    headerBroken: broken,
  };
}

type HeaderValue = string | string[];

function textOf(value: HeaderValue | undefined): string {
  return (Array.isArray(value) ? value.join(', ') : value ?? '').trim();
}

function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split(/\r\n|\n|\r/).length - 1;
}

/**
 * Wiki.js writes header values unquoted, so a title such as `Visie: basiszorg` is not valid YAML.
 * YAML first (FAILSAFE: everything stays text, dates included); on a syntax error, or where YAML
 * would lose a value (`#1` read as a comment, `[x]` as a list), the raw `key: value` line wins.
 */
function readHeader(header: string): { meta: Record<string, HeaderValue>; broken: boolean } {
  const raw = readLines(header);
  let parsed: unknown;
  try {
    parsed = loadYaml(header, { schema: FAILSAFE_SCHEMA });
  } catch {
    return { meta: raw, broken: true };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { meta: raw, broken: Object.keys(raw).length > 0 };
  const meta: Record<string, HeaderValue> = { ...raw };
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') meta[key] = value;
    else if (key === 'tags' && Array.isArray(value) && value.every((v) => typeof v === 'string')) meta[key] = value as string[];
  }
  return { meta, broken: false };
}

function readLines(header: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const line of header.split(/\r\n|\n|\r/)) {
    const match = /^([A-Za-z][\w-]*):(?:\s(.*))?$/.exec(line);
    if (match) meta[match[1]] = (match[2] ?? '').trim();
  }
  return meta;
}
