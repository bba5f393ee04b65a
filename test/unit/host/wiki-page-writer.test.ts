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
});
