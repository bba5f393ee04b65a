/**
 * A wiki's database settings found exactly as Wiki.js 2.5 finds them (server/core/config.js,
 * server/helpers/config.js, server/core/db.js): the file named by CONFIG_FILE (relative to the
 * wiki root, Wiki.js's working directory) or <wiki>/config.yml; `$(VAR)` and `$(VAR:default)`
 * replaced from the environment; the defaults of the wiki's own server/app/data.yml; the
 * password from DB_PASS_FILE; DATABASE_URL over the rest. `--config` names the file explicitly,
 * for a shell that lacks the environment Wiki.js is started with.
 */
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { load as loadYaml } from 'js-yaml';

export interface DbConfig {
  type?: unknown;
  host?: unknown;
  port?: unknown;
  user?: unknown;
  pass?: unknown;
  db?: unknown;
  storage?: unknown;
  ssl?: unknown;
  schema?: unknown;
  socketPath?: unknown;
  sslOptions?: { auto?: unknown; rejectUnauthorized?: unknown; ca?: unknown; cert?: unknown; key?: unknown; pfx?: unknown };
}

export interface WikiConfig {
  /** The file read. */
  file: string;
  /** Where the file name came from. */
  source: 'option' | 'CONFIG_FILE' | 'default';
  db: DbConfig;
  /** Variables the file refers to without a default that are not set here (Wiki.js would read `undefined`). */
  unsetVariables: string[];
}

export type ConfigLookup = { ok: true; config: WikiConfig } | { ok: false; message: { key: string; params: Record<string, string> } };

/** The config file Wiki.js would read: `--config`, else CONFIG_FILE, else config.yml, relative to the wiki root. */
export function configLocation(wikiDir: string, env: NodeJS.ProcessEnv, explicit?: string): { file: string; source: WikiConfig['source'] } {
  if (explicit) return { file: path.resolve(explicit), source: 'option' };
  if (env.CONFIG_FILE) return { file: path.resolve(wikiDir, env.CONFIG_FILE), source: 'CONFIG_FILE' };
  return { file: path.join(wikiDir, 'config.yml'), source: 'default' };
}

/**
 * Wiki.js's parseConfigValue: `$(NAME)` or `$(NAME:default)` becomes the variable's value when it
 * is set and not empty, else the default, else the text `undefined` (what JavaScript's replace
 * makes of the missing value, and so what Wiki.js reads).
 */
export function substituteConfigValues(text: string, env: NodeJS.ProcessEnv): { text: string; unset: string[] } {
  const unset = new Set<string>();
  const replaced = text.replace(/\$\(([A-Z0-9_]+)(?::(.+))?\)/g, (_, name: string, fallback: string | undefined) => {
    const value = env[name] || fallback;
    if (value === undefined) unset.add(name);
    return String(value);
  });
  return { text: replaced, unset: [...unset] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** lodash's defaultsDeep for plain data: fills only keys that are undefined, recursing into objects. */
function defaultsDeep(target: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(defaults)) {
    if (result[key] === undefined) result[key] = value;
    else if (isPlainObject(result[key]) && isPlainObject(value)) result[key] = defaultsDeep(result[key] as Record<string, unknown>, value);
  }
  return result;
}

/** The `db` defaults of the wiki's own data.yml (the values Wiki.js merges under the file's). */
function wikiDbDefaults(wikiDir: string): Record<string, unknown> {
  const file = path.join(wikiDir, 'server', 'app', 'data.yml');
  if (!existsSync(file)) return {};
  const data = loadYaml(readFileSync(file, 'utf8')) as { defaults?: { config?: { db?: unknown } } } | undefined;
  const db = data?.defaults?.config?.db;
  return isPlainObject(db) ? db : {};
}

/** Reads the wiki's configuration as Wiki.js would at start. */
export function readWikiConfig(wikiDir: string, env: NodeJS.ProcessEnv, explicit?: string): ConfigLookup {
  const { file, source } = configLocation(wikiDir, env, explicit);
  if (!existsSync(file)) {
    const key = source === 'option' ? 'install.configMissingOption' : source === 'CONFIG_FILE' ? 'install.configMissingEnv' : 'install.configMissingDefault';
    return { ok: false, message: { key, params: { file, wiki: wikiDir } } };
  }
  let parsed: unknown;
  const { text, unset } = substituteConfigValues(readFileSync(file, 'utf8'), env);
  try {
    parsed = loadYaml(text);
  } catch (err) {
    return { ok: false, message: { key: 'install.configUnreadable', params: { file, error: err instanceof Error ? err.message : String(err) } } };
  }
  const fromFile = isPlainObject(parsed) && isPlainObject(parsed.db) ? parsed.db : {};
  const db = defaultsDeep(fromFile, wikiDbDefaults(wikiDir)) as DbConfig;
  if (env.DB_PASS_FILE) {
    try {
      db.pass = readFileSync(env.DB_PASS_FILE, 'utf8').trim();
    } catch (err) {
      return { ok: false, message: { key: 'install.configUnreadable', params: { file: env.DB_PASS_FILE, error: err instanceof Error ? err.message : String(err) } } };
    }
  }
  return { ok: true, config: { file, source, db, unsetVariables: unset } };
}
