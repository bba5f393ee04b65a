import { expect } from 'chai';
import { main } from '../../../server/cli/main';
import { parseCsv, removeWiki, writeWiki, type RunResult } from './fixture';

const page = (title: string, tags: string, body = '') =>
  `---\ntitle: ${title}\ndescription: \npublished: true\ndate: 2024-05-01T10:00:00.000Z\ntags: ${tags}\neditor: markdown\ndateCreated: 2023-01-01T10:00:00.000Z\n---\n\n${body}`;
const block = (...lines: string[]) => ['```afspraak', ...lines, '```', ''].join('\n');

const FILES: Record<string, string> = {
  'alpha.md': page('Stelsel Alpha', '', '```afsprakenstelsel\nkey: alpha\ntitel: Stelsel Alpha\npartijen:\n  - { key: gemeente, naam: Gemeente Utrecht }\n  - { key: verzekeraar, naam: "=Verzekeraar" }\n```\n'),
  'beta.md': page('Stelsel Beta', '', '```afsprakenstelsel\nkey: beta\ntitel: Stelsel Beta\n```\n'),
  'a/een.md': page('Een', 'stelsel:alpha, kolom:financiering, laag:normen, status:vastgesteld, partij:gemeente', block('eigenaar: Jan Jansen')),
  'a/twee.md': page('Twee', 'stelsel:alpha, stelsel:beta, kolom:financiering, laag:normen, partij:gemeente, partij:huisartsen', block('contact: "jan  jansen"')),
  // An owner a spreadsheet would run as a formula.
  'b/drie.md': page('Drie', 'stelsel:beta, hoofdstuk:kwaliteit, laag:werkafspraken, partij:huisartsen', block("eigenaar: '+31 6 123'")),
  'b/oud.md': page('Oud', 'stelsel:beta, kolom:leren, laag:normen, status:vervallen, partij:gemeente', block('eigenaar: Niemand')),
};

async function run(args: string[]): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'afsprakenwiki', ...args], { out: (text) => (out += text), err: (text) => (err += text), isTTY: false, env: {}, cwd: process.cwd(), today: '2024-06-01' });
  return { code, out, err };
}

/** 24 cells, zero but at these indexes (matrix order: kwaliteit/*\/werkafspraken is 7, duurzaamheid/financiering/normen 12). */
const cells = (values: Record<number, string>) => Array.from({ length: 24 }, (_, i) => values[i] ?? '0');

describe('afsprakenwiki parties', () => {
  let dir: string;
  before(() => {
    dir = writeWiki(FILES);
  });
  after(() => removeWiki(dir));

  it('writes one CSV row per party across systems, every field quoted and formula-safe, cells counting systems', async () => {
    const { code, out } = await run(['parties', dir, '--csv']);
    expect(code).to.equal(0);
    const lines = out.split('\r\n').filter((l) => l.length > 0);
    for (const line of lines) expect(line, line).to.match(/^"[^"]*"(,"[^"]*")*$/);
    const rows = parseCsv(out);
    expect(rows[0].slice(0, 6)).to.deep.equal(['key', 'name', 'declared', 'count', 'systems', 'contacts']);
    expect([rows[0][6], rows[0][13], rows[0][18], rows[0][29]]).to.deep.equal(['kwaliteit/dienstverlening/normen', 'kwaliteit/*/werkafspraken', 'duurzaamheid/financiering/normen', 'duurzaamheid/*/techniek']);
    expect(rows.slice(1)).to.deep.equal([
      ['gemeente', 'Gemeente Utrecht', 'true', '2', 'alpha | beta', 'Jan Jansen (2)', ...cells({ 12: '2' })],
      ['huisartsen', '', 'false', '2', 'alpha | beta', "'+31 6 123 (1) | jan  jansen (1)", ...cells({ 7: '1', 12: '2' })],
      ['verzekeraar', "'=Verzekeraar", 'true', '0', '', '', ...cells({})],
    ]);
  });

  it('gives one system as JSON: its agreements and its declaration, cells counting agreements', async () => {
    const { code, out } = await run(['parties', 'alpha', dir, '--json']);
    expect(code).to.equal(0);
    const result = JSON.parse(out) as { framework: string; system: string; parties: Array<{ key: string; name: string | null; count: number; systems: string[]; cells: Array<{ count: number; systems: number }>; contacts: Array<{ name: string; agreements: Array<{ title: string }> }> }> };
    expect([result.framework, result.system]).to.deep.equal(['werkende-afspraken', 'alpha']);
    expect(result.parties.map((p) => [p.key, p.name, p.count, p.systems])).to.deep.equal([
      ['gemeente', 'Gemeente Utrecht', 2, ['alpha']],
      ['huisartsen', null, 1, ['alpha']],
      ['verzekeraar', '=Verzekeraar', 0, []],
    ]);
    expect(result.parties[0].cells[12]).to.deep.equal({ count: 2, systems: 1 });
    expect(result.parties[0].contacts.map((c) => [c.name, c.agreements.map((a) => a.title)])).to.deep.equal([['Jan Jansen', ['Een', 'Twee']]]);
    const csv = parseCsv((await run(['parties', 'alpha', dir, '--csv'])).out);
    expect(csv[1][6 + 12]).to.equal('2');
  });

  it('prints a table in Dutch or English, and refuses a system the folder lacks', async () => {
    const dutch = await run(['parties', 'alpha', dir]);
    expect(dutch.out).to.include('Partijen van Stelsel Alpha');
    expect(dutch.out).to.match(/│ gemeente +│ Gemeente Utrecht +│ +2 │ alpha +│ Jan Jansen \(2\) +│/);
    expect(dutch.out).to.match(/│ huisartsen +│ niet gedeclareerd +│ +1 │/);
    expect((await run(['parties', dir, '--lang', 'en'])).out).to.include('Parties across the systems');
    const unknown = await run(['parties', 'gamma', dir]);
    expect(unknown.code).to.equal(2);
  });
});
