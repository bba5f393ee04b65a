/**
 * The small part of Wiki.js the extension uses, as an interface. Only `wiki-host.ts` reads the
 * `WIKI` global; the dev app and the tests provide their own implementation over the same tables.
 */

/** A Wiki.js user as `req.user` carries it (guest included). */
export interface HostUser {
  id: number;
  /** Group ids; Wiki.js's guest is user 2 in group 2. */
  groups: number[];
  locale?: string;
  /**
   * Global permissions as Wiki.js puts them on `req.user`; when absent they are derived from the
   * groups (the dev app's stand-in check, dev/page-rules.ts, does that from the `groups` table).
   */
  permissions?: string[];
  /**
   * The host's own user object (Wiki.js: `req.user`), for writes that must go through the host's
   * page API as this user (page-writer.ts). Never serialised, never compared.
   */
  raw?: unknown;
}

/** The page fields Wiki.js's `checkAccess` looks at. */
export interface AccessTarget {
  path: string;
  locale: string;
  tags: string[];
}

export type Permission = 'read:pages' | 'write:pages' | 'manage:pages' | 'delete:pages' | 'manage:system';

/** Wiki.js's own access check (`WIKI.auth.checkAccess`), or a faithful copy over the same tables. */
export interface AccessPolicy {
  can(user: HostUser, permission: Permission, page?: AccessTarget): boolean;
}

/** Logging as Wiki.js's winston logger offers it. */
export interface HostLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * What the save hooks drive: the extension's indexer. Page ids (and the tags a save just wrote,
 * when known), so a hook never has to know how facts are read.
 */
export interface PageIndexTarget {
  /** Re-reads these pages; ids no longer in Wiki.js leave the index. */
  indexPages(pageIds: number[], knownTags?: ReadonlyMap<number, readonly string[]>): Promise<unknown>;
  /** Compares the whole index with Wiki.js's tables (after bulk changes such as a locale migration). */
  reconcile(): Promise<unknown>;
}
