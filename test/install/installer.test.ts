import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { runInstallCommand, type InstallCommand } from '../../server/install/commands';
import { MANIFEST_PATH, sha256, type Manifest } from '../../server/install/overlay';
import { migrateLatest } from '../../server/store/migration-source';
import { clientTags } from '../../server/host/theme';
import { createWikiSchema, insertPage } from '../../dev/wikijs-schema';

const REPO = path.resolve(__dirname, '../..');

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A built copy of this package: its real module files and SDL, stand-ins for the bundles. */
function fakePackage(dir: string, version = '9.9.9'): void {
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'afsprakenwiki', version }));
  for (const file of [
    'module/extensions/afsprakenwiki/ext.js',
    'module/rendering/markdown-afsprakenwiki/definition.yml',
    'module/rendering/markdown-afsprakenwiki/renderer.js',
    'server/graph/agreements.graphql',
    'locales/nl/core.json',
    'locales/en/core.json',
  ]) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(REPO, file), path.join(dir, file));
  }
  write(path.join(dir, 'dist/wiki/server/modules/extensions/afsprakenwiki/afsprakenwiki.js'), '// boot bundle');
  write(path.join(dir, 'dist/wiki/server/graph/resolvers/agreements.js'), '// resolvers bundle');
  write(path.join(dir, 'dist/wiki/server/modules/rendering/markdown-afsprakenwiki/markdown-afsprakenwiki.js'), '// plugin bundle');
  write(path.join(dir, 'dist/client/afsprakenwiki.js'), '// client');
  write(path.join(dir, 'dist/client/fonts/icons.woff2'), 'font');
}

/** A Wiki.js 2.5 tree as the official image has it, with a SQLite database and the wiki's node_modules. */
async function fakeWiki(dir: string): Promise<Knex> {
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'wiki', version: '2.5.314' }));
  write(path.join(dir, 'server/graph/schemas/common.graphql'), 'type Query');
  write(path.join(dir, 'server/graph/resolvers/page.js'), 'module.exports = {}');
  write(path.join(dir, 'server/modules/rendering/markdown-core/definition.yml'), 'key: markdownCore');
  write(path.join(dir, 'server/modules/extensions/sharp/ext.js'), 'module.exports = {}');
  write(path.join(dir, 'assets/js/app.js'), '// app');
  write(path.join(dir, 'config.yml'), 'port: 3000\ndb:\n  type: sqlite\n  storage: data/wiki.sqlite\n');
  // The wiki's own knex and sqlite3 (ours are the same versions).
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, 'data'));
  const knex = Knex({ client: 'sqlite3', connection: { filename: path.join(dir, 'data/wiki.sqlite') }, useNullAsDefault: true });
  await createWikiSchema(knex);
  return knex;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('the installer (install, uninstall, status, overlay)', function () {
  this.timeout(30000);
  let tmp: string;
  let pkg: string;
  let wiki: string;
  let knex: Knex;

  const run = async (command: InstallCommand, args: string[], options: { lang?: 'nl' | 'en'; dropTables?: boolean } = {}): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runInstallCommand(command, args, { lang: options.lang ?? 'en', dropTables: options.dropTables, packageRoot: pkg, env: {} }, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const manifest = (): Manifest => JSON.parse(readFileSync(path.join(wiki, MANIFEST_PATH), 'utf8')) as Manifest;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'afw-install-'));
    pkg = path.join(tmp, 'package');
    wiki = path.join(tmp, 'wiki');
    fakePackage(pkg);
    knex = await fakeWiki(wiki);
  });

  afterEach(async () => {
    await knex.destroy();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a folder that is not Wiki.js 2.x, in the language asked for', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const en = await run('install', [empty]);
    expect(en.code).to.equal(1);
    expect(en.err).to.contain('is not a Wiki.js 2.x installation: no package.json of Wiki.js');
    const nl = await run('install', [empty], { lang: 'nl' });
    expect(nl.err).to.contain('is geen Wiki.js 2.x-installatie');
  });

  it('refuses to install from a package that was not built', async () => {
    rmSync(path.join(pkg, 'dist/wiki'), { recursive: true });
    const result = await run('install', [wiki]);
    expect(result.code).to.equal(1);
    expect(result.err).to.contain("run 'npm run build' first");
    expect(existsSync(path.join(wiki, MANIFEST_PATH))).to.equal(false);
  });

  it('copies modules, GraphQL files, strings and client assets, and records each with its sha256', async () => {
    const result = await run('install', [wiki]);
    expect(result.code, result.err).to.equal(0);
    const paths = manifest().files.map((f) => f.path);
    expect(paths).to.include.members([
      'server/modules/extensions/afsprakenwiki/ext.js',
      'server/modules/extensions/afsprakenwiki/afsprakenwiki.js',
      'server/modules/extensions/afsprakenwiki/locales/nl/core.json',
      'server/modules/rendering/markdown-afsprakenwiki/definition.yml',
      'server/modules/rendering/markdown-afsprakenwiki/renderer.js',
      'server/modules/rendering/markdown-afsprakenwiki/markdown-afsprakenwiki.js',
      'server/graph/schemas/agreements.graphql',
      'server/graph/resolvers/agreements.js',
      'assets/afsprakenwiki/afsprakenwiki.js',
      'assets/afsprakenwiki/fonts/icons.woff2',
    ]);
    for (const entry of manifest().files) expect(sha256(readFileSync(path.join(wiki, entry.path)))).to.equal(entry.sha256);
    expect(manifest().version).to.equal('9.9.9');
  });

  it('is idempotent: a second install writes nothing and records the same files', async () => {
    await run('install', [wiki]);
    const first = manifest().files;
    const again = await run('install', [wiki]);
    expect(again.code).to.equal(0);
    expect(again.out).to.contain('0 files written');
    expect(manifest().files).to.deep.equal(first);
  });

  it('never overwrites a file it did not write', async () => {
    write(path.join(wiki, 'server/graph/resolvers/agreements.js'), '// someone else');
    const result = await run('install', [wiki]);
    expect(result.code).to.equal(1);
    expect(result.err).to.contain('server/graph/resolvers/agreements.js already exists');
    expect(readFileSync(path.join(wiki, 'server/graph/resolvers/agreements.js'), 'utf8')).to.equal('// someone else');
  });

  it('removes files of an earlier version that the new one no longer has', async () => {
    await run('install', [wiki]);
    rmSync(path.join(pkg, 'dist/client/fonts'), { recursive: true });
    const result = await run('install', [wiki]);
    expect(result.out).to.contain('1 old files removed');
    expect(existsSync(path.join(wiki, 'assets/afsprakenwiki/fonts'))).to.equal(false);
  });

  it('reports status: matching files, a changed file, a newer package', async () => {
    expect((await run('status', [wiki])).code).to.equal(1);
    await run('install', [wiki]);
    const clean = await run('status', [wiki]);
    expect(clean.code).to.equal(0);
    expect(clean.out).to.contain('The installed files match this package.');
    write(path.join(wiki, 'server/modules/rendering/markdown-afsprakenwiki/renderer.js'), '// edited');
    const changed = await run('status', [wiki]);
    expect(changed.code).to.equal(1);
    expect(changed.out).to.contain('changed: server/modules/rendering/markdown-afsprakenwiki/renderer.js');
    fakePackage(pkg, '10.0.0');
    expect((await run('status', [wiki], { lang: 'nl' })).out).to.contain('dit pakket is versie 10.0.0');
  });

  it('uninstalls exactly what it installed and cleans only its script tag from the theme settings', async () => {
    await run('install', [wiki]);
    await migrateLatest(knex);
    const pageId = await insertPage(knex, { path: 'a', title: 'A', tags: ['stelsel:x'] });
    const theming = { theme: 'default', injectCSS: 'body{}', injectBody: `<script>window.mine = 1</script>\n${clientTags(['afsprakenwiki.js'], '9.9.9')}` };
    await knex('settings').insert({ key: 'theming', value: JSON.stringify(theming), updatedAt: new Date().toISOString() });

    const result = await run('uninstall', [wiki]);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.contain('Removed the client script from the theme settings');
    for (const gone of ['server/modules/extensions/afsprakenwiki', 'server/modules/rendering/markdown-afsprakenwiki', 'assets/afsprakenwiki', 'server/graph/resolvers/agreements.js']) {
      expect(existsSync(path.join(wiki, gone)), gone).to.equal(false);
    }
    for (const kept of ['server/graph/resolvers/page.js', 'server/graph/schemas/common.graphql', 'server/modules/extensions/sharp/ext.js', 'assets/js/app.js']) {
      expect(existsSync(path.join(wiki, kept)), kept).to.equal(true);
    }
    const row: { value: string } = await knex('settings').where('key', 'theming').first();
    expect(JSON.parse(row.value)).to.deep.equal({ ...theming, injectBody: '<script>window.mine = 1</script>\n' });
    expect(await knex('pages').where('id', pageId).first()).to.not.equal(undefined);
    expect(await knex('tags').where('tag', 'stelsel:x').first()).to.not.equal(undefined);
    expect(await knex.schema.hasTable('agr_pages')).to.equal(true);
  });

  it('drops its own tables only when asked to', async () => {
    await run('install', [wiki]);
    await migrateLatest(knex);
    const result = await run('uninstall', [wiki], { dropTables: true });
    expect(result.code, result.err).to.equal(0);
    for (const table of ['agr_pages', 'agr_page_systems', 'agr_meta', 'agreementsMigrations', 'agreementsMigrations_lock']) {
      expect(await knex.schema.hasTable(table), table).to.equal(false);
    }
    expect(await knex.schema.hasTable('pages')).to.equal(true);
  });

  it('refuses to uninstall where nothing was installed', async () => {
    const result = await run('uninstall', [wiki]);
    expect(result.code).to.equal(1);
    expect(result.err).to.contain('Afsprakenwiki is not installed');
  });

  it('writes the overlay for the Docker image as a /wiki tree with its manifest', async () => {
    const out = path.join(tmp, 'overlay');
    const result = await run('overlay', [out]);
    expect(result.code).to.equal(0);
    expect(existsSync(path.join(out, 'server/modules/extensions/afsprakenwiki/ext.js'))).to.equal(true);
    expect(existsSync(path.join(out, 'assets/afsprakenwiki/afsprakenwiki.js'))).to.equal(true);
    expect(existsSync(path.join(out, MANIFEST_PATH))).to.equal(true);
  });
});
