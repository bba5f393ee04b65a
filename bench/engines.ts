/** Runs a database benchmark on SQLite and on PostgreSQL when it is reachable, each in a fresh database. */
import { TestDatabase, type EngineId } from '../test/support/databases';

const ENGINES: EngineId[] = ['sqlite', 'postgres'];

/** `AFW_TEST_DATABASES=sqlite` limits the engines, as it does for the tests. */
export function enginesToRun(): EngineId[] {
  const only = process.env.AFW_TEST_DATABASES?.split(',').map((e) => e.trim());
  return only ? ENGINES.filter((engine) => only.includes(engine)) : ENGINES;
}

export async function onEachEngine(body: (db: TestDatabase) => Promise<void>): Promise<void> {
  for (const engine of enginesToRun()) {
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
