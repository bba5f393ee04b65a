/**
 * Installer commands of the command line (contract §6): install, uninstall, status, overlay.
 * Files are the whole installation (Wiki.js loads modules from its tree at boot, and runs our
 * migrations then); the database is changed only by uninstall: our script tag out of the theme
 * settings, and with --drop-tables our own tables. Pages, tags and other settings are never
 * touched. The database is found as Wiki.js finds it (wiki-config.ts), or with --config.
 */
import { mkdirSync } from 'fs';
import path from 'path';
import type Knex from 'knex';
import { translate } from '../domain/messages';
import type { Lang } from '../domain/types';
import { migrations } from '../../migrations';
import { migrateRollbackAll, MIGRATIONS_TABLE } from '../store/migration-source';
import { withoutClientTags } from '../host/theme';
import {
  MANIFEST_PATH,
  copyIfChanged,
  overlayFiles,
  packageRoot,
  packageVersion,
  readManifest,
  sourceHash,
  writeManifest,
  type ManifestEntry,
  type OverlayFile,
} from './overlay';
import { compareVersions, markerProcessAlive, readRuntimeMarker, RUNTIME_MARKER_PATH } from './runtime-marker';
import { connectWikiDb, detectWiki, type WikiInfo } from './wiki';
import { RefusedPathError, WikiFolder, type Refusal } from './wiki-folder';

export type InstallCommand = 'install' | 'uninstall' | 'status' | 'overlay';

/** Exit codes of the installer commands (the README lists them). */
export const EXIT = {
  ok: 0,
  /** Failed, refused, or (status) something to do. */
  failed: 1,
  /** The wiki's database could not be reached; the output says what was done and how to finish. */
  databaseUnreachable: 3,
} as const;

/** The Wiki.js versions this release is built and tested for. */
const SUPPORTED_WIKI = /^2\.5\./;

export interface InstallIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface InstallOptions {
  lang: Lang;
  dropTables?: boolean;
  /** `--config`: the wiki's config file, when this shell lacks Wiki.js's CONFIG_FILE. */
  configFile?: string;
  /** This package's root (tests point elsewhere); found from this file by default. */
  packageRoot?: string;
  env?: NodeJS.ProcessEnv;
}

interface Context {
  t: (key: string, params?: Record<string, string | number>) => string;
  io: InstallIo;
  root: string;
  options: InstallOptions;
}

/** Runs an installer command; resolves to the process exit code (EXIT; 2 is the command line's usage error). */
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
        return await status(ctx, dir);
      case 'overlay':
        return overlay(ctx, dir);
    }
  } catch (err) {
    if (err instanceof RefusedPathError) reportRefusal(ctx, err.refusal);
    else io.err(t('install.failed', { error: err instanceof Error ? err.message : String(err) }));
    return EXIT.failed;
  }
}

/** Says what the installer left alone: a manifest entry not of ours, or a symbolic link on the way. */
function reportRefusal(ctx: Context, refusal: Refusal): void {
  if (refusal.reason === 'notOurs') ctx.io.err(ctx.t('install.ignoredEntry', { file: refusal.target }));
  else ctx.io.err(ctx.t('install.refusedLink', { file: refusal.target, link: refusal.link }));
}

/**
 * A manifest's entries the installer may act on. Entries that are not its own files inside the
 * wiki folder are reported and ignored; those behind a symbolic link are returned for the caller
 * to refuse.
 */
function ownEntries(ctx: Context, folder: WikiFolder, entries: readonly ManifestEntry[]): { accepted: ManifestEntry[]; links: Refusal[] } {
  const accepted: ManifestEntry[] = [];
  const links: Refusal[] = [];
  for (const entry of entries) {
    const where = folder.locate(entry?.path);
    if (!('reason' in where)) accepted.push(entry);
    else if (where.reason === 'symlink') links.push(where);
    else reportRefusal(ctx, where);
  }
  return { accepted, links };
}

function checkWiki(ctx: Context, dir: string): WikiInfo | undefined {
  const check = detectWiki(dir);
  if (!check.ok) {
    ctx.io.err(ctx.t('install.notAWiki', { dir, reason: ctx.t(check.reason.key, check.reason.params) }));
    return undefined;
  }
  ctx.io.out(ctx.t('install.wikiFound', { version: check.info.version, dir }));
  if (!SUPPORTED_WIKI.test(check.info.version)) ctx.io.err(ctx.t('install.wikiUnsupported', { version: check.info.version }));
  return check.info;
}

/** The overlay's files, or undefined (reported) when this package has not been built. */
function builtFiles(ctx: Context): OverlayFile[] | undefined {
  const files = overlayFiles(ctx.root);
  const missing = files.find((f) => sourceHash(f.source) === undefined);
  if (missing) {
    ctx.io.err(ctx.t('install.notBuilt', { file: path.relative(ctx.root, missing.source) }));
    return undefined;
  }
  return files;
}

/** Copies the overlay into `dir` and writes the manifest; returns the entries and how many were written. */
function writeOverlay(folder: WikiFolder, files: readonly OverlayFile[]): { entries: ManifestEntry[]; written: number } {
  let written = 0;
  const entries = files.map((file) => {
    const result = copyIfChanged(folder, file.source, file.target);
    if (result.written) written++;
    return { path: file.target, sha256: result.sha256 };
  });
  return { entries, written };
}

function install(ctx: Context, dir: string): number {
  if (!checkWiki(ctx, dir)) return EXIT.failed;
  const files = builtFiles(ctx);
  if (!files) return EXIT.failed;
  const folder = new WikiFolder(dir);
  const previous = readManifest(folder);
  const version = packageVersion(ctx.root);
  // Our migrations only go forward: an older version would not know the newer tables.
  if (previous && compareVersions(version, previous.version) < 0) {
    ctx.io.err(ctx.t('install.downgrade', { version, installed: previous.version }));
    return EXIT.failed;
  }
  // Every path to be written or removed is checked before anything changes.
  const { accepted, links } = ownEntries(ctx, folder, previous?.files ?? []);
  for (const target of [...files.map((f) => f.target), MANIFEST_PATH]) {
    const where = folder.locate(target);
    if ('reason' in where) links.push(where);
  }
  if (links.length > 0) {
    for (const refusal of links) reportRefusal(ctx, refusal);
    ctx.io.err(ctx.t('install.refusedInstall'));
    return EXIT.failed;
  }
  const ours = new Set(accepted.map((f) => f.path));
  // Never overwrite a file someone else put there: that would not be undone by uninstall.
  const conflict = files.find((f) => !ours.has(f.target) && ![undefined, sourceHash(f.source)].includes(folder.hash(f.target)));
  if (conflict) {
    ctx.io.err(ctx.t('install.conflict', { file: conflict.target }));
    return EXIT.failed;
  }
  const { entries, written } = writeOverlay(folder, files);
  const current = new Set(entries.map((e) => e.path));
  const stale = accepted.filter((f) => !current.has(f.path));
  for (const file of stale) folder.remove(file.path);
  writeManifest(folder, { name: 'afsprakenwiki', version, installedAt: new Date().toISOString(), files: entries });
  const from = previous && previous.version !== version ? ctx.t('install.upgradedFrom', { previous: previous.version }) : '';
  ctx.io.out(ctx.t('install.installed', { version, dir, written, unchanged: entries.length - written, removed: stale.length }) + from);
  ctx.io.out(ctx.t('install.restart'));
  return EXIT.ok;
}

/**
 * Files first (Wiki.js must never find half an extension), then the database. A run without a
 * manifest does the database step only: that is how an uninstall whose database could not be
 * reached is finished.
 */
async function uninstall(ctx: Context, dir: string): Promise<number> {
  if (!checkWiki(ctx, dir)) return EXIT.failed;
  const folder = new WikiFolder(dir);
  const manifest = readManifest(folder);
  let removed = 0;
  let refused = 0;
  if (manifest) {
    const { accepted, links } = ownEntries(ctx, folder, manifest.files);
    for (const target of [RUNTIME_MARKER_PATH, MANIFEST_PATH]) {
      const where = folder.locate(target);
      if ('reason' in where) links.push(where);
    }
    // What is behind a link is not ours: it stays, and the rest goes.
    const linked = new Set(links.map((refusal) => refusal.target));
    for (const refusal of links) reportRefusal(ctx, refusal);
    const removable = accepted.filter((e) => !linked.has(e.path));
    for (const entry of removable) {
      const hash = folder.hash(entry.path);
      if (hash !== undefined && hash !== entry.sha256) ctx.io.out(ctx.t('install.changedRemoved', { file: entry.path }));
      if (folder.remove(entry.path)) removed++;
    }
    for (const target of [RUNTIME_MARKER_PATH, MANIFEST_PATH].filter((t) => !linked.has(t))) folder.remove(target);
    refused = links.length;
    ctx.io.out(ctx.t('install.uninstalled', { dir, removed, missing: removable.length - removed }));
  } else {
    ctx.io.out(ctx.t('install.filesAlreadyRemoved', { dir, manifest: MANIFEST_PATH }));
  }
  const database = await cleanDatabase(ctx, dir);
  if (database === 'unreachable') {
    ctx.io.err(ctx.t(manifest ? 'install.unfinishedFilesRemoved' : 'install.unfinishedNothingDone', { removed }));
    ctx.io.err(ctx.t('install.howToFinish', { dir }));
    return EXIT.databaseUnreachable;
  }
  if (refused > 0) ctx.io.err(ctx.t('install.uninstallRefused', { count: refused }));
  return database === 'done' && refused === 0 ? EXIT.ok : EXIT.failed;
}

/** Tells why the database cannot be reached (it was configured, or it did not answer); undefined when it answered. */
async function openDatabase(ctx: Context, dir: string): Promise<{ knex: Knex; description: string } | undefined> {
  const connection = connectWikiDb(dir, ctx.options.env, ctx.options.configFile);
  if (!connection.ok) {
    ctx.io.err(ctx.t(connection.message.key, connection.message.params));
    return undefined;
  }
  const { knex, config, description } = connection;
  ctx.io.out(ctx.t('install.dbConfig', { file: config.file, source: ctx.t(`install.configSource.${config.source}`), database: description }));
  try {
    await knex.raw('select 1');
    return { knex, description };
  } catch (err) {
    await knex.destroy();
    ctx.io.err(ctx.t('install.dbUnreachable', { database: description, error: err instanceof Error ? err.message : String(err) }));
    if (config.unsetVariables.length > 0) ctx.io.err(ctx.t('install.configUnsetVariables', { file: config.file, variables: config.unsetVariables.join(', ') }));
    return undefined;
  }
}

/** Our tags out of the theme settings; our tables only with --drop-tables. */
async function cleanDatabase(ctx: Context, dir: string): Promise<'done' | 'failed' | 'unreachable'> {
  const database = await openDatabase(ctx, dir);
  if (!database) return 'unreachable';
  const { knex } = database;
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
    return 'done';
  } catch (err) {
    ctx.io.err(ctx.t('install.dbFailed', { error: err instanceof Error ? err.message : String(err) }));
    return 'failed';
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

/**
 * What is installed, what runs, and what to do: exit 0 when the installed files are this
 * package's, intact, and running; 1 when something is to be done; 3 when all that holds but the
 * database could not be reached.
 */
async function status(ctx: Context, dir: string): Promise<number> {
  if (!checkWiki(ctx, dir)) return EXIT.failed;
  const folder = new WikiFolder(dir);
  const manifest = readManifest(folder);
  if (!manifest) {
    ctx.io.out(ctx.t('install.notInstalled', { dir, manifest: MANIFEST_PATH }));
    return EXIT.failed;
  }
  const current = packageVersion(ctx.root);
  ctx.io.out(ctx.t('install.statusInstalled', { installed: manifest.version, dir, date: manifest.installedAt, current }));
  const restartDue = reportRunning(ctx, dir, manifest);
  const { accepted, links } = ownEntries(ctx, folder, manifest.files);
  const changed: string[] = [];
  const missing: string[] = [];
  for (const entry of accepted) {
    const hash = folder.hash(entry.path);
    if (hash === undefined) missing.push(entry.path);
    else if (hash !== entry.sha256) changed.push(entry.path);
  }
  ctx.io.out(ctx.t('install.statusFiles', { ok: accepted.length - changed.length - missing.length, changed: changed.length + links.length, missing: missing.length }));
  for (const file of changed) ctx.io.out(ctx.t('install.statusChanged', { file }));
  for (const refusal of links) reportRefusal(ctx, refusal);
  for (const file of missing) ctx.io.out(ctx.t('install.statusMissing', { file }));
  const installed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const packaged = overlayFiles(ctx.root);
  const matches =
    manifest.version === current &&
    packaged.length === installed.size &&
    packaged.every((f) => installed.get(f.target) !== undefined && installed.get(f.target) === sourceHash(f.source));
  const order = compareVersions(current, manifest.version);
  ctx.io.out(ctx.t(matches ? 'install.statusMatches' : order > 0 ? 'install.statusUpgrade' : order < 0 ? 'install.statusOlder' : 'install.statusDiffers', { current }));
  const database = await reportDatabase(ctx, dir);
  if (!matches || changed.length > 0 || links.length > 0 || missing.length > 0 || restartDue) return EXIT.failed;
  return database ? EXIT.ok : EXIT.databaseUnreachable;
}

/** Which version Wiki.js last started with; true when a restart is due. */
function reportRunning(ctx: Context, dir: string, manifest: { version: string; installedAt: string }): boolean {
  const marker = readRuntimeMarker(dir);
  if (!marker) {
    ctx.io.out(ctx.t('install.statusNeverStarted'));
    ctx.io.out(ctx.t('install.statusRestartDue', { version: manifest.version }));
    return true;
  }
  const alive = markerProcessAlive(marker);
  const state = ctx.t(alive === true ? 'install.processRunning' : alive === false ? 'install.processStopped' : 'install.processElsewhere');
  ctx.io.out(ctx.t('install.statusRunning', { version: marker.version, date: marker.startedAt, state }));
  const restartDue = marker.version !== manifest.version || marker.startedAt < manifest.installedAt;
  ctx.io.out(restartDue ? ctx.t('install.statusRestartDue', { version: manifest.version }) : ctx.t('install.statusNoRestart'));
  return restartDue;
}

/**
 * The database as Wiki.js would reach it, and our migrations there: those of this package not yet
 * applied run at the next start. False when unreachable.
 */
async function reportDatabase(ctx: Context, dir: string): Promise<boolean> {
  const database = await openDatabase(ctx, dir);
  if (!database) return false;
  const { knex } = database;
  try {
    const rows: Array<{ name: string }> = (await knex.schema.hasTable(MIGRATIONS_TABLE)) ? await knex(MIGRATIONS_TABLE).select('name') : [];
    const applied = new Set(rows.map((r) => r.name));
    const pending = migrations.filter((m) => !applied.has(m.name)).length;
    ctx.io.out(ctx.t('install.statusMigrations', { applied: applied.size, pending, version: packageVersion(ctx.root) }));
    return true;
  } finally {
    await knex.destroy();
  }
}

function overlay(ctx: Context, dir: string): number {
  const files = builtFiles(ctx);
  if (!files) return EXIT.failed;
  mkdirSync(dir, { recursive: true });
  const folder = new WikiFolder(dir);
  const { entries } = writeOverlay(folder, files);
  writeManifest(folder, { name: 'afsprakenwiki', version: packageVersion(ctx.root), installedAt: new Date().toISOString(), files: entries });
  ctx.io.out(ctx.t('install.overlayWritten', { count: entries.length + 1, dir }));
  return EXIT.ok;
}
