import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { runInstallCommand, type InstallCommand, type InstallOptions } from '../../server/install/commands';
import { configLocation, readWikiConfig, substituteConfigValues } from '../../server/install/wiki-config';
import { clientTags } from '../../server/host/theme';
import { createWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { describeEachDatabase, type TestDatabase } from '../support/databases';
import { fakePackage, fakeWikiTree, write } from './fixture';

/** The package's migrations, counted from their files (one per migration, named YYYYMMDD + letter). */
const MIGRATION_FILES = readdirSync(path.join(__dirname, '../../migrations')).filter((f) => /^\d{8}[A-Z]-.+\.ts$/.test(f)).length;

/** The official Docker image's /wiki/config.yml (Wiki.js 2.5, dev/build/config.yml), verbatim. */
const DOCKER_CONFIG = `port: 3000
bindIP: 0.0.0.0
db:
  type: $(DB_TYPE)
  host: '$(DB_HOST)'
  port: $(DB_PORT)
  user: '$(DB_USER)'
  pass: '$(DB_PASS)'
  db: $(DB_NAME)
  storage: $(DB_FILEPATH)
  ssl: $(DB_SSL)
ssl:
  enabled: $(SSL_ACTIVE)
  port: 3443
  provider: letsencrypt
  domain: $(LETSENCRYPT_DOMAIN)
  subscriberEmail: $(LETSENCRYPT_EMAIL)
logLevel: $(LOG_LEVEL:info)
logFormat: $(LOG_FORMAT:default)
ha: $(HA_ACTIVE)
`;

describe('finding the wiki configuration as Wiki.js does', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'afw-config-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('replaces $(VAR) and $(VAR:default) as Wiki.js does, an unset variable without default by the text undefined', () => {
    const result = substituteConfigValues('a: $(A)\nb: $(B:fallback)\nc: $(C)\nd: $(D:x)\n', { A: 'one', D: '' });
    // Wiki.js: process.env[name] || default, so an empty value takes the default too.
    expect(result.text).to.equal('a: one\nb: fallback\nc: undefined\nd: x\n');
    expect(result.unset).to.deep.equal(['C']);
  });

  it('reads CONFIG_FILE relative to the wiki root, an absolute one as is, and --config before both', () => {
    const wiki = path.join(tmp, 'wiki');
    expect(configLocation(wiki, {})).to.deep.equal({ file: path.join(wiki, 'config.yml'), source: 'default' });
    expect(configLocation(wiki, { CONFIG_FILE: 'conf/wiki.yml' })).to.deep.equal({ file: path.join(wiki, 'conf/wiki.yml'), source: 'CONFIG_FILE' });
    expect(configLocation(wiki, { CONFIG_FILE: '/etc/wiki.yml' })).to.deep.equal({ file: '/etc/wiki.yml', source: 'CONFIG_FILE' });
    expect(configLocation(wiki, { CONFIG_FILE: '/etc/wiki.yml' }, path.join(tmp, 'x.yml'))).to.deep.equal({ file: path.join(tmp, 'x.yml'), source: 'option' });
  });

  it('fills what the file leaves out from the wiki\'s data.yml defaults, and takes the password from DB_PASS_FILE', () => {
    const wiki = path.join(tmp, 'wiki');
    fakeWikiTree(wiki);
    write(path.join(wiki, 'config.yml'), 'db:\n  host: db.example\n  user: null\n');
    write(path.join(tmp, 'secret'), 's3cret\n');
    const lookup = readWikiConfig(wiki, { DB_PASS_FILE: path.join(tmp, 'secret') });
    expect(lookup.ok).to.equal(true);
    if (!lookup.ok) return;
    // lodash defaultsDeep: only undefined is filled; an explicit null stays.
    expect(lookup.config.db).to.deep.include({ type: 'postgres', host: 'db.example', port: 5432, user: null, pass: 's3cret', db: 'wiki', storage: './db.sqlite' });
  });
});

/** The DB_* variables of the official image for a test database. */
function dockerEnv(db: TestDatabase, passFile: string): NodeJS.ProcessEnv {
  if (db.engine === 'sqlite') return { DB_TYPE: 'sqlite', DB_FILEPATH: db.databaseName };
  const postgres = db.engine === 'postgres';
  return {
    DB_TYPE: postgres ? 'postgres' : 'mariadb',
    DB_HOST: '127.0.0.1',
    DB_PORT: postgres ? '5432' : '3306',
    DB_USER: postgres ? 'postgres' : 'root',
    // Empty passwords cannot be given in DB_PASS (Wiki.js reads `undefined` then): a secret file can.
    DB_PASS_FILE: passFile,
    DB_NAME: db.databaseName,
  };
}

describeEachDatabase('the installer on a wiki started the Docker way (CONFIG_FILE outside the wiki, DB_* variables)', (db) => {
  let tmp: string;
  let wiki: string;
  let pkg: string;
  let env: NodeJS.ProcessEnv;
  const theming = { theme: 'default', injectBody: `<p>site footer</p>\n${clientTags(['afsprakenwiki.js'], '9.9.9')}` };

  const run = async (command: InstallCommand, options: Partial<InstallOptions> = {}) => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const code = await runInstallCommand(command, [wiki], { lang: 'en', packageRoot: pkg, env, ...options }, io);
    return { code, text: lines.join('\n') };
  };

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'afw-docker-'));
    wiki = path.join(tmp, 'wiki');
    pkg = path.join(tmp, 'package');
    fakeWikiTree(wiki);
    fakePackage(pkg);
    write(path.join(tmp, 'etc/wiki.yml'), DOCKER_CONFIG);
    write(path.join(tmp, 'db-pass'), '\n');
    env = { CONFIG_FILE: path.join(tmp, 'etc/wiki.yml'), ...dockerEnv(db, path.join(tmp, 'db-pass')) };
    await createWikiSchema(db.knex);
    await db.knex('settings').insert({ key: 'theming', value: JSON.stringify(theming), updatedAt: new Date().toISOString() });
  });
  afterEach(async () => {
    for (const table of ['pageTags', 'tags', 'pages', 'settings', 'userGroups', 'users', 'groups', 'locales']) await db.knex.schema.dropTableIfExists(table);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('installs, reports the database in status, and uninstalls with exit 0: script tag gone, pages kept', async () => {
    expect((await run('install')).code).to.equal(0);
    const pageId = await insertPage(db.knex, { path: 'kb/a', title: 'A', tags: ['stelsel:kb'] });
    const status = await run('status');
    expect(status.text).to.contain(`Database from ${path.join(tmp, 'etc/wiki.yml')} (CONFIG_FILE): ${db.engine === 'mariadb' ? 'mariadb' : db.engine}`);
    expect(status.text).to.contain(`0 migrations applied; ${MIGRATION_FILES} of version 9.9.9 will run at the next start`);

    const result = await run('uninstall');
    expect(result.code, result.text).to.equal(0);
    expect(result.text).to.contain('Removed the client script from the theme settings');
    const row: { value: unknown } = await db.knex('settings').where('key', 'theming').first();
    const value = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    expect(value).to.deep.equal({ theme: 'default', injectBody: '<p>site footer</p>\n' });
    expect(await db.knex('pages').where('id', pageId).first()).to.not.equal(undefined);
    expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki'))).to.equal(false);
  });

  it('finds the file with --config when the shell has no CONFIG_FILE', async () => {
    await run('install');
    delete env.CONFIG_FILE;
    const result = await run('uninstall', { configFile: path.join(tmp, 'etc/wiki.yml') });
    expect(result.code, result.text).to.equal(0);
    expect(result.text).to.contain('(--config)');
    expect(result.text).to.contain('Removed the client script from the theme settings');
  });

  it('names the unset DB_* variables and exits 3 when the shell lacks them', async () => {
    await run('install');
    env = { CONFIG_FILE: env.CONFIG_FILE };
    const result = await run('uninstall');
    expect(result.code).to.equal(3);
    expect(result.text).to.contain('uses environment variables that are not set in this shell: DB_TYPE, DB_HOST, DB_PORT, DB_USER, DB_PASS, DB_NAME, DB_FILEPATH, DB_SSL');
    expect(result.text).to.contain('Uninstall NOT finished');
  });
});
