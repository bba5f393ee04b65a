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
}

/** The page fields Wiki.js's `checkAccess` looks at. */
export interface AccessTarget {
  path: string;
  locale: string;
  tags: string[];
}

export type Permission = 'read:pages' | 'write:pages' | 'manage:pages' | 'manage:system';

/** Wiki.js's own access check (`WIKI.auth.checkAccess`), or a faithful copy over the same tables. */
export interface AccessPolicy {
  can(user: HostUser, permission: Permission, page?: AccessTarget): boolean;
}
