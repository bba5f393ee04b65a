/**
 * The release package as an organisation gets it (test/support/release-package.ts): installed
 * with production dependencies only, it runs the installer commands and the command line.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { createWikiSchema, insertPage } from '../../dev/wikijs-schema';
import { clientTags } from '../../server/host/theme';
import { releasePackage, type ReleasePackage } from '../support/release-package';
import { REPO, fakeWikiTree, write } from './fixture';

describe('the release tarball, installed with production dependencies only', function () {
  this.timeout(300000);
  let release: ReleasePackage;
  let version: string;
  let scratch: string;
  let tmp: string;
  let wiki: string;
  let knex: Knex;
  /** Environment of the commands: no NODE_PATH, nothing pointing into this repository. */
  let env: Record<string, string>;
  const cli = (args: string[]) => release.run(args, env);

  before(async () => {
    release = await releasePackage();
    ({ version, scratch } = release);
    expect(path.basename(release.tarball)).to.equal(`afsprakenwiki-${version}.tgz`);
    tmp = mkdtempSync(path.join(tmpdir(), 'afw-package-'));
    wiki = path.join(tmp, 'wiki');
    fakeWikiTree(wiki);
    write(path.join(tmp, 'etc/wiki.yml'), 'db:\n  type: $(DB_TYPE)\n  storage: $(DB_FILEPATH)\n');
    env = { CONFIG_FILE: path.join(tmp, 'etc/wiki.yml'), DB_TYPE: 'sqlite', DB_FILEPATH: path.join(tmp, 'wiki.sqlite') };
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

    // A shell without CONFIG_FILE names the file with --config.
    const { CONFIG_FILE: configFile, ...withoutConfigFile } = env;
    const status = release.run(['status', wiki, '--lang', 'en', '--config', configFile], withoutConfigFile);
    expect(status.stdout).to.contain(`Afsprakenwiki ${version} is installed in ${wiki}`);
    expect(status.stdout).to.contain('The installed files match this package.');
    expect(status.stdout).to.contain(`Database from ${configFile} (--config): sqlite`);
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
