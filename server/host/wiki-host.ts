/**
 * The typed adapter over Wiki.js 2.5: the ONLY module that reads the `WIKI` global. Everything
 * else receives a WikiHost (or the smaller interfaces in types.ts) as an argument.
 */
import type Knex from 'knex';
import type { AccessPolicy, AccessTarget, HostLogger, HostUser, Permission } from './types';

/** A user as Wiki.js hands it to resolvers (`req.user`): a model instance, the guest, or an API key's stand-in. */
export interface WikiRequestUser {
  id?: number;
  groups?: Array<number | { id: number }>;
  permissions?: string[];
  localeCode?: string;
  getGlobalPermissions?(): string[];
}

/** The page argument of `WIKI.auth.checkAccess` (tags as `{ tag }` objects, as core passes them). */
export interface WikiAccessPage {
  path: string;
  locale: string;
  tags: Array<{ tag: string }>;
}

export interface WikiAuth {
  checkAccess(user: WikiRequestUser, permissions: string[], page?: WikiAccessPage | false): boolean;
}

/** A static method of an Objection model that the save hooks wrap. */
export type WikiModelMethod = (opts: Record<string, unknown>) => Promise<unknown>;

/** `WIKI.models.pages`: the statics every page write goes through (GraphQL, storage sync, restore). */
export interface WikiPagesModel {
  createPage: WikiModelMethod;
  updatePage: WikiModelMethod;
  deletePage: WikiModelMethod;
  movePage: WikiModelMethod;
  convertPage: WikiModelMethod;
  migrateToLocale: WikiModelMethod;
}

/**
 * Wiki.js's own steps of a page create after the page row is written (models/pages.js
 * `createPage`: tags, render, page tree), to finish a create a crash cut short.
 */
export interface WikiCreateSteps {
  associateTags(pageId: number, tags: string[]): Promise<void>;
  renderPage(pageId: number): Promise<void>;
  rebuildTree(): Promise<void>;
}

interface WikiPageStatics {
  getPageFromDb(pageId: number): Promise<unknown>;
  renderPage(page: unknown): Promise<unknown>;
  rebuildTree(): Promise<unknown>;
}

export interface WikiLangEngine {
  addResourceBundle(lng: string, ns: string, resources: Record<string, unknown>, deep: boolean, overwrite: boolean): void;
}

export interface WikiConfig {
  theming?: { injectBody?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface WikiGlobal {
  ROOTPATH: string;
  SERVERPATH: string;
  auth: WikiAuth;
  logger: HostLogger;
  lang?: { engine?: WikiLangEngine };
  config: WikiConfig;
  models: { knex: Knex; pages: WikiPagesModel & WikiPageStatics; tags: { associateTags(opts: { tags: string[]; page: unknown }): Promise<unknown> } };
  data?: { searchEngine?: unknown };
}

/** What the extension uses of a running Wiki.js. */
export interface WikiHost {
  rootPath: string;
  serverPath: string;
  knex: Knex;
  logger: HostLogger;
  access: AccessPolicy;
  pages: WikiPagesModel;
  langEngine?: WikiLangEngine;
  config: WikiConfig;
  createSteps: WikiCreateSteps;
  /** Wiki.js has finished booting: its search engine, storage and scheduler are up, so pages can be written. */
  booted(): boolean;
}

function isWikiGlobal(value: unknown): value is WikiGlobal {
  if (!value || typeof value !== 'object') return false;
  const wiki = value as Partial<Record<keyof WikiGlobal, unknown>>;
  const models = wiki.models as Partial<WikiGlobal['models']> | undefined;
  return (
    typeof wiki.ROOTPATH === 'string' &&
    typeof (wiki.auth as Partial<WikiAuth> | undefined)?.checkAccess === 'function' &&
    typeof (wiki.logger as Partial<HostLogger> | undefined)?.info === 'function' &&
    typeof models?.knex === 'function' &&
    typeof models?.pages === 'function'
  );
}

/** The running Wiki.js, or undefined outside one (or in its render worker, which has no `auth`). */
export function wikiHost(): WikiHost | undefined {
  const wiki: unknown = (globalThis as { WIKI?: unknown }).WIKI;
  if (!isWikiGlobal(wiki)) return undefined;
  return {
    rootPath: wiki.ROOTPATH,
    serverPath: wiki.SERVERPATH,
    knex: wiki.models.knex,
    logger: wiki.logger,
    access: wikiAccessPolicy(wiki.auth),
    pages: wiki.models.pages,
    langEngine: wiki.lang?.engine,
    config: wiki.config,
    createSteps: wikiCreateSteps(wiki.models),
    // createPage hands every page to the search engine, set last in Wiki.js's boot (kernel.js).
    booted: () => wiki.data?.searchEngine !== undefined,
  };
}

function wikiCreateSteps(models: WikiGlobal['models']): WikiCreateSteps {
  return {
    associateTags: async (pageId, tags) => {
      await models.tags.associateTags({ tags, page: await models.pages.getPageFromDb(pageId) });
    },
    renderPage: async (pageId) => {
      await models.pages.renderPage(await models.pages.getPageFromDb(pageId));
    },
    rebuildTree: async () => {
      await models.pages.rebuildTree();
    },
  };
}

/** Wiki.js's own `checkAccess`, so page rules (tag rules included) hold exactly as in core. */
export function wikiAccessPolicy(auth: WikiAuth): AccessPolicy {
  return {
    can(user: HostUser, permission: Permission, page?: AccessTarget): boolean {
      const wikiUser: WikiRequestUser = { id: user.id, groups: user.groups, permissions: user.permissions ?? [] };
      const target = page ? { path: page.path, locale: page.locale, tags: page.tags.map((tag) => ({ tag })) } : false;
      return auth.checkAccess(wikiUser, [permission], target);
    },
  };
}

/** `req.user` → HostUser: group ids, global permissions, locale. */
export function hostUserFromRequest(user: WikiRequestUser | undefined): HostUser | undefined {
  if (!user) return undefined;
  const groups = (user.groups ?? []).map((g) => (typeof g === 'number' ? g : Number(g.id)));
  const permissions = user.permissions ?? (user.getGlobalPermissions ? user.getGlobalPermissions() : []);
  return { id: Number(user.id ?? 0), groups, permissions, locale: user.localeCode, raw: user };
}

/** The wiki's site language (`WIKI.config.lang.code`); Wiki.js's own default `en` when unset. */
export function siteLocale(host: Pick<WikiHost, 'config'>): string {
  const code = (host.config.lang as { code?: unknown } | undefined)?.code;
  // Wiki.js's own default site language.
  return typeof code === 'string' && code.length > 0 ? code : 'en';
}
