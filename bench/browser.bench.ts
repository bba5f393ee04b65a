/**
 * The client in Chromium: time from Wiki.js's `page-ready` to the matrix of a 1,000-agreement
 * system painted (dev app page shell, real server code), and the bundle's size raw and gzipped.
 */
import fs from 'fs';
import zlib from 'zlib';
import type { WikiPageInput } from '../dev/wikijs-schema';
import { startDevServer } from '../dev/server';
import { BUNDLE, CHROMIUM, ensureBundle, launch } from '../test/browser/support';
import { megabytes, type Report } from './measure';

export const name = 'browser';

const RUNS = 7;
const AGREEMENTS = 1000;
const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const STATUSES = ['concept', 'in-de-maak', 'vastgesteld', 'gevalideerd'];

function largeSystem(agreements: number): WikiPageInput[] {
  const system = '```afsprakenstelsel\nkey: bench-1000\ntitel: Stelsel met 1000 afspraken\n```';
  return [
    { path: 'bench/stelsel', locale: 'nl', title: 'Stelsel met 1000 afspraken', content: `# Stelsel\n\n${system}\n`, tags: ['stelsel:bench-1000'] },
    ...Array.from({ length: agreements }, (_, i): WikiPageInput => ({
      path: `bench/afspraak-${i}`,
      locale: 'nl',
      title: `Afspraak ${i}`,
      content: `# Afspraak ${i}\n`,
      tags: ['stelsel:bench-1000', `kolom:${COLUMNS[i % 6]}`, `laag:${LAYERS[i % 3]}`, `status:${STATUSES[i % 4]}`, `thema:thema-${i % 9}`],
    })),
  ];
}

/**
 * Runs in the page before any of its scripts: the moment the matrix is painted. A mutation observer
 * sees the grid's cells arrive (Vue inserts a grid in one patch); the frame after that insertion
 * is the one that paints them, and a message posted from its animation-frame callback is delivered
 * once that frame's style, layout and paint are done.
 */
const PAINT_PROBE = `(() => {
  let seen = false;
  window.__afwPainted = new Promise((resolve) => {
    const check = () => {
      if (seen) return;
      const matrix = document.querySelector('.afsprakenwiki-matrix .afw-matrix');
      if (!matrix || matrix.getAttribute('aria-busy') !== 'false' || !matrix.querySelector('td.afw-cell')) return;
      seen = true;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - performance.getEntriesByName('boot:page-ready')[0].startTime);
        channel.port2.postMessage(null);
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
})()`;

/** What the painted matrix shows: cells and the agreements they count (each bench agreement is in one cell). */
const SHOWN = `(() => {
  const cells = Array.from(document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell'));
  return { cells: cells.length, agreements: cells.reduce((n, td) => n + Number(td.dataset.count), 0) };
})()`;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function run(report: Report): Promise<void> {
  await ensureBundle();
  const raw = fs.readFileSync(BUNDLE);
  report({ name: 'client bundle, raw (without Vue)', unit: 'MB', median: megabytes(raw.length) });
  report({ name: 'client bundle, gzip (without Vue)', unit: 'MB', median: megabytes(zlib.gzipSync(raw).length), target: 150 / 1024 });
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`  (${CHROMIUM} missing: paint time not measured)`);
    return;
  }
  const dev = await startDevServer(0, { extraPages: largeSystem(AGREEMENTS) });
  const browser = await launch();
  try {
    const samples: number[] = [];
    const answers: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // As an author: the dev app hides draft agreements (a quarter of these) from guests.
      await context.addCookies([{ name: 'afw_role', value: 'author', url: dev.url }]);
      await context.addInitScript(PAINT_PROBE);
      const page = await context.newPage();
      await page.goto(`${dev.url}/nl/bench/stelsel`);
      const ms = (await page.evaluate('window.__afwPainted')) as number;
      const shown = (await page.evaluate(SHOWN)) as { cells: number; agreements: number };
      if (shown.cells !== 24 || shown.agreements !== AGREEMENTS) throw new Error(`the matrix shows ${shown.cells} cells, ${shown.agreements} agreements`);
      // The client's own mark (client/marks.ts): the matrix answer parsed, before rendering.
      const answered = (await page.evaluate(`(performance.getEntriesByName('afw:matrix-answer')[0]?.startTime ?? NaN) -
        performance.getEntriesByName('boot:page-ready')[0].startTime`)) as number;
      if (i > 0) {
        // the first run warms the server's caches and the JIT
        samples.push(ms);
        if (Number.isFinite(answered)) answers.push(answered);
      }
      await context.close();
    }
    samples.sort((a, b) => a - b);
    report({
      name: `page-ready → matrix painted, ${AGREEMENTS.toLocaleString('en')} agreements`,
      unit: 'ms',
      median: median(samples),
      p95: samples[samples.length - 1],
      runs: RUNS,
      target: 300,
    });
    if (answers.length) report({ name: '  of which: page-ready → matrix answer parsed', unit: 'ms', median: median(answers), runs: answers.length });
  } finally {
    await browser.close();
    await dev.close();
  }
}
