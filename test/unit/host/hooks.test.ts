import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { AgreementIndexer } from '../../../server/indexer';
import { KnexAgreementStore } from '../../../server/store/knex-store';
import { installPageHooks } from '../../../server/host/hooks';
import { boot } from '../../../server/host/boot';
import type { WikiPagesModel } from '../../../server/host/wiki-host';
import type { HostLogger, PageIndexTarget } from '../../../server/host/types';
import { createWikiSchema, deletePage, insertPage, movePage, renameTag, updatePage } from '../../../dev/wikijs-schema';

const fence = '```';
const agreement = (column: string) => `# Afspraak\n\n${fence}afspraak\nstelsel: kb\nkolom: ${column}\nlaag: normen\n${fence}\n`;

/** Wiki.js's page model statics, reduced to their effect on the tables. */
function fakePages(knex: Knex): WikiPagesModel & { failNextUpdate?: boolean } {
  const model: WikiPagesModel & { failNextUpdate?: boolean } = {
    async createPage(opts) {
      opts.path = String(opts.path).replace(/^\/+/, '');
      await insertPage(knex, { path: String(opts.path), locale: String(opts.locale), title: String(opts.title), content: String(opts.content), tags: opts.tags as string[] });
    },
    async updatePage(opts) {
      await updatePage(knex, Number(opts.id), { content: String(opts.content), tags: opts.tags as string[] });
      if (model.failNextUpdate) {
        model.failNextUpdate = false;
        throw new Error('render failed');
      }
    },
    async deletePage(opts) {
      await deletePage(knex, Number(opts.id));
    },
    async movePage(opts) {
      await movePage(knex, Number(opts.id), String(opts.destinationPath));
    },
    async convertPage() {
      return undefined;
    },
    async migrateToLocale() {
      return 0;
    },
  };
  return model;
}

function recordingLogger(): HostLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

describe('the save hooks (Wiki.js page model wrapped, SQLite)', () => {
  let dir: string;
  let knex: Knex;
  let store: KnexAgreementStore;
  let indexer: AgreementIndexer;
  let pages: ReturnType<typeof fakePages>;
  let logger: ReturnType<typeof recordingLogger>;
  let uninstall: () => void;

  const cellsOf = async (pagePath: string) => {
    const facts = await store.pageByPath(pagePath, 'nl');
    return facts?.agreement?.columns ?? [];
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'afw-hooks-'));
    knex = Knex({ client: 'sqlite3', connection: { filename: path.join(dir, 'wiki.sqlite') }, useNullAsDefault: true });
    await createWikiSchema(knex);
    indexer = await AgreementIndexer.create(knex);
    store = await KnexAgreementStore.create(knex, { skipMigrations: true });
    pages = fakePages(knex);
    logger = recordingLogger();
    uninstall = installPageHooks({ pages, knex, index: indexer, logger, reconcileDelayMs: 10 });
  });

  afterEach(async () => {
    uninstall();
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes a created page, an edit that moves it to another cell, a move and a delete at once', async () => {
    await pages.createPage({ path: '/kb/solk', locale: 'nl', title: 'SOLK', content: agreement('dienstverlening'), tags: [] });
    expect(await cellsOf('kb/solk')).to.deep.equal(['dienstverlening']);
    const id = ((await knex('pages').where('path', 'kb/solk').first()) as { id: number }).id;
    await pages.updatePage({ id, content: agreement('leren'), tags: [] });
    expect(await cellsOf('kb/solk')).to.deep.equal(['leren']);
    await pages.movePage({ id, destinationPath: 'kb/solk-2' });
    expect(await store.pageByPath('kb/solk', 'nl')).to.equal(undefined);
    expect(await cellsOf('kb/solk-2')).to.deep.equal(['leren']);
    await pages.deletePage({ id });
    expect((await store.fingerprints()).map((f) => f.pageId)).not.to.include(id);
  });

  it('passes the original error on and still indexes what was written before it', async () => {
    const id = await insertPage(knex, { path: 'kb/a', locale: 'nl', title: 'A', content: agreement('dienstverlening') });
    pages.failNextUpdate = true;
    let error: unknown;
    await pages.updatePage({ id, content: agreement('borgen'), tags: [] }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('render failed');
    expect(await cellsOf('kb/a')).to.deep.equal(['borgen']);
  });

  it('logs an indexing failure and never breaks the page operation', async () => {
    uninstall();
    const broken: PageIndexTarget = { indexPages: () => Promise.reject(new Error('index down')), reconcile: () => Promise.resolve() };
    uninstall = installPageHooks({ pages, knex, index: broken, logger });
    await pages.createPage({ path: 'kb/b', locale: 'nl', title: 'B', content: '# B', tags: [] });
    expect(await knex('pages').where('path', 'kb/b').first()).to.not.equal(undefined);
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('index down'))).to.equal(true);
  });

  it('reconciles after an administrator renames a tag, which no model method reports', async () => {
    await pages.createPage({ path: 'kb/c', locale: 'nl', title: 'C', content: '# C', tags: ['stelsel:oud'] });
    await renameTag(knex, 'stelsel:oud', 'stelsel:nieuw');
    for (let i = 0; i < 100 && (await store.systemFacts(['nieuw'])).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await store.systemFacts(['nieuw'])).map((f) => f.path)).to.deep.equal(['kb/c']);
  });

  it('hands the indexer the tags a successful save wrote, and lets it read them back after a failure', async () => {
    const calls: Array<{ ids: number[]; tags?: ReadonlyMap<number, readonly string[]> }> = [];
    const recording: PageIndexTarget = {
      indexPages: async (ids, tags) => {
        calls.push({ ids, tags });
      },
      reconcile: async () => undefined,
    };
    uninstall();
    uninstall = installPageHooks({ pages, knex, index: recording, logger, reconcileDelayMs: 10 });
    await pages.createPage({ path: 'kb/a', locale: 'nl', title: 'A', content: agreement('leren'), tags: [' Stelsel:KB ', 'stelsel:kb', 'laag:normen'] });
    const id = calls[0].ids[0];
    expect([...(calls[0].tags ?? new Map()).entries()]).to.deep.equal([[id, ['stelsel:kb', 'laag:normen']]]);
    pages.failNextUpdate = true;
    await pages.updatePage({ id, content: agreement('borgen'), tags: ['stelsel:kb'] }).catch(() => undefined);
    expect(calls[1]).to.deep.equal({ ids: [id], tags: undefined });
  });

  it('wraps once even when installed twice, and restores the original methods', async () => {
    const original = pages.updatePage;
    const again = installPageHooks({ pages, knex, index: indexer, logger });
    again();
    expect(pages.updatePage).to.not.equal(original);
    uninstall();
    uninstall = () => undefined;
    again();
  });

});

describe('the boot hook inside a (fake) Wiki.js', () => {
  let dir: string;
  let knex: Knex;
  const globals = globalThis as { WIKI?: unknown };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'afw-boot-'));
    knex = Knex({ client: 'sqlite3', connection: { filename: path.join(dir, 'wiki.sqlite') }, useNullAsDefault: true });
    await createWikiSchema(knex);
    mkdirSync(path.join(dir, 'assets/afsprakenwiki'), { recursive: true });
    writeFileSync(path.join(dir, 'assets/afsprakenwiki/afsprakenwiki.js'), '');
    mkdirSync(path.join(dir, 'ext/locales/nl'), { recursive: true });
    writeFileSync(path.join(dir, 'ext/locales/nl/core.json'), JSON.stringify({ term: { system: 'Stelsel' } }));
    writeFileSync(path.join(dir, 'ext/locales/nl/ui.json'), JSON.stringify({ matrix: { title: 'Matrix' } }));
  });

  afterEach(async () => {
    delete globals.WIKI;
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  function fakeWiki(theming: { injectBody?: string }) {
    const logger = recordingLogger();
    const bundles: Array<[string, string, Record<string, unknown>]> = [];
    const pagesModel = Object.assign(function Pages() {}, fakePages(knex));
    globals.WIKI = {
      ROOTPATH: dir,
      SERVERPATH: path.join(dir, 'server'),
      auth: { checkAccess: () => true },
      logger,
      lang: { engine: { addResourceBundle: (lng: string, ns: string, res: Record<string, unknown>) => bundles.push([lng, ns, res]) } },
      config: { theming },
      models: { knex, pages: pagesModel },
    };
    return { logger, bundles };
  }

  it('migrates, registers strings, hooks saves, injects the client once and logs one line', async () => {
    const theming = { injectBody: '<script>window.own = 1</script>' };
    const { logger, bundles } = fakeWiki(theming);
    const result = await boot(path.join(dir, 'ext'));
    expect(result.ok, result.summary).to.equal(true);
    expect(await knex.schema.hasTable('agr_pages')).to.equal(true);
    expect(bundles.find(([lng]) => lng === 'nl')?.slice(1)).to.deep.equal(['agreements', { term: { system: 'Stelsel' }, matrix: { title: 'Matrix' } }]);
    expect(theming.injectBody).to.match(/^<script>window.own = 1<\/script>\n<script src="\/_assets\/afsprakenwiki\/afsprakenwiki.js\?v=[^"]+" defer data-afsprakenwiki><\/script>$/);
    await boot(path.join(dir, 'ext'));
    expect(theming.injectBody.match(/data-afsprakenwiki/g)).to.have.length(1);
    expect(logger.lines.filter((l) => l.includes('[afsprakenwiki] v'))).to.have.length(2);
    expect(result.summary).to.contain('GraphQL files MISSING');
  });

  it('logs and carries on when the database fails, never throwing into Wiki.js', async () => {
    const { logger } = fakeWiki({});
    await knex.destroy();
    const result = await boot(path.join(dir, 'ext'));
    expect(result.ok).to.equal(false);
    expect(logger.lines.some((l) => l.startsWith('error [afsprakenwiki] not started'))).to.equal(true);
    knex = Knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  });
});
