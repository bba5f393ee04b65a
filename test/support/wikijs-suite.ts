/**
 * The start every single-node Wiki.js e2e suite shares: skipped (and the reason recorded) without
 * WIKIJS_DIR, or without Chromium for a browser suite; otherwise a fresh Wiki.js, prepared with
 * the extension installed, started, set up and logged in as its administrator. `engine` names
 * its database (default: the environment's, see wikijs-harness.ts); a server that cannot be
 * reached skips the suite with the reason, or fails it in CI, as the database suites do.
 */
import { chromiumAvailable } from '../browser/support';
import { recordSkip } from './skips';
import { createWikiDatabase, WikiHarness, type WikiDatabase, type WikiEngine } from './wikijs-harness';

export async function startedWiki(suite: Mocha.Context, options: { browser?: boolean; engine?: WikiEngine } = {}): Promise<WikiHarness> {
  const reason = WikiHarness.unavailable();
  if (reason) {
    recordSkip(reason);
    suite.skip();
  }
  if (options.browser && !chromiumAvailable()) suite.skip();
  if (options.engine && options.engine !== 'sqlite') await reachable(suite, options.engine);
  const wiki = await WikiHarness.prepare(undefined, { engine: options.engine });
  await wiki.start();
  await wiki.finalize();
  await wiki.login();
  return wiki;
}

/** Skips the suite (reason recorded) when the engine's server is down; in CI that fails instead. */
async function reachable(suite: Mocha.Context, engine: Exclude<WikiEngine, 'sqlite'>): Promise<void> {
  let made: { database: WikiDatabase; close: () => Promise<void> } | undefined;
  try {
    made = await createWikiDatabase(engine);
  } catch (error) {
    if (process.env.CI) throw error;
    recordSkip(`Wiki.js e2e on ${engine}: ${(error as Error).message}`);
    suite.skip();
  } finally {
    await made?.close();
  }
}
