/**
 * (c) A wiki of 50,000 pages in 200 systems, in its own plain-node process (bundled and forked by
 * domain.bench.ts), so the peak memory is the product's, not the runner's or ts-node's.
 * `memory` as argument: load once and report memory; otherwise: repeated timing runs.
 * Pages are made and turned into facts one system at a time and their content dropped, as the
 * host's index does; the facts of all 50,000 pages are then held together.
 */
import { performance } from 'perf_hooks';
import { buildCatalog, extractPageFacts, matrixFor, type PageFacts } from '../server/domain';
import { parseStorageFiles } from '../server/cli/read-folder';
import { generateSystem, type WikiShape } from './generate';
import { megabytes, time, type BenchResult } from './measure';

const SHAPE: WikiShape = { systems: 200, pagesPerSystem: 250, seed: 50 };
const send = (result: BenchResult) => process.send?.(result);

/** Facts of the whole wiki, and the time spent in extraction alone (not in generating pages). */
function extractAll(): { facts: PageFacts[]; ms: number } {
  const facts: PageFacts[] = [];
  let ms = 0;
  for (let s = 1; s <= SHAPE.systems; s++) {
    const pages = parseStorageFiles(generateSystem(s, SHAPE), 'nl', facts.length + 1).pages;
    const start = performance.now();
    for (const page of pages) facts.push(extractPageFacts(page));
    ms += performance.now() - start;
  }
  return { facts, ms };
}

if (process.argv[2] === 'memory') {
  // One load of the wiki, as a process serving it does: the peak is what that needs, not the
  // garbage of the repeated timing runs (measured in a separate process).
  const { facts } = extractAll();
  const catalog = buildCatalog(facts);
  matrixFor(catalog, 'stelsel-100');
  // maxRSS (kilobytes) is the process's resident-set high-water mark, page generation included.
  send({ name: '(c) peak RSS, loading the 50,000-page wiki once', unit: 'MB', target: 500, median: process.resourceUsage().maxRSS / 1024 });
  (globalThis as { gc?: () => void }).gc?.();
  send({ name: `(c) live heap: facts and catalog of ${facts.length} pages`, unit: 'MB', median: megabytes(process.memoryUsage().heapUsed) });
} else {
  // One warm-up and three measured runs; only the last run's facts are kept, as an index would.
  extractAll();
  const ms = [extractAll().ms, extractAll().ms];
  const { facts, ms: last } = extractAll();
  ms.push(last);
  ms.sort((a, b) => a - b);
  send({ name: '(c) facts, 50,000 pages', unit: 'ms', median: ms[1], p95: ms[2], runs: ms.length });
  let catalog = buildCatalog(facts);
  send({ name: '(c) catalog, 50,000 pages in 200 systems', unit: 'ms', ...time(() => (catalog = buildCatalog(facts)), 10, 2) });
  send({ name: '(c) matrix of 1 system in the 50,000-page wiki', unit: 'ms', ...time(() => matrixFor(catalog, 'stelsel-100'), 50) });
  send({ name: '(c) peak RSS of these timing runs (garbage included)', unit: 'MB', median: process.resourceUsage().maxRSS / 1024 });
}
