/**
 * A Wiki.js 2.x installation on disk: recognising it, and reaching its database with the
 * configuration Wiki.js reads (wiki-config.ts) and the wiki's OWN knex and driver (node_modules
 * of the wiki), so the installer talks to the database exactly as Wiki.js would.
 */
import { existsSync, readFileSync } from 'fs';
import { createRequire } from 'module';
import path from 'path';
import type Knex from 'knex';
import { readWikiConfig, type DbConfig, type WikiConfig } from './wiki-config';

export interface WikiInfo {
  version: string;
}

export type WikiCheck = { ok: true; info: WikiInfo } | { ok: false; reason: { key: string; params?: Record<string, string> } };

/** Wiki.js 2.x: package.json named `wiki` with a 2.x version, and `server/` and `assets/` folders. */
export function detectWiki(dir: string): WikiCheck {
  const pkgFile = path.join(dir, 'package.json');
  let pkg: { name?: string; version?: string };
  try {
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string; version?: string };
  } catch {
    return { ok: false, reason: { key: 'install.reasonPackage' } };
  }
  if (pkg.name !== 'wiki') return { ok: false, reason: { key: 'install.reasonPackage' } };
  const version = String(pkg.version ?? '');
  if (!version.startsWith('2.')) return { ok: false, reason: { key: 'install.reasonVersion', params: { version } } };
  for (const folder of ['server', 'assets', 'server/modules', 'server/graph']) {
    if (!existsSync(path.join(dir, folder))) return { ok: false, reason: { key: 'install.reasonFolder', params: { folder } } };
  }
  return { ok: true, info: { version } };
}

export type DbConnection =
  | { ok: true; knex: Knex; config: WikiConfig; description: string }
  | { ok: false; message: { key: string; params: Record<string, string> }; config?: WikiConfig };

const DRIVERS: Record<string, string> = { postgres: 'pg', mysql: 'mysql2', mariadb: 'mysql2', sqlite: 'sqlite3' };

/** The knex connection Wiki.js's server/core/db.js builds from the same settings. */
function connectionSettings(wikiDir: string, type: string, db: DbConfig, env: NodeJS.ProcessEnv): Knex.Config['connection'] {
  if (type === 'sqlite') return { filename: path.resolve(wikiDir, String(db.storage)) };
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const settings: Record<string, unknown> = { host: String(db.host), user: String(db.user), password: String(db.pass), database: String(db.db), port: db.port };
  let useSsl = [true, 'true', 1, '1'].includes(db.ssl as string);
  let sslOptions: unknown = true;
  if (useSsl && db.sslOptions?.auto === false) {
    const options = db.sslOptions;
    const file = (value: unknown) => readFileSync(path.resolve(wikiDir, String(value)));
    sslOptions = {
      ...options,
      rejectUnauthorized: options.rejectUnauthorized !== false,
      ...(typeof options.ca === 'string' ? { ca: options.ca.startsWith('-----') ? options.ca : file(options.ca) } : {}),
      ...(options.cert ? { cert: file(options.cert) } : {}),
      ...(options.key ? { key: file(options.key) } : {}),
      ...(options.pfx ? { pfx: file(options.pfx) } : {}),
    };
  }
  if (env.DB_SSL_CA) {
    useSsl = true;
    sslOptions = { rejectUnauthorized: true, ca: `-----BEGIN CERTIFICATE-----\n${env.DB_SSL_CA.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n` };
  }
  if (useSsl) settings.ssl = type === 'postgres' && sslOptions === true ? { rejectUnauthorized: true } : sslOptions;
  if (type !== 'postgres' && db.socketPath) {
    delete settings.host;
    delete settings.port;
    settings.socketPath = String(db.socketPath);
  }
  return settings as Knex.StaticConnectionConfig;
}

/**
 * A knex instance on the wiki's database as Wiki.js would open it, made with the wiki's own knex
 * and driver (its node_modules): the versions that made its tables, and present even where this
 * package was installed without development dependencies.
 */
export function connectWikiDb(wikiDir: string, env: NodeJS.ProcessEnv = process.env, explicitConfig?: string): DbConnection {
  const lookup = readWikiConfig(wikiDir, env, explicitConfig);
  if (!lookup.ok) return lookup;
  const { config } = lookup;
  const type = String(config.db.type);
  const driver = DRIVERS[type];
  if (!driver) {
    if (config.unsetVariables.length > 0) {
      return { ok: false, config, message: { key: 'install.configUnsetVariables', params: { file: config.file, variables: config.unsetVariables.join(', ') } } };
    }
    return { ok: false, config, message: { key: 'install.dbUnsupported', params: { type } } };
  }
  const sqliteFile = type === 'sqlite' ? path.resolve(wikiDir, String(config.db.storage)) : undefined;
  // Opening a missing SQLite file would create an empty database in its place.
  if (sqliteFile && !existsSync(sqliteFile)) return { ok: false, config, message: { key: 'install.dbNoSqliteFile', params: { file: sqliteFile, config: config.file } } };
  const wikiRequire = createRequire(path.join(wikiDir, 'package.json'));
  for (const module of ['knex', driver]) {
    try {
      wikiRequire.resolve(module);
    } catch {
      return { ok: false, config, message: { key: 'install.dbNoDriver', params: { module, dir: path.join(wikiDir, 'node_modules') } } };
    }
  }
  const createKnex = wikiRequire('knex') as (settings: Knex.Config) => Knex;
  const schema = type === 'postgres' && config.db.schema && config.db.schema !== 'public' ? String(config.db.schema) : undefined;
  const knex = createKnex({
    client: driver,
    connection: connectionSettings(wikiDir, type, config.db, env),
    useNullAsDefault: true,
    pool: {
      min: 0,
      max: 1,
      // As Wiki.js does: its tables live in that schema.
      ...(schema ? { afterCreate: (conn: { query: (sql: string, done: (err?: Error) => void) => void }, done: (err?: Error) => void) => conn.query(`set search_path TO ${schema}, public;`, done) } : {}),
    },
  });
  const description = sqliteFile ? `sqlite ${sqliteFile}` : env.DATABASE_URL ? `${type} (DATABASE_URL)` : `${type} ${String(config.db.host)}:${String(config.db.port)}/${String(config.db.db)}`;
  return { ok: true, knex, config, description };
}
