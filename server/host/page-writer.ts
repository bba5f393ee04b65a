/**
 * Page writes through the host's own page API, as the acting reader (contract §7): in Wiki.js
 * `WIKI.models.pages.createPage` / `updatePage` with that reader's `req.user`, so Wiki.js's
 * permission check, rendering and page history apply and the save hooks index the result. The
 * extension never writes Wiki.js's tables itself. The dev app and the tests provide their own
 * implementation over the same tables (dev/page-api.ts).
 */
import { readBoolean, readJson } from '../store/dialect';
import type { HostUser } from './types';

/** A page as it is to be created. */
export interface PageDraft {
  path: string;
  locale: string;
  title: string;
  description?: string;
  /** Markdown. */
  content: string;
  tags: string[];
  /** Default true. */
  isPublished?: boolean;
}

/** A page as it stands, with everything `update` must hand back unchanged. */
export interface ExistingPage {
  pageId: number;
  path: string;
  locale: string;
  title: string;
  description: string;
  content: string;
  contentType: string;
  editorKey: string;
  tags: string[];
  isPublished: boolean;
  isPrivate: boolean;
  publishStartDate: string;
  publishEndDate: string;
  scriptCss: string;
  scriptJs: string;
  updatedAt: string;
}

/** What an update changes; everything left out stays exactly as it was. */
export type PagePatch = Partial<Pick<ExistingPage, 'title' | 'description' | 'content' | 'tags'>>;

/** The host refused the write (no `write:pages`, duplicate path, invalid path…); `code` is stable. */
export class PageWriteError extends Error {
  constructor(
    readonly code: 'forbidden' | 'duplicate' | 'invalid-path' | 'not-found' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'PageWriteError';
  }
}

export interface PageWriter {
  /** The page at this path and locale, or undefined. */
  find(path: string, locale: string): Promise<ExistingPage | undefined>;
  findById(pageId: number): Promise<ExistingPage | undefined>;
  /** Creates the page as `user`; resolves with its id once the host has saved (and rendered) it. */
  create(user: HostUser, draft: PageDraft): Promise<{ pageId: number }>;
  /** Updates the page as `user`, passing every field the patch leaves out back unchanged. */
  update(user: HostUser, pageId: number, patch: PagePatch): Promise<void>;
  /**
   * Finishes a create that a crash cut short inside the host (the page row written, its tags or
   * its render not yet), with the host's own steps; nothing when the page is complete. Hosts
   * whose create is one transaction leave it out.
   */
  completeCreate?(pageId: number, draft: PageDraft): Promise<void>;
}

/** A row of Wiki.js's `pages` table, as every database driver returns it. */
export interface PageRow {
  id: number;
  path: string;
  localeCode: string;
  title: string;
  description: string | null;
  content: string | null;
  contentType: string;
  editorKey: string | null;
  isPublished: unknown;
  isPrivate: unknown;
  publishStartDate: string | null;
  publishEndDate: string | null;
  extra: unknown;
  updatedAt: string;
}

/** A `pages` row and its tags as an ExistingPage (booleans and the `extra` JSON read defensively). */
export function existingPage(row: PageRow, tags: string[]): ExistingPage {
  const extra = readJson(row.extra) as { css?: string; js?: string } | null | undefined;
  return {
    pageId: Number(row.id),
    path: row.path,
    locale: row.localeCode,
    title: row.title,
    description: row.description ?? '',
    content: row.content ?? '',
    contentType: row.contentType,
    editorKey: row.editorKey ?? 'markdown',
    tags,
    isPublished: readBoolean(row.isPublished),
    isPrivate: readBoolean(row.isPrivate),
    publishStartDate: row.publishStartDate ?? '',
    publishEndDate: row.publishEndDate ?? '',
    scriptCss: extra?.css ?? '',
    scriptJs: extra?.js ?? '',
    updatedAt: row.updatedAt,
  };
}

