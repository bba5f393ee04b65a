import { expect } from 'chai';
import { startedWiki } from '../support/wikijs-suite';
import type { WikiHarness } from '../support/wikijs-harness';
import type { ImportAnswer as ImportResult } from '../../server/graph/import-resolvers';

interface WikiPage {
  id: number;
  path: string;
  title: string;
  content: string;
  render: string;
  tags: Array<{ tag: string }>;
}

const ROWS = 30;
const SYSTEM = 'kb-herstart';
const RESULT = 'ok done job created updated unchanged skipped total rows { line path action errors { message } }';
const IMPORT = `mutation($csv: String!, $update: Boolean) { agreements { importAgreements(csv: $csv, system: "${SYSTEM}", update: $update, lang: "nl") { ${RESULT} } } }`;
const STATUS = `query($job: String!) { agreements { importStatus(job: $job) { ${RESULT} } } }`;
const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];

/** Row i (1-based) of the mapping session, on line i + 1 of the file. */
const row = (i: number) => {
  const n = String(i).padStart(2, '0');
  return { line: i + 1, path: `${SYSTEM}/afspraak-${n}`, title: `Afspraak ${n} na herstart`, column: COLUMNS[i % COLUMNS.length] };
};
const rows = Array.from({ length: ROWS }, (_, i) => row(i + 1));
const csv = (layer: string) => ['titel;pad;kolom;laag;status', ...rows.map((r) => `${r.title};${r.path};${r.column};${layer};vastgesteld`)].join('\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a CSV import that Wiki.js is killed in the middle of, in a real Wiki.js 2.5', function () {
  this.timeout(900000);
  let wiki: WikiHarness | undefined;

  const harness = () => wiki as WikiHarness;
  const ok = <T>(result: { data?: T; errors?: Array<{ message: string }> }): T => {
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return result.data as T;
  };
  const status = async (job: string) => ok(await harness().graphql<{ agreements: { importStatus: ImportResult } }>(STATUS, { job })).agreements.importStatus;
  /** Rows with an outcome, as the job's rows record them in the database. */
  const rowsDone = async (job: string): Promise<number> => {
    const knex = harness().openDatabase();
    try {
      const result = await knex('agr_import_rows').where({ jobId: job }).whereNotNull('action').count({ n: '*' }).first();
      return Number(result?.n ?? 0);
    } finally {
      await knex.destroy();
    }
  };

  /** Starts the import, kills Wiki.js while it writes its ninth row, restarts it and waits for the job's end. */
  const importKilledAndRestarted = async (file: string, update: boolean): Promise<{ job: string; result: ImportResult; doneAtKill: number }> => {
    const started = ok(await harness().graphql<{ agreements: { importAgreements: ImportResult } }>(IMPORT, { csv: file, update })).agreements.importAgreements;
    // Running: not ok (nor done) until its end, and no row refused.
    expect(started.rows.filter((r) => r.errors.length > 0)).to.deep.equal([]);
    expect(started).to.include({ done: false, total: ROWS });
    const job = started.job as string;
    expect(job).to.be.a('string');

    // Killed while it writes its ninth row: a second after the eighth row's outcome is recorded.
    for (let i = 0; (await rowsDone(job)) < 8; i++) {
      expect(i, 'eight rows written within five minutes').to.be.below(1500);
      await sleep(200);
    }
    await sleep(1000);
    await harness().kill();
    const doneAtKill = await rowsDone(job);
    expect(doneAtKill, 'the kill came before the end').to.be.below(ROWS);

    await harness().start();
    // The killed node's lease (60 s) runs out, then the restarted Wiki.js takes the job over.
    let result = await status(job);
    for (let i = 0; !result.done && i < 600; i++) {
      await sleep(1000);
      result = await status(job);
    }
    expect(result.done, `the job finished (${result.rows.length} of ${ROWS} rows)`).to.equal(true);
    return { job, result, doneAtKill };
  };

  before(async function () {
    wiki = await startedWiki(this);
    const system = ok(
      await wiki.graphql<{ agreements: { createAgreementSystem: { succeeded: boolean; message: string | null } } }>(
        `mutation { agreements { createAgreementSystem(input: { key: "${SYSTEM}", title: "Basiszorg Herstart" }) { succeeded message } } }`,
      ),
    ).agreements.createAgreementSystem;
    expect(system.succeeded, system.message ?? '').to.equal(true);
  });

  after(async () => {
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it(`resumes after a SIGKILL and a restart as the importing user, and writes each of ${ROWS} rows exactly once`, async () => {
    const { job, result } = await importKilledAndRestarted(csv('werkafspraken'), false);
    expect(result, JSON.stringify(result.rows.filter((r) => r.action !== 'CREATE'))).to.include({ ok: true, created: ROWS, updated: 0, unchanged: 0, skipped: 0, total: ROWS });
    expect(result.rows.map((r) => [r.line, r.path, r.action])).to.deep.equal(rows.map((r) => [r.line, r.path, 'CREATE']));
    const log = (await import('fs')).readFileSync(harness().logFile, 'utf8');
    expect(log).to.match(new RegExp(`\\[afsprakenwiki\\] import ${job}: resumed as user 1`));

    // Wiki.js's own view: each path once, none missing, each complete, none written twice.
    const list = ok(await harness().graphql<{ pages: { list: Array<{ id: number; path: string }> } }>('{ pages { list(limit: 1000) { id path } } }')).pages.list;
    const imported = list.filter((p) => p.path.startsWith(`${SYSTEM}/afspraak-`));
    expect(imported.map((p) => p.path).sort()).to.deep.equal(rows.map((r) => r.path));
    for (const expected of rows) {
      const id = imported.find((p) => p.path === expected.path)?.id as number;
      const page = ok(
        await harness().graphql<{ pages: { single: WikiPage; history: { total: number } } }>(
          'query($id: Int!) { pages { single(id: $id) { id path title content render tags { tag } } history(id: $id) { total } } }',
          { id },
        ),
      ).pages;
      expect(page.single.title, expected.path).to.equal(expected.title);
      expect(page.single.content, expected.path).to.equal(`# ${expected.title}\n`);
      expect(page.single.tags.map((t) => t.tag).sort(), expected.path).to.deep.equal([`kolom:${expected.column}`, 'laag:werkafspraken', `stelsel:${SYSTEM}`, 'status:vastgesteld'].sort());
      expect(page.single.render, `${expected.path} is rendered`).to.contain(expected.title);
      // A created page has no earlier version; a second write would have left one.
      expect(page.history.total, `${expected.path} written once`).to.equal(0);
    }

    // And the extension's index has every page in its cell.
    const matrix = ok(
      await harness().graphql<{ agreements: { matrix: { cells: Array<{ column: string | null; layer: string | null; agreements: Array<{ path: string }> }> } } }>(
        `{ agreements { matrix(system: "${SYSTEM}") { cells { column layer agreements { path } } } } }`,
      ),
    ).agreements.matrix;
    for (const expected of rows) {
      const cell = matrix.cells.find((c) => c.column === expected.column && c.layer === 'werkafspraken');
      expect(cell?.agreements.map((a) => a.path), expected.path).to.include(expected.path);
    }
  });

  it(`resumes an update of the same ${ROWS} rows after a SIGKILL and a restart: rows done before the kill are not written again`, async () => {
    const { result, doneAtKill } = await importKilledAndRestarted(csv('normen'), true);
    expect(result, JSON.stringify(result.rows.filter((r) => r.action !== 'UPDATE'))).to.include({ ok: true, created: 0, updated: ROWS, unchanged: 0, skipped: 0, total: ROWS });
    const list = ok(await harness().graphql<{ pages: { list: Array<{ id: number; path: string }> } }>('{ pages { list(limit: 1000) { id path } } }')).pages.list;
    const versions: number[] = [];
    for (const expected of rows) {
      const id = list.find((p) => p.path === expected.path)?.id as number;
      const page = ok(
        await harness().graphql<{ pages: { single: WikiPage; history: { total: number } } }>(
          'query($id: Int!) { pages { single(id: $id) { id path title content render tags { tag } } history(id: $id) { total } } }',
          { id },
        ),
      ).pages;
      expect(page.single.tags.map((t) => t.tag).sort(), expected.path).to.deep.equal([`kolom:${expected.column}`, 'laag:normen', `stelsel:${SYSTEM}`, 'status:vastgesteld'].sort());
      expect(page.single.render, `${expected.path} is rendered`).to.contain(expected.title);
      versions.push(page.history.total);
    }
    // One earlier version (the created page) per row. Only the row in flight at the kill may have
    // two: Wiki.js's updatePage is not one transaction (version, page row, tags, render), so a
    // row cut short inside it is written again on resume (see README).
    const inFlight = doneAtKill; // 0-based index of the first row without an outcome at the kill
    expect(versions.filter((_, i) => i !== inFlight), 'rows other than the one in flight updated once').to.deep.equal(versions.filter((_, i) => i !== inFlight).map(() => 1));
    expect(versions[inFlight]).to.be.within(1, 2);
  });
});
