/**
 * The same paint as bench/browser.bench.ts, inside a real Wiki.js 2.5 (WIKIJS_DIR, skipped
 * without it): a throw-away copy with the extension installed by the project's installer, one
 * system page created through Wiki.js's GraphQL and 1,000 agreement pages written into its SQLite
 * database behind its back (pages.create takes 2.5 s a page), indexed by `agreements.reindex`.
 * Informational, with its baseline from the same page views: the first frame Wiki.js paints after
 * page-ready, which no view mounted at page-ready can beat.
 */
import fs from 'fs';
import { CHROMIUM, launch } from '../test/browser/support';
import { WikiHarness } from '../test/support/wikijs-harness';
import { BENCH_SYSTEM_PATH, largeSystem } from './browser-system';
import { BOOT_MARKS, median, PAINT_PROBE, SHOWN } from './paint-probe';
import type { Report } from './measure';
import { writePagesBehindWikisBack } from './wikijs-pages';

export const name = 'real Wiki.js';

const RUNS = 9;
const AGREEMENTS = 1000;

export async function run(report: Report): Promise<void> {
  const unavailable = WikiHarness.unavailable();
  if (unavailable || !fs.existsSync(CHROMIUM) || process.env.AFW_E2E_DATABASE || process.env.PGHOST) {
    console.error(`  (skipped: ${unavailable ?? (fs.existsSync(CHROMIUM) ? 'this benchmark writes into SQLite; unset AFW_E2E_DATABASE and PGHOST' : `${CHROMIUM} missing`)})`);
    return;
  }
  const wiki = await WikiHarness.prepare();
  const browser = await launch();
  try {
    await wiki.start();
    await wiki.finalize();
    await wiki.prepareForBrowser('nl');
    const [system, ...agreements] = largeSystem(AGREEMENTS);
    await writePagesBehindWikisBack(wiki, await wiki.createPage(system), agreements);
    const reindexed = await wiki.graphql<{ agreements: { reindex: { succeeded: boolean; pages: number; message: string | null } } }>(
      'mutation { agreements { reindex { succeeded pages message } } }',
    );
    if (!reindexed.data?.agreements.reindex.succeeded) throw new Error(`reindex: ${JSON.stringify(reindexed.errors ?? reindexed.data)}`);

    const jwt = await wiki.login();
    const samples: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addCookies([{ name: 'jwt', value: jwt, url: wiki.url }]);
      await context.addInitScript(BOOT_MARKS);
      await context.addInitScript(PAINT_PROBE);
      const page = await context.newPage();
      await page.goto(`${wiki.url}/nl/${BENCH_SYSTEM_PATH}`);
      const painted = (await page.evaluate('window.__afwPainted')) as number;
      const firstFrame = (await page.evaluate('window.__afwFirstFrame')) as number;
      const shown = (await page.evaluate(SHOWN)) as { cells: number; agreements: number };
      if (shown.cells !== 24 || shown.agreements !== AGREEMENTS) throw new Error(`the matrix shows ${shown.cells} cells, ${shown.agreements} agreements`);
      // The first view warms Wiki.js's caches and the JIT.
      if (i > 0) {
        samples.push(painted);
        floor.push(firstFrame);
      }
      await context.close();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    report({ name: `page-ready → matrix painted, ${AGREEMENTS.toLocaleString('en')} agreements, Wiki.js 2.5 on SQLite`, unit: 'ms', median: median(sorted), p95: sorted[sorted.length - 1], runs: RUNS });
    const floorSorted = [...floor].sort((a, b) => a - b);
    report({ name: '  baseline: page-ready → Wiki.js paints its next frame, same page views', unit: 'ms', median: median(floorSorted), p95: floorSorted[floorSorted.length - 1], runs: RUNS });
  } finally {
    await browser.close();
    await wiki.dispose();
  }
}
