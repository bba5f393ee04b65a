import { expect } from 'chai';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { runInstallCommand, type InstallCommand } from '../../server/install/commands';
import { sha256 } from '../../server/install/hash';
import { MANIFEST_PATH, type Manifest } from '../../server/install/overlay';
import { RUNTIME_MARKER_PATH } from '../../server/install/runtime-marker';
import { migrateLatest } from '../../server/store/migration-source';
import { clientTags } from '../../server/host/theme';
import { createWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { fakePackage, fakeWikiTree, write } from './fixture';

/** The package's migrations, counted from their files (one per migration, named YYYYMMDD + letter). */
const MIGRATION_FILES = readdirSync(path.join(__dirname, '../../migrations')).filter((f) => /^\d{8}[A-Z]-.+\.ts$/.test(f)).length;

/** A Wiki.js 2.5 tree with its config.yml and a SQLite database with Wiki.js's tables. */
async function fakeWiki(dir: string): Promise<Knex> {
  fakeWikiTree(dir);
  write(path.join(dir, 'config.yml'), 'port: 3000\ndb:\n  type: sqlite\n  storage: data/wiki.sqlite\n');
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

  const run = async (command: InstallCommand, args: string[], options: { lang?: 'nl' | 'en'; dropTables?: boolean; configFile?: string } = {}): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runInstallCommand(command, args, { lang: options.lang ?? 'en', dropTables: options.dropTables, configFile: options.configFile, packageRoot: pkg, env: {} }, {
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
      // A grammar for Wiki.js's editor preview per block name: else editing a page with a block logs a 404.
      'assets/js/prism/prism-afspraak.min.js',
      'assets/js/prism/prism-afsprakenstelsel.min.js',
      'assets/js/prism/prism-agreement-maintenance.min.js',
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

  /** What the boot hook records when Wiki.js starts the extension (written by hand here). */
  const started = (version: string, at: Date) =>
    write(path.join(wiki, RUNTIME_MARKER_PATH), JSON.stringify({ version, startedAt: at.toISOString(), pid: 999999999, host: 'elsewhere.example' }));

  it('reports status: matching files, a changed file, a newer package', async () => {
    expect((await run('status', [wiki])).code).to.equal(1);
    await run('install', [wiki]);
    started('9.9.9', new Date(Date.now() + 1000));
    const clean = await run('status', [wiki]);
    expect(clean.code, clean.out + clean.err).to.equal(0);
    expect(clean.out).to.contain('The installed files match this package.');
    expect(clean.out).to.contain('Database from ');
    expect(clean.out).to.contain(`0 migrations applied; ${MIGRATION_FILES} of version 9.9.9 will run at the next start`);
    write(path.join(wiki, 'server/modules/rendering/markdown-afsprakenwiki/renderer.js'), '// edited');
    const changed = await run('status', [wiki]);
    expect(changed.code).to.equal(1);
    expect(changed.out).to.contain('changed: server/modules/rendering/markdown-afsprakenwiki/renderer.js');
    fakePackage(pkg, '10.0.0');
    const newer = await run('status', [wiki], { lang: 'nl' });
    expect(newer.out).to.contain('dit pakket is versie 10.0.0');
    expect(newer.out).to.contain('Dit pakket (10.0.0) is nieuwer dan de geïnstalleerde versie; voer install uit om bij te werken.');
  });

  it('says which version is installed and which runs, and whether a restart is due', async () => {
    await run('install', [wiki]);
    const never = await run('status', [wiki]);
    expect(never.code).to.equal(1);
    expect(never.out).to.contain('Wiki.js has not started this installation yet');
    expect(never.out).to.contain('Restart due: restart Wiki.js to run 9.9.9.');
    started('9.9.9', new Date(Date.now() + 1000));
    const running = await run('status', [wiki]);
    expect(running.out).to.contain('Running: 9.9.9');
    expect(running.out).to.contain('(on another machine)');
    expect(running.out).to.contain('No restart due');
    // An upgrade installed while the old version runs.
    started('9.9.9', new Date(Date.now() - 60000));
    fakePackage(pkg, '10.0.0');
    expect((await run('install', [wiki])).code).to.equal(0);
    const due = await run('status', [wiki]);
    expect(due.code).to.equal(1);
    expect(due.out).to.contain('Afsprakenwiki 10.0.0 is installed');
    expect(due.out).to.contain('Running: 9.9.9');
    expect(due.out).to.contain('Restart due: restart Wiki.js to run 10.0.0.');
  });

  it('warns when the Wiki.js version is not 2.5.x', async () => {
    write(path.join(wiki, 'package.json'), JSON.stringify({ name: 'wiki', version: '2.4.107' }));
    const result = await run('status', [wiki]);
    expect(result.err).to.contain('this release supports Wiki.js 2.5.x; Wiki.js 2.4.107 has not been tested with it');
  });

  it('upgrades: replaces exactly the old version\'s files, keeps the data, and says from which version', async () => {
    write(path.join(pkg, 'dist/client/old-chunk.js'), '// only in 9.9.9');
    await run('install', [wiki]);
    await migrateLatest(knex);
    const pageId = await insertPage(knex, { path: 'a', title: 'A', tags: ['stelsel:x'] });
    await knex('agr_meta').insert({ key: 'upgrade-test', value: 'kept', updatedAt: new Date().toISOString() });
    const oldFiles = manifest().files.map((f) => f.path);

    fakePackage(pkg, '10.0.0');
    rmSync(path.join(pkg, 'dist/client/old-chunk.js'));
    write(path.join(pkg, 'dist/client/afsprakenwiki.js'), '// client 10.0.0');
    const result = await run('install', [wiki]);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.contain('Upgraded from 9.9.9');
    expect(result.out).to.contain('1 old files removed');
    expect(manifest().version).to.equal('10.0.0');
    const newFiles = manifest().files.map((f) => f.path);
    expect(newFiles).to.deep.equal(oldFiles.filter((f) => f !== 'assets/afsprakenwiki/old-chunk.js'));
    expect(existsSync(path.join(wiki, 'assets/afsprakenwiki/old-chunk.js'))).to.equal(false);
    expect(readFileSync(path.join(wiki, 'assets/afsprakenwiki/afsprakenwiki.js'), 'utf8')).to.equal('// client 10.0.0');
    expect(await knex('pages').where('id', pageId).first()).to.not.equal(undefined);
    expect(await knex('agr_meta').where('key', 'upgrade-test').first()).to.include({ value: 'kept' });
  });

  it('refuses to downgrade, and changes nothing', async () => {
    fakePackage(pkg, '10.0.0');
    await run('install', [wiki]);
    const before = readFileSync(path.join(wiki, MANIFEST_PATH), 'utf8');
    fakePackage(pkg, '9.9.9');
    const result = await run('install', [wiki]);
    expect(result.code).to.equal(1);
    expect(result.err).to.contain('Not installed: version 9.9.9 is older than the installed 10.0.0. Downgrading is not supported');
    expect(readFileSync(path.join(wiki, MANIFEST_PATH), 'utf8')).to.equal(before);
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

  it('uninstalls the running marker with the rest, leaving no folder of its own', async () => {
    await run('install', [wiki]);
    started('9.9.9', new Date());
    expect((await run('uninstall', [wiki])).code).to.equal(0);
    expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki'))).to.equal(false);
  });

  it('finishes an uninstall whose database step could not run: files gone, exit 3, then the database step alone', async () => {
    await run('install', [wiki]);
    const theming = { injectBody: clientTags(['afsprakenwiki.js'], '9.9.9') };
    await knex('settings').insert({ key: 'theming', value: JSON.stringify(theming), updatedAt: new Date().toISOString() });
    const config = path.join(tmp, 'elsewhere.yml');
    rmSync(path.join(wiki, 'config.yml'));
    write(config, 'db:\n  type: sqlite\n  storage: data/wiki.sqlite\n');

    const first = await run('uninstall', [wiki]);
    expect(first.code).to.equal(3);
    expect(first.err).to.contain(`No config file at ${path.join(wiki, 'config.yml')}, and CONFIG_FILE is not set`);
    expect(first.err).to.contain('Uninstall NOT finished: the files are removed');
    expect(first.err).to.contain(`run 'afsprakenwiki uninstall ${wiki} --config <file>'`);
    expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki'))).to.equal(false);

    const second = await run('uninstall', [wiki], { configFile: config });
    expect(second.code, second.err).to.equal(0);
    expect(second.out).to.contain('No Afsprakenwiki files in');
    expect(second.out).to.contain('Removed the client script from the theme settings');
    const row: { value: string } = await knex('settings').where('key', 'theming').first();
    expect(JSON.parse(row.value)).to.deep.equal({ injectBody: '' });
  });

  it('exits 3 and says the files are removed when the configured database does not answer', async () => {
    await run('install', [wiki]);
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    write(path.join(wiki, 'config.yml'), "db:\n  type: postgres\n  host: 127.0.0.1\n  port: 1\n  user: wiki\n  pass: ''\n  db: wiki\n");
    const result = await run('uninstall', [wiki], { lang: 'nl' });
    expect(result.code).to.equal(3);
    expect(result.err).to.contain('De database postgres 127.0.0.1:1/wiki is niet bereikbaar');
    expect(result.err).to.contain('Verwijderen NIET voltooid: de bestanden zijn verwijderd');
  });

  describe('stays inside the wiki folder', () => {
    let victim: string;
    let absolute: string;
    /** Entries someone who can write the wiki folder may put into its manifest. */
    let hostile: string[];

    beforeEach(() => {
      victim = path.join(tmp, 'victim/important.txt');
      absolute = path.join(tmp, 'victim/absolute.txt');
      write(victim, 'keep me');
      write(absolute, 'keep me too');
      hostile = [
        '../victim/important.txt',
        absolute,
        'assets/afsprakenwiki/../../../victim/important.txt',
        'server/modules/extensions/afsprakenwiki/../../../../victim/important.txt',
        'server/graph/resolvers/page.js',
      ];
    });

    const addToManifest = (paths: string[]) => {
      const current = manifest();
      current.files.push(...paths.map((p) => ({ path: p, sha256: sha256('keep me') })));
      writeFileSync(path.join(wiki, MANIFEST_PATH), JSON.stringify(current));
    };
    const victimsIntact = () => {
      expect(readFileSync(victim, 'utf8')).to.equal('keep me');
      expect(readFileSync(absolute, 'utf8')).to.equal('keep me too');
      expect(readFileSync(path.join(wiki, 'server/graph/resolvers/page.js'), 'utf8')).to.equal('module.exports = {}');
    };

    it('uninstall leaves a manifest entry outside its own files alone, says so, and removes the rest', async () => {
      await run('install', [wiki]);
      addToManifest(hostile);
      const result = await run('uninstall', [wiki]);
      victimsIntact();
      for (const entry of hostile) expect(result.err).to.contain(`Ignored in the manifest: '${entry}' is not a file of Afsprakenwiki inside the wiki folder`);
      expect(result.code, result.err).to.equal(0);
      expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki'))).to.equal(false);
      expect(existsSync(path.join(wiki, 'server/graph/resolvers/agreements.js'))).to.equal(false);
      const nl = await run('install', [wiki]).then(() => addToManifest(['../victim/important.txt'])).then(() => run('uninstall', [wiki], { lang: 'nl' }));
      expect(nl.err).to.contain("Genegeerd in het manifest: '../victim/important.txt' is geen bestand van Afsprakenwiki binnen de wikimap");
      victimsIntact();
    });

    it("install's clean-up of an earlier version's files leaves such entries alone", async () => {
      await run('install', [wiki]);
      addToManifest(hostile);
      fakePackage(pkg, '10.0.0');
      const result = await run('install', [wiki]);
      expect(result.code, result.err).to.equal(0);
      victimsIntact();
      expect(result.out).to.contain('0 old files removed');
      expect(result.err).to.contain("Ignored in the manifest: '../victim/important.txt'");
      expect(manifest().files.map((f) => f.path)).to.not.include.members(hostile);
    });

    it('status reports such entries and does not read them', async () => {
      await run('install', [wiki]);
      addToManifest(['../victim/important.txt']);
      const result = await run('status', [wiki]);
      expect(result.err).to.contain("Ignored in the manifest: '../victim/important.txt'");
      expect(result.out).to.not.contain('missing: ../victim');
      expect(result.out).to.not.contain('changed: ../victim');
    });

    it('refuses to install when a target is a symbolic link to a file outside the wiki, and changes nothing', async () => {
      const target = path.join(wiki, 'server/modules/extensions/afsprakenwiki/ext.js');
      mkdirSync(path.dirname(target), { recursive: true });
      symlinkSync(victim, target);
      const result = await run('install', [wiki]);
      expect(result.code).to.equal(1);
      expect(result.err).to.contain('Refused: server/modules/extensions/afsprakenwiki/ext.js: server/modules/extensions/afsprakenwiki/ext.js is a symbolic link');
      expect(result.err).to.contain('Not installed: symbolic links where the extension');
      victimsIntact();
      expect(lstatSync(target).isSymbolicLink()).to.equal(true);
      expect(existsSync(path.join(wiki, MANIFEST_PATH))).to.equal(false);
      expect(existsSync(path.join(wiki, 'server/graph/resolvers/agreements.js'))).to.equal(false);
      const nl = await run('install', [wiki], { lang: 'nl' });
      expect(nl.err).to.contain('is een symbolische koppeling; de installer volgt geen koppelingen');
    });

    it('refuses a link at a target on upgrade too, and leaves the installed version as it was', async () => {
      await run('install', [wiki]);
      const before = readFileSync(path.join(wiki, MANIFEST_PATH), 'utf8');
      const target = path.join(wiki, 'server/graph/resolvers/agreements.js');
      rmSync(target);
      symlinkSync(victim, target);
      fakePackage(pkg, '10.0.0');
      const result = await run('install', [wiki]);
      expect(result.code).to.equal(1);
      expect(result.err).to.contain('Refused: server/graph/resolvers/agreements.js');
      victimsIntact();
      expect(readFileSync(path.join(wiki, MANIFEST_PATH), 'utf8')).to.equal(before);
    });

    it('refuses a symbolically linked folder on the way, in install and in uninstall', async () => {
      const outside = path.join(tmp, 'outside-assets');
      write(path.join(outside, 'afsprakenwiki.js'), '// not ours');
      symlinkSync(outside, path.join(wiki, 'assets/afsprakenwiki'));
      const install = await run('install', [wiki]);
      expect(install.code).to.equal(1);
      expect(install.err).to.contain('Refused: assets/afsprakenwiki/afsprakenwiki.js: assets/afsprakenwiki is a symbolic link');
      expect(readdirSync(outside)).to.deep.equal(['afsprakenwiki.js']);
      expect(readFileSync(path.join(outside, 'afsprakenwiki.js'), 'utf8')).to.equal('// not ours');

      // Installed first, the folder replaced by a link since: uninstall removes the rest, not what is behind the link.
      rmSync(path.join(wiki, 'assets/afsprakenwiki'));
      await run('install', [wiki]);
      rmSync(path.join(wiki, 'assets/afsprakenwiki'), { recursive: true });
      symlinkSync(outside, path.join(wiki, 'assets/afsprakenwiki'));
      const uninstall = await run('uninstall', [wiki]);
      expect(uninstall.code).to.equal(1);
      expect(uninstall.err).to.contain('Refused: assets/afsprakenwiki/afsprakenwiki.js: assets/afsprakenwiki is a symbolic link');
      expect(uninstall.err).to.contain('paths refused and left as they were');
      expect(readFileSync(path.join(outside, 'afsprakenwiki.js'), 'utf8')).to.equal('// not ours');
      expect(existsSync(path.join(wiki, 'server/modules/rendering/markdown-afsprakenwiki'))).to.equal(false);
    });

    it('does not read or replace a manifest that is a symbolic link', async () => {
      const outsideManifest = path.join(tmp, 'victim/manifest.json');
      write(outsideManifest, JSON.stringify({ name: 'afsprakenwiki', version: '1.0.0', installedAt: '', files: [] }));
      mkdirSync(path.dirname(path.join(wiki, MANIFEST_PATH)), { recursive: true });
      symlinkSync(outsideManifest, path.join(wiki, MANIFEST_PATH));
      for (const command of ['install', 'uninstall', 'status'] as const) {
        const result = await run(command, [wiki]);
        expect(result.code, command).to.equal(1);
        expect(result.err, command).to.contain(`Refused: ${MANIFEST_PATH}: ${MANIFEST_PATH} is a symbolic link`);
      }
      expect(JSON.parse(readFileSync(outsideManifest, 'utf8'))).to.include({ version: '1.0.0' });
      victimsIntact();
    });
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
