/**
 * A throw-away Wiki.js 2.5 with the extension installed by the project's own installer, for
 * end-to-end tests (GraphQL here; the client engineer adds browser checks on top).
 *
 *   const wiki = await WikiHarness.start();        // WIKIJS_DIR, or undefined when absent
 *   await wiki.graphql('{ agreements { systems { key } } }');
 *   await wiki.stop();
 *
 * The copy holds server/, assets/ and package.json of WIKIJS_DIR with node_modules symlinked;
 * config.yml binds 127.0.0.1 on a free port, offline, with the sideloaded locales of
 * /opt/wikijs-sideload or else WIKIJS_DIR's own data/sideload. The database: SQLite in a temp
 * folder; a fresh PostgreSQL or MariaDB database (127.0.0.1, dropped on dispose) with
 * AFW_E2E_DATABASE=postgres|mariadb or the `engine` option; the database PGDATABASE names when
 * PGHOST is set; or the one passed in (several nodes on one).
 */
import { spawn, type ChildProcess } from 'child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import path from 'path';
import Knex from 'knex';
import { runInstallCommand, type InstallCommand } from '../../server/install/commands';
import { TestDatabase } from './databases';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin-password-123';
const SIDELOAD = '/opt/wikijs-sideload';

/** Wiki.js's interface strings for offline use: the shared folder, else the one the build left in the wiki. */
function sideloadOf(source: string): string | undefined {
  return [SIDELOAD, path.join(source, 'data', 'sideload')].find((dir) => existsSync(dir));
}

export interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wiki.js processes still running; killed when the test process exits, so none is left behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Where a harness's Wiki.js keeps its data (config.yml `db:`). */
export type WikiDatabase =
  | { type: 'sqlite' }
  | { type: 'postgres' | 'mariadb'; host: string; port: number; user: string; pass: string; db: string };

/** A fresh PostgreSQL or MariaDB database for one wiki (or several nodes of one), dropped by `close`. */
export async function createWikiDatabase(engine: 'postgres' | 'mariadb'): Promise<{ database: WikiDatabase; close: () => Promise<void> }> {
  const test = new TestDatabase(engine);
  const unreachable = await test.open();
  if (unreachable) throw new Error(unreachable);
  return {
    database: { type: engine, host: '127.0.0.1', port: engine === 'postgres' ? 5432 : 3306, user: engine === 'postgres' ? 'postgres' : 'root', pass: '', db: test.databaseName },
    close: () => test.close(),
  };
}

export type WikiEngine = 'sqlite' | 'postgres' | 'mariadb';

/** The database from the environment: AFW_E2E_DATABASE (or `engine`), else PGHOST…, else SQLite. */
async function databaseFromEnv(engine = process.env.AFW_E2E_DATABASE): Promise<{ database: WikiDatabase; close?: () => Promise<void> }> {
  if (engine === 'postgres' || engine === 'mariadb') return createWikiDatabase(engine);
  if (engine && engine !== 'sqlite') throw new Error(`AFW_E2E_DATABASE=${engine}: use sqlite, postgres or mariadb`);
  if (!engine && process.env.PGHOST) {
    return {
      database: {
        type: 'postgres',
        host: process.env.PGHOST,
        port: Number(process.env.PGPORT ?? 5432),
        user: process.env.PGUSER ?? 'postgres',
        pass: process.env.PGPASSWORD ?? '',
        db: process.env.PGDATABASE ?? 'wiki',
      },
    };
  }
  return { database: { type: 'sqlite' } };
}

/** A page for `createPage`: what Wiki.js's pages.create takes. */
export interface NewPage {
  path: string;
  locale: string;
  title: string;
  content: string;
  tags: string[];
}

/** A page rule as Wiki.js's groups.update takes it. */
export interface PageRule {
  id: string;
  deny: boolean;
  match: 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';
  roles: string[];
  path: string;
  locales: string[];
}

export class WikiHarness {
  private process: ChildProcess | undefined;
  private jwt: string | undefined;

  private constructor(
    readonly source: string,
    readonly dir: string,
    readonly port: number,
    readonly logFile: string,
    readonly database: WikiDatabase,
    /** Drops a database this harness made; undefined when it was given or is SQLite. */
    private readonly closeDatabase?: () => Promise<void>,
    /** The file Wiki.js is started with (CONFIG_FILE). */
    readonly configFile = path.join(dir, 'config.yml'),
    /** Further environment of Wiki.js and the installer (the Docker image's DB_* variables). */
    readonly env: Record<string, string> = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Why an e2e suite cannot run here, or undefined when it can. */
  static unavailable(): string | undefined {
    const source = process.env.WIKIJS_DIR;
    if (!source) return 'Wiki.js e2e: WIKIJS_DIR is not set (e.g. WIKIJS_DIR=/opt/wikijs)';
    if (!existsSync(path.join(source, 'server')) || !existsSync(path.join(source, 'node_modules'))) return `Wiki.js e2e: ${source} has no server/ or node_modules/`;
    return undefined;
  }

  /**
   * Copies WIKIJS_DIR, installs the extension, writes config.yml; does not start it. `database`
   * and `ha` make one node of several on one database (Wiki.js's HA mode); `engine` a fresh
   * database of that engine whatever AFW_E2E_DATABASE says.
   * `dockerConfig`: as the official image starts it, the config file outside the wiki folder with
   * the database as `$(DB_*)` variables (the password from DB_PASS_FILE, so it may be empty).
   * `install: false`: the extension is left for the test to install.
   */
  static async prepare(
    source = process.env.WIKIJS_DIR as string,
    options: { database?: WikiDatabase; engine?: WikiEngine; ha?: boolean; dockerConfig?: boolean; install?: boolean } = {},
  ): Promise<WikiHarness> {
    const { database, close } = options.database ? { database: options.database, close: undefined } : await databaseFromEnv(options.engine ?? process.env.AFW_E2E_DATABASE);
    const dir = mkdtempSync(path.join(tmpdir(), 'afw-wikijs-'));
    for (const part of ['server', 'assets', 'package.json', 'LICENSE']) {
      if (existsSync(path.join(source, part))) cpSync(path.join(source, part), path.join(dir, part), { recursive: true });
    }
    symlinkSync(path.join(source, 'node_modules'), path.join(dir, 'node_modules'));
    const data = path.join(dir, 'data');
    mkdirSync(data);
    const sideload = sideloadOf(source);
    if (sideload) {
      mkdirSync(path.join(data, 'sideload'));
      for (const file of readdirSync(sideload)) cpSync(path.join(sideload, file), path.join(data, 'sideload', file));
    }
    const port = await freePort();
    const db =
      database.type === 'sqlite'
        ? `  type: sqlite\n  storage: ${path.join(dir, 'wiki.sqlite')}\n`
        : // Quoted: an empty password written bare is YAML null, on which Wiki.js's db.js crashes.
          `  type: ${database.type}\n  host: ${database.host}\n  port: ${database.port}\n  user: ${JSON.stringify(database.user)}\n  pass: ${JSON.stringify(database.pass)}\n  db: ${JSON.stringify(database.db)}\n`;
    const env: Record<string, string> = {};
    let configFile = path.join(dir, 'config.yml');
    let dbSection = db;
    if (options.dockerConfig) {
      configFile = path.join(dir, '..', `${path.basename(dir)}-config.yml`);
      writeFileSync(path.join(data, 'db-pass'), database.type === 'sqlite' ? '' : `${database.pass}\n`);
      Object.assign(env, { DB_TYPE: database.type, DB_PASS_FILE: path.join(data, 'db-pass') });
      if (database.type === 'sqlite') env.DB_FILEPATH = path.join(dir, 'wiki.sqlite');
      else Object.assign(env, { DB_HOST: database.host, DB_PORT: String(database.port), DB_USER: database.user, DB_NAME: database.db });
      // The db section of the image's config.yml (Wiki.js dev/build/config.yml).
      dbSection = "  type: $(DB_TYPE)\n  host: '$(DB_HOST)'\n  port: $(DB_PORT)\n  user: '$(DB_USER)'\n  pass: '$(DB_PASS)'\n  db: $(DB_NAME)\n  storage: $(DB_FILEPATH)\n";
    }
    writeFileSync(
      configFile,
      `port: ${port}\nbindIP: 127.0.0.1\ndb:\n${dbSection}ssl:\n  enabled: false\nlogLevel: info\noffline: true\nha: ${options.ha === true}\ndataPath: ${data}\nbodyParserLimit: 5mb\n`,
    );
    const harness = new WikiHarness(source, dir, port, path.join(dir, 'wiki.log'), database, close, configFile, env);
    if (options.install === false) return harness;
    const result = await harness.installer('install');
    if (result.code !== 0) throw new Error(`install failed: ${result.lines.join('\n')}`);
    return harness;
  }

  /** Runs one of the project's installer commands on this wiki. */
  async installer(command: InstallCommand, dropTables = false): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const code = await runInstallCommand(command, [this.dir], { lang: 'en', dropTables, env: { CONFIG_FILE: this.configFile, ...this.env } }, io);
    return { code, lines };
  }

  /** Starts Wiki.js and waits until `/healthz` answers `{"ok":true}` (in setup mode it answers the setup page). */
  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['server'], { cwd: this.dir, env: { ...process.env, CONFIG_FILE: this.configFile, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    await this.waitFor(async () => (await fetch(`${this.url}/`).catch(() => undefined))?.ok === true, 60000);
  }

  async waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check().catch(() => false)) return;
      await sleep(300);
    }
    throw new Error(`Wiki.js did not get ready in ${timeoutMs} ms (log: ${this.logFile})`);
  }

  async healthy(): Promise<boolean> {
    const response = await fetch(`${this.url}/healthz`).catch(() => undefined);
    return response !== undefined && (await response.text()).includes('"ok":true');
  }

  /** Finishes the setup wizard and waits for the in-process restart. */
  async finalize(): Promise<void> {
    const response = await fetch(`${this.url}/finalize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, siteUrl: this.url, telemetry: false }),
    });
    if (!response.ok) throw new Error(`finalize: HTTP ${response.status}`);
    await sleep(1500);
    await this.waitFor(() => this.healthy(), 60000);
  }

  /** Logs the administrator in once (login is rate-limited to 5 a minute); later calls reuse the token. */
  async login(): Promise<string> {
    if (this.jwt) return this.jwt;
    const result = await this.graphql<{ authentication: { login: { jwt: string } } }>(
      `mutation($u: String!, $p: String!) { authentication { login(username: $u, password: $p, strategy: "local") { jwt } } }`,
      { u: ADMIN_EMAIL, p: ADMIN_PASSWORD },
      false,
    );
    const jwt = result.data?.authentication.login.jwt;
    if (!jwt) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    this.jwt = jwt;
    return jwt;
  }

  /** A connection to the wiki's own database (close it after use), for what no API can set up. */
  openDatabase(): Knex {
    const db = this.database;
    if (db.type === 'sqlite') return Knex({ client: 'sqlite3', connection: { filename: path.join(this.dir, 'wiki.sqlite') }, useNullAsDefault: true });
    return Knex({ client: db.type === 'postgres' ? 'pg' : 'mysql2', connection: { host: db.host, port: db.port, user: db.user, password: db.pass, database: db.db } });
  }

  /** Logs a local user in (rate-limited like `login`: once per user); Wiki.js's JWT. */
  async loginAs(email: string, password: string): Promise<string> {
    const result = await this.graphql<{ authentication: { login: { jwt: string } } }>(
      `mutation($u: String!, $p: String!) { authentication { login(username: $u, password: $p, strategy: "local") { jwt } } }`,
      { u: email, p: password },
      false,
    );
    const jwt = result.data?.authentication.login.jwt;
    if (!jwt) throw new Error(`login of ${email} failed: ${JSON.stringify(result.errors)}`);
    return jwt;
  }

  /** Creates a group with these global permissions and page rules, as an administrator would; its id. */
  async createGroup(name: string, permissions: string[], pageRules: PageRule[]): Promise<number> {
    const created = await this.graphql<{ groups: { create: { responseResult: { succeeded: boolean; message: string }; group: { id: number } | null } } }>(
      'mutation($n: String!) { groups { create(name: $n) { responseResult { succeeded message } group { id } } } }',
      { n: name },
    );
    const id = created.data?.groups.create.group?.id;
    if (!id) throw new Error(`groups.create: ${JSON.stringify(created.errors ?? created.data)}`);
    const updated = await this.graphql<{ groups: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
      'mutation($id: Int!, $n: String!, $p: [String]!, $r: [PageRuleInput]!) { groups { update(id: $id, name: $n, redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded message } } } }',
      { id, n: name, p: permissions, r: pageRules },
    );
    if (!updated.data?.groups.update.responseResult.succeeded) throw new Error(`groups.update: ${JSON.stringify(updated.errors ?? updated.data)}`);
    return id;
  }

  /** Creates a local user in these groups, as an administrator would (no welcome mail, no password change asked). */
  async createUser(email: string, name: string, password: string, groups: number[]): Promise<void> {
    const result = await this.graphql<{ users: { create: { responseResult: { succeeded: boolean; message: string } } } }>(
      'mutation($e: String!, $n: String!, $p: String!, $g: [Int]!) { users { create(email: $e, name: $n, passwordRaw: $p, providerKey: "local", groups: $g, mustChangePassword: false, sendWelcomeEmail: false) { responseResult { succeeded message } } } }',
      { e: email, n: name, p: password, g: groups },
    );
    if (!result.data?.users.create.responseResult.succeeded) throw new Error(`users.create ${email}: ${JSON.stringify(result.errors ?? result.data)}`);
  }

  /** Replaces the Guests group's global permissions and page rules, as an administrator would. */
  async setGuestAccess(permissions: string[], pageRules: PageRule[]): Promise<void> {
    const result = await this.graphql<{ groups: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
      'mutation($p: [String]!, $r: [PageRuleInput]!) { groups { update(id: 2, name: "Guests", redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded message } } } }',
      { p: permissions, r: pageRules },
    );
    const response = result.data?.groups.update.responseResult;
    if (!response?.succeeded) throw new Error(`groups.update: ${JSON.stringify(result.errors ?? response)}`);
  }

  /** POST /graphql as the administrator (`true`), as a guest (`false`), or as the user whose token (`loginAs`) is given. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}, asAdmin: boolean | string = true): Promise<GraphqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (asAdmin !== false) headers.authorization = `Bearer ${asAdmin === true ? await this.login() : asAdmin}`;
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphqlResponse<T>;
  }

  /** Creates a published markdown page through pages.create; Wiki.js's page id (about 2.5 s each). */
  async createPage(page: NewPage): Promise<number> {
    const result = await this.graphql<{ pages: { create: { responseResult: { succeeded: boolean; message: string }; page: { id: number } | null } } }>(
      `mutation($c: String!, $p: String!, $t: String!, $l: String!, $g: [String]!) { pages { create(content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $l, path: $p, tags: $g, title: $t) { responseResult { succeeded message } page { id } } } }`,
      { c: page.content, p: page.path, t: page.title, l: page.locale, g: page.tags },
    );
    const created = result.data?.pages.create;
    if (!created?.responseResult.succeeded || !created.page) throw new Error(`pages.create ${page.path}: ${created?.responseResult.message ?? JSON.stringify(result.errors)}`);
    return created.page.id;
  }

  /** Replaces the page rules of the Guests group (id 2), keeping its default permissions. */
  async setGuestPageRules(rules: PageRule[]): Promise<void> {
    const result = await this.graphql<{ groups: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
      'mutation($r: [PageRuleInput]!) { groups { update(id: 2, name: "Guests", redirectOnLogin: "/", permissions: ["read:pages", "read:assets", "read:comments"], pageRules: $r) { responseResult { succeeded message } } } }',
      { r: rules },
    );
    if (!result.data?.groups.update.responseResult.succeeded) throw new Error(`groups.update: ${JSON.stringify(result.errors ?? result.data)}`);
  }

  /**
   * Makes the wiki fit for a browser without internet: the site language (Wiki.js's client only
   * loads interface strings of the installed site language, so pages in another locale log
   * "Invalid locale or namespace") and a logo served by Wiki.js itself instead of static.requarks.io.
   */
  async prepareForBrowser(locale: string): Promise<void> {
    const result = await this.graphql<{ localization: { updateLocale: { responseResult: { succeeded: boolean } } }; site: { updateConfig: { responseResult: { succeeded: boolean } } } }>(
      `mutation($l: String!) {
        localization { updateLocale(locale: $l, autoUpdate: false, namespacing: false, namespaces: []) { responseResult { succeeded } } }
        site { updateConfig(logoUrl: "/_assets/svg/logo-wikijs.svg") { responseResult { succeeded } } }
      }`,
      { l: locale },
    );
    if (!result.data?.localization.updateLocale.responseResult.succeeded || !result.data.site.updateConfig.responseResult.succeeded) {
      throw new Error(`prepareForBrowser: ${JSON.stringify(result.errors ?? result.data)}`);
    }
  }

  /**
   * Switches the site theme's dark mode (Administration → Theme), keeping the rest of the theme,
   * the extension's body injection included. Readers whose own appearance is the site default
   * (the administrator and guests here) get it on their next page view.
   */
  async setDarkMode(dark: boolean): Promise<void> {
    const current = await this.graphql<{ theming: { config: Record<string, unknown> } }>('{ theming { config { theme iconset tocPosition injectCSS injectHead injectBody } } }');
    const config = current.data?.theming.config;
    if (!config) throw new Error(`theming.config: ${JSON.stringify(current.errors)}`);
    const result = await this.graphql<{ theming: { setConfig: { responseResult: { succeeded: boolean; message: string } } } }>(
      'mutation($t: String!, $i: String!, $d: Boolean!, $p: String, $c: String, $h: String, $b: String) { theming { setConfig(theme: $t, iconset: $i, darkMode: $d, tocPosition: $p, injectCSS: $c, injectHead: $h, injectBody: $b) { responseResult { succeeded message } } } }',
      { t: config.theme, i: config.iconset, d: dark, p: config.tocPosition, c: config.injectCSS, h: config.injectHead, b: config.injectBody },
    );
    if (!result.data?.theming.setConfig.responseResult.succeeded) throw new Error(`theming.setConfig: ${JSON.stringify(result.errors ?? result.data)}`);
  }

  /** GET a page, as the administrator or as a guest; the HTML Wiki.js serves. */
  async page(locale: string, pagePath: string, asAdmin = true): Promise<{ status: number; html: string }> {
    const headers: Record<string, string> = asAdmin ? { authorization: `Bearer ${await this.login()}` } : {};
    const response = await fetch(`${this.url}/${locale}/${pagePath}`, { headers });
    return { status: response.status, html: await response.text() };
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });
  }

  /** Stops Wiki.js and removes the copy (and the database, when the harness made it). */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    if (!this.configFile.startsWith(this.dir + path.sep)) rmSync(this.configFile, { force: true });
    await this.closeDatabase?.();
  }
}
