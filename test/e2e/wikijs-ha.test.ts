/**
 * Two real Wiki.js 2.5 nodes (WIKIJS_DIR) in HA mode on one fresh PostgreSQL database at
 * 127.0.0.1:5432, each with the extension installed by the project's installer. The index lives in
 * the database and no node keeps a copy, so what one node writes the other answers at once.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { recordSkip } from '../support/skips';
import Knex from 'knex';
import { createWikiDatabase, WikiHarness, type GraphqlResponse, type WikiDatabase } from '../support/wikijs-harness';

const SYSTEM = 'ha-stelsel';
const MATRIX = `query($s: String!) { agreements { matrix(system: $s) { cells { chapter column layer count agreements { pageId title } } } } }`;

interface Cell {
  chapter: string;
  column: string | null;
  layer: string;
  count: number;
  agreements: Array<{ pageId: number; title: string }>;
}

function ok<T>(result: GraphqlResponse<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
  return result.data as T;
}

/** The titles in one cell of a node's matrix of the test system. */
async function titlesIn(node: WikiHarness, column: string, layer: string): Promise<string[]> {
  const data = ok(await node.graphql<{ agreements: { matrix: { cells: Cell[] } | null } }>(MATRIX, { s: SYSTEM }));
  const cell = data.agreements.matrix?.cells.find((c) => c.chapter === 'kwaliteit' && c.column === column && c.layer === layer);
  return cell?.agreements.map((a) => a.title) ?? [];
}

function agreementPage(layer: string) {
  return {
    path: 'ha/afspraak',
    locale: 'nl',
    title: 'Afspraak in HA',
    content: '# Afspraak in HA\n\nGeschreven op de ene node, gelezen op de andere.\n',
    tags: [`stelsel:${SYSTEM}`, 'kolom:dienstverlening', `laag:${layer}`, 'status:vastgesteld'],
  };
}

describe('Afsprakenwiki on two Wiki.js nodes sharing one PostgreSQL database (HA mode)', function () {
  this.timeout(600000);
  let first: WikiHarness | undefined;
  let second: WikiHarness | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let database: WikiDatabase | undefined;
  let pageId = 0;

  before(async function () {
    const reason = WikiHarness.unavailable();
    if (reason) {
      recordSkip(reason.replace('Wiki.js e2e', 'Wiki.js HA e2e'));
      return this.skip();
    }
    const made = await createWikiDatabase('postgres');
    ({ database, close: dropDatabase } = made);
    first = await WikiHarness.prepare(undefined, { database, ha: true });
    await first.start();
    await first.finalize();
    await first.login();
    // The second node finds the wiki set up and the extension's tables migrated by the first.
    second = await WikiHarness.prepare(undefined, { database, ha: true });
    await second.start();
    await second.waitFor(() => (second as WikiHarness).healthy(), 60000);
    await second.login();
  });

  after(async () => {
    if (process.env.AFW_KEEP_WIKI) return;
    await first?.stop();
    await second?.dispose();
    await first?.dispose();
    await dropDatabase?.();
  });

  it('boots the extension on both nodes, and both answer from the one index', async () => {
    const nodes = [first, second] as WikiHarness[];
    for (const node of nodes) expect(readFileSync(node.logFile, 'utf8')).to.match(/\[afsprakenwiki\] v[\d.]+, migrations ok/);
    type Status = { lastReconciliation: string | null; reconciling: boolean };
    const status = async (node: WikiHarness) =>
      ok(await node.graphql<{ agreements: { indexStatus: Status } }>('{ agreements { indexStatus { lastReconciliation reconciling } } }')).agreements.indexStatus;
    // Each boot's reconciliation runs in the background; once both are done, both nodes read the same record.
    await first?.waitFor(async () => (await Promise.all(nodes.map(status))).every((s) => s.lastReconciliation && !s.reconciling), 60000);
    const [one, two] = await Promise.all(nodes.map(status));
    expect(one.lastReconciliation).to.be.a('string');
    expect(two).to.deep.equal(one);
  });

  it('shows a page saved on one node in the other node’s matrix at once', async () => {
    const node = first as WikiHarness;
    await node.createPage({
      path: 'ha',
      locale: 'nl',
      title: 'HA-stelsel',
      content: `# HA-stelsel\n\n\`\`\`afsprakenstelsel\nkey: ${SYSTEM}\ntitel: HA-stelsel\n\`\`\`\n`,
      tags: [`stelsel:${SYSTEM}`],
    });
    pageId = await node.createPage(agreementPage('normen'));
    expect(await titlesIn(second as WikiHarness, 'dienstverlening', 'normen')).to.deep.equal(['Afspraak in HA']);
  });

  it('moves the agreement in the first node’s matrix when the second node saves a new layer', async () => {
    const page = agreementPage('techniek');
    const result = ok(
      await (second as WikiHarness).graphql<{ pages: { update: { responseResult: { succeeded: boolean; message: string } } } }>(
        `mutation($id: Int!, $c: String!, $p: String!, $t: String!, $l: String!, $g: [String]!) { pages { update(id: $id, content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $l, path: $p, tags: $g, title: $t) { responseResult { succeeded message } } } }`,
        { id: pageId, c: page.content, p: page.path, t: page.title, l: page.locale, g: page.tags },
      ),
    );
    expect(result.pages.update.responseResult.succeeded, result.pages.update.responseResult.message).to.equal(true);
    expect(await titlesIn(first as WikiHarness, 'dienstverlening', 'normen')).to.deep.equal([]);
    expect(await titlesIn(first as WikiHarness, 'dienstverlening', 'techniek')).to.deep.equal(['Afspraak in HA']);
  });

  it('records each of those changes once in the history, though both nodes index the wiki (contract §9.1)', async () => {
    const { host, port, user, pass, db } = database as Extract<WikiDatabase, { type: 'postgres' | 'mariadb' }>;
    const knex = Knex({ client: 'pg', connection: { host, port, user, password: pass, database: db } });
    try {
      // Created in normen, then moved to techniek: two states of the page, one row each.
      const rows: Array<{ facts: string }> = await knex('agr_history').select('facts').where({ pageId }).orderBy('id');
      const layers = rows.map((row) => (JSON.parse(row.facts) as { tags: string[] }).tags.filter((t) => t.startsWith('laag:')));
      expect(layers).to.deep.equal([['laag:normen'], ['laag:techniek']]);
    } finally {
      await knex.destroy();
    }
  });

  it('drops the agreement from the second node’s matrix when the first node deletes the page', async () => {
    const result = ok(
      await (first as WikiHarness).graphql<{ pages: { delete: { responseResult: { succeeded: boolean; message: string } } } }>(
        'mutation($id: Int!) { pages { delete(id: $id) { responseResult { succeeded message } } } }',
        { id: pageId },
      ),
    );
    expect(result.pages.delete.responseResult.succeeded, result.pages.delete.responseResult.message).to.equal(true);
    expect(await titlesIn(second as WikiHarness, 'dienstverlening', 'techniek')).to.deep.equal([]);
  });

  it('logged no extension errors or warnings on either node', () => {
    for (const node of [first, second] as WikiHarness[]) {
      const problems = readFileSync(node.logFile, 'utf8')
        .split('\n')
        .filter((line) => /afsprakenwiki/i.test(line) && /\b(error|warn)/i.test(line));
      expect(problems, node.logFile).to.deep.equal([]);
    }
  });
});
