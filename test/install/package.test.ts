/**
 * The release package as an organisation gets it: `npm pack`, then the tarball installed with
 * production dependencies only, in a folder outside this repository (so nothing of its
 * node_modules can be reached), runs the installer commands and the command line.
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { createWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { clientTags } from '../../server/host/theme';
import { REPO, fakeWikiTree, write } from './fixture';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function check(result: SpawnSyncReturns<string>, what: string): string {
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the release tarball, installed with production dependencies only', function () {
  this.timeout(300000);
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  let tmp: string;
  let scratch: string;
  let wiki: string;
  let knex: Knex;
  /** Environment of the commands: no NODE_PATH, nothing pointing into this repository. */
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(scratch, 'node_modules/afsprakenwiki/bin/afsprakenwiki.js'), ...args], { cwd: scratch, env, encoding: 'utf8' });

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'afw-package-'));
    // One `npm pack` (prepare builds dist/) and one production install per run.
    const packed = check(spawnSync(npm, ['pack', '--pack-destination', tmp, '--loglevel', 'error'], { cwd: REPO, encoding: 'utf8' }), 'npm pack').trim().split('\n').pop() as string;
    expect(packed).to.equal(`afsprakenwiki-${version}.tgz`);
    scratch = path.join(tmp, 'scratch');
    write(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
    check(
      spawnSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel', 'error', path.join(tmp, packed)], { cwd: scratch, encoding: 'utf8' }),
      'npm install --omit=dev',
    );
    wiki = path.join(tmp, 'wiki');
    fakeWikiTree(wiki);
    write(path.join(tmp, 'etc/wiki.yml'), 'db:\n  type: $(DB_TYPE)\n  storage: $(DB_FILEPATH)\n');
    env = { PATH: process.env.PATH, HOME: process.env.HOME, CONFIG_FILE: path.join(tmp, 'etc/wiki.yml'), DB_TYPE: 'sqlite', DB_FILEPATH: path.join(tmp, 'wiki.sqlite') };
    knex = Knex({ client: 'sqlite3', connection: { filename: path.join(tmp, 'wiki.sqlite') }, useNullAsDefault: true });
    await createWikiSchema(knex);
  });

  after(async () => {
    await knex?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the built dist/ and needs no other package', () => {
    const installed = readdirSync(path.join(scratch, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).to.deep.equal(['afsprakenwiki']);
    for (const file of ['dist/cli.js', 'dist/client/afsprakenwiki.js', 'dist/wiki/server/graph/resolvers/agreements.js', 'module/extensions/afsprakenwiki/ext.js', 'server/graph/agreements.graphql']) {
      expect(existsSync(path.join(scratch, 'node_modules/afsprakenwiki', file)), file).to.equal(true);
    }
    for (const absent of ['server/cli', 'test', 'client', 'node_modules']) expect(existsSync(path.join(scratch, 'node_modules/afsprakenwiki', absent)), absent).to.equal(false);
  });

  it('installs, reports status and uninstalls a wiki configured through CONFIG_FILE and DB_* variables', async () => {
    const install = cli(['install', wiki, '--lang', 'en']);
    expect(install.status, install.stderr).to.equal(0);
    expect(install.stdout).to.contain(`Afsprakenwiki ${version} installed in ${wiki}`);
    expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki/ext.js'))).to.equal(true);
    const pageId = await insertPage(knex, { path: 'kb/a', title: 'A', tags: ['stelsel:kb'] });
    const injectBody = `<p>footer</p>\n${clientTags(['afsprakenwiki.js'], version)}`;
    await knex('settings').insert({ key: 'theming', value: JSON.stringify({ injectBody }), updatedAt: new Date().toISOString() });

    const status = cli(['status', wiki, '--lang', 'en']);
    expect(status.stdout).to.contain(`Afsprakenwiki ${version} is installed in ${wiki}`);
    expect(status.stdout).to.contain('The installed files match this package.');
    expect(status.stdout).to.contain(`Database from ${path.join(tmp, 'etc/wiki.yml')} (CONFIG_FILE): sqlite`);
    // Installed but never started: a restart is due.
    expect(status.stdout).to.contain(`Restart due: restart Wiki.js to run ${version}.`);
    expect(status.status).to.equal(1);

    const uninstall = cli(['uninstall', wiki, '--lang', 'en']);
    expect(uninstall.status, uninstall.stdout + uninstall.stderr).to.equal(0);
    const row: { value: string } = await knex('settings').where('key', 'theming').first();
    expect(JSON.parse(row.value)).to.deep.equal({ injectBody: '<p>footer</p>\n' });
    expect(await knex('pages').where('id', pageId).first()).to.not.equal(undefined);
    expect(existsSync(path.join(wiki, 'server/modules/extensions/afsprakenwiki'))).to.equal(false);
  });

  it('writes the Docker overlay', () => {
    const out = path.join(tmp, 'overlay');
    const result = cli(['overlay', out, '--lang', 'en']);
    expect(result.status, result.stderr).to.equal(0);
    expect(existsSync(path.join(out, 'server/modules/extensions/afsprakenwiki/afsprakenwiki.js'))).to.equal(true);
    expect(existsSync(path.join(out, 'assets/afsprakenwiki/afsprakenwiki.js'))).to.equal(true);
  });

  it('runs the command line on the examples', () => {
    const systems = cli(['systems', path.join(REPO, 'examples'), '--json']);
    expect(systems.status, systems.stderr).to.equal(0);
    const keys = (JSON.parse(systems.stdout) as Array<{ key: string }>).map((s) => s.key);
    expect(keys).to.include.members(['kb-overvecht', 'kb-noordwest']);
    const matrix = cli(['matrix', 'kb-overvecht', path.join(REPO, 'examples'), '--lang', 'en']);
    expect(matrix.status, matrix.stderr).to.equal(0);
    const compare = cli(['compare', 'kb-overvecht', 'kb-noordwest', path.join(REPO, 'examples')]);
    expect(compare.status, compare.stderr).to.equal(0);
  });
});
