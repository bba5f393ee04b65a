/**
 * The databases DB suites run on, in the manner of Backstage's TestDatabases: the same suite is
 * declared once per engine with `describeEachDatabase`, each run on a fresh, uniquely named
 * database that is dropped afterwards.
 *
 * - SQLite: always, a temporary file.
 * - PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), MariaDB/MySQL at 127.0.0.1:3306
 *   (root, no password). Unreachable: with env CI set the suite fails; otherwise it is skipped
 *   and the reason recorded (printed by the reporter).
 * - `AFW_TEST_DATABASES=sqlite,postgres` limits the engines.
 *
 *   describeEachDatabase('the store', (db) => {
 *     it('stores facts', async () => { const store = await KnexAgreementStore.create(db.knex); … });
 *   });
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { randomBytes } from 'crypto';
import Knex from 'knex';
import { recordSkip } from './skips';

export type EngineId = 'sqlite' | 'postgres' | 'mariadb';

export const ENGINES: readonly EngineId[] = ['sqlite', 'postgres', 'mariadb'];

const LABELS: Record<EngineId, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mariadb: 'MariaDB' };

interface MysqlField {
  type: string;
  length: number;
  string(): string | null;
}

/** One suite's database: `knex` is its main connection; `connect()` opens further ones (other "nodes"). */
export class TestDatabase {
  private readonly instances: Knex[] = [];
  private main: Knex | undefined;
  private name = '';
  private dir = '';

  constructor(readonly engine: EngineId) {}

  get label(): string {
    return LABELS[this.engine];
  }

  /** The database's name (a file path for SQLite). */
  get databaseName(): string {
    return this.name;
  }

  get knex(): Knex {
    if (!this.main) throw new Error(`${this.label} test database is not open`);
    return this.main;
  }

  /** A further knex instance on the same database, closed with the suite. */
  connect(): Knex {
    const knex = Knex(this.config());
    this.instances.push(knex);
    return knex;
  }

  /** Creates the database; returns why it cannot, when the server is unreachable. */
  async open(): Promise<string | undefined> {
    const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
    if (this.engine === 'sqlite') {
      this.dir = mkdtempSync(join(tmpdir(), 'afw-test-'));
      this.name = join(this.dir, 'wiki.sqlite');
    } else {
      this.name = `afw_test_${suffix}`;
      const admin = Knex(adminConfig(this.engine));
      try {
        await admin.raw(this.engine === 'postgres' ? `create database ${this.name}` : `create database ${this.name} character set utf8mb4`);
      } catch (error) {
        return `${this.label} at 127.0.0.1:${this.engine === 'postgres' ? 5432 : 3306} is unreachable (${(error as Error).message})`;
      } finally {
        await admin.destroy();
      }
    }
    this.main = this.connect();
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all(this.instances.splice(0).map((knex) => knex.destroy()));
    this.main = undefined;
    if (this.engine === 'sqlite') {
      if (this.dir) rmSync(this.dir, { recursive: true, force: true });
      return;
    }
    if (!this.name) return;
    const admin = Knex(adminConfig(this.engine));
    try {
      await admin.raw(this.engine === 'postgres' ? `drop database if exists ${this.name} with (force)` : `drop database if exists ${this.name}`);
    } finally {
      await admin.destroy();
    }
  }

  private config(): Knex.Config {
    switch (this.engine) {
      case 'sqlite':
        return {
          client: 'sqlite3',
          connection: { filename: this.name },
          useNullAsDefault: true,
          // Two knex instances on one file (two "nodes") wait for each other instead of failing.
          pool: { afterCreate: (conn: { run(sql: string, done: (error: Error | null) => void): void }, done: (error: Error | null) => void) => conn.run('PRAGMA busy_timeout = 10000', done) },
        };
      case 'postgres':
        return { client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: this.name }, pool: { min: 0, max: 4 } };
      case 'mariadb':
        return {
          client: 'mysql2',
          connection: {
            host: '127.0.0.1',
            port: 3306,
            user: 'root',
            password: '',
            database: this.name,
            charset: 'utf8mb4',
            // As Wiki.js configures it (core/db.js): tinyint(1) read as a boolean.
            typeCast: (field: MysqlField, next: () => unknown) => (field.type === 'TINY' && field.length === 1 ? field.string() === '1' : next()),
          },
          pool: { min: 0, max: 4 },
        };
    }
  }
}

function adminConfig(engine: Exclude<EngineId, 'sqlite'>): Knex.Config {
  const connection =
    engine === 'postgres'
      ? { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' }
      : { host: '127.0.0.1', port: 3306, user: 'root', password: '', connectTimeout: 3000 };
  return { client: engine === 'postgres' ? 'pg' : 'mysql2', connection, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5000 };
}

function selectedEngines(): EngineId[] {
  const wanted = process.env.AFW_TEST_DATABASES?.split(',').map((s) => s.trim());
  return ENGINES.filter((engine) => !wanted || wanted.includes(engine));
}

/** Declares `body` once per engine, each on its own fresh database. */
export function describeEachDatabase(title: string, body: (db: TestDatabase) => void, engines: readonly EngineId[] = selectedEngines()): void {
  for (const engine of engines) {
    describe(`${title} (${LABELS[engine]})`, function () {
      const db = new TestDatabase(engine);
      before(async function () {
        const unavailable = await db.open();
        if (!unavailable) return;
        if (process.env.CI) throw new Error(`${unavailable}; CI requires every test database`);
        recordSkip(`${title} on ${db.label}: ${unavailable}`);
        this.skip();
      });
      after(() => db.close());
      body(db);
    });
  }
}
