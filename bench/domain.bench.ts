/**
 * The pure domain core: reading a folder, facts, catalog, matrix and comparison (issue targets:
 * matrix of a 1,000-page system < 20 ms, comparison < 40 ms median, 50,000-page wiki < 500 MB).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { fork } from 'child_process';
import { build } from 'esbuild';
import { buildCatalog, compareMatrices, extractPageFacts, matrixFor, type Matrix } from '../server/domain';
import { parseStorageFiles, readFolder } from '../server/cli/read-folder';
import { generateWiki, writeToTemp } from './generate';
import { time, type BenchResult, type Report } from './measure';

export const name = 'domain core';

const SYSTEM = 'stelsel-001';

export async function run(report: Report): Promise<void> {
  // (a) Disk: one 1,000-page system written to a temp folder, read back (OS cache warm after warm-up).
  const dir = writeToTemp(generateWiki({ systems: 1, pagesPerSystem: 1000, seed: 1 }));
  try {
    report({ name: '(a) read folder → SourcePage[], 1,000 files', unit: 'ms', ...time(() => readFolder(dir), 20) });
    const pages = readFolder(dir).pages;
    report({ name: '(a) SourcePage[] → PageFacts[], 1,000 pages', unit: 'ms', ...time(() => pages.map(extractPageFacts), 20) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // (b) In memory: catalog and matrix of one 1,000-page system.
  const oneSystem = parseStorageFiles(generateWiki({ systems: 1, pagesPerSystem: 1000, seed: 1 })).pages.map(extractPageFacts);
  report({ name: '(b) catalog, 1,000 pages', unit: 'ms', ...time(() => buildCatalog(oneSystem), 50) });
  const catalog = buildCatalog(oneSystem);
  report({ name: '(b) matrix, 1 system of 1,000 pages', unit: 'ms', target: 20, ...time(() => matrixFor(catalog, SYSTEM), 100, 20) });
  report({
    name: '(b) catalog + matrix, 1,000 pages',
    unit: 'ms',
    ...time(() => matrixFor(buildCatalog(oneSystem), SYSTEM), 100, 20),
  });

  // (d) Comparison of two 1,000-page systems: both matrices and the comparison, catalog given.
  const twoSystems = parseStorageFiles(generateWiki({ systems: 2, pagesPerSystem: 1000, seed: 2 })).pages.map(extractPageFacts);
  const catalog2 = buildCatalog(twoSystems);
  report({
    name: '(d) compare 2 systems of 1,000 pages (2 matrices + comparison)',
    unit: 'ms',
    target: 40,
    ...time(() => compareMatrices(matrixFor(catalog2, SYSTEM) as Matrix, matrixFor(catalog2, 'stelsel-002') as Matrix), 100, 20),
  });

  // (c) The 50,000-page wiki runs in a fresh process, so its peak memory is its own.
  for (const mode of ['timing', 'memory']) for (const result of await runWorker(mode)) report(result);
}

/** Bundles the worker with esbuild (as scripts/build.js bundles the CLI) and runs it with plain node. */
async function runWorker(mode: string): Promise<BenchResult[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'afsprakenwiki-bench-'));
  const bundle = path.join(out, 'wiki-50k.worker.js');
  await build({ entryPoints: [path.join(__dirname, 'wiki-50k.worker.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  try {
    return await new Promise((resolve, reject) => {
      const child = fork(bundle, [mode], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const results: BenchResult[] = [];
      child.on('message', (message) => results.push(message as BenchResult));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(results) : reject(new Error(`wiki-50k worker exited with ${code}`))));
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
