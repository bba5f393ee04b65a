import { expect } from 'chai';
import Knex from 'knex';
import { WikiPageWriter } from '../../../server/host/wiki-page-writer';
import type { WikiPagesModel } from '../../../server/host/wiki-host';
import { createWikiSchema, insertPage } from '../../../dev/wikijs-schema';

describe('WikiPageWriter (Wiki.js page API calls)', () => {
  let knex: Knex;
  const calls: Array<{ method: string; opts: Record<string, unknown> }> = [];
  const refuse = (name: string) => Object.assign(new Error(`refused: ${name}`), { name });
  let failWith: Error | undefined;
  const record = (method: string) => async (opts: Record<string, unknown>) => {
    calls.push({ method, opts });
    if (failWith) throw failWith;
    return { id: 77 };
  };
  const pages = { createPage: record('createPage'), updatePage: record('updatePage') } as unknown as WikiPagesModel;
  const user = { id: 5, groups: [3], raw: { id: 5, name: 'the request user' } };

  before(async () => {
    knex = Knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    await createWikiSchema(knex);
  });
  after(() => knex.destroy());
  beforeEach(() => {
    calls.length = 0;
    failWith = undefined;
  });

  it('updates with every field updatePage would otherwise reset, as they are, and the request user', async () => {
    const id = await insertPage(knex, { path: 'a/b', locale: 'nl', title: 'T', description: 'D', content: 'C', isPublished: false, tags: ['x', 'stelsel:k'] });
    await knex('pages').where({ id }).update({ publishStartDate: '2024-01-01', publishEndDate: '2025-01-01', isPrivate: false, extra: JSON.stringify({ css: 'p{}', js: '<script></script>' }) });
    await new WikiPageWriter({ knex, pages }).update(user, id, { tags: ['x', 'stelsel:m'] });
    expect(calls).to.have.length(1);
    expect(calls[0].method).to.equal('updatePage');
    expect(calls[0].opts).to.deep.equal({
      id,
      path: 'a/b',
      locale: 'nl',
      title: 'T',
      description: 'D',
      content: 'C',
      tags: ['x', 'stelsel:m'],
      editor: 'markdown',
      isPublished: false,
      isPrivate: false,
      publishStartDate: '2024-01-01',
      publishEndDate: '2025-01-01',
      scriptCss: 'p{}',
      scriptJs: '<script></script>',
      user: user.raw,
    });
  });

  it('creates a published markdown page as the request user, and maps Wiki.js refusals to stable codes', async () => {
    const created = await new WikiPageWriter({ knex, pages }).create(user, { path: 'n/p', locale: 'en', title: 'N', content: '# N', tags: ['a'] });
    expect(created).to.deep.equal({ pageId: 77 });
    expect(calls[0].opts).to.include({ path: 'n/p', locale: 'en', editor: 'markdown', isPublished: true, isPrivate: false, content: '# N', user: user.raw });
    const codes: string[] = [];
    for (const name of ['PageDeleteForbidden', 'PageDuplicateCreate', 'PageIllegalPath', 'SomethingElse']) {
      failWith = refuse(name);
      await new WikiPageWriter({ knex, pages }).create(user, { path: 'n/q', locale: 'en', title: 'N', content: '# N', tags: [] }).catch((err: { code: string }) => codes.push(err.code));
    }
    expect(codes).to.deep.equal(['forbidden', 'duplicate', 'invalid-path', 'failed']);
  });

  describe('finishing a create cut short (createPage killed after the page row)', () => {
    const steps: string[] = [];
    const writer = () =>
      new WikiPageWriter({
        knex,
        pages,
        createSteps: {
          associateTags: async (pageId, tags) => void steps.push(`tags ${pageId} ${tags.join(',')}`),
          renderPage: async (pageId) => void steps.push(`render ${pageId}`),
          rebuildTree: async () => void steps.push('tree'),
        },
        index: { indexPages: async (ids: number[]) => void steps.push(`index ${ids.join(',')}`) },
      });
    const draft = (path: string) => ({ path, locale: 'nl', title: 'Half', content: '# Half\n', tags: ['stelsel:k', 'laag:normen'] });
    beforeEach(() => (steps.length = 0));

    it('adds the tags, renders, rebuilds the tree and indexes a page left without tags or render', async () => {
      const id = await insertPage(knex, { path: 'half/a', locale: 'nl', title: 'Half', content: '# Half\n', tags: [] });
      await knex('pages').where({ id }).update({ render: null });
      await writer().completeCreate(id, draft('half/a'));
      expect(steps).to.deep.equal([`tags ${id} stelsel:k,laag:normen`, `render ${id}`, 'tree', `index ${id}`]);
    });

    it('renders a page that has its tags but no render yet', async () => {
      const id = await insertPage(knex, { path: 'half/b', locale: 'nl', title: 'Half', content: '# Half\n', tags: ['stelsel:k', 'laag:normen'] });
      await knex('pages').where({ id }).update({ render: '' });
      await writer().completeCreate(id, draft('half/b'));
      expect(steps).to.deep.equal([`render ${id}`, 'tree', `index ${id}`]);
    });

    it('leaves a complete page alone', async () => {
      const id = await insertPage(knex, { path: 'half/c', locale: 'nl', title: 'Half', content: '# Half\n', tags: ['stelsel:k', 'laag:normen'] });
      await knex('pages').where({ id }).update({ render: '<h1>Half</h1>' });
      await writer().completeCreate(id, draft('half/c'));
      expect(steps).to.deep.equal([]);
    });
  });
});
