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

export async function run(report: Report): Promise<void> {
  await ensureBundle();
  const raw = fs.readFileSync(BUNDLE);
  report({ name: 'client bundle, raw (without Vue)', unit: 'MB', median: megabytes(raw.length) });
  report({ name: 'client bundle, gzip (without Vue)', unit: 'MB', median: megabytes(zlib.gzipSync(raw).length), target: 150 / 1024 });
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`  (${CHROMIUM} missing: paint time not measured)`);
    return;
  }
  const dev = await startDevServer(0, { extraPages: largeSystem(1000) });
  const browser = await launch();
  try {
    const samples: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${dev.url}/nl/bench/stelsel`);
      await page.waitForFunction(`document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell').length === 24`, undefined, { polling: 'raf' });
      const ms = (await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() =>
        resolve(performance.now() - performance.getEntriesByName('boot:page-ready')[0].startTime)))`)) as number;
      if (i > 0) samples.push(ms); // the first run warms the server's caches and the JIT
      await context.close();
    }
    samples.sort((a, b) => a - b);
    report({
      name: 'page-ready → matrix painted, 1,000 agreements',
      unit: 'ms',
      median: samples[Math.floor(samples.length / 2)],
      p95: samples[samples.length - 1],
      runs: RUNS,
      target: 300,
    });
  } finally {
    await browser.close();
    await dev.close();
  }
}
