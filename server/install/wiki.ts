/**
 * A Wiki.js 2.x installation on disk: recognising it, reading its config.yml the way Wiki.js
 * does, and reaching its database with the wiki's OWN knex and driver (node_modules of the wiki),
 * so the uninstaller talks to the database exactly as Wiki.js would.
 */
import { existsSync, readFileSync } from 'fs';
import { createRequire } from 'module';
import path from 'path';
import { load as loadYaml } from 'js-yaml';
import type Knex from 'knex';

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

/** Wiki.js's config file: env CONFIG_FILE (relative to the wiki root) or config.yml. */
export function configFile(wikiDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(wikiDir, env.CONFIG_FILE ?? 'config.yml');
}

interface DbConfig {
  type?: string;
  host?: string;
  port?: number | string;
  user?: string;
  pass?: string;
  db?: string;
  storage?: string;
  ssl?: boolean | string;
  schema?: string;
}

/** `$(NAME)` placeholders replaced from the environment, as Wiki.js's config helper does. */
function substituteEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\(([A-Z0-9_]+)\)/g, (_, name: string) => env[name] ?? '');
}

export function readDbConfig(file: string, env: NodeJS.ProcessEnv = process.env): DbConfig {
  const config = loadYaml(substituteEnv(readFileSync(file, 'utf8'), env)) as { db?: DbConfig } | undefined;
  return config?.db ?? {};
}

export type DbConnection = { ok: true; knex: Knex } | { ok: false; message: { key: string; params: Record<string, string> } };

const DRIVERS: Record<string, { client: string; module: string }> = {
  postgres: { client: 'pg', module: 'pg' },
  mysql: { client: 'mysql2', module: 'mysql2' },
  mariadb: { client: 'mysql2', module: 'mysql2' },
  sqlite: { client: 'sqlite3', module: 'sqlite3' },
};

/** A knex instance on the wiki's database, made with the wiki's own knex and driver. */
export function connectWikiDb(wikiDir: string, env: NodeJS.ProcessEnv = process.env): DbConnection {
  const file = configFile(wikiDir, env);
  if (!existsSync(file)) return { ok: false, message: { key: 'install.dbNoConfig', params: { file } } };
  const db = readDbConfig(file, env);
  const type = db.type ?? 'postgres';
  const driver = DRIVERS[type];
  if (!driver) return { ok: false, message: { key: 'install.dbUnsupported', params: { type } } };
  const modules = path.join(wikiDir, 'node_modules');
  for (const module of ['knex', driver.module]) {
    if (!existsSync(path.join(modules, module))) return { ok: false, message: { key: 'install.dbNoDriver', params: { module } } };
  }
  // The wiki's own knex: the version that created its tables, with its driver next to it.
  const createKnex = createRequire(path.join(wikiDir, 'package.json'))('knex') as (config: Knex.Config) => Knex;
  const connection: Knex.StaticConnectionConfig | string =
    type === 'sqlite'
      ? { filename: path.resolve(wikiDir, db.storage ?? 'db.sqlite') }
      : env.DATABASE_URL ?? {
          host: db.host,
          port: db.port === undefined ? undefined : Number(db.port),
          user: db.user,
          password: db.pass,
          database: db.db ?? '',
          ssl: db.ssl === true || db.ssl === 'true' ? { rejectUnauthorized: false } : undefined,
        };
  const knex = createKnex({
    client: driver.client,
    connection,
    useNullAsDefault: type === 'sqlite',
    searchPath: type === 'postgres' && db.schema ? [db.schema] : undefined,
    pool: { min: 0, max: 1 },
  });
  return { ok: true, knex };
}
