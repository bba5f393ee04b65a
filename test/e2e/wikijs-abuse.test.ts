import { expect } from 'chai';
import { startedWiki } from '../support/wikijs-suite';
import { WikiHarness } from '../support/wikijs-harness';
import type { ImportAnswer as ImportResult } from '../../server/graph/import-resolvers';

/**
 * Issue 18's abusive inputs through a real Wiki.js: each one gets its clear error (or a bounded
 * answer), and a guest's ordinary request, started right after it, is answered correctly. Which
 * of the two settles first is measured by order, never by a timed threshold: a request that held
 * Wiki.js's event loop would hold the guest's answer behind its own.
 */

const SYSTEM = 'kb-misbruik';
const IMPORT = `mutation($csv: String!) { agreements { importAgreements(csv: $csv, system: "${SYSTEM}", dryRun: true, lang: "en") { ok done created rows { line action errors { code field message } } } } }`;
const GUEST_QUERY = '{ agreements { systems { key } } }';
/** 200 good rows beside an abusive one, so that a dry run has real work to do. */
const VALID_ROWS = Array.from({ length: 200 }, (_, i) => `Rij ${i};leren;normen;;${SYSTEM}/rij-${i}`);
/** `n` aliased copies of a field. */
const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');
/** Wiki.js's default request body limit (bodyParser, 5 MB); every request below stays under it. */
const BODY_LIMIT = 5 * 1024 * 1024;

interface RequestError {
  message: string;
  extensions?: { code?: string; argument?: string; limit?: number; count?: number };
}

describe('abusive requests to a real Wiki.js 2.5 leave it serving other requests (issue 18)', function () {
  this.timeout(900000);
  let wiki: WikiHarness | undefined;
  let token = '';
  const harness = () => wiki as WikiHarness;

  /**
   * The abusive request (as the administrator) and, started right after it, the guest's systems
   * query: the abusive answer and the order in which the two settled. The guest's answer is checked here.
   */
  const race = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    expect(JSON.stringify({ query, variables }).length, "the request stays under Wiki.js's body limit").to.be.lessThan(BODY_LIMIT);
    const order: string[] = [];
    const abusive = harness()
      .graphql<T>(query, variables, token)
      .then((answer) => {
        order.push('abusive');
        return answer;
      });
    const guest = harness()
      .graphql<{ agreements: { systems: Array<{ key: string }> } }>(GUEST_QUERY, {}, false)
      .then((answer) => {
        order.push('guest');
        return answer;
      });
    const [answer, read] = await Promise.all([abusive, guest]);
    expect(read.errors, JSON.stringify(read.errors)).to.equal(undefined);
    expect(read.data?.agreements.systems.map((s) => s.key)).to.include(SYSTEM);
    return { order, answer };
  };
  const importErrors = (result: ImportResult) => result.rows.flatMap((r) => r.errors.map((e) => [r.line, e.field, e.code]));
  const errorsOf = (answer: { errors?: unknown[] }) => (answer.errors ?? []) as RequestError[];

  before(async function () {
    wiki = await startedWiki(this);
    token = await wiki.login();
    const system = await wiki.graphql<{ agreements: { createAgreementSystem: { succeeded: boolean; message: string | null } } }>(
      `mutation { agreements { createAgreementSystem(input: { key: "${SYSTEM}", title: "Misbruik" }) { succeeded message } } }`,
    );
    expect(system.data?.agreements.createAgreementSystem.succeeded, JSON.stringify(system)).to.equal(true);
  });

  after(async () => {
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it('an import dry run whose pad is a + 80,000 slashes + b, beside 200 good rows: too-long on line 2, field pad; the guest served first', async () => {
    const csv = ['titel;kolom;laag;inhoud;pad', `Lang pad;leren;normen;;a${'/'.repeat(80000)}b`, ...VALID_ROWS].join('\n');
    const { order, answer } = await race<{ agreements: { importAgreements: ImportResult } }>(IMPORT, { csv });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const result = answer.data?.agreements.importAgreements as ImportResult;
    // A dry run counts what it would create: the 200 good rows; the long pad is the only error.
    expect(result).to.include({ ok: false, done: true, created: 200 });
    expect(importErrors(result)).to.deep.equal([[2, 'pad', 'too-long']]);
    expect(order).to.deep.equal(['guest', 'abusive']);
  });

  it('an import of 100,000 lines of x: the row-limit error on line 5002, and the guest answered too', async () => {
    const csv = Array.from({ length: 100000 }, () => 'x').join('\n');
    const { order, answer } = await race<{ agreements: { importAgreements: ImportResult } }>(IMPORT, { csv });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const result = answer.data?.agreements.importAgreements as ImportResult;
    expect(result).to.include({ ok: false, created: 0 });
    // Line 5002 is the 5,001st data line after the header line "x": the first one over 5,000.
    expect(importErrors(result)).to.deep.equal([[5002, null, 'too-many-rows']]);
    expect(order).to.have.members(['guest', 'abusive']);
  });

  it('an import dry run with 80,000 spaces inside inhoud, beside 200 good rows: all 201 planned; the guest served first', async () => {
    const csv = ['titel;kolom;laag;inhoud;pad', `Spaties;leren;normen;"x${' '.repeat(80000)}y";${SYSTEM}/spaties`, ...VALID_ROWS].join('\n');
    const { order, answer } = await race<{ agreements: { importAgreements: ImportResult } }>(IMPORT, { csv });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const result = answer.data?.agreements.importAgreements as ImportResult;
    expect(result).to.include({ ok: true, done: true });
    expect(result.rows).to.have.length(201);
    expect(result.rows.every((r) => r.action === 'CREATE' && r.errors.length === 0), JSON.stringify(result.rows.filter((r) => r.action !== 'CREATE')[0])).to.equal(true);
    expect(order).to.deep.equal(['guest', 'abusive']);
  });

  it('2,000 aliased copies of maintenance { errors }: one error AGREEMENTS_TOO_MANY_ANSWERS naming the limit 20, and the guest answered too', async () => {
    const { order, answer } = await race(`{ agreements { ${aliases(2000, 'maintenance { errors }')} } }`);
    const errors = errorsOf(answer);
    expect(errors.map((e) => [e.extensions?.code, e.extensions?.limit, e.extensions?.count])).to.deep.equal([['AGREEMENTS_TOO_MANY_ANSWERS', 20, 2000]]);
    expect(errors[0].message).to.include('2000').and.include('20');
    expect(order).to.have.members(['guest', 'abusive']);
  });

  it('createAgreement with a 40,000-character path and basedOn: a clear BAD_USER_INPUT error naming the argument and its limit, nothing created', async () => {
    const long = `${SYSTEM}/${'p'.repeat(40000)}`;
    const { order, answer } = await race<{ agreements: { createAgreement: { succeeded: boolean } | null } | null }>(
      `mutation($p: String!) { agreements { createAgreement(input: { system: "${SYSTEM}", title: "Lang", path: $p, basedOn: $p }) { succeeded errorCode message } } }`,
      { p: long },
    );
    const errors = errorsOf(answer);
    expect(errors.map((e) => [e.extensions?.code, e.extensions?.argument])).to.deep.equal([['BAD_USER_INPUT', 'input.path']]);
    expect(errors[0].message).to.include('input.path').and.include('255');
    expect(answer.data?.agreements?.createAgreement ?? null).to.equal(null);
    expect(order).to.have.members(['guest', 'abusive']);
    const pages = await harness().graphql<{ pages: { list: Array<{ path: string }> } }>('{ pages { list { path } } }');
    expect(pages.data?.pages.list.filter((p) => p.path.length > 1000)).to.deep.equal([]);
  });

  it('a filter with 10,000 theme values: a clear BAD_USER_INPUT error naming filter.themes and the limit 50, and the guest answered too', async () => {
    const themes = Array.from({ length: 10000 }, (_, i) => `thema-${i}`);
    const { order, answer } = await race(`query($f: AgreementFilter) { agreements { matrix(system: "${SYSTEM}", filter: $f) { cells { count } } } }`, { f: { themes } });
    const errors = errorsOf(answer);
    expect(errors.map((e) => [e.extensions?.code, e.extensions?.argument])).to.deep.equal([['BAD_USER_INPUT', 'filter.themes']]);
    expect(errors[0].message).to.include('filter.themes').and.include('50');
    expect(order).to.have.members(['guest', 'abusive']);
  });

  it("a theme list nested 10,000 deep in the query text: refused by Wiki.js's own GraphQL parser before the extension sees it, and the guest answered too", async () => {
    // The filter's input types do not nest, so deep nesting can only be written into the query text.
    const nested = `${'['.repeat(10000)}"x"${']'.repeat(10000)}`;
    const { order, answer } = await race(`{ agreements { matrix(system: "${SYSTEM}", filter: { themes: ${nested} }) { cells { count } } } }`);
    expect(errorsOf(answer).map((e) => e.extensions?.code)).to.deep.equal(['GRAPHQL_PARSE_FAILED']);
    expect(order).to.have.members(['guest', 'abusive']);
  });

  it('a page saved through pages.create whose afspraak block holds 64,000 blank lines: created, rendered, readable, and the matrix counts it', async () => {
    const fence = '```';
    const content = `# Lege regels\n\n${fence}afspraak\n${'\n'.repeat(64000)}eigenaar: Buurtteam\n${fence}\n\nTekst na het blok.\n`;
    const tags = [`stelsel:${SYSTEM}`, 'kolom:leren', 'laag:normen', 'status:vastgesteld'];
    const { order, answer } = await race<{ pages: { create: { responseResult: { succeeded: boolean; message: string }; page: { id: number } | null } } }>(
      `mutation($c: String!, $g: [String]!) { pages { create(content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: "${SYSTEM}/leren/lege-regels", tags: $g, title: "Lege regels") { responseResult { succeeded message } page { id } } } }`,
      { c: content, g: tags },
    );
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    expect(answer.data?.pages.create.responseResult.succeeded, answer.data?.pages.create.responseResult.message).to.equal(true);
    expect(order).to.have.members(['guest', 'abusive']);
    const pageId = answer.data?.pages.create.page?.id as number;

    // Wiki.js renders in the background: the page is readable once its HTML holds the text after the block.
    let served = await harness().page('en', `${SYSTEM}/leren/lege-regels`, false);
    for (let i = 0; i < 120 && !served.html.includes('Tekst na het blok.'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      served = await harness().page('en', `${SYSTEM}/leren/lege-regels`, false);
    }
    expect(served.status).to.equal(200);
    expect(served.html).to.include('Tekst na het blok.');

    const matrix = await harness().graphql<{ agreements: { matrix: { cells: Array<{ column: string | null; layer: string; count: number; agreements: Array<{ pageId: number }> }> } | null } }>(
      `{ agreements { matrix(system: "${SYSTEM}") { cells { column layer count agreements { pageId } } } } }`,
      {},
      false,
    );
    expect(matrix.errors, JSON.stringify(matrix.errors)).to.equal(undefined);
    const counted = (matrix.data?.agreements.matrix?.cells ?? []).filter((c) => c.count > 0).map((c) => [c.column, c.layer, c.agreements.map((a) => a.pageId)]);
    expect(counted).to.deep.equal([['leren', 'normen', [pageId]]]);
  });
});
