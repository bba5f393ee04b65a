import { expect } from 'chai';
import path from 'path';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { readFolder } from '../../server/cli/read-folder';
import { extractPageFacts } from '../../server/domain';
import { readImportCsv } from '../../server/domain/import-csv';
import { AgreementIndexer } from '../../server/indexer';
import { KnexAgreementStore } from '../../server/store/knex-store';
import { ReadServices } from '../../server/service/read-services';
import { KnexImportJobStore } from '../../server/store/import-job-store';
import { ImportService, type ImportServiceOptions } from '../../server/service/import-service';
import { ImportJobs } from '../../server/service/import-jobs';
import { createStandaloneSchema, executeGraphql } from '../../server/graph/standalone';
import { PageRulesPolicy, loadGroups, loadUser } from '../../dev/page-rules';
import type { PageWriter } from '../../server/host/page-writer';
import type { HostUser } from '../../server/host/types';
import { DevPageWriter } from '../../dev/page-api';
import { createWikiSchema, dropWikiSchema, insertGroup, insertPage, insertUser, readPageTags, setPageTags, ADMIN_USER_ID, GUEST_USER_ID } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';
import type { ImportAnswer as ImportResult } from '../../server/graph/import-resolvers';

interface Context {
  user?: HostUser;
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
  let service: ReadServices;
  let writer: HostUser;
  let limited: HostUser;
  let admin: HostUser;
  let guest: HostUser;

  const importerFor = (connection: Knex, overrides: Partial<ImportServiceOptions> = {}) =>
    new ImportService({
      jobStore: new KnexImportJobStore(connection),
      service: service.systems,
      store: indexer.store,
      access: { can: (u, p, page) => policy.can(u, p, page) },
      writer: new DevPageWriter(connection, { can: (u, p, page) => policy.can(u, p, page) }, indexer),
      siteLocale: 'nl',
      ...overrides,
    });
  const schemaFor = (importer: ImportService): GraphQLSchema =>
    createStandaloneSchema<Context>({ reading: service, importer, userFromContext: (c) => c.user, permissionsOf: (u) => policy.permissionsOf(u) });
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
    service = new ReadServices({ store, access: { can: (u, p, page) => policy.can(u, p, page) }, indexer });
  });

  it('reports every error of a bad file on its line and field, of the header and the rows together, and writes nothing', async () => {
    const importer = importerFor(knex);
    const before = await pageCount();
    const csv = [
      'titel,kolom,laag,vastgesteld,pad,kleur',
      'Goed,leren,normen,,,rood',
      ',leren,normen,,,', // 3: title missing
      'Foute kolom,feestjes,normen,,,', // 4: unknown column
      'Foute datum,leren,normen,31-12-2026,,', // 5: date
      'Fout pad,leren,normen,,kb-nieuw/met spatie,', // 6: path
      'Dubbel,leren,normen,,kb-nieuw/dubbel,', // 7
      'Dubbel 2,leren,normen,,kb-nieuw/dubbel,', // 8: same path as 7
    ].join('\n');
    const result = await run<ImportResult>(schemaFor(importer), writer, IMPORT, { csv, system: 'kb-nieuw', lang: 'en' });
    expect(result).to.include({ ok: false, done: true, job: null, created: 0, updated: 0, unchanged: 0, skipped: 0, total: 7 });
    const errors = result.rows.flatMap((r) => r.errors.map((e) => [e.line, e.field, e.code]));
    expect(errors).to.deep.equal([
      [1, 'kleur', 'unknown-header'],
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
    expect(result.rows.map((r) => [r.line, r.action, r.errors.map((e) => [e.code, e.field])])).to.deep.equal([
      [2, 'CREATE', []],
      [3, 'ERROR', [['forbidden', 'pad']]],
    ]);
    // The field as the file names it, as every other error does; a suggested path too.
    const english = 'title,path\nOutside,kb-overvecht/outside\n';
    const inEnglish = await run<ImportResult>(schemaFor(importerFor(knex)), limited, IMPORT, { csv: english, system: 'kb-nieuw', dryRun: true, lang: 'en' });
    expect(inEnglish.rows[0].errors.map((e) => [e.line, e.field, e.message])).to.deep.equal([
      [2, 'path', "Line 2, field 'path': you may not write the page nl/kb-overvecht/outside (write:pages)."],
    ]);
    const suggested = await run<ImportResult>(schemaFor(importerFor(knex)), limited, IMPORT, { csv: 'titel;kolom\nBuiten;leren\n', system: 'kb-overvecht', dryRun: true });
    expect(suggested.rows[0].errors.map((e) => [e.line, e.field, e.code])).to.deep.equal([[2, 'pad', 'forbidden']]);
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
    // A node that cannot act as the job's user again reports how far it got.
    expect(await new ImportJobs({ jobStore: new KnexImportJobStore(knex), writer: dev, leaseMs: 300 }).resumeInterrupted()).to.equal(1);
    const reported = await run<ImportResult>(schemaFor(importerFor(knex)), writer, STATUS, { job: second.job });
    expect(reported).to.include({ ok: false, done: true, interrupted: true, created: 1 });
    gate.release?.();
    await nodeC.idle();
  });

  // Abusive input: a clear error or bounded work, and other requests served meanwhile.
  const VALID_ROWS = Array.from({ length: 200 }, (_, i) => `Rij ${i};leren;normen;;kb-nieuw/rij-${i}`);
  /**
   * The abusive dry run and, started right after it, a guest's `systems` query: the order in
   * which they settle, and the import's answer. No timing: a request that held the event loop
   * would hold the guest's query behind it.
   */
  const race = async (csv: string) => {
    const schema = schemaFor(importerFor(knex));
    const order: string[] = [];
    const importing = executeGraphql<Context>(schema, { query: IMPORT, variables: { csv, system: 'kb-nieuw', dryRun: true, lang: 'en' } }, { user: writer }).then((r) => {
      order.push('import');
      return r;
    });
    const reading = executeGraphql<Context>(schema, { query: '{ agreements { systems { key } } }' }, { user: guest }).then((r) => {
      order.push('systems');
      return r;
    });
    const [imported, read] = await Promise.all([importing, reading]);
    expect(read.errors).to.equal(undefined);
    expect((read.data as { agreements: { systems: Array<{ key: string }> } }).agreements.systems.map((x) => x.key)).to.include('kb-overvecht');
    expect(imported.errors, JSON.stringify(imported.errors)).to.equal(undefined);
    const result = (imported.data as { agreements: { importAgreements: ImportResult } }).agreements.importAgreements;
    return { order, result, errors: result.rows.flatMap((r) => r.errors.map((e) => [e.line, e.field, e.code, e.message])) };
  };

  it('abuse: a + 80,000 slashes + b as pad, beside 200 good rows: the path error, and the guest served first', async () => {
    const { order, result, errors } = await race(['titel;kolom;laag;inhoud;pad', `Lang pad;leren;normen;;a${'/'.repeat(80000)}b`, ...VALID_ROWS].join('\n'));
    expect(result.ok).to.equal(false);
    expect(errors).to.have.length(1);
    expect(errors[0].slice(0, 3)).to.deep.equal([2, 'pad', 'too-long']);
    expect(order).to.deep.equal(['systems', 'import']);
  });

  it('abuse: 80,000 spaces in inhoud, beside 200 good rows: planned, and the guest served first', async () => {
    const { order, result } = await race(['titel;kolom;laag;inhoud;pad', `Spaties;leren;normen;"x${' '.repeat(80000)}y";kb-nieuw/spaties`, ...VALID_ROWS].join('\n'));
    expect(result).to.include({ ok: true, created: 201 });
    expect(order).to.deep.equal(['systems', 'import']);
  });

  it('abuse: 100,000 rows of x: the row-limit error at once, before the guest query that needs the database', async () => {
    const { order, errors } = await race(Array.from({ length: 100000 }, () => 'x').join('\n'));
    expect(errors).to.deep.equal([
      [5002, null, 'too-many-rows', 'Line 5002: the file has more than 5000 agreement rows (this line is the first one too many); split it into several imports of at most 5000 rows each.'],
    ]);
    expect(order).to.deep.equal(['import', 'systems']);
  });

  it('finishes a page whose create a kill cut short (the page row written, its tags not), and does not make it twice', async function () {
    this.timeout(30000);
    const dev = new DevPageWriter(knex, policy, indexer);
    const gate: { reached?: boolean } = {};
    // Node A "is killed" inside the host's create of the second row: the page row is there, its tags are not.
    const killed = writerLike(dev, {
      create: async (u, draft) => {
        if (draft.title !== 'Twee') return dev.create(u, draft);
        await insertPage(knex, { path: draft.path, locale: draft.locale, title: draft.title, content: draft.content, tags: [] });
        gate.reached = true;
        return new Promise<never>(() => undefined);
      },
    });
    const completed: number[] = [];
    const resuming = writerLike(dev, {
      completeCreate: async (pageId, draft) => {
        completed.push(pageId);
        await setPageTags(knex, pageId, draft.tags);
      },
    });
    const csv = 'titel;kolom;laag\nEen;leren;techniek\nTwee;leren;techniek\nDrie;leren;techniek\n';
    const started = await run<ImportResult>(schemaFor(importerFor(knex, { writer: killed, leaseMs: 300, node: 'a' })), writer, IMPORT, { csv, system: 'kb-half' });
    while (!gate.reached) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const nodeB = importerFor(db.connect(), { writer: resuming, node: 'b', restoreUser: (stored) => loadUser(knex, stored.id) });
    expect(await nodeB.resumeInterrupted()).to.equal(1);
    await nodeB.idle();
    const status = await run<ImportResult>(schemaFor(nodeB), writer, STATUS, { job: started.job });
    expect(status).to.include({ ok: true, done: true, created: 3, skipped: 0 });
    const twee = await pageAt('kb-half/leren/twee');
    expect(completed).to.deep.equal([twee?.id]);
    expect(await knex('pages').where({ path: 'kb-half/leren/twee' }).count({ n: '*' }).first().then((r) => Number(r?.n))).to.equal(1);
    expect((await readPageTags(knex, twee?.id as number)).sort()).to.deep.equal(['kolom:leren', 'laag:techniek', 'stelsel:kb-half']);
  });

  it('writes an update that a kill cut short after Wiki.js wrote the page once, not a second time on resume', async function () {
    this.timeout(30000);
    const csv = (layer: string) => `titel;kolom;laag\nEen;leren;${layer}\nTwee;leren;${layer}\nDrie;leren;${layer}\n`;
    const first = importerFor(knex);
    const created = await run<ImportResult>(schemaFor(first), writer, IMPORT, { csv: csv('techniek'), system: 'kb-update-kill' });
    await first.idle();
    expect(await run<ImportResult>(schemaFor(first), writer, STATUS, { job: created.job })).to.include({ done: true, created: 3 });
    const dev = new DevPageWriter(knex, policy, indexer);
    const gate: { reached?: boolean } = {};
    // Node A "is killed" right after the host wrote the second row's update, before its outcome is recorded.
    const killed = writerLike(dev, {
      update: async (u, id, patch) => {
        await dev.update(u, id, patch);
        if (patch.title !== 'Twee') return;
        gate.reached = true;
        return new Promise<never>(() => undefined);
      },
    });
    const updatedByB: string[] = [];
    const resuming = writerLike(dev, {
      update: async (u, id, patch) => {
        updatedByB.push(String(patch.title));
        await dev.update(u, id, patch);
      },
    });
    const started = await run<ImportResult>(schemaFor(importerFor(knex, { writer: killed, leaseMs: 300, node: 'a' })), writer, IMPORT, { csv: csv('normen'), system: 'kb-update-kill', update: true });
    while (!gate.reached) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const nodeB = importerFor(db.connect(), { writer: resuming, node: 'b', restoreUser: (stored) => loadUser(knex, stored.id) });
    expect(await nodeB.resumeInterrupted()).to.equal(1);
    await nodeB.idle();
    const status = await run<ImportResult>(schemaFor(nodeB), writer, STATUS, { job: started.job });
    expect(status).to.include({ ok: true, done: true, updated: 3, skipped: 0 });
    // Een was done before the kill, Twee was written but not recorded: only Drie is left for node B.
    expect(updatedByB).to.deep.equal(['Drie']);
    const twee = (await pageAt('kb-update-kill/leren/twee')) as { id: number };
    expect((await readPageTags(knex, twee.id)).sort()).to.deep.equal(['kolom:leren', 'laag:normen', 'stelsel:kb-update-kill']);
  });

  it('exports what the reader sees, with its links, and importing the export where none of its pages exist gives the same matrix', async function () {
    this.timeout(120000);
    // A page whose unknown values (`kolom:foo`, `laag:bar`) are validation issues: left out of the export.
    await insertPage(knex, {
      path: 'kb-kanaleneiland/borgen/fout-ingedeeld',
      locale: 'nl',
      title: 'x;=1+1;y',
      content: '# Fout ingedeeld\n',
      tags: ['stelsel:kb-kanaleneiland', 'kolom:foo', 'kolom:borgen', 'laag:bar', 'laag:normen', 'status:vastgesteld'],
      isPublished: true,
    });
    await indexer.reconcile();
    const importer = importerFor(knex);
    const schema = schemaFor(importer);
    const exportQuery = 'query($s: String!) { agreements { exportAgreements(system: $s) exportAgreementsOmitted(system: $s) } }';
    const exported = async (system: string) => {
      const result = await executeGraphql<Context>(schema, { query: exportQuery, variables: { s: system } }, { user: admin });
      expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
      return (result.data as { agreements: { exportAgreements: string; exportAgreementsOmitted: number } }).agreements;
    };
    const overvecht = await exported('kb-overvecht');
    const kanaleneiland = await exported('kb-kanaleneiland');
    expect(overvecht.exportAgreements.startsWith('\uFEFF"titel","pad","locale","stelsel","kolom","hoofdstuk","laag","status","thema","partijen","eigenaar"')).to.equal(true);
    expect([overvecht.exportAgreementsOmitted, kanaleneiland.exportAgreementsOmitted]).to.deep.equal([0, 2]);
    // The links of the block, as examples/kb-kanaleneiland/solk/samenwerkingsafspraken-solk.md writes them.
    const solk = readImportCsv(kanaleneiland.exportAgreements).rows.find((row) => row.values.path === 'kb-kanaleneiland/solk/samenwerkingsafspraken-solk');
    expect([solk?.values.basedOn, solk?.values.derivesFrom]).to.deep.equal([
      'kb-overvecht/solk/samenwerkingsafspraken-solk | kb-overvecht/solk/zorgprogramma-solk-in-stroomschemas',
      'kb-kanaleneiland/normen/basiszorg-is-maatwerk',
    ]);
    expect(kanaleneiland.exportAgreements).to.include('"x;=1+1;y","kb-kanaleneiland/borgen/fout-ingedeeld","nl","kb-kanaleneiland","borgen","","normen","vastgesteld"');
    const matrixQuery = (system: string) =>
      `query { agreements { matrix(system: "${system}", filter: { includeRetired: true }) { cells { chapter column layer state count agreements { path title status theme } } unplaced { path } } } }`;
    const originals = [await run<unknown>(schema, admin, matrixQuery('kb-overvecht'), {}), await run<unknown>(schema, admin, matrixQuery('kb-kanaleneiland'), {})];
    const solkBefore = await pageAt('kb-kanaleneiland/solk/samenwerkingsafspraken-solk');

    // An empty wiki holding only the system pages, then the imports.
    const systemPages = readFolder(path.resolve(__dirname, '../../examples')).pages.filter((p) => p.path === 'kb-overvecht' || p.path === 'kb-kanaleneiland');
    await dropWikiSchema(knex);
    await createWikiSchema(knex);
    for (const systemPage of systemPages) {
      await insertPage(knex, { path: systemPage.path, locale: 'nl', title: systemPage.title, content: systemPage.content, tags: systemPage.tags, isPublished: true });
    }
    await indexer.reconcile({ force: true });
    policy = new PageRulesPolicy(await loadGroups(knex));
    const fresh = importerFor(knex);
    for (const csv of [overvecht.exportAgreements, kanaleneiland.exportAgreements]) {
      const started = await run<ImportResult>(schemaFor(fresh), admin, IMPORT, { csv });
      expect(started.rows.flatMap((r) => r.errors)).to.deep.equal([]);
      await fresh.idle();
    }
    expect(await run<unknown>(schemaFor(fresh), admin, matrixQuery('kb-overvecht'), {})).to.deep.equal(originals[0]);
    expect(await run<unknown>(schemaFor(fresh), admin, matrixQuery('kb-kanaleneiland'), {})).to.deep.equal(originals[1]);
    // The links came through: the imported page's block names the same pages.
    const solkAfter = await pageAt('kb-kanaleneiland/solk/samenwerkingsafspraken-solk');
    const linksOf = (content: string) => {
      const facts = extractPageFacts({ id: 1, path: 'x/y', locale: 'nl', title: 'x', tags: [], content, isPublished: true });
      return [facts.agreement?.basedOn, facts.agreement?.derivesFrom, facts.agreement?.uses];
    };
    expect(linksOf(solkAfter?.content ?? '')).to.deep.equal([
      [{ path: 'kb-overvecht/solk/samenwerkingsafspraken-solk' }, { path: 'kb-overvecht/solk/zorgprogramma-solk-in-stroomschemas' }],
      [{ path: 'kb-kanaleneiland/normen/basiszorg-is-maatwerk' }],
      [],
    ]);
    expect(linksOf(solkAfter?.content ?? '')).to.deep.equal(linksOf(solkBefore?.content ?? ''));
  });
});

/** The dev app's page writer with some of its methods replaced (a node killed mid-write, one that counts). */
function writerLike(dev: PageWriter, replaced: Partial<PageWriter>): PageWriter {
  return {
    find: (p, l) => dev.find(p, l),
    findById: (id) => dev.findById(id),
    create: (u, draft) => dev.create(u, draft),
    update: (u, id, patch) => dev.update(u, id, patch),
    ...replaced,
  };
}
