/**
 * The start every single-node Wiki.js e2e suite shares: skipped (and the reason recorded) without
 * WIKIJS_DIR, or without Chromium for a browser suite; otherwise a fresh Wiki.js, prepared with
 * the extension installed, started, set up and logged in as its administrator.
 */
import { chromiumAvailable } from '../browser/support';
import { recordSkip } from './skips';
import { WikiHarness } from './wikijs-harness';

export async function startedWiki(suite: Mocha.Context, options: { browser?: boolean } = {}): Promise<WikiHarness> {
  const reason = WikiHarness.unavailable();
  if (reason) {
    recordSkip(reason);
    suite.skip();
  }
  if (options.browser && !chromiumAvailable()) suite.skip();
  const wiki = await WikiHarness.prepare();
  await wiki.start();
  await wiki.finalize();
  await wiki.login();
  return wiki;
}
