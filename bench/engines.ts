/** Runs a database benchmark on SQLite and on PostgreSQL when it is reachable, each in a fresh database. */
import { TestDatabase, type EngineId } from '../test/support/databases';

const ENGINES: EngineId[] = ['sqlite', 'postgres'];

export async function onEachEngine(body: (db: TestDatabase) => Promise<void>): Promise<void> {
  for (const engine of ENGINES) {
    const db = new TestDatabase(engine);
    const unavailable = await db.open();
    if (unavailable) {
      console.error(`  skipped: ${unavailable}`);
      continue;
    }
    try {
      await body(db);
    } finally {
      await db.close();
    }
  }
}
