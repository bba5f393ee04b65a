/**
 * The release as an organisation runs it, in a real Wiki.js 2.5 (WIKIJS_DIR) started the way the
 * official Docker image starts it (CONFIG_FILE outside the wiki folder, database from DB_*
 * variables), on SQLite and PostgreSQL: installed from the tarball, used, uninstalled; and an
 * upgrade from 0.1.0 (commit 4665758, built from this repository's history) with agreement pages.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { createHash } from 'crypto';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { extractPageFacts, systemsOf, type SourcePage } from '../../server/domain';
import { readFolder } from '../../server/cli/read-folder';
import { recordSkip } from '../support/skips';
import { releasePackage, REPO, type ReleasePackage } from '../support/release-package';
import { createWikiDatabase, WikiHarness, type GraphqlResponse, type WikiDatabase } from '../support/wikijs-harness';

/** main before this release: 0.1.0, installed the way it was (from a built checkout). */
const OLD_COMMIT = '4665758';
const MANIFEST = 'server/modules/extensions/afsprakenwiki/manifest.json';
/** Folders only the extension writes to. */
const OWN_FOLDERS = ['server/modules/extensions/afsprakenwiki', 'server/modules/rendering/markdown-afsprakenwiki', 'assets/afsprakenwiki'];

const CELLS = 'cells { chapter column layer state count agreements { pageId title } }';
const VIEWS = `query($p: String!, $l: String!) { agreements {
  overvecht: matrix(system: "kb-overvecht") { ${CELLS} unplaced { pageId } }
  noordwest: matrix(system: "kb-noordwest") { ${CELLS} unplaced { pageId } }
  compare(a: "kb-overvecht", b: "kb-noordwest") { cells { chapter column layer shared { pageId } onlyInA { pageId } onlyInB { pageId } } }
  pageContext(path: $p, locale: $l) { pageId placements { system { key } isSystemPage cells { chapter column layer } status theme } }
} }`;

interface Manifest {
  version: string;
  files: Array<{ path: string; sha256: string }>;
}

/**
 * A few example pages of both systems: their system pages, a shared page and some of each; in
 * English, the one locale a fresh Wiki.js has offline (PostgreSQL enforces pages → locales).
 */
function examplePages(count: number): SourcePage[] {
  const { pages } = readFolder(path.join(REPO, 'examples'));
  const facts = pages.map(extractPageFacts);
  const declares = (i: number, key: string) => facts[i].systemDeclarations.some((d) => d.key === key);
  const pick = (test: (i: number) => boolean, n: number) => pages.filter((_, i) => test(i)).slice(0, n);
  const chosen = new Map<number, SourcePage>();
  const only = (key: string) => (i: number) => !declares(i, key) && systemsOf(facts[i]).length === 1 && systemsOf(facts[i])[0] === key;
  for (const page of [
    ...pick((i) => declares(i, 'kb-overvecht'), 1),
    ...pick((i) => declares(i, 'kb-noordwest'), 1),
    ...pick((i) => systemsOf(facts[i]).includes('kb-overvecht') && systemsOf(facts[i]).includes('kb-noordwest'), 1),
    ...pick(only('kb-overvecht'), count),
    ...pick(only('kb-noordwest'), count),
  ]) {
    chosen.set(page.id, page);
  }
  return [...chosen.values()].map((page) => ({ ...page, locale: 'en' }));
}

const ok = <T>(result: GraphqlResponse<T>): T => {
  expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
  return result.data as T;
};

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under the extension's own folders, relative to the wiki. */
function ownFiles(dir: string): string[] {
  const walk = (relative: string): string[] =>
    existsSync(path.join(dir, relative))
      ? readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${relative}/${e.name}`) : [`${relative}/${e.name}`]))
      : [];
  return OWN_FOLDERS.flatMap(walk).sort();
}

/** 0.1.0 built in a clone of this repository's history, with this checkout's node_modules for the build. */
function buildOldRelease(into: string): string {
  const run = (command: string, args: string[], cwd: string) => {
    const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.stdout}`);
  };
  run('git', ['clone', '--quiet', '--no-checkout', REPO, into], tmpdir());
  run('git', ['checkout', '--quiet', OLD_COMMIT], into);
  symlinkSync(path.join(REPO, 'node_modules'), path.join(into, 'node_modules'));
  run(process.execPath, ['scripts/build.js'], into);
  return into;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`the release in a real Wiki.js 2.5 started the Docker way (CONFIG_FILE outside the wiki, DB_* variables) on ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, function () {
    this.timeout(900000);
    let release: ReleasePackage;
    const cleanups: Array<() => Promise<void> | void> = [];

    before(async function () {
      const reason = WikiHarness.unavailable();
      if (reason) {
        recordSkip(reason.replace('Wiki.js e2e', 'Wiki.js release e2e'));
        return this.skip();
      }
      release = await releasePackage();
    });

    after(async () => {
      if (process.env.AFW_KEEP_WIKI) return;
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    /** A wiki with its own fresh database, not yet holding the extension. */
    const freshWiki = async (): Promise<{ wiki: WikiHarness; knex: Knex; env: Record<string, string> }> => {
      let database: WikiDatabase = { type: 'sqlite' };
      if (engine === 'postgres') {
        const made = await createWikiDatabase('postgres');
        database = made.database;
        cleanups.push(made.close);
      }
      const wiki = await WikiHarness.prepare(undefined, { database, dockerConfig: true, install: false });
      cleanups.push(() => wiki.dispose());
      const knex =
        database.type === 'sqlite'
          ? Knex({ client: 'sqlite3', connection: { filename: path.join(wiki.dir, 'wiki.sqlite') }, useNullAsDefault: true })
          : Knex({ client: 'pg', connection: { host: database.host, port: database.port, user: database.user, database: database.db } });
      cleanups.push(() => knex.destroy());
      return { wiki, knex, env: { CONFIG_FILE: wiki.configFile, ...wiki.env } };
    };

    const createPages = async (wiki: WikiHarness, pages: SourcePage[]) => {
      for (const page of pages) await wiki.createPage({ path: page.path, locale: page.locale, title: page.title, content: page.content, tags: page.tags });
    };

    const theming = async (knex: Knex): Promise<{ injectBody?: string }> => {
      const row: { value: unknown } | undefined = await knex('settings').where('key', 'theming').first();
      return (typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value ?? {}) as { injectBody?: string };
    };

    it('installs from the tarball, runs, survives a saved theme, and uninstalls with exit 0 leaving every page and tag', async () => {
      const { wiki, knex, env } = await freshWiki();
      const install = release.run(['install', wiki.dir, '--lang', 'en'], env);
      expect(install.status, install.stdout + install.stderr).to.equal(0);
      await wiki.start();
      await wiki.finalize();
      await wiki.login();
      expect(readFileSync(wiki.logFile, 'utf8')).to.contain(`[afsprakenwiki] v${release.version}, migrations ok`);
      const pages = examplePages(1);
      await createPages(wiki, pages);
      const views = ok(await wiki.graphql<{ agreements: { overvecht: { cells: Array<{ count: number }> } } }>(VIEWS, { p: pages[0].path, l: pages[0].locale }));
      expect(views.agreements.overvecht.cells.reduce((n, c) => n + c.count, 0)).to.be.greaterThan(0);

      // An administrator saves the theme: Wiki.js writes its in-memory injection, our tag included.
      const current = ok(await wiki.graphql<{ theming: { config: Record<string, unknown> } }>('{ theming { config { theme iconset darkMode tocPosition injectCSS injectHead injectBody } } }')).theming.config;
      const saved = ok(
        await wiki.graphql<{ theming: { setConfig: { responseResult: { succeeded: boolean } } } }>(
          'mutation($t: String!, $i: String!, $d: Boolean!, $p: String, $c: String, $h: String, $b: String) { theming { setConfig(theme: $t, iconset: $i, darkMode: $d, tocPosition: $p, injectCSS: $c, injectHead: $h, injectBody: $b) { responseResult { succeeded } } } }',
          { t: current.theme, i: current.iconset, d: current.darkMode, p: current.tocPosition, c: current.injectCSS, h: current.injectHead, b: `<p>site footer</p>\n${String(current.injectBody)}` },
        ),
      );
      expect(saved.theming.setConfig.responseResult.succeeded).to.equal(true);
      expect((await theming(knex)).injectBody).to.contain('data-afsprakenwiki');

      const status = release.run(['status', wiki.dir, '--lang', 'en'], env);
      expect(status.stdout).to.contain(`Running: ${release.version}`);
      expect(status.stdout).to.contain('No restart due');
      expect(status.status, status.stdout + status.stderr).to.equal(0);

      const manifest = JSON.parse(readFileSync(path.join(wiki.dir, MANIFEST), 'utf8')) as Manifest;
      const rows = async () => ({
        pages: await knex('pages').select('id', 'path', 'localeCode', 'title', 'content').orderBy('id'),
        tags: await knex('pageTags').select('pageId', 'tagId').orderBy(['pageId', 'tagId']),
      });
      await wiki.stop();
      const before = await rows();
      expect(before.pages.length).to.be.at.least(pages.length);
      const uninstall = release.run(['uninstall', wiki.dir, '--lang', 'en'], env);
      expect(uninstall.status, uninstall.stdout + uninstall.stderr).to.equal(0);
      expect((await theming(knex)).injectBody).to.not.contain('data-afsprakenwiki');
      expect((await theming(knex)).injectBody).to.contain('<p>site footer</p>');
      expect(await rows()).to.deep.equal(before);
      for (const file of manifest.files) expect(existsSync(path.join(wiki.dir, file.path)), file.path).to.equal(false);
      expect(ownFiles(wiki.dir)).to.deep.equal([]);

      // Wiki.js starts without it and serves the pages.
      await wiki.start();
      await wiki.waitFor(() => wiki.healthy(), 60000);
      expect((await wiki.page(pages[0].locale, pages[0].path)).status).to.equal(200);
    });

    it('upgrades 0.1.0 with agreement pages: the same matrix, comparison and sidebar, and no file of 0.1.0 left behind', async () => {
      const { wiki, env } = await freshWiki();
      const oldDir = process.env.AFW_OLD_RELEASE_DIR ?? buildOldRelease(mkdtempSync(path.join(tmpdir(), 'afw-old-')));
      if (!process.env.AFW_OLD_RELEASE_DIR) cleanups.push(() => rmSync(oldDir, { recursive: true, force: true }));
      const old = spawnSync(process.execPath, [path.join(oldDir, 'bin/afsprakenwiki.js'), 'install', wiki.dir, '--lang', 'en'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      expect(old.status, old.stdout + old.stderr).to.equal(0);
      const oldManifest = JSON.parse(readFileSync(path.join(wiki.dir, MANIFEST), 'utf8')) as Manifest;
      expect(oldManifest.version).to.equal('0.1.0');
      await wiki.start();
      await wiki.finalize();
      await wiki.login();
      expect(readFileSync(wiki.logFile, 'utf8')).to.contain('[afsprakenwiki] v0.1.0, migrations ok');
      const pages = examplePages(2);
      await createPages(wiki, pages);
      const sidebarPage = pages[pages.length - 1];
      const views = async () => ok(await wiki.graphql<Record<string, unknown>>(VIEWS, { p: sidebarPage.path, l: sidebarPage.locale }));
      const before = await views();
      expect(JSON.stringify(before)).to.contain('"shared":[{');

      await wiki.stop();
      const install = release.run(['install', wiki.dir, '--lang', 'en'], env);
      expect(install.status, install.stdout + install.stderr).to.equal(0);
      expect(install.stdout).to.contain('Upgraded from 0.1.0');
      const status = release.run(['status', wiki.dir, '--lang', 'en'], env);
      expect(status.stdout).to.contain(`Afsprakenwiki ${release.version} is installed`);
      expect(status.stdout).to.contain(`Restart due: restart Wiki.js to run ${release.version}.`);

      // Exactly the new manifest's files, each with the content it records; nothing else of 0.1.0.
      const manifest = JSON.parse(readFileSync(path.join(wiki.dir, MANIFEST), 'utf8')) as Manifest;
      const recorded = new Set(manifest.files.map((f) => f.path));
      for (const file of oldManifest.files) if (!recorded.has(file.path)) expect(existsSync(path.join(wiki.dir, file.path)), file.path).to.equal(false);
      for (const file of manifest.files) expect(sha256(path.join(wiki.dir, file.path)), file.path).to.equal(file.sha256);
      const expectedOwn = [...recorded].filter((f) => OWN_FOLDERS.some((folder) => f.startsWith(`${folder}/`)));
      expect(ownFiles(wiki.dir)).to.deep.equal([...expectedOwn, MANIFEST].sort());

      await wiki.start();
      await wiki.waitFor(() => wiki.healthy(), 60000);
      expect(readFileSync(wiki.logFile, 'utf8')).to.contain(`[afsprakenwiki] v${release.version}, migrations ok`);
      expect(await views()).to.deep.equal(before);
      const after = release.run(['status', wiki.dir, '--lang', 'en'], env);
      expect(after.stdout).to.contain(`Running: ${release.version}`);
      expect(after.stdout).to.contain('0 of version');
      expect(after.status, after.stdout + after.stderr).to.equal(0);
    });
  });
}
