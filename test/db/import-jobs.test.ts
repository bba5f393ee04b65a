import { expect } from 'chai';
import path from 'path';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { readFolder } from '../../server/cli/read-folder';
import { AgreementIndexer } from '../../server/indexer';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { DefaultAgreementService } from '../../server/service/agreement-service';
import { ImportService, reportInterruptedImports, type ImportServiceOptions } from '../../server/service/import-service';
import { createStandaloneSchema, executeGraphql } from '../../server/graph/standalone';
import { PageRulesPolicy, loadGroups, loadUser } from '../../dev/page-rules';
import type { PageWriter } from '../../server/host/page-writer';
import type { HostUser } from '../../server/host/types';
import { DevPageWriter } from '../../dev/page-api';
import { createWikiSchema, dropWikiSchema, insertGroup, insertPage, insertUser, readPageTags, setPageTags, ADMIN_USER_ID, GUEST_USER_ID } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';

interface Context {
  user?: HostUser;
}

interface ImportRow {
  line: number;
  path: string | null;
  action: string;
  errors: Array<{ line: number; field: string | null; code: string; message: string }>;
}
interface ImportResult {
  ok: boolean;
  done: boolean;
  job: string | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  total: number;
  interrupted: boolean;
  rows: ImportRow[];
}

const RESULT = 'ok done job created updated unchanged skipped total interrupted rows { line path action errors { line field code message } }';
const IMPORT = `mutation($csv: String!, $system: String, $update: Boolean, $dryRun: Boolean, $lang: String) { agreements {
  importAgreements(csv: $csv, system: $system, update: $update, dryRun: $dryRun, lang: $lang) { ${RESULT} } } }`;
const STATUS = `query($job: String!) { agreements { importStatus(job: $job) { ${RESULT} } } }`;

const GOOD = [
  'titel;kolom;laag;status;thema;partijen;eigenaar;herzien-voor',
  'Samen starten;dienstverlening;werkafspraken;concept;solk;huisartsen | buurtteam;POH GGZ;2027-01-31',
  'Gezond werken;gezond werk;normen;agreed;;;;',
  'Leren in de wijk;leren;techniek;;;;;',
].join('\r\n');

describeEachDatabase('CSV import jobs', (db) => {
  let knex: Knex;
  let policy: PageRulesPolicy;
  let indexer: AgreementIndexer;
  let service: DefaultAgreementService;
  let writer: HostUser;
  let limited: HostUser;
  let admin: HostUser;
  let guest: HostUser;

  const importerFor = (connection: Knex, overrides: Partial<ImportServiceOptions> = {}) =>
    new ImportService({
      knex: connection,
      service,
      pagesOfSystem: (key) => indexer.store.pagesOfSystems([key]),
      access: { can: (u, p, page) => policy.can(u, p, page) },
      writer: new DevPageWriter(connection, { can: (u, p, page) => policy.can(u, p, page) }, indexer),
      siteLocale: 'nl',
      ...overrides,
    });
  const schemaFor = (importer: ImportService): GraphQLSchema =>
    createStandaloneSchema<Context>({ service, importer, userFromContext: (c) => c.user, permissionsOf: (u) => policy.permissionsOf(u) });
  const run = async <T>(schema: GraphQLSchema, user: HostUser, source: string, variables: Record<string, unknown>): Promise<T> => {
    const result = await executeGraphql<Context>(schema, { query: source, variables }, { user });
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    const data = (result.data as { agreements: Record<string, T> }).agreements;
    return Object.values(data)[0];
  };
  const pageCount = async () => Number((await knex('pages').count({ n: '*' }))[0].n);
  const pageAt = (pagePath: string) => knex('pages').first('id', 'title', 'content').where({ path: pagePath, localeCode: 'nl' }) as Promise<{ id: number; title: string; content: string } | undefined>;

  before(async function () {
    this.timeout(120000);
    knex = db.knex;
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    for (const page of readFolder(path.resolve(__dirname, '../../examples')).pages) {
      await insertPage(knex, { path: page.path, locale: page.locale, title: page.title, content: page.content, tags: page.tags, isPublished: page.isPublished });
    }
    indexer = await AgreementIndexer.create(knex);
    await indexer.reconcile();
    const all = ['read:pages', 'write:pages'];
    const editors = await insertGroup(knex, { name: 'Editors', permissions: all, pageRules: [{ id: 'e', deny: false, match: 'START', roles: all, path: '', locales: [] }] });
    // Reads everything, writes only under kb-nieuw/.
    const narrow = await insertGroup(knex, {
      name: 'Narrow',
      permissions: all,
      pageRules: [
        { id: 'r', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
        { id: 'w', deny: false, match: 'START', roles: ['write:pages'], path: 'kb-nieuw', locales: [] },
      ],
    });
    writer = (await loadUser(knex, await insertUser(knex, { email: 'w@example.org', name: 'W', groups: [editors] }))) as HostUser;
    limited = (await loadUser(knex, await insertUser(knex, { email: 'n@example.org', name: 'N', groups: [narrow] }))) as HostUser;
    admin = (await loadUser(knex, ADMIN_USER_ID)) as HostUser;
    guest = (await loadUser(knex, GUEST_USER_ID)) as HostUser;
    policy = new PageRulesPolicy(await loadGroups(knex));
    const store = await KnexAgreementStore.create(knex, { skipMigrations: true });
    service = new DefaultAgreementService({ store, access: { can: (u, p, page) => policy.can(u, p, page) }, indexer });
  });

  it('reports every error of a bad file on its line and field, and writes nothing', async () => {
    const importer = importerFor(knex);
    const before = await pageCount();
    const csv = [
      'titel,kolom,laag,vastgesteld,pad',
      'Goed,leren,normen,,',
      ',leren,normen,,', // 3: title missing
      'Foute kolom,feestjes,normen,,', // 4: unknown column
      'Foute datum,leren,normen,31-12-2026,', // 5: date
      'Fout pad,leren,normen,,kb-nieuw/met spatie', // 6: path
      'Dubbel,leren,normen,,kb-nieuw/dubbel', // 7
      'Dubbel 2,leren,normen,,kb-nieuw/dubbel', // 8: same path as 7
    ].join('\n');
    const result = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv, system: 'kb-nieuw', lang: 'en' });
    expect(result).to.include({ ok: false, done: true, job: null, created: 0, updated: 0, unchanged: 0, skipped: 0 });
    const errors = result.rows.flatMap((r) => r.errors.map((e) => [e.line, e.field, e.code]));
    expect(errors).to.deep.equal([
      [3, 'titel', 'required'],
      [4, 'kolom', 'unknown-value'],
      [5, 'vastgesteld', 'invalid-date'],
      [6, 'pad', 'invalid-path'],
      [8, 'pad', 'duplicate-path'],
    ]);
    expect(result.rows.find((r) => r.line === 4)?.errors[0].message).to.equal(
      "Line 4, field 'kolom': 'feestjes' is not known in the system's framework. Valid values: dienstverlening, klantrelatie, gezond-werk, financiering, borgen, leren.",
    );
    expect(await pageCount()).to.equal(before);
  });

  it('gives the messages in Dutch with lang nl, and a row without a system is an error', async () => {
    const result = await run<ImportResult>(schemaFor(importerFor(knex)), writer, IMPORT, { csv: 'titel;kolom\nZonder stelsel;leren\n', lang: 'nl' });
    expect(result.rows[0].errors.map((e) => e.message)).to.deep.equal(["Regel 2, veld 'stelsel': een waarde is verplicht."]);
  });

  it('plans without writing on a dry run', async () => {
    const before = await pageCount();
    const result = await run<ImportResult>(schemaFor(importerFor(knex)), writer, IMPORT, { csv: GOOD, system: 'kb-nieuw', dryRun: true });
    expect(result).to.include({ ok: true, done: true, created: 3, skipped: 0, total: 3 });
    expect(result.rows.map((r) => [r.line, r.path, r.action])).to.deep.equal([
      [2, 'kb-nieuw/dienstverlening/samen-starten', 'CREATE'],
      [3, 'kb-nieuw/gezond-werk/gezond-werken', 'CREATE'],
      [4, 'kb-nieuw/leren/leren-in-de-wijk', 'CREATE'],
    ]);
    expect(await pageCount()).to.equal(before);
  });

  it('writes in the background; another node reports the job from the database; a re-run changes nothing', async function () {
    this.timeout(30000);
    const importer = importerFor(knex);
    const started = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv: GOOD, system: 'kb-nieuw' });
    expect(started.done).to.equal(false);
    expect(started.job).to.be.a('string');
    await importer.idle();
    // Node B: its own knex connection, the same database.
    const other = schemaFor(importerFor(db.connect()));
    const status = await run<ImportResult>(other, writer, STATUS, { job: started.job });
    expect(status).to.include({ ok: true, done: true, created: 3, total: 3, interrupted: false });
    const page = await pageAt('kb-nieuw/dienstverlening/samen-starten');
    expect(page?.title).to.equal('Samen starten');
    expect(page?.content).to.equal('# Samen starten\n\n```afspraak\neigenaar: POH GGZ\nherzien-voor: \'2027-01-31\'\n```\n');
    expect((await readPageTags(knex, Number(page?.id))).sort()).to.deep.equal(
      ['stelsel:kb-nieuw', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:concept', 'thema:solk', 'partij:huisartsen', 'partij:buurtteam'].sort(),
    );
    // Another user may not follow the job.
    expect(await run<ImportResult | null>(other, limited, STATUS, { job: started.job })).to.equal(null);
    const again = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv: GOOD, system: 'kb-nieuw' });
    expect(again).to.include({ ok: true, done: true, created: 0, skipped: 3 });
    const updateRun = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv: GOOD, system: 'kb-nieuw', update: true });
    expect(updateRun).to.include({ ok: true, done: true, updated: 0, unchanged: 3 });
  });

  it('updates only where the row differs, keeping tags that are not the contract’s', async function () {
    this.timeout(30000);
    const importer = importerFor(knex);
    const page = (await pageAt('kb-nieuw/leren/leren-in-de-wijk')) as { id: number };
    await setPageTags(knex, page.id, [...(await readPageTags(knex, page.id)), 'uitgelicht']);
    const changed = GOOD.replace('Leren in de wijk;leren;techniek;;;;;', 'Leren in de wijk;leren;normen;vastgesteld;;;;');
    const result = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv: changed, system: 'kb-nieuw', update: true });
    await importer.idle();
    const status = await run<ImportResult>(schemaFor(importer), writer, STATUS, { job: result.job });
    expect(status.rows.map((r) => r.action)).to.deep.equal(['UNCHANGED', 'UNCHANGED', 'UPDATE']);
    expect((await readPageTags(knex, page.id)).sort()).to.deep.equal(['kolom:leren', 'laag:normen', 'status:vastgesteld', 'stelsel:kb-nieuw', 'uitgelicht']);
  });

  it('checks write:pages per row under page rules', async () => {
    const csv = 'titel;pad\nBinnen;kb-nieuw/binnen\nBuiten;kb-overvecht/buiten\n';
    const result = await run<ImportResult>(schemaFor(importerFor(knex)), limited, IMPORT, { csv, system: 'kb-nieuw', dryRun: true });
    expect(result.ok).to.equal(false);
    expect(result.rows.map((r) => [r.line, r.action, r.errors.map((e) => e.code)])).to.deep.equal([
      [2, 'CREATE', []],
      [3, 'ERROR', ['forbidden']],
    ]);
    // A guest has no write:pages at all: the field itself is refused.
    const refused = await executeGraphql<Context>(schemaFor(importerFor(knex)), { query: IMPORT, variables: { csv, dryRun: true } }, { user: guest });
    expect(refused.errors?.[0].message).to.equal('Forbidden');
  });

  it('records a failure midway, and running the import again finishes the rest', async function () {
    this.timeout(30000);
    const dev = new DevPageWriter(knex, policy, indexer);
    let creates = 0;
    const failing: PageWriter = {
      find: (p, l) => dev.find(p, l),
      findById: (id) => dev.findById(id),
      update: (u, id, patch) => dev.update(u, id, patch),
      create: async (u, draft) => {
        if (++creates === 2) throw new Error('database went away');
        return dev.create(u, draft);
      },
    };
    const csv = 'titel;kolom;laag\nEen;leren;normen\nTwee;leren;normen\nDrie;leren;normen\n';
    const importer = importerFor(knex, { writer: failing });
    const started = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv, system: 'kb-midden' });
    await importer.idle();
    const status = await run<ImportResult>(schemaFor(importer), writer, STATUS, { job: started.job });
    expect(status).to.include({ ok: false, done: true, created: 2 });
    expect(status.rows.map((r) => [r.line, r.action])).to.deep.equal([
      [2, 'CREATE'],
      [3, 'ERROR'],
      [4, 'CREATE'],
    ]);
    expect(status.rows[1].errors[0].message).to.contain('database went away');
    const again = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv, system: 'kb-midden' });
    await importer.idle();
    const final = await run<ImportResult>(schemaFor(importer), writer, STATUS, { job: again.job });
    expect(final.rows.map((r) => [r.line, r.action])).to.deep.equal([
      [2, 'SKIP'],
      [3, 'CREATE'],
      [4, 'SKIP'],
    ]);
    expect(await pageAt('kb-midden/leren/twee')).to.not.equal(undefined);
  });

  it('resumes a job whose node stopped (lease expired) on another node, or reports how far it got', async function () {
    this.timeout(30000);
    const dev = new DevPageWriter(knex, policy, indexer);
    // Set while node A (or C) is stuck in its second row.
    const gate: { release?: () => void } = {};
    // Node A "dies" while writing its second row: the write never returns while B takes over.
    const stuck: PageWriter = {
      find: (p, l) => dev.find(p, l),
      findById: (id) => dev.findById(id),
      update: (u, id, patch) => dev.update(u, id, patch),
      create: async (u, draft) => {
        if (draft.title === 'Twee') await new Promise<void>((resolve) => (gate.release = resolve));
        return dev.create(u, draft);
      },
    };
    const csv = 'titel;kolom;laag\nEen;leren;techniek\nTwee;leren;techniek\nDrie;leren;techniek\n';
    const nodeA = importerFor(knex, { writer: stuck, leaseMs: 300, node: 'a' });
    /** Until a node is stuck in its second row (a gate other than `previous`), then past its lease (300 ms, not renewed while stuck). */
    const stuckPastLease = async (previous?: () => void) => {
      while (!gate.release || gate.release === previous) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 600));
    };
    const started = await run<ImportResult>(schemaFor(nodeA), writer, IMPORT, { csv, system: 'kb-herstart' });
    await stuckPastLease();
    const nodeB = importerFor(db.connect(), { node: 'b', restoreUser: (stored) => loadUser(knex, stored.id) });
    expect(await nodeB.resumeInterrupted()).to.equal(1);
    await nodeB.idle();
    gate.release?.();
    await nodeA.idle();
    const status = await run<ImportResult>(schemaFor(nodeB), writer, STATUS, { job: started.job });
    expect(status).to.include({ ok: true, done: true, created: 3, interrupted: false });

    // Without a way to restore the user, the job is reported as interrupted with its progress.
    const firstGate = gate.release;
    const nodeC = importerFor(knex, { writer: stuck, leaseMs: 300, node: 'c' });
    const second = await run<ImportResult>(schemaFor(nodeC), writer, IMPORT, { csv, system: 'kb-onderbroken' });
    await stuckPastLease(firstGate);
    // What the boot hook does in Wiki.js, where the job's user is not restored.
    expect(await reportInterruptedImports(knex, undefined, 300)).to.equal(1);
    const reported = await run<ImportResult>(schemaFor(importerFor(knex)), writer, STATUS, { job: second.job });
    expect(reported).to.include({ ok: false, done: true, interrupted: true, created: 1 });
    gate.release?.();
    await nodeC.idle();
  });

  it('exports what the reader sees, and importing the export where none of its pages exist gives the same matrix', async function () {
    this.timeout(60000);
    const importer = importerFor(knex);
    const schema = schemaFor(importer);
    const csv = await run<string>(schema, admin, 'query($s: String!) { agreements { exportAgreements(system: $s) } }', { s: 'kb-overvecht' });
    expect(csv.startsWith('\uFEFFtitel,pad,locale,stelsel,kolom,hoofdstuk,laag,status,thema,partijen,eigenaar')).to.equal(true);
    const matrixQuery = 'query { agreements { matrix(system: "kb-overvecht", filter: { includeRetired: true }) { cells { chapter column layer state count agreements { path title status theme } } unplaced { path } } } }';
    const original = await run<unknown>(schema, admin, matrixQuery, {});

    // An empty wiki holding only the system page, then the import.
    const systemPage = readFolder(path.resolve(__dirname, '../../examples')).pages.find((p) => p.path === 'kb-overvecht');
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    await insertPage(knex, { path: 'kb-overvecht', locale: 'nl', title: systemPage?.title ?? '', content: systemPage?.content ?? '', tags: systemPage?.tags ?? [], isPublished: true });
    await indexer.reconcile({ force: true });
    policy = new PageRulesPolicy(await loadGroups(knex));
    const fresh = importerFor(knex);
    const started = await run<ImportResult>(schemaFor(fresh), admin, IMPORT, { csv });
    expect(started.rows.flatMap((r) => r.errors)).to.deep.equal([]);
    await fresh.idle();
    expect(await run<unknown>(schemaFor(fresh), admin, matrixQuery, {})).to.deep.equal(original);
  });
});
