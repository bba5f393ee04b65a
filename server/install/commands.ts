/**
 * Installer commands of the command line (contract §6): install, uninstall, status, overlay.
 * Files are the whole installation (Wiki.js loads modules from its tree at boot); the database
 * is touched only by uninstall: our script tag out of the theme settings, and with
 * --drop-tables our own tables. Pages, tags and other settings are never touched.
 */
import { mkdirSync } from 'fs';
import path from 'path';
import type Knex from 'knex';
import { translate } from '../domain/messages';
import type { Lang } from '../domain/types';
import { migrateRollbackAll, MIGRATIONS_TABLE } from '../store/migration-source';
import { withoutClientTags } from '../host/theme';
import {
  MANIFEST_PATH,
  copyIfChanged,
  fileHash,
  overlayFiles,
  packageRoot,
  packageVersion,
  readManifest,
  removeWithEmptyParents,
  writeManifest,
  type ManifestEntry,
  type OverlayFile,
} from './overlay';
import { connectWikiDb, detectWiki } from './wiki';

export type InstallCommand = 'install' | 'uninstall' | 'status' | 'overlay';

export interface InstallIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface InstallOptions {
  lang: Lang;
  dropTables?: boolean;
  /** This package's root (tests point elsewhere); found from this file by default. */
  packageRoot?: string;
  env?: NodeJS.ProcessEnv;
}

/** Folders the extension owns in a wiki; emptied ones are removed on uninstall, others never. */
const OWN_FOLDERS = ['server/modules/extensions/afsprakenwiki', 'server/modules/rendering/markdown-afsprakenwiki', 'assets/afsprakenwiki'];

interface Context {
  t: (key: string, params?: Record<string, string | number>) => string;
  io: InstallIo;
  root: string;
  options: InstallOptions;
}

/** Runs an installer command; resolves to the process exit code (0 fine, 1 failure, 2 usage). */
export async function runInstallCommand(command: InstallCommand, args: string[], options: InstallOptions, io: InstallIo): Promise<number> {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(options.lang, key, params);
  const ctx: Context = { t, io, root: options.packageRoot ?? packageRoot(), options };
  const dir = path.resolve(args[0] ?? '.');
  try {
    switch (command) {
      case 'install':
        return install(ctx, dir);
      case 'uninstall':
        return await uninstall(ctx, dir);
      case 'status':
        return status(ctx, dir);
      case 'overlay':
        return overlay(ctx, dir);
    }
  } catch (err) {
    io.err(t('install.failed', { error: err instanceof Error ? err.message : String(err) }));
    return 1;
  }
}

function checkWiki(ctx: Context, dir: string): boolean {
  const check = detectWiki(dir);
  if (!check.ok) {
    ctx.io.err(ctx.t('install.notAWiki', { dir, reason: ctx.t(check.reason.key, check.reason.params) }));
    return false;
  }
  ctx.io.out(ctx.t('install.wikiFound', { version: check.info.version, dir }));
  return true;
}

/** The overlay's files, or undefined (reported) when this package has not been built. */
function builtFiles(ctx: Context): OverlayFile[] | undefined {
  const files = overlayFiles(ctx.root);
  const missing = files.find((f) => fileHash(f.source) === undefined);
  if (missing) {
    ctx.io.err(ctx.t('install.notBuilt', { file: path.relative(ctx.root, missing.source) }));
    return undefined;
  }
  return files;
}

/** Copies the overlay into `dir` and writes the manifest; returns the entries and how many were written. */
function writeOverlay(dir: string, files: readonly OverlayFile[]): { entries: ManifestEntry[]; written: number } {
  let written = 0;
  const entries = files.map((file) => {
    const result = copyIfChanged(file.source, path.join(dir, file.target));
    if (result.written) written++;
    return { path: file.target, sha256: result.sha256 };
  });
  return { entries, written };
}

function removeOwned(dir: string, target: string): boolean {
  const own = OWN_FOLDERS.find((folder) => target.startsWith(`${folder}/`));
  const file = path.join(dir, target);
  return removeWithEmptyParents(file, own ? path.dirname(path.join(dir, own)) : path.dirname(file));
}

function install(ctx: Context, dir: string): number {
  if (!checkWiki(ctx, dir)) return 1;
  const files = builtFiles(ctx);
  if (!files) return 1;
  const previous = readManifest(dir);
  const ours = new Set(previous?.files.map((f) => f.path));
  // Never overwrite a file someone else put there: that would not be undone by uninstall.
  const conflict = files.find((f) => !ours.has(f.target) && ![undefined, fileHash(f.source)].includes(fileHash(path.join(dir, f.target))));
  if (conflict) {
    ctx.io.err(ctx.t('install.conflict', { file: conflict.target }));
    return 1;
  }
  const { entries, written } = writeOverlay(dir, files);
  const current = new Set(entries.map((e) => e.path));
  const stale = (previous?.files ?? []).filter((f) => !current.has(f.path));
  for (const file of stale) removeOwned(dir, file.path);
  const version = packageVersion(ctx.root);
  writeManifest(dir, { name: 'afsprakenwiki', version, installedAt: new Date().toISOString(), files: entries });
  ctx.io.out(ctx.t('install.installed', { version, dir, written, unchanged: entries.length - written, removed: stale.length }));
  ctx.io.out(ctx.t('install.restart'));
  return 0;
}

async function uninstall(ctx: Context, dir: string): Promise<number> {
  if (!checkWiki(ctx, dir)) return 1;
  const manifest = readManifest(dir);
  if (!manifest) {
    ctx.io.err(ctx.t('install.notInstalled', { dir, manifest: MANIFEST_PATH }));
    return 1;
  }
  let removed = 0;
  for (const entry of manifest.files) {
    const hash = fileHash(path.join(dir, entry.path));
    if (hash !== undefined && hash !== entry.sha256) ctx.io.out(ctx.t('install.changedRemoved', { file: entry.path }));
    if (removeOwned(dir, entry.path)) removed++;
  }
  removeOwned(dir, MANIFEST_PATH);
  ctx.io.out(ctx.t('install.uninstalled', { dir, removed, missing: manifest.files.length - removed }));
  return (await cleanDatabase(ctx, dir)) ? 0 : 1;
}

/** Our tags out of the theme settings; our tables only with --drop-tables. */
async function cleanDatabase(ctx: Context, dir: string): Promise<boolean> {
  const connection = connectWikiDb(dir, ctx.options.env);
  if (!connection.ok) {
    ctx.io.err(ctx.t(connection.message.key, connection.message.params));
    return false;
  }
  const { knex } = connection;
  try {
    ctx.io.out(ctx.t((await removeThemeTags(knex)) ? 'install.dbThemeCleaned' : 'install.dbThemeClean'));
    if (ctx.options.dropTables) {
      await migrateRollbackAll(knex);
      await knex.schema.dropTableIfExists(`${MIGRATIONS_TABLE}_lock`);
      await knex.schema.dropTableIfExists(MIGRATIONS_TABLE);
      ctx.io.out(ctx.t('install.dbTablesDropped'));
    } else {
      ctx.io.out(ctx.t('install.dbTablesKept'));
    }
    return true;
  } catch (err) {
    ctx.io.err(ctx.t('install.dbFailed', { error: err instanceof Error ? err.message : String(err) }));
    return false;
  } finally {
    await knex.destroy();
  }
}

/** Removes our tags from the `theming` settings row; true when it held any. */
async function removeThemeTags(knex: Knex): Promise<boolean> {
  const row: { value: unknown } | undefined = await knex('settings').select('value').where('key', 'theming').first();
  if (!row) return false;
  const value = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as { injectBody?: unknown } | null;
  if (!value || typeof value.injectBody !== 'string') return false;
  const cleaned = withoutClientTags(value.injectBody);
  if (cleaned === value.injectBody) return false;
  await knex('settings')
    .where('key', 'theming')
    .update({ value: JSON.stringify({ ...value, injectBody: cleaned }), updatedAt: new Date().toISOString() });
  return true;
}

function status(ctx: Context, dir: string): number {
  if (!checkWiki(ctx, dir)) return 1;
  const manifest = readManifest(dir);
  if (!manifest) {
    ctx.io.out(ctx.t('install.notInstalled', { dir, manifest: MANIFEST_PATH }));
    return 1;
  }
  const current = packageVersion(ctx.root);
  ctx.io.out(ctx.t('install.statusInstalled', { installed: manifest.version, dir, date: manifest.installedAt, current }));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const entry of manifest.files) {
    const hash = fileHash(path.join(dir, entry.path));
    if (hash === undefined) missing.push(entry.path);
    else if (hash !== entry.sha256) changed.push(entry.path);
  }
  ctx.io.out(ctx.t('install.statusFiles', { ok: manifest.files.length - changed.length - missing.length, changed: changed.length, missing: missing.length }));
  for (const file of changed) ctx.io.out(ctx.t('install.statusChanged', { file }));
  for (const file of missing) ctx.io.out(ctx.t('install.statusMissing', { file }));
  const installed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const packaged = overlayFiles(ctx.root);
  const matches =
    manifest.version === current &&
    packaged.length === installed.size &&
    packaged.every((f) => installed.get(f.target) !== undefined && installed.get(f.target) === fileHash(f.source));
  ctx.io.out(ctx.t(matches ? 'install.statusMatches' : 'install.statusDiffers'));
  return matches && changed.length === 0 && missing.length === 0 ? 0 : 1;
}

function overlay(ctx: Context, dir: string): number {
  const files = builtFiles(ctx);
  if (!files) return 1;
  mkdirSync(dir, { recursive: true });
  const { entries } = writeOverlay(dir, files);
  writeManifest(dir, { name: 'afsprakenwiki', version: packageVersion(ctx.root), installedAt: new Date().toISOString(), files: entries });
  ctx.io.out(ctx.t('install.overlayWritten', { count: entries.length + 1, dir }));
  return 0;
}
