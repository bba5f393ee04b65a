import { expect } from 'chai';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness, type PageRule } from '../support/wikijs-harness';
import type { ImportAnswer as ImportResult } from '../../server/graph/import-resolvers';

interface WikiPage {
  id: number;
  path: string;
  locale: string;
  title: string;
  content: string;
  editor: string;
  isPublished: boolean;
  tags: Array<{ tag: string }>;
}

const RESULT = 'ok done job created updated unchanged skipped rows { line path action errors { field message } }';
const IMPORT = `mutation($csv: String!, $update: Boolean, $dry: Boolean) { agreements { importAgreements(csv: $csv, system: "kb-imp", update: $update, dryRun: $dry, lang: "nl") { ${RESULT} } } }`;
const STATUS = `query($job: String!) { agreements { importStatus(job: $job) { ${RESULT} } } }`;
const HEADER = 'titel;kolom;laag;status;partijen;eigenaar';
/** Three agreements of a mapping session; expectations below are written out by hand from these rows. */
const ROWS = ['Warme overdracht;dienstverlening;werkafspraken;vastgesteld;huisartsen | buurtteam;POH GGZ', 'Wijkvisie;klantrelatie;normen;concept;;', 'Casuïstiekoverleg;leren;techniek;in-de-maak;buurtteam;Buurtteam'];

describe('CSV import in a real Wiki.js 2.5, through its own page API', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;

  const ok = <T>(result: { data?: T; errors?: Array<{ message: string }> }): T => {
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return result.data as T;
  };
  const harness = () => wiki as WikiHarness;
  const importCsv = async (csv: string, options: { update?: boolean; dry?: boolean; asAdmin?: boolean } = {}) =>
    ok(await harness().graphql<{ agreements: { importAgreements: ImportResult } }>(IMPORT, { csv, update: options.update ?? false, dry: options.dry ?? false }, options.asAdmin ?? true)).agreements
      .importAgreements;
  /** Follows a background job through `importStatus` until it is done. */
  const finished = async (started: ImportResult): Promise<ImportResult> => {
    let result = started;
    for (let i = 0; !result.done && i < 300; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = ok(await harness().graphql<{ agreements: { importStatus: ImportResult } }>(STATUS, { job: started.job })).agreements.importStatus;
    }
    expect(result.done, 'the import finished').to.equal(true);
    return result;
  };
  const byPath = async (path: string) =>
    ok(await harness().graphql<{ pages: { singleByPath: WikiPage | null } }>('query($p: String!) { pages { singleByPath(path: $p, locale: "en") { id path locale title content editor isPublished tags { tag } } } }', { p: path }))
      .pages.singleByPath;
  const pageCount = async () => ok(await harness().graphql<{ pages: { list: unknown[] } }>('{ pages { list { id } } }')).pages.list.length;

  before(async function () {
    wiki = await startedWiki(this);
    const system = ok(
      await wiki.graphql<{ agreements: { createAgreementSystem: { succeeded: boolean; message: string | null } } }>(
        'mutation { agreements { createAgreementSystem(input: { key: "kb-imp", title: "Basiszorg Import" }) { succeeded message } } }',
      ),
    ).agreements.createAgreementSystem;
    expect(system.succeeded, system.message ?? '').to.equal(true);
  });

  after(async () => {
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it('refuses a file with an error on any line and writes nothing; a dry run plans without writing', async () => {
    const before = await pageCount();
    const bad = await importCsv([HEADER, ROWS[0], 'Fout;kolom-die-niet-bestaat;normen;;;'].join('\n'));
    expect(bad).to.include({ ok: false, done: true, created: 0 });
    expect(bad.rows.find((r) => r.line === 3)?.errors.map((e) => e.field)).to.deep.equal(['kolom']);
    const plan = await importCsv([HEADER, ...ROWS].join('\n'), { dry: true });
    expect(plan).to.include({ ok: true, done: true });
    expect(plan.rows.map((r) => `${r.line} ${r.action} ${r.path}`)).to.deep.equal([
      '2 CREATE kb-imp/dienstverlening/warme-overdracht',
      '3 CREATE kb-imp/klantrelatie/wijkvisie',
      '4 CREATE kb-imp/leren/casuistiekoverleg',
    ]);
    expect(await pageCount()).to.equal(before);
  });

  it('imports in the background through pages.create; pages.single and the matrix show the pages; a re-run changes nothing', async () => {
    const done = await finished(await importCsv([HEADER, ...ROWS].join('\n')));
    expect(done).to.include({ ok: true, created: 3, updated: 0, skipped: 0 });
    const page = (await byPath('kb-imp/dienstverlening/warme-overdracht')) as WikiPage;
    expect(page).to.include({ title: 'Warme overdracht', locale: 'en', editor: 'markdown', isPublished: true });
    expect(page.tags.map((t) => t.tag)).to.have.members(['stelsel:kb-imp', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'partij:huisartsen', 'partij:buurtteam']);
    expect(page.content).to.match(/^# Warme overdracht\n/);
    expect(page.content).to.match(/```afspraak\neigenaar: POH GGZ\n```/);
    const matrix = ok(await harness().graphql<{ agreements: { matrix: { cells: Array<{ column: string | null; layer: string; count: number }> } } }>('{ agreements { matrix(system: "kb-imp") { cells { column layer count } } } }'))
      .agreements.matrix;
    const counted = matrix.cells.filter((c) => c.count > 0).map((c) => `${c.column}/${c.layer}=${c.count}`);
    expect(counted).to.have.members(['dienstverlening/werkafspraken=1', 'klantrelatie/normen=1', 'leren/techniek=1']);

    const again = await finished(await importCsv([HEADER, ...ROWS].join('\n')));
    expect(again).to.include({ ok: true, created: 0, updated: 0, skipped: 3 });
  });

  it('updates only the rows that differ, through pages.update, so the page history holds the new version', async () => {
    const changed = ROWS.map((row, i) => (i === 1 ? row.replace(';concept;', ';vastgesteld;') : row));
    const done = await finished(await importCsv([HEADER, ...changed].join('\n'), { update: true }));
    expect(done).to.include({ ok: true, created: 0, updated: 1, unchanged: 2 });
    const page = (await byPath('kb-imp/klantrelatie/wijkvisie')) as WikiPage;
    expect(page.tags.map((t) => t.tag)).to.include('status:vastgesteld').and.not.include('status:concept');
    const history = ok(await harness().graphql<{ pages: { history: { total: number; trail: Array<{ actionType: string }> } } }>('query($id: Int!) { pages { history(id: $id) { total trail { actionType } } } }', { id: page.id }))
      .pages.history;
    expect(history.total, JSON.stringify(history.trail)).to.be.greaterThan(0);
  });

  it('refuses every row of a guest under a page rule where it may not write, and writes nothing', async () => {
    const rules: PageRule[] = [
      { id: 'r', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
      { id: 'w', deny: false, match: 'START', roles: ['write:pages'], path: 'openbaar', locales: [] },
    ];
    await harness().setGuestAccess(['read:pages', 'write:pages'], rules);
    const before = await pageCount();
    const refused = await importCsv([HEADER, 'Gast;leren;normen;;;'].join('\n'), { asAdmin: false });
    expect(refused).to.include({ ok: false, done: true, created: 0 });
    expect(refused.rows[0].errors.length).to.be.greaterThan(0);
    expect(await pageCount()).to.equal(before);
  });
});
