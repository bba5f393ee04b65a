/**
 * The release package as an organisation gets it, made once per test run: `npm pack` (prepare
 * builds dist/), then the tarball installed with `npm install --omit=dev` into a folder outside
 * this repository, so nothing of the repository's node_modules can be reached from it.
 */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

export const REPO = path.resolve(__dirname, '../..');

export interface ReleasePackage {
  version: string;
  tarball: string;
  /** The folder the tarball was installed into (its node_modules holds only afsprakenwiki). */
  scratch: string;
  /** Runs the installed `afsprakenwiki` with exactly this environment (plus PATH and HOME). */
  run(args: string[], env?: Record<string, string>): SpawnSyncReturns<string>;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function check(result: SpawnSyncReturns<string>, what: string): string {
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let made: Promise<ReleasePackage> | undefined;
let tmp: string | undefined;
process.once('exit', () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function make(): Promise<ReleasePackage> {
  tmp = mkdtempSync(path.join(tmpdir(), 'afw-release-'));
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const packed = check(spawnSync(npm, ['pack', '--pack-destination', tmp, '--loglevel', 'error'], { cwd: REPO, encoding: 'utf8' }), 'npm pack').trim().split('\n').pop() as string;
  const tarball = path.join(tmp, packed);
  const scratch = path.join(tmp, 'scratch');
  mkdirSync(scratch);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  check(spawnSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], { cwd: scratch, encoding: 'utf8' }), 'npm install --omit=dev');
  const bin = path.join(scratch, 'node_modules/afsprakenwiki/bin/afsprakenwiki.js');
  return {
    version,
    tarball,
    scratch,
    run: (args, env = {}) =>
      spawnSync(process.execPath, [bin, ...args], { cwd: scratch, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8' }),
  };
}

/** The release package of this checkout, packed and installed on first use. */
export function releasePackage(): Promise<ReleasePackage> {
  made ??= make();
  return made;
}
