import { expect } from 'chai';
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { build } from 'esbuild';
import { removeWiki, writeWiki } from './fixture';

const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, 'dist/cli.js');

/** The newest modification time of the sources the bundle is built from. */
function newestSource(dir: string): number {
  return Math.max(
    0,
    ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return newestSource(full);
      return /\.(ts|json)$/.test(entry.name) ? fs.statSync(full).mtimeMs : 0;
    }),
  );
}

describe('the afsprakenwiki binary', () => {
  let dir: string;
  before(async function () {
    this.timeout(60000);
    dir = writeWiki();
    const stale = !fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < Math.max(newestSource(path.join(root, 'server')), newestSource(path.join(root, 'locales')));
    // Same settings as scripts/build.js, so the test proves what `npm ci` installs.
    if (stale) {
      await build({
        entryPoints: [path.join(root, 'server/cli/main.ts')],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        external: ['graphql', 'knex', 'sqlite3', 'pg', 'mysql2', 'playwright-core'],
        logLevel: 'warning',
      });
    }
  });
  after(() => removeWiki(dir));

  it('runs as a node script, prints the matrix and exits with the command code', () => {
    const matrix = spawnSync(process.execPath, [path.join(root, 'bin/afsprakenwiki.js'), 'matrix', 'alpha', dir], { encoding: 'utf8' });
    expect(matrix.status, matrix.stderr).to.equal(0);
    expect(matrix.stdout).to.include('Kwaliteit van de oplossing');
    const validate = spawnSync(process.execPath, [path.join(root, 'bin/afsprakenwiki.js'), 'validate', dir], { encoding: 'utf8' });
    expect(validate.status).to.equal(1);
    const usage = spawnSync(process.execPath, [path.join(root, 'bin/afsprakenwiki.js'), 'onzin'], { encoding: 'utf8' });
    expect(usage.status).to.equal(2);
  });
});
