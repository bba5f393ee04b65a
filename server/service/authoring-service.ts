/**
 * Contract §7.1 and §7.2 for one reader: where a new agreement may go, creating agreements and
 * system pages, and the placement panel. Every write goes through the host's own page API as the
 * reader (PageWriter), which checks `write:pages` once more, keeps the page history and makes the
 * index follow; this service checks first so the reader gets a clear answer in their language.
 */
import {
  AUTHOR_STATUSES,
  DEFAULT_FRAMEWORK,
  MAX_KEY_LENGTH,
  MAX_TITLE_LENGTH,
  cleanTitle,
  emptyTagValues,
  isValidKey,
  newAgreementContent,
  newSystemContent,
  normaliseValue,
  normaliseWikiPath,
  pageLinkText,
  parsePageLinkInput,
  replacePlacementTags,
  resolveChapter,
  resolveColumn,
  resolveLayer,
  resolveStatus,
  suggestedAgreementPath,
  systemsOf,
  wikiPathProblem,
  type CellKey,
  type Framework,
  type PageFacts,
  type SystemInfo,
  type TagValues,
  unique,
} from '../domain';
import { PageWriteError, type PageWriter } from '../host/page-writer';
import type { AccessPolicy, HostUser } from '../host/types';
import type { AgreementStore } from '../store/types';
import type { SystemService } from './system-service';

/** Stable codes of the reasons a write is refused; messages come from core.json `authoring.error`. */
export type AuthoringErrorCode =
  | 'unknown-system'
  | 'title-required'
  | 'title-too-long'
  | 'invalid-value'
  | 'invalid-path'
  | 'system-exists'
  | 'forbidden'
  | 'duplicate'
  | 'not-found'
  | 'failed';

export class AuthoringError extends Error {
  constructor(
    readonly code: AuthoringErrorCode,
    readonly params: Record<string, string> = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'AuthoringError';
  }

  /** Also one thrown by the other bundle's copy of this class (see `HistoryMomentError.is`). */
  static is(error: unknown): error is AuthoringError {
    return error instanceof AuthoringError || (error instanceof Error && error.name === 'AuthoringError' && 'code' in error);
  }
}

export interface NewAgreementInput {
  system: string;
  /** The cell; none of them for "Niet ingedeeld". */
  chapter?: string | null;
  column?: string | null;
  layer?: string | null;
  title: string;
  status?: string | null;
  themes?: string[] | null;
  parties?: string[] | null;
  /** Default: contract §7.1's suggestion. */
  path?: string | null;
  /** A page the agreement is based on (`gebaseerd-op:`, contract §8.3). */
  basedOn?: string | null;
}

export interface NewSystemInput {
  key: string;
  title: string;
  region?: string | null;
  /** Default: the key. */
  path?: string | null;
  /** Default: the wiki's site language. */
  locale?: string | null;
}

/**
 * The inputs below come from the API's input layer (graph/inputs.ts), which has checked their
 * sizes; this service checks what they mean and refuses with an AuthoringError.
 */

/** A placement as the panel saves it: the values its pickers hold (not those of the block). */
export interface PlacementInput {
  systems: string[];
  columns?: string[] | null;
  chapters?: string[] | null;
  layers?: string[] | null;
  status?: string | null;
  themes?: string[] | null;
  parties?: string[] | null;
}

export interface WrittenPage {
  pageId: number;
  path: string;
  locale: string;
}

/** What the placement panel shows: the page's placement from its tags and from its `afspraak` block. */
export interface PlacementEditor {
  pageId: number;
  fromTags: TagValues;
  fromBlock: TagValues;
}

export interface AuthoringServiceOptions {
  /** Reading systems for the acting reader (what they see, which framework a system uses). */
  systems: Pick<SystemService, 'system' | 'systems' | 'frameworks' | 'canSee'>;
  store: AgreementStore;
  access: AccessPolicy;
  writer: PageWriter;
  /** The wiki's site language: the locale of pages of a system that has no system page. */
  siteLocale?: string;
}

export class AuthoringService {
  constructor(private readonly options: AuthoringServiceOptions) {}

  /** The locale new pages of a system get: its system page's, else the wiki's. */
  localeOf(system: Pick<SystemInfo, 'locale'>): string {
    return system.locale ?? this.options.siteLocale ?? 'en';
  }

  /**
   * Contract §7.1: the path a new agreement of this cell (null: "Niet ingedeeld") starts with,
   * the title's slug still to come; undefined when the reader may not create pages there.
   */
  newAgreementBase(user: HostUser, system: SystemInfo, cell: Pick<CellKey, 'chapter' | 'column'> | null): string | undefined {
    const base = suggestedAgreementPath(system, cell ?? { chapter: '', column: null }, '');
    const target = { path: base, locale: this.localeOf(system), tags: [] };
    return this.options.access.can(user, 'write:pages', target) ? base : undefined;
  }

  async createAgreement(user: HostUser, input: NewAgreementInput): Promise<WrittenPage> {
    // What needs no index first: a refusal costs no read.
    const title = titleOf(input.title);
    const status = authorStatus(input.status || 'concept');
    const themes = keys('thema', input.themes);
    const parties = keys('partij', input.parties);
    const basedOn = input.basedOn ? pageLink(input.basedOn, 'gebaseerd-op') : undefined;
    const chosenPath = input.path ? pagePath(input.path, 'path') : undefined;
    const { system, framework } = await this.systemFor(user, input.system);
    const values = emptyTagValues();
    values.systems = [system.key];
    let cell: Pick<CellKey, 'chapter' | 'column'> | null = null;
    if (input.column) {
      const found = resolveColumn(framework, input.column);
      if (!found) throw invalid('kolom', input.column);
      values.columns = [found.column.key];
      cell = { chapter: found.chapter.key, column: found.column.key };
    } else if (input.chapter) {
      const found = resolveChapter(framework, input.chapter);
      if (!found) throw invalid('hoofdstuk', input.chapter);
      values.chapters = [found.key];
      cell = { chapter: found.key, column: null };
    }
    if (input.layer) {
      const found = resolveLayer(framework, input.layer);
      if (!found) throw invalid('laag', input.layer);
      values.layers = [found.key];
    }
    values.statuses = [status];
    values.themes = themes;
    values.parties = parties;
    const path = chosenPath ?? pagePath(suggestedAgreementPath(system, cell ?? { chapter: '', column: null }, title), 'path');
    const locale = this.localeOf(system);
    await this.create(user, { path, locale, title, content: newAgreementContent(title, basedOn), tags: replacePlacementTags([], values) });
    return this.written(path, locale);
  }

  async createSystem(user: HostUser, input: NewSystemInput): Promise<WrittenPage> {
    const key = normaliseValue(input.key ?? '');
    if (!isValidKey(key) || key.length > MAX_KEY_LENGTH) throw invalid('key', input.key ?? '');
    const known = await this.options.systems.systems(user);
    if (known.some((s) => s.key === key && s.declared)) throw new AuthoringError('system-exists', { value: key });
    const title = titleOf(input.title);
    const region = input.region ? cleanTitle(input.region).slice(0, MAX_TITLE_LENGTH) : undefined;
    const path = pagePath(input.path || key, 'path');
    const locale = input.locale ? checkedLocale(input.locale) : (this.options.siteLocale ?? 'en');
    await this.create(user, { path, locale, title, content: newSystemContent({ key, title, region }), tags: [] });
    return this.written(path, locale);
  }

  /** The panel's data for a page the reader may change; undefined otherwise (or when it is no agreement page). */
  async placementEditor(user: HostUser, path: string, locale: string): Promise<PlacementEditor | undefined> {
    const page = await this.options.store.pageByPath(normaliseWikiPath(path), locale);
    if (!page || !this.options.systems.canSee(user, page) || !this.options.access.can(user, 'write:pages', page)) return undefined;
    const framework = await this.frameworkOfPage(user, page);
    const block = page.agreement;
    const fromBlock = emptyTagValues();
    if (block) {
      Object.assign(fromBlock, { systems: block.systems, columns: block.columns, chapters: block.chapters, layers: block.layers, themes: block.themes, parties: block.parties });
      fromBlock.statuses = block.status ? [block.status] : [];
    }
    return { pageId: page.pageId, fromTags: resolved(page.tagValues, framework), fromBlock: resolved(fromBlock, framework) };
  }

  /**
   * Contract §7.2: replaces the page's placement tags by these values (Dutch form), leaving every
   * other tag, the content, title, description and publishing settings as they are.
   */
  async updatePlacement(user: HostUser, pageId: number, input: PlacementInput): Promise<WrittenPage> {
    const { writer, systems: agreements } = this.options;
    // What needs no index first: a refusal costs no read.
    const values = emptyTagValues();
    values.systems = keys('stelsel', input.systems);
    values.statuses = input.status ? [authorStatus(input.status)] : [];
    values.themes = keys('thema', input.themes);
    values.parties = keys('partij', input.parties);
    const page = await writer.findById(pageId);
    // A page the reader may not see is reported as missing: its existence is not theirs to learn.
    if (!page || !agreements.canSee(user, page)) throw new AuthoringError('not-found');
    if (!this.options.access.can(user, 'write:pages', page)) throw new AuthoringError('forbidden', { path: page.path });
    const frameworks = await Promise.all(values.systems.map(async (key) => (await this.systemFor(user, key, { allowUnknown: true })).framework));
    const inAny = <T>(field: string, raw: string, resolve: (f: Framework, value: string) => T | undefined): T => {
      for (const framework of frameworks.length ? frameworks : [DEFAULT_FRAMEWORK]) {
        const found = resolve(framework, raw);
        if (found) return found;
      }
      throw invalid(field, raw);
    };
    values.columns = unique(list(input.columns).map((v) => inAny('kolom', v, resolveColumn).column.key));
    values.chapters = unique(list(input.chapters).map((v) => inAny('hoofdstuk', v, resolveChapter).key));
    values.layers = unique(list(input.layers).map((v) => inAny('laag', v, resolveLayer).key));
    const tags = replacePlacementTags(page.tags, values);
    const unchanged = tags.length === page.tags.length && tags.every((tag) => page.tags.includes(tag));
    if (!unchanged) await this.write(() => writer.update(user, page.pageId, { tags }));
    return { pageId: page.pageId, path: page.path, locale: page.locale };
  }

  /** A system the reader sees, with its framework; `allowUnknown` for keys only tags will name. */
  private async systemFor(user: HostUser, rawKey: string, options: { allowUnknown?: boolean } = {}): Promise<{ system: SystemInfo; framework: Framework }> {
    const key = normaliseValue(rawKey ?? '');
    if (!isValidKey(key) || key.length > MAX_KEY_LENGTH) throw invalid('stelsel', rawKey ?? '');
    const { systems: agreements } = this.options;
    const system = await agreements.system(user, key);
    if (!system && !options.allowUnknown) throw new AuthoringError('unknown-system', { value: key });
    const frameworkKey = system?.framework ?? DEFAULT_FRAMEWORK.key;
    const framework = (await agreements.frameworks(user)).find((f) => f.key === frameworkKey) ?? DEFAULT_FRAMEWORK;
    return { system: system ?? { key, title: key, framework: framework.key, declared: false, agreementCount: 0 }, framework };
  }

  /** The framework the page's placement is read in: its first system's (the default without one). */
  private async frameworkOfPage(user: HostUser, page: PageFacts): Promise<Framework> {
    const first = systemsOf(page)[0];
    return first && isValidKey(first) ? (await this.systemFor(user, first, { allowUnknown: true })).framework : DEFAULT_FRAMEWORK;
  }

  private async create(user: HostUser, draft: { path: string; locale: string; title: string; content: string; tags: string[] }): Promise<void> {
    const target = { path: draft.path, locale: draft.locale, tags: [] };
    if (!this.options.access.can(user, 'write:pages', target)) throw new AuthoringError('forbidden', { path: draft.path });
    if (await this.options.writer.find(draft.path, draft.locale)) throw new AuthoringError('duplicate', { path: draft.path });
    await this.write(() => this.options.writer.create(user, draft));
  }

  /** Runs a host write; its refusals become the service's codes. */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof PageWriteError) {
        const code: AuthoringErrorCode = err.code === 'failed' ? 'failed' : err.code;
        throw new AuthoringError(code, { detail: err.message });
      }
      throw err;
    }
  }

  private async written(path: string, locale: string): Promise<WrittenPage> {
    const page = await this.options.writer.find(path, locale);
    if (!page) throw new AuthoringError('failed', { detail: 'the page was not saved' });
    return { pageId: page.pageId, path: page.path, locale: page.locale };
  }
}

function invalid(field: string, value: string): AuthoringError {
  return new AuthoringError('invalid-value', { field, value: String(value).slice(0, MAX_KEY_LENGTH) });
}

function titleOf(raw: string): string {
  const title = cleanTitle(typeof raw === 'string' ? raw : '');
  if (!title) throw new AuthoringError('title-required');
  if (title.length > MAX_TITLE_LENGTH) throw new AuthoringError('title-too-long', { max: String(MAX_TITLE_LENGTH) });
  return title;
}

/** A page path Wiki.js would accept, without its surrounding slashes. */
function pagePath(raw: string, field: string): string {
  const problem = wikiPathProblem(raw);
  if (problem) throw new AuthoringError('invalid-path', { field, problem, value: raw.slice(0, MAX_KEY_LENGTH) });
  return normaliseWikiPath(raw);
}

/** Contract §8.3: a page link in any of its forms, in the form the index reads back. */
function pageLink(raw: string, field: string): string {
  const { link, problem } = parsePageLinkInput(raw);
  if (problem) throw new AuthoringError('invalid-path', { field, problem, value: raw.slice(0, MAX_KEY_LENGTH) });
  return pageLinkText(link);
}

function checkedLocale(raw: string): string {
  if (!/^[a-z]{2}(?:-[a-z]{2,4})?$/i.test(raw)) throw invalid('locale', raw);
  return raw.toLowerCase();
}

function authorStatus(raw: string): string {
  const status = resolveStatus(raw);
  if (!status || !AUTHOR_STATUSES.includes(status)) throw invalid('status', raw);
  return status;
}

function list(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map(normaliseValue).filter((v) => v.length > 0);
}

/** Theme, party and system keys: a-z, 0-9 and `-` after normalising. */
function keys(field: string, values: readonly string[] | null | undefined): string[] {
  const items = list(values);
  const bad = items.find((v) => !isValidKey(v));
  if (bad !== undefined) throw invalid(field, bad);
  return unique(items);
}

/** Values as the framework names them (aliases resolved); others kept, so the panel can show them. */
function resolved(values: TagValues, framework: Framework): TagValues {
  const each = (items: string[], resolve: (value: string) => string | undefined) => unique(items.map((v) => resolve(v) ?? v));
  return {
    systems: unique(values.systems),
    columns: each(values.columns, (v) => resolveColumn(framework, v)?.column.key),
    chapters: each(values.chapters, (v) => resolveChapter(framework, v)?.key),
    layers: each(values.layers, (v) => resolveLayer(framework, v)?.key),
    statuses: each(values.statuses, resolveStatus),
    themes: unique(values.themes),
    parties: unique(values.parties),
  };
}
