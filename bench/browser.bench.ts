/**
 * The client in Chromium: time from Wiki.js's `page-ready` to the matrix of a 1,000-agreement
 * system painted (dev app page shell, real server code), and the bundle's size raw and gzipped.
 * The dev app runs as a process of its own, as Wiki.js would, beside this one and Chromium.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import readline from 'readline';
import zlib from 'zlib';
import { BUNDLE, CHROMIUM, ensureBundle, launch } from '../test/browser/support';
import { BENCH_SYSTEM_PATH } from './browser-system';
import { median, PAINT_PROBE, SHOWN } from './paint-probe';
import { megabytes, type Report } from './measure';

export const name = 'browser';

const RUNS = 15;
const AGREEMENTS = 1000;
const TARGET_MS = 300;


interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

/** The dev app with the 1,000-agreement system, in a process of its own. */
async function startServer(): Promise<BenchServer> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'browser-system.ts'), String(AGREEMENTS)]);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Samples {
  painted: number[];
  answered: number[];
}

/** RUNS page views (after one that warms the server and the JIT), each in a fresh context. */
async function measure(url: string): Promise<Samples> {
  const browser = await launch();
  const samples: Samples = { painted: [], answered: [] };
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // As an author: the dev app hides draft agreements (a quarter of these) from guests.
      await context.addCookies([{ name: 'afw_role', value: 'author', url }]);
      await context.addInitScript(PAINT_PROBE);
      const page = await context.newPage();
      await page.goto(`${url}/nl/${BENCH_SYSTEM_PATH}`);
      const painted = (await page.evaluate('window.__afwPainted')) as number;
      const shown = (await page.evaluate(SHOWN)) as { cells: number; agreements: number };
      if (shown.cells !== 24 || shown.agreements !== AGREEMENTS) throw new Error(`the matrix shows ${shown.cells} cells, ${shown.agreements} agreements`);
      // The client's own mark (client/marks.ts): the matrix answer parsed, before rendering.
      const answered = (await page.evaluate(`(performance.getEntriesByName('afw:matrix-answer')[0]?.startTime ?? NaN) -
        performance.getEntriesByName('boot:page-ready')[0].startTime`)) as number;
      if (i > 0) {
        samples.painted.push(painted);
        if (Number.isFinite(answered)) samples.answered.push(answered);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return samples;
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
  const server = await startServer();
  let samples: Samples;
  try {
    samples = await measure(server.url);
  } finally {
    await server.stop();
  }
  const painted = [...samples.painted].sort((a, b) => a - b);
  report({
    name: `page-ready → matrix painted, ${AGREEMENTS.toLocaleString('en')} agreements`,
    unit: 'ms',
    median: median(painted),
    p95: painted[painted.length - 1],
    runs: RUNS,
    target: TARGET_MS,
  });
  if (samples.answered.length) report({ name: '  of which: page-ready → first view answered', unit: 'ms', median: median(samples.answered), runs: samples.answered.length });
}
