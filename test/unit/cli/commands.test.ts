import { expect } from 'chai';
import { parseCsv, removeWiki, run, writeWiki } from './fixture';

describe('the afsprakenwiki command line', () => {
  let dir: string;
  before(() => {
    dir = writeWiki();
  });
  after(() => removeWiki(dir));

  describe('systems', () => {
    it('lists key, title, framework, declared, agreement count and path in a Dutch table', async () => {
      const { code, out } = await run(['systems', dir]);
      expect(code).to.equal(0);
      expect(out).to.match(/Sleutel +│ Titel +│ Kader +│ Vastgelegd │ Afspraken │ Pagina/);
      expect(out).to.match(/│ alpha +│ Stelsel Alpha +│ Werkende afspraken │ ja +│ +6 │ alpha +│/);
    });

    it('prints English headers with --lang en', async () => {
      const { out } = await run(['systems', dir, '--lang', 'en']);
      expect(out).to.match(/Key +│ Title +│ Framework +│ Declared +│ Agreements │ Page/);
      expect(out).to.include('Working agreements');
    });

    it('prints SystemInfo objects with --json and one row per system with --csv', async () => {
      const json = JSON.parse((await run(['systems', dir, '--json'])).out) as Array<{ key: string; declared: boolean }>;
      expect(json.map((s) => s.key)).to.deep.equal(['alpha', 'beta']);
      expect(json[0].declared).to.equal(true);
      const rows = parseCsv((await run(['systems', dir, '--csv'])).out);
      expect(rows[0]).to.deep.equal(['key', 'title', 'framework', 'declared', 'agreementCount', 'pagePath', 'locale']);
      expect(rows[1]).to.deep.equal(['alpha', 'Stelsel Alpha', 'werkende-afspraken', 'true', '6', 'alpha', 'nl']);
    });

    it('warns on stderr about front matter it had to read line by line', async () => {
      const { err } = await run(['systems', dir]);
      expect(err).to.include('a/broken.md: de kop (front matter) is geen geldige YAML');
    });
  });

  describe('matrix', () => {
    it('draws a table per chapter with layers as rows, counts and state marks, then the agreements per cell', async () => {
      const { code, out } = await run(['matrix', 'alpha', dir]);
      expect(code).to.equal(0);
      expect(out).to.include('Stelsel Alpha (alpha), kader Werkende afspraken');
      expect(out).to.include('Kwaliteit van de oplossing');
      expect(out).to.match(/│ +│ Dienstverlening │ Klantrelatie │ Gezond werk │ Hoofdstukbreed │/);
      expect(out).to.match(/│ Normen +│ +0 \+ +│ +1 ■ +│ +0 \+ +│ +1 ■ +│/);
      expect(out).to.match(/│ Werkafspraken │ +1 ◐ +│ +0 \? +│/);
      expect(out).to.include('Normen × Hoofdstukbreed (1)');
      expect(out).to.include('• Gedeelde norm — Vastgesteld · Thema één');
      expect(out).to.include('• English agreement [en] — Vastgesteld');
      expect(out).to.match(/Niet ingedeeld \(1\)\n +• Zonder laag — Concept/);
      expect(out).to.include('Legenda: ■ aanwezig');
    });

    it('labels everything in English with --lang en', async () => {
      const { out } = await run(['matrix', 'alpha', dir, '--lang', 'en']);
      expect(out).to.include('Quality of the solution');
      expect(out).to.match(/│ Norms +│/);
      expect(out).to.include('Not placed (1)');
      expect(out).to.include('• Dienst samen — Draft · Thema twee');
    });

    it('exits 0 with issues but summarises them in one line on stderr', async () => {
      const { code, err } = await run(['matrix', 'beta', dir]);
      expect(code).to.equal(0);
      expect(err).to.include(`beta: Fouten: 2, waarschuwingen: 1. Details: afsprakenwiki validate beta ${dir}`);
    });

    it('applies theme, status and party filters, comma-separated or repeated', async () => {
      const { out } = await run(['matrix', 'alpha', dir, '--thema', 't1,t2', '--status', 'vastgesteld', '--json']);
      const matrix = JSON.parse(out) as { cells: Array<{ agreements: Array<{ title: string }> }> };
      expect(matrix.cells.flatMap((c) => c.agreements.map((a) => a.title))).to.deep.equal(['Gedeelde norm']);
      const text = (await run(['matrix', 'alpha', dir, '--theme', 't2', '--party', 'x', '--include-retired', '--lang', 'en'])).out;
      expect(text).to.include('Filter: theme t2; party x; retired agreements included');
    });

    it('prints the Matrix with issue messages as --json', async () => {
      const matrix = JSON.parse((await run(['matrix', 'beta', dir, '--json', '--lang', 'en'])).out) as {
        system: { key: string };
        cells: unknown[];
        issues: Array<{ code: string; message: string }>;
      };
      expect(matrix.system.key).to.equal('beta');
      expect(matrix.cells).to.have.length(24);
      expect(matrix.issues.find((i) => i.code === 'unknown-value')?.message).to.match(/^Unknown value 'foo' for 'kolom'/);
    });

    it('writes one CSV row per cell and agreement, keeps empty cells and guards formulas', async () => {
      const rows = parseCsv((await run(['matrix', 'alpha', dir, '--csv'])).out);
      expect(rows[0].slice(0, 7)).to.deep.equal(['system', 'chapter', 'column', 'layer', 'state', 'count', 'coveredByChapter']);
      expect(rows).to.have.length(1 + 24 + 1);
      expect(rows.filter((r) => r[4] === 'EMPTY').every((r) => r[7] === '')).to.equal(true);
      expect(rows.find((r) => r[8] === 'a/formula')?.[10]).to.equal(`'=HYPERLINK("x")`);
      expect(rows[rows.length - 1].slice(0, 2).concat(rows[rows.length - 1][10])).to.deep.equal(['alpha', '', 'Zonder laag']);
    });

    it('colours state marks on a terminal, but not with NO_COLOR and never in CSV', async () => {
      expect((await run(['matrix', 'alpha', dir], { isTTY: true })).out).to.include('\u001b[32m■');
      expect((await run(['matrix', 'alpha', dir], { isTTY: true, env: { NO_COLOR: '1' } })).out).not.to.include('\u001b[');
      expect((await run(['matrix', 'alpha', dir, '--csv'], { isTTY: true })).out).not.to.include('\u001b[');
    });
  });

  describe('compare', () => {
    it('shows both sides per cell with a difference mark, then what is only in A, only in B and shared', async () => {
      const { code, out } = await run(['compare', 'alpha', 'beta', dir]);
      expect(code).to.equal(0);
      expect(out).to.include('Stelsel Alpha (alpha) ⇄ Stelsel Beta (beta)');
      expect(out).to.match(/│ Werkafspraken │ +1 ◐ \| +1 ◐ = +│/);
      expect(out).to.match(/│ Normen +│ .*│ +0 \? \| +1 ■ ▶ +│ +0 \? \| +0 \? = +│/);
      expect(out).to.match(/Normen × Klantrelatie: +1 ■ \| +0 \? ◀\n +Alleen in alpha:\n +• English agreement/);
      expect(out).to.include("Thema's alleen in alpha: Thema één");
      expect(out).to.include("Thema's alleen in beta: geen");
    });

    it('speaks English with --lang en', async () => {
      const { out } = await run(['compare', 'alpha', 'beta', dir, '--lang', 'en']);
      expect(out).to.include('Only in beta:');
      expect(out).to.include('Difference: = same');
    });

    it('prints the Comparison as --json and one CSV row per cell', async () => {
      const comparison = JSON.parse((await run(['compare', 'alpha', 'beta', dir, '--json'])).out) as {
        cells: Array<{ column: string | null; layer: string; shared: Array<{ path: string }> }>;
        themesOnlyInA: string[];
      };
      expect(comparison.themesOnlyInA).to.deep.equal(['t1']);
      const shared = comparison.cells.find((c) => c.column === 'dienstverlening' && c.layer === 'werkafspraken');
      expect(shared?.shared.map((r) => r.path)).to.deep.equal(['a/dienst']);
      const rows = parseCsv((await run(['compare', 'alpha', 'beta', dir, '--csv'])).out);
      expect(rows).to.have.length(25);
      expect(rows[0]).to.include.members(['aState', 'aCount', 'bState', 'bCount', 'difference', 'onlyInA', 'onlyInB', 'shared']);
    });
  });

  describe('validate', () => {
    it('groups issues by file with line, field, value and message, and exits 1 on errors', async () => {
      const { code, out } = await run(['validate', dir]);
      expect(code).to.equal(1);
      expect(out).to.match(/b\/fout\.md\n┌/);
      expect(out).to.match(/│ +│ fout +│ kolom │ foo +│ Onbekende waarde 'foo' voor 'kolom'/);
      expect(out).to.match(/│ +15 │ fout +│/);
      expect(out).to.include('Fouten: 2, waarschuwingen: 2.');
    });

    it('exits 0 when a system has warnings only', async () => {
      const { code, out } = await run(['validate', 'alpha', dir, '--lang', 'en']);
      expect(code).to.equal(0);
      expect(out).to.include('Errors: 0, warnings: 1.');
    });

    it('prints issues with their message as --json and one CSV row per issue', async () => {
      const issues = JSON.parse((await run(['validate', 'beta', dir, '--json'])).out) as Array<{ code: string; message: string; file: string; fileLine?: number }>;
      expect(issues.map((i) => i.code)).to.include.members(['unknown-value', 'yaml-syntax', 'unplaced']);
      expect(issues.every((i) => i.message.length > 0 && i.file === 'b/fout.md')).to.equal(true);
      expect(issues.find((i) => i.code === 'yaml-syntax')?.fileLine).to.equal(15);
      const rows = parseCsv((await run(['validate', 'beta', dir, '--csv'])).out);
      expect(rows).to.have.length(1 + issues.length);
      expect(rows[0][0]).to.equal('severity');
    });

    it('says so when there is nothing to report', async () => {
      const clean = writeWiki({
        'x.md': '```afsprakenstelsel\nkey: x\n```\n',
        'y.md': '---\ntitle: y\ntags: stelsel:x, kolom:leren, laag:normen, status:concept\n---\n',
      });
      try {
        const { code, out } = await run(['validate', 'x', clean]);
        expect(code).to.equal(0);
        expect(out).to.equal('Geen meldingen.\n');
      } finally {
        removeWiki(clean);
      }
    });

    it('reads the folder from the current directory when none is given', async () => {
      const { code, out } = await run(['validate', 'alpha'], { cwd: dir });
      expect(code).to.equal(0);
      expect(out).to.include('a/unplaced.md');
    });
  });

  describe('usage errors', () => {
    const usage = async (args: string[]) => {
      const result = await run(args);
      expect(result.code, result.err).to.equal(2);
      expect(result.out).to.equal('');
      return result.err;
    };

    it('exits 2 on an unknown command, in Dutch and English when no language was chosen', async () => {
      expect(await usage(['verzin'])).to.equal(
        "afsprakenwiki: Onbekende opdracht 'verzin'. / Unknown command 'verzin'.\nZie: afsprakenwiki --help / See: afsprakenwiki --help\n",
      );
    });

    it('exits 2 on an unknown option, in the chosen language only', async () => {
      expect(await usage(['matrix', 'alpha', dir, '--kleur', '--lang', 'en'])).to.equal("afsprakenwiki: Unknown option '--kleur'.\nSee: afsprakenwiki --help\n");
    });

    it('exits 2 on a missing argument, an extra argument, a bad value or --json with --csv', async () => {
      expect(await usage(['matrix', '--lang', 'nl'])).to.include('Ontbrekend argument: <stelsel>.');
      expect(await usage(['compare', 'alpha', '--lang', 'en'])).to.include('Missing argument: <b>.');
      expect(await usage(['systems', dir, 'extra'])).to.include("'extra'");
      expect(await usage(['systems', '--lang', 'fr'])).to.include("Ongeldige waarde 'fr' voor --lang");
      expect(await usage(['systems', '--json', '--csv'])).to.include('--json en --csv gaan niet samen');
      expect(await usage(['install'])).to.include('<wiki-map>');
    });

    it('exits 2 on an unknown system, naming the known ones', async () => {
      expect(await usage(['matrix', 'gamma', dir, '--lang', 'nl'])).to.include(`Stelsel 'gamma' komt in '${dir}' niet voor. Bekende stelsels: alpha, beta.`);
    });

    it('exits 2 when the folder does not exist', async () => {
      expect(await usage(['systems', `${dir}/bestaat-niet`, '--lang', 'en'])).to.include('is not a folder');
    });

    it('prints the usage with --help and exits 0', async () => {
      const { code, out } = await run(['--help', '--lang', 'en']);
      expect(code).to.equal(0);
      expect(out).to.match(/^Usage: afsprakenwiki <command>/);
      expect((await run([])).code).to.equal(2);
    });
  });
});
