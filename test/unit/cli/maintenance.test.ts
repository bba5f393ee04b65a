import { expect } from 'chai';
import { main } from '../../../server/cli/main';
import { parseCsv, removeWiki, writeWiki, type RunResult } from './fixture';

/** The pinned "today"; every expectation below is worked out by hand from it. */
const TODAY = '2024-06-01';

const page = (title: string, tags: string, date: string, body = '') =>
  `---\ntitle: ${title}\ndescription: \npublished: true\ndate: ${date}\ntags: ${tags}\neditor: markdown\ndateCreated: 2023-01-01T10:00:00.000Z\n---\n\n${body}`;
const block = (...lines: string[]) => ['```afspraak', ...lines, '```', ''].join('\n');
const PLACED = 'kolom:dienstverlening, laag:werkafspraken';
const RECENT = '2024-05-01T10:00:00.000Z';

const FILES: Record<string, string> = {
  'alpha.md': page('Stelsel Alpha', '', RECENT, '```afsprakenstelsel\nkey: alpha\ntitel: Stelsel Alpha\n```\n'),
  'beta.md': page('Stelsel Beta', '', RECENT, '```afsprakenstelsel\nkey: beta\ntitel: Stelsel Beta\n```\n'),
  // A title and an owner a spreadsheet would run as formulas.
  'a/verlopen.md': page("'=Verlopen'", `stelsel:alpha, ${PLACED}, status:vastgesteld`, RECENT, block("eigenaar: '+31 20 123'", 'herzien-voor: 2024-05-01')),
  'a/binnenkort.md': page('Binnenkort', `stelsel:alpha, kolom:foo, ${PLACED}, status:vastgesteld`, RECENT, block('herzien-voor: 2024-06-30')),
  'a/oud.md': page('Oud concept', `stelsel:alpha, ${PLACED}, status:concept`, '2023-01-01T10:00:00.000Z', block('eigenaar: Gemeente')),
  'a/los.md': page('Los', 'stelsel:alpha, kolom:borgen, status:vastgesteld', RECENT, block('eigenaar: GGZ')),
  'b/goed.md': page('Beta goed', `stelsel:beta, ${PLACED}, status:vastgesteld`, RECENT, block('eigenaar: CJG', 'herzien-voor: 2025-01-01')),
};

async function run(args: string[]): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'afsprakenwiki', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    today: TODAY,
  });
  return { code, out, err };
}

describe('afsprakenwiki maintenance', () => {
  let dir: string;
  before(() => {
    dir = writeWiki(FILES);
  });
  after(() => removeWiki(dir));

  it('prints each list as a Dutch table and exits 1 when a review is overdue', async () => {
    const { code, out } = await run(['maintenance', 'alpha', dir]);
    expect(code).to.equal(1);
    expect(out).to.include('Herziening te laat (1)');
    expect(out).to.match(/│ =Verlopen +│ nl\/a\/verlopen +│ alpha +│ Vastgesteld │ \+31 20 123 │ 2024-05-01 +│ 2024-05-01 +│/);
    expect(out).to.include('Herziening binnenkort (1)');
    expect(out).to.match(/Zonder eigenaar \(1\)\n.*\n.*\n.*\n│ Binnenkort/);
    expect(out).to.match(/Concepten die blijven liggen \(1\)\n(.*\n){3}│ Oud concept/);
    expect(out).to.match(/Niet ingedeeld \(1\)\n(.*\n){3}│ Los/);
    expect(out).to.include('Fouten in de stelsels: 1.');
  });

  it('exits 0 when nothing is overdue, and says so per list', async () => {
    const { code, out } = await run(['maintenance', 'beta', dir, '--lang', 'en']);
    expect(code).to.equal(0);
    expect(out).to.include('Review overdue (0)\n  none');
    expect(out).to.include('Errors in the systems: 0.');
  });

  it('takes a lone folder argument as the folder and covers every system', async () => {
    const { code, out } = await run(['maintenance', '--json', dir]);
    expect(code).to.equal(1);
    const result = JSON.parse(out) as { overdue: Array<{ agreement: { title: string }; systems: string[] }>; dueSoon: unknown[]; errors: number };
    expect(result.overdue.map((i) => [i.agreement.title, i.systems])).to.deep.equal([['=Verlopen', ['alpha']]]);
    expect(result.dueSoon).to.have.length(1);
    expect(result.errors).to.equal(1);
  });

  it('writes one formula-safe CSV row per item and list', async () => {
    const { code, out } = await run(['maintenance', 'alpha', dir, '--csv']);
    expect(code).to.equal(1);
    expect(parseCsv(out)).to.deep.equal([
      ['list', 'title', 'path', 'locale', 'status', 'systems', 'owner', 'reviewBy', 'updatedAt'],
      ['overdue', "'=Verlopen", 'a/verlopen', 'nl', 'vastgesteld', 'alpha', "'+31 20 123", '2024-05-01', RECENT],
      ['dueSoon', 'Binnenkort', 'a/binnenkort', 'nl', 'vastgesteld', 'alpha', '', '2024-06-30', RECENT],
      ['withoutOwner', 'Binnenkort', 'a/binnenkort', 'nl', 'vastgesteld', 'alpha', '', '2024-06-30', RECENT],
      ['stale', 'Oud concept', 'a/oud', 'nl', 'concept', 'alpha', 'Gemeente', '', '2023-01-01T10:00:00.000Z'],
      ['unplaced', 'Los', 'a/los', 'nl', 'vastgesteld', 'alpha', 'GGZ', '', RECENT],
    ]);
  });

  it('exits 2 on a usage error: an unknown system, two outputs, or too many arguments', async () => {
    const unknown = await run(['maintenance', 'gamma', dir]);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.include('alpha, beta');
    expect((await run(['maintenance', dir, '--json', '--csv'])).code).to.equal(2);
    expect((await run(['maintenance', 'alpha', dir, 'extra'])).code).to.equal(2);
  });
});
