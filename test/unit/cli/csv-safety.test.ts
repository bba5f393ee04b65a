import { expect } from 'chai';
import { DEFAULT_FRAMEWORK } from '../../../server/domain';
import { planImportRows, readImportCsv } from '../../../server/domain/import-csv';
import { writeCsv } from '../../../server/domain/csv-formula';
import { main } from '../../../server/cli/main';
import { parseCsv, removeWiki, writeWiki, type RunResult } from './fixture';

const page = (title: string, tags: string, body = '') =>
  `---\ntitle: ${title}\ndescription: \npublished: true\ndate: 2024-05-01T10:00:00.000Z\ntags: ${tags}\neditor: markdown\ndateCreated: 2024-01-01T10:00:00.000Z\n---\n\n${body}`;

/** Two titles Dutch Excel would turn into formula cells: one through a `;`, one at its start. */
const SPLIT = 'x;=1+1;y';
const START = '=1+1;x';

const FILES: Record<string, string> = {
  'alpha.md': page('Stelsel Alpha', '', '```afsprakenstelsel\nkey: alpha\ntitel: Stelsel Alpha\n```\n'),
  'alpha/split.md': page(`'${SPLIT}'`, 'stelsel:alpha, kolom:leren, laag:normen, status:vastgesteld', '```afspraak\nherzien-voor: 2024-01-01\n```\n'),
  'alpha/start.md': page(`'${START}'`, 'stelsel:alpha, kolom:leren, laag:normen, status:vastgesteld', '```afspraak\nherzien-voor: 2024-01-01\n```\n'),
  // Unknown values the export leaves out (two of them), and links it keeps.
  'alpha/fout.md': page(
    'Fout ingedeeld',
    'stelsel:alpha, kolom:foo, kolom:borgen, laag:bar, laag:normen, status:vastgesteld',
    '```afspraak\ngebaseerd-op: [beta/b1, /en/beta/b2]\nvolgt-uit: a/norm\n```\n',
  ),
};

async function run(args: string[]): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'afsprakenwiki', ...args], { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {}, cwd: process.cwd(), today: '2024-06-01' });
  return { code, out, err };
}

/** The text outside quoted fields: with every field quoted, only separators and line ends (and a BOM). */
function outsideQuotes(csv: string): string {
  let outside = '';
  let quoted = false;
  for (const char of csv) {
    if (char === '"') quoted = !quoted;
    else if (!quoted) outside += char;
  }
  return outside;
}

describe('CSV safe in Dutch Excel: every field quoted, formulas prefixed (command line, export, client)', () => {
  let dir: string;
  before(() => {
    dir = writeWiki(FILES);
  });
  after(() => removeWiki(dir));

  const expectSafe = (csv: string) => {
    expect(outsideQuotes(csv)).to.match(/^\uFEFF?[,\r\n]*$/);
    expect(csv).to.include(`"${SPLIT}"`);
    expect(csv).to.include(`"'${START}"`);
  };

  it('matrix --csv and maintenance --csv', async () => {
    const matrix = await run(['matrix', 'alpha', dir, '--csv']);
    expectSafe(matrix.out);
    expect(parseCsv(matrix.out).map((row) => row[10])).to.include.members([SPLIT, `'${START}`]);
    const maintenance = await run(['maintenance', 'alpha', dir, '--csv']);
    expect(maintenance.code).to.equal(1);
    expectSafe(maintenance.out);
    expect(parseCsv(maintenance.out).filter((row) => row[0] === 'overdue').map((row) => row[1])).to.have.members([SPLIT, `'${START}`]);
  });

  it('export: quoted, formula text inert, and the importer gives the titles back; left-out values said on stderr', async () => {
    const { code, out, err } = await run(['export', 'alpha', dir]);
    expect(code).to.equal(0);
    expectSafe(out);
    const read = readImportCsv(out);
    expect(read.issues).to.deep.equal([]);
    const planned = planImportRows(read.rows, { siteLocale: 'nl', systemOf: () => ({ framework: DEFAULT_FRAMEWORK }) });
    expect(planned.flatMap((row) => row.issues)).to.deep.equal([]);
    expect(planned.map((row) => [row.path, row.draft?.title])).to.deep.equal([
      ['alpha/fout', 'Fout ingedeeld'],
      ['alpha/split', SPLIT],
      ['alpha/start', START],
    ]);
    const [header, fout] = parseCsv(out.slice(1));
    const column = (name: string) => fout[header.indexOf(name)];
    expect([column('kolom'), column('laag'), column('gebaseerd-op'), column('volgt-uit')]).to.deep.equal(['borgen', 'normen', 'beta/b1 | /en/beta/b2', 'a/norm']);
    expect(err).to.equal(`2 waarden zijn weggelaten omdat ze zelf fouten zijn (onbekend in het kader, of tegenstrijdig), zodat het bestand in dezelfde matrix importeert. U ziet ze met: afsprakenwiki validate alpha ${dir}\n`);
    const english = await run(['export', 'alpha', dir, '--lang', 'en']);
    expect(english.err).to.equal(`2 values were left out because they are errors themselves (unknown to the framework, or conflicting), so the file imports into the same matrix. See them with: afsprakenwiki validate alpha ${dir}\n`);
  });

  it("the client's CSVs: client/export.ts toCsv (matrix, comparison, handover, upkeep, overview) is this writer with a BOM", () => {
    const csv = writeCsv([['titel', 'aantal'], [SPLIT, 1], [START, -1]], { bom: true });
    expect(csv).to.equal(`\uFEFF"titel","aantal"\r\n"${SPLIT}","1"\r\n"'${START}","-1"\r\n`);
  });
});
