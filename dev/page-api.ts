/**
 * The dev app's and the tests' stand-in for Wiki.js's page API (`WIKI.models.pages.createPage` /
 * `updatePage`): the same checks in the same order (path, write:pages, duplicate, empty content),
 * writes to the same tables through the writers of wikijs-schema.ts, and then the index follows,
 * as the save hooks make it follow in Wiki.js. Production uses server/host/wiki-page-writer.ts.
 */
import type Knex from 'knex';
import { normaliseWikiPath, wikiPathProblem } from '../server/domain/wiki-path';
import { PageWriteError, existingPage, type ExistingPage, type PageRow, type PageDraft, type PagePatch, type PageWriter } from '../server/host/page-writer';
import type { AccessPolicy, HostUser, PageIndexTarget } from '../server/host/types';
import { insertPage, readPageTags, updatePage } from './wikijs-schema';

export class DevPageWriter implements PageWriter {
  constructor(
    private readonly knex: Knex,
    private readonly access: AccessPolicy,
    private readonly index: Pick<PageIndexTarget, 'indexPages'>,
  ) {}

  async find(path: string, locale: string): Promise<ExistingPage | undefined> {
    const row: PageRow | undefined = await this.knex('pages').first('*').where({ path: normaliseWikiPath(path), localeCode: locale });
    return row ? this.existing(row) : undefined;
  }

  async findById(pageId: number): Promise<ExistingPage | undefined> {
    const row: PageRow | undefined = await this.knex('pages').first('*').where({ id: pageId });
    return row ? this.existing(row) : undefined;
  }

  async create(user: HostUser, draft: PageDraft): Promise<{ pageId: number }> {
    if (wikiPathProblem(draft.path)) throw new PageWriteError('invalid-path', `Illegal path: ${draft.path}`);
    const path = normaliseWikiPath(draft.path);
    if (!this.access.can(user, 'write:pages', { path, locale: draft.locale, tags: [] })) throw new PageWriteError('forbidden', 'You are not authorized to create this page.');
    if (await this.find(path, draft.locale)) throw new PageWriteError('duplicate', 'Cannot create this page because an entry already exists at the same path.');
    if (draft.content.trim().length === 0) throw new PageWriteError('failed', 'Page content cannot be empty.');
    const pageId = await insertPage(this.knex, {
      path,
      locale: draft.locale,
      title: draft.title,
      description: draft.description ?? '',
      content: draft.content,
      isPublished: draft.isPublished ?? true,
      tags: draft.tags,
      authorId: user.id,
    });
    await this.index.indexPages([pageId]);
    return { pageId };
  }

  async update(user: HostUser, pageId: number, patch: PagePatch): Promise<void> {
    const page = await this.findById(pageId);
    if (!page) throw new PageWriteError('not-found', `Invalid Page Id ${pageId}`);
    if (!this.access.can(user, 'write:pages', { path: page.path, locale: page.locale, tags: page.tags })) throw new PageWriteError('forbidden', 'You are not authorized to update this page.');
    await updatePage(this.knex, pageId, {
      title: patch.title ?? page.title,
      description: patch.description ?? page.description,
      content: patch.content ?? page.content,
      tags: patch.tags ?? page.tags,
    });
    await this.index.indexPages([pageId]);
  }

  private async existing(row: PageRow): Promise<ExistingPage> {
    return existingPage(row, await readPageTags(this.knex, Number(row.id)));
  }
}
