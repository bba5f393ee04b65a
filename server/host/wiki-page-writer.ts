/**
 * PageWriter on Wiki.js 2.5's own page API: `WIKI.models.pages.createPage` / `updatePage` with the
 * acting reader's `req.user`, so Wiki.js checks `write:pages` (page rules included), renders the
 * page, keeps its history, and the extension's save hooks index the result.
 *
 * `updatePage` resets whatever it is not given (models/pages.js): no `tags` → a TypeError after
 * the content was saved, no `isPublished` → unpublished, no publish dates → cleared, no
 * `scriptCss`/`scriptJs` → cleared for readers with write:styles/scripts. So every update hands
 * back all of those exactly as they are.
 */
import type Knex from 'knex';
import { PageWriteError, existingPage, type ExistingPage, type PageDraft, type PagePatch, type PageRow, type PageWriter } from './page-writer';
import type { HostUser, PageIndexTarget } from './types';
import type { WikiCreateSteps, WikiPagesModel } from './wiki-host';

/**
 * What the writer needs of the host: its database (for reads) and its page model (for writes);
 * to finish a create cut short, Wiki.js's own steps of a create and the index (the save hook
 * that would have indexed the page never ran).
 */
export interface WikiPageWriterHost {
  knex: Knex;
  pages: WikiPagesModel;
  createSteps?: WikiCreateSteps;
  index?: Pick<PageIndexTarget, 'indexPages'>;
}

/** Wiki.js's error classes (helpers/error.js) → the writer's stable codes. */
const ERROR_CODES: Record<string, PageWriteError['code']> = {
  PageCreateForbidden: 'forbidden',
  // createPage throws this one when write:pages is missing (models/pages.js).
  PageDeleteForbidden: 'forbidden',
  PageUpdateForbidden: 'forbidden',
  PageMoveForbidden: 'forbidden',
  PageDuplicateCreate: 'duplicate',
  PageIllegalPath: 'invalid-path',
  PageNotFound: 'not-found',
};

function writeError(err: unknown): PageWriteError {
  if (err instanceof PageWriteError) return err;
  const name = (err as { name?: unknown } | undefined)?.name;
  const message = err instanceof Error ? err.message : String(err);
  return new PageWriteError((typeof name === 'string' && ERROR_CODES[name]) || 'failed', message);
}

export class WikiPageWriter implements PageWriter {
  constructor(private readonly host: WikiPageWriterHost) {}

  async find(path: string, locale: string): Promise<ExistingPage | undefined> {
    const row: PageRow | undefined = await this.host.knex('pages').first('*').where({ path: path.replace(/^\/+|\/+$/g, ''), localeCode: locale });
    return row ? this.existing(row) : undefined;
  }

  async findById(pageId: number): Promise<ExistingPage | undefined> {
    const row: PageRow | undefined = await this.host.knex('pages').first('*').where({ id: pageId });
    return row ? this.existing(row) : undefined;
  }

  async create(user: HostUser, draft: PageDraft): Promise<{ pageId: number }> {
    try {
      const page = (await this.host.pages.createPage({
        path: draft.path,
        locale: draft.locale,
        title: draft.title,
        description: draft.description ?? '',
        content: draft.content,
        editor: 'markdown',
        isPublished: draft.isPublished ?? true,
        isPrivate: false,
        publishStartDate: '',
        publishEndDate: '',
        scriptCss: '',
        scriptJs: '',
        tags: draft.tags,
        user: user.raw,
      })) as { id?: unknown } | undefined;
      return { pageId: Number(page?.id) };
    } catch (err) {
      throw writeError(err);
    }
  }

  async update(user: HostUser, pageId: number, patch: PagePatch): Promise<void> {
    const page = await this.findById(pageId);
    if (!page) throw new PageWriteError('not-found', `Invalid Page Id ${pageId}`);
    try {
      await this.host.pages.updatePage({
        id: page.pageId,
        // The page's own path and locale: no move, and the styles/scripts checks look at them.
        path: page.path,
        locale: page.locale,
        title: patch.title ?? page.title,
        description: patch.description ?? page.description,
        content: patch.content ?? page.content,
        tags: patch.tags ?? page.tags,
        editor: page.editorKey,
        isPublished: page.isPublished,
        isPrivate: page.isPrivate,
        publishStartDate: page.publishStartDate,
        publishEndDate: page.publishEndDate,
        scriptCss: page.scriptCss,
        scriptJs: page.scriptJs,
        user: user.raw,
      });
    } catch (err) {
      throw writeError(err);
    }
  }

  /**
   * createPage is not one transaction: it inserts the page row, then its tags, then renders it
   * (seconds, in a worker), then rebuilds the page tree. A kill in between leaves a page without
   * tags or without render; this does what was left, as createPage would have.
   */
  async completeCreate(pageId: number, draft: PageDraft): Promise<void> {
    const steps = this.host.createSteps;
    const row: { render: string | null } | undefined = await this.host.knex('pages').first('render').where({ id: pageId });
    const page = await this.findById(pageId);
    if (!steps || !row || !page) return;
    const withoutTags = page.tags.length === 0 && draft.tags.length > 0;
    if (!withoutTags && row.render !== null && row.render !== '') return;
    if (withoutTags) await steps.associateTags(pageId, draft.tags);
    await steps.renderPage(pageId);
    await steps.rebuildTree();
    await this.host.index?.indexPages([pageId]);
  }

  private async existing(row: PageRow): Promise<ExistingPage> {
    const tags: Array<{ tag: string }> = await this.host.knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').where('pageTags.pageId', row.id).orderBy('pageTags.id').select('tags.tag');
    return existingPage(row, tags.map((t) => t.tag));
  }
}
