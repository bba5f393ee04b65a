/**
 * CSV import against Wiki.js's own page creation, in a real Wiki.js 2.5 (WIKIJS_DIR, skipped
 * without it): the same number of agreement pages, once created one after another with Wiki.js's
 * `pages.create` over GraphQL (the baseline: what a script or an author would do), once imported
 * with `agreements.importAgreements` and followed through `importStatus` until the job is done.
 * Wiki.js renders every page it saves in a forked process, which dominates both; the target is
 * that the import adds under 10 % to that. The two alternate in rounds of a tenth of the pages, so
 * that load from elsewhere on the machine falls on both alike. `AFW_IMPORT_ROWS` sets the number
 * (default 200).
 */
import { performance } from 'perf_hooks';
import { WikiHarness } from '../test/support/wikijs-harness';
import type { Report } from './measure';

export const name = 'real Wiki.js import';

const ROWS = Number(process.env.AFW_IMPORT_ROWS) || 200;
const SYSTEM = 'kb-bench';
const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const ROUNDS = 10;

interface Agreement {
  title: string;
  column: string;
  layer: string;
}

/** `count` agreements numbered from `first`. */
function agreements(prefix: string, first: number, count: number): Agreement[] {
  return Array.from({ length: count }, (_, j) => {
    const i = first + j;
    return { title: `${prefix} ${i + 1}`, column: COLUMNS[i % COLUMNS.length], layer: LAYERS[i % LAYERS.length] };
  });
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

async function createdOneByOne(wiki: WikiHarness, list: Agreement[]): Promise<void> {
  for (const a of list) {
    const result = await wiki.graphql<{ pages: { create: { responseResult: { succeeded: boolean; message: string } } } }>(
      `mutation($p: String!, $t: String!, $c: String!, $g: [String]!) { pages { create(path: $p, title: $t, content: $c, tags: $g, locale: "en", editor: "markdown", isPublished: true, isPrivate: false, description: "") { responseResult { succeeded message } } } }`,
      { p: `${SYSTEM}/${a.column}/${slug(a.title)}`, t: a.title, c: `# ${a.title}\n`, g: [`stelsel:${SYSTEM}`, `kolom:${a.column}`, `laag:${a.layer}`, 'status:concept'] },
    );
    if (!result.data?.pages.create.responseResult.succeeded) throw new Error(`pages.create: ${JSON.stringify(result.errors ?? result.data)}`);
  }
}

async function imported(wiki: WikiHarness, list: Agreement[]): Promise<void> {
  const csv = ['titel;kolom;laag;status', ...list.map((a) => `${a.title};${a.column};${a.layer};concept`)].join('\n');
  type Result = { ok: boolean; done: boolean; job: string | null; created: number };
  const started = await wiki.graphql<{ agreements: { importAgreements: Result } }>(
    `mutation($csv: String!) { agreements { importAgreements(csv: $csv, system: "${SYSTEM}") { ok done job created } } }`,
    { csv },
  );
  let result = started.data?.agreements.importAgreements;
  // A job that runs on answers `ok: false, done: false` until it has finished.
  if (!result || (!result.ok && !result.job)) throw new Error(`importAgreements: ${JSON.stringify(started.errors ?? started.data)}`);
  while (!result.done) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const status = await wiki.graphql<{ agreements: { importStatus: Result } }>('query($j: String!) { agreements { importStatus(job: $j) { ok done job created } } }', { j: result.job });
    result = status.data?.agreements.importStatus as Result;
  }
  if (!result.ok || result.created !== list.length) throw new Error(`imported ${result.created} of ${list.length}`);
}

export async function run(report: Report): Promise<void> {
  const unavailable = WikiHarness.unavailable();
  if (unavailable) {
    console.error(`  (skipped: ${unavailable})`);
    return;
  }
  const wiki = await WikiHarness.prepare();
  try {
    await wiki.start();
    await wiki.finalize();
    await wiki.login();
    const system = await wiki.graphql<{ agreements: { createAgreementSystem: { succeeded: boolean; message: string | null } } }>(
      `mutation { agreements { createAgreementSystem(input: { key: "${SYSTEM}", title: "Benchmark" }) { succeeded message } } }`,
    );
    if (!system.data?.agreements.createAgreementSystem.succeeded) throw new Error(`createAgreementSystem: ${JSON.stringify(system.errors ?? system.data)}`);

    const perRound = Math.max(1, Math.round(ROWS / ROUNDS));
    let [baseline, importing] = [0, 0];
    for (let round = 0; round * perRound < ROWS; round++) {
      const count = Math.min(perRound, ROWS - round * perRound);
      let start = performance.now();
      await createdOneByOne(wiki, agreements('Aangemaakt', round * perRound, count));
      baseline += performance.now() - start;
      start = performance.now();
      await imported(wiki, agreements('Geimporteerd', round * perRound, count));
      importing += performance.now() - start;
    }

    report({ name: `baseline: ${ROWS} pages with Wiki.js's pages.create over GraphQL, one after another`, unit: 'ms', median: baseline, runs: 1 });
    report({ name: `importAgreements of the same ${ROWS} rows until its job is done (target: baseline + 10 %; ratio ${(importing / baseline).toFixed(2)}×)`, unit: 'ms', median: importing, runs: 1, target: baseline * 1.1 });
  } finally {
    await wiki.dispose();
  }
}
