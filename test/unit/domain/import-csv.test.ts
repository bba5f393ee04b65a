import { expect } from 'chai';
import { DEFAULT_FRAMEWORK, extractPageFacts, parseAgreementBlock, findBlocks } from '../../../server/domain';
import { inertCell, neutraliseFormula, restoreCell } from '../../../server/domain/csv-formula';
import {
  bodyWithoutAgreementBlocks,
  detectDelimiter,
  exportAgreements,
  MAX_IMPORT_ROWS,
  formatImportIssue,
  planImportRows,
  readImportCsv,
  updatedContent,
  type ImportContext,
} from '../../../server/domain/import-csv';

const context: ImportContext = { siteLocale: 'nl', defaultSystem: 'kb-test', systemOf: () => ({ framework: DEFAULT_FRAMEWORK }) };
const plan = (csv: string, ctx: ImportContext = context) => {
  const read = readImportCsv(csv);
  expect(read.issues).to.deep.equal([]);
  return planImportRows(read.rows, ctx);
};
const codes = (csv: string) => plan(csv).flatMap((row) => row.issues.map((i) => [i.line, i.field, i.code]));

describe('the CSV import format (contract §7.3)', () => {
  it('detects the separator from the header line, quotes aside', () => {
    expect(detectDelimiter('titel;kolom\na,b,c,d')).to.equal(';');
    expect(detectDelimiter('titel,kolom\na;b;c;d')).to.equal(',');
    expect(detectDelimiter('"ti;t;el",kolom\n')).to.equal(',');
  });

  it('reads Dutch and English headers, with or without BOM, CRLF or LF, in any case', () => {
    const nl = plan('\uFEFFTitel;Kolom;LAAG;Status\r\nA;Dienstverlening;werkafspraken;agreed\r\n')[0];
    const en = plan('title,column,layer,status,system\nA,service-delivery,working-agreements,vastgesteld,kb-test\n')[0];
    expect(nl.draft).to.deep.equal(en.draft);
    expect(nl.draft?.tags).to.deep.equal(['stelsel:kb-test', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld']);
    expect(nl.draft?.path).to.equal('kb-test/dienstverlening/a');
  });

  it('splits multi-values on |, trims them and normalises per §2', () => {
    const row = plan('titel;stelsel;kolom;laag;partijen;thema\nGedeeld;kb-a | KB B;leren|  Financiën ;norms;Buurt Team | huisartsen;SOLK\n')[0];
    expect(row.draft?.tags).to.deep.equal([
      'stelsel:kb-a',
      'stelsel:kb-b',
      'kolom:leren',
      'kolom:financiering',
      'laag:normen',
      'thema:solk',
      'partij:buurt-team',
      'partij:huisartsen',
    ]);
    // The path follows the first system and the first column.
    expect(row.path).to.equal('kb-a/leren/gedeeld');
  });

  it('names each error kind on its own line and field', () => {
    const csv = [
      'titel;kolom;hoofdstuk;laag;status;vastgesteld;herzien-voor;locale;thema;pad',
      ';leren;;normen;;;;;;', // 2 required title
      'B;leren;kwaliteit;normen;;;;;;', // 3 chapter/column conflict
      'C;leren;;lagen;;;;;;', // 4 unknown layer
      'D;leren;;normen;klaar;;;;;', // 5 unknown status
      'E;leren;;normen;concept | vastgesteld;;;;;', // 6 several statuses
      'F;leren;;normen;;2026-02-30;;;;', // 7 impossible date
      'G;leren;;normen;;;volgend jaar;;;', // 8 date format
      'H;leren;;normen;;;;Nederlands;;', // 9 locale
      'I;leren;;normen;;;;;een thema!;', // 10 key
      'J;leren;;normen;;;;;;login/j', // 11 reserved path
      '"K\nL";leren;;normen;;;;;;', // 12-13 line break in a title
    ].join('\n');
    expect(codes(csv)).to.deep.equal([
      [2, 'titel', 'required'],
      [3, 'hoofdstuk', 'chapter-column-conflict'],
      [4, 'laag', 'unknown-value'],
      [5, 'status', 'unknown-status'],
      [6, 'status', 'several-statuses'],
      [7, 'vastgesteld', 'invalid-date'],
      [8, 'herzien-voor', 'invalid-date'],
      [9, 'locale', 'invalid-locale'],
      [10, 'thema', 'invalid-key'],
      [11, 'pad', 'invalid-path'],
      [12, 'titel', 'line-break'],
    ]);
  });

  it('refuses unknown, doubled and missing headers, all at once, on line 1', () => {
    const read = readImportCsv('naam;kolom;kolom\nA;leren;leren\n');
    expect(read.issues.map((i) => [i.line, i.field, i.code])).to.deep.equal([
      [1, 'naam', 'unknown-header'],
      [1, 'kolom', 'duplicate-header'],
      [1, 'titel', 'missing-header'],
    ]);
    expect(formatImportIssue(read.issues[0], 'nl')).to.match(/^Regel 1, veld 'naam': onbekende kolom 'naam'\. Geldige kolommen: titel\|title, pad\|path, locale,/);
  });

  it('reports a broken quote and a wrong number of fields with their lines', () => {
    const broken = readImportCsv('titel;kolom\nA;leren\nB "x";leren\n"C;leren\n');
    expect(broken.issues.map((i) => [i.line, i.code])).to.deep.equal([[3, 'syntax']]);
    expect(formatImportIssue(broken.issues[0], 'en')).to.match(/^Line 3: the CSV cannot be read: .*quote/i);
    const short = readImportCsv('titel;kolom;laag\nA;leren\n');
    expect(short.issues.map((i) => [i.line, i.code, i.value, i.detail])).to.deep.equal([[2, 'field-count', '2', '3']]);
  });

  it('refuses text that was not UTF-8 (U+FFFD left by the decoder), an empty file, and a file over 5 MB', () => {
    const latin1 = Buffer.from('titel\nA\nCafé\n', 'latin1').toString('utf8');
    expect(readImportCsv(latin1).issues.map((i) => [i.line, i.code])).to.deep.equal([[3, 'encoding']]);
    expect(readImportCsv('\uFEFF \n').issues.map((i) => i.code)).to.deep.equal(['empty']);
    expect(readImportCsv(`titel\n${'x'.repeat(5 * 1024 * 1024)}\n`).issues.map((i) => i.code)).to.deep.equal(['too-large']);
  });

  it('keeps hostile values as inert text: formulas, markup, 100 KB of content', () => {
    const content = `Begin ${'a'.repeat(100 * 1024)} eind`;
    const csv = `titel;eigenaar;inhoud;kolom;laag\n"'=HYPERLINK(""http://x"")";"<script>alert(1)</script>";"${content}";leren;normen\n`;
    const [row] = plan(csv);
    expect(row.draft?.title).to.equal('=HYPERLINK("http://x")');
    expect(row.draft?.content.startsWith(content)).to.equal(true);
    // The owner is a YAML string in the block, read back exactly as written.
    const block = findBlocks(row.draft?.content ?? '').find((b) => b.kind === 'agreement');
    expect(parseAgreementBlock(block as NonNullable<typeof block>).declaration?.owner).to.equal('<script>alert(1)</script>');
    const [heading] = plan('titel;kolom;laag\n<b>Vet</b> & *schuin*;leren;normen\n');
    expect(heading.draft?.content).to.equal('# &lt;b&gt;Vet&lt;/b&gt; &amp; \\*schuin\\*\n');
  });

  it('writes block values that could close the fence inside a longer fence', () => {
    const [row] = plan('titel;eigenaar;kolom;laag\nA;"```\nstelsel: kaping";leren;normen\n');
    const blocks = findBlocks(row.draft?.content ?? '');
    expect(blocks.map((b) => b.kind)).to.deep.equal(['agreement']);
    expect(parseAgreementBlock(blocks[0]).declaration).to.include({ owner: '```\nstelsel: kaping' });
    expect(parseAgreementBlock(blocks[0]).declaration?.systems).to.deep.equal([]);
  });

  it('makes formula text inert on export and restores it on import, exactly', () => {
    for (const value of ['=1+1', '+31 30', '-', '@x', '\tx', "'=x", "''@y", 'gewoon', "'gewoon"]) {
      expect(restoreCell(inertCell(value)), value).to.equal(value);
      expect(/^[=+\-@\t\r]/.test(inertCell(value)), value).to.equal(false);
    }
    expect(neutraliseFormula('=1')).to.equal("'=1");
    expect(neutraliseFormula("'=1")).to.equal("'=1");
  });

  it('updates the block of an existing body and leaves content alone when the row sets none', () => {
    const existing = '# Oud\n\nTekst.\n\n```afspraak\nstelsel: kb-test\neigenaar: Oud\n```\n\nNa.\n';
    expect(bodyWithoutAgreementBlocks(existing)).to.equal('# Oud\n\nTekst.\n\n\nNa.\n');
    expect(updatedContent(existing, 'Oud', { content: '', block: {} })).to.equal(existing);
    const next = updatedContent(existing, 'Oud', { content: '', block: { eigenaar: 'Nieuw' } });
    expect(next).to.equal('# Oud\n\nTekst.\n\n\nNa.\n\n```afspraak\neigenaar: Nieuw\n```\n');
    // Stable: the same row on the updated page changes nothing (UNCHANGED on a re-run).
    expect(updatedContent(next, 'Oud', { content: '', block: { eigenaar: 'Nieuw' } })).to.equal(next);
  });

  it('exports agreement pages of a system (tags and block merged) and reads back the same rows', () => {
    const page = extractPageFacts({
      id: 7,
      path: 'kb-test/leren/samen',
      locale: 'nl',
      title: '=Samen',
      tags: ['stelsel:kb-test', 'stelsel:kb-ander', 'kolom:leren', 'status:vervallen'],
      content: '# Samen\n\n```afspraak\nlaag: [normen, techniek]\neigenaar: Team\nbronnen: [https://a, https://b]\n```\n',
      isPublished: true,
    });
    const systemPage = extractPageFacts({ id: 8, path: 'kb-test', locale: 'nl', title: 'KB', tags: [], content: '```afsprakenstelsel\nkey: kb-test\n```\n', isPublished: true });
    const { csv, omitted } = exportAgreements([page, systemPage], 'kb-test', () => DEFAULT_FRAMEWORK);
    expect(omitted).to.deep.equal([]);
    const [row] = plan(csv);
    expect(readImportCsv(csv).rows).to.have.length(1);
    expect(row.draft).to.deep.include({ path: 'kb-test/leren/samen', locale: 'nl', title: '=Samen' });
    expect(row.draft?.tags).to.deep.equal(['stelsel:kb-test', 'stelsel:kb-ander', 'kolom:leren', 'laag:normen', 'laag:techniek', 'status:vervallen']);
    expect(row.draft?.content).to.equal('# =Samen\n\n```afspraak\neigenaar: Team\nbronnen:\n  - https://a\n  - https://b\n```\n');
  });

  it('validates every row even when the header has an error, each error on its line and field (issue example)', () => {
    const csv = [
      'titel;stelsel;kolom;hoofdstuk;laag;vastgesteld;herzien-voor;pad;kleur',
      ';kb-test;leren;;normen;;;;rood', // 2: no title
      'Zonder stelsel;;leren;;normen;;;;', // 3: no system
      'Foute kolom;kb-test;feestjes;;normen;;;;', // 4
      'Foute laag;kb-test;leren;;lagen;;;;', // 5
      'Fout hoofdstuk;kb-test;;hoofdstukje;normen;;;;', // 6
      'Foute datum;kb-test;leren;;normen;31-12-2026;;;', // 7
      'Foute herziening;kb-test;leren;;normen;;2026-02-30;;', // 8
      'Pad met spatie;kb-test;leren;;normen;;;kb-test/met spatie;', // 9
      'Pad met punt;kb-test;leren;;normen;;;kb-test/met.punt;', // 10
      'Dubbel een;kb-test;leren;;normen;;;kb-test/dubbel;', // 11
      'Dubbel twee;kb-test;leren;;normen;;;kb-test/dubbel;', // 12: the path of line 11 again
    ].join('\r\n');
    const read = readImportCsv(csv);
    expect(read.issues.map((i) => [i.line, i.field, i.code])).to.deep.equal([[1, 'kleur', 'unknown-header']]);
    const planned = planImportRows(read.rows, { siteLocale: 'nl', systemOf: () => ({ framework: DEFAULT_FRAMEWORK }) });
    expect(planned.flatMap((row) => row.issues.map((i) => [i.line, i.field, i.code, i.value]))).to.deep.equal([
      [2, 'titel', 'required', undefined],
      [3, 'stelsel', 'required', undefined],
      [4, 'kolom', 'unknown-value', 'feestjes'],
      [5, 'laag', 'unknown-value', 'lagen'],
      [6, 'hoofdstuk', 'unknown-value', 'hoofdstukje'],
      [7, 'vastgesteld', 'invalid-date', '31-12-2026'],
      [8, 'herzien-voor', 'invalid-date', '2026-02-30'],
      [9, 'pad', 'invalid-path', 'kb-test/met spatie'],
      [10, 'pad', 'invalid-path', 'kb-test/met.punt'],
      [12, 'pad', 'duplicate-path', 'nl/kb-test/dubbel'],
    ]);
    // English headers name the fields in English.
    const english = readImportCsv('title,system,path,colour\nA,kb-test,kb-test/a b,\n');
    expect(english.issues.map((i) => [i.line, i.field, i.code])).to.deep.equal([[1, 'colour', 'unknown-header']]);
    expect(planImportRows(english.rows, context).flatMap((row) => row.issues.map((i) => [i.line, i.field, i.code]))).to.deep.equal([[2, 'path', 'invalid-path']]);
  });

  it('reports a row on the physical line it starts on, after quoted multi-line fields (CRLF, LF or CR)', () => {
    const rows = Array.from({ length: 14 }, (_, i) => `Rij ${i + 2};leren;normen;tekst`);
    for (const [eol, inner] of [['\r\n', '\r\n'], ['\n', '\n'], ['\r\n', '\n'], ['\n', '\r\n'], ['\r', '\r']]) {
      const csv = ['titel;kolom;laag;inhoud', ...rows, `Laatste;leren;normen;"regel een${inner}regel twee${inner}regel drie"`].join(eol) + eol;
      const read = readImportCsv(csv);
      expect(read.issues, JSON.stringify(eol)).to.deep.equal([]);
      // Header on line 1, fourteen rows on lines 2-15: the multi-line row starts on line 16.
      expect(read.rows.map((r) => r.line), JSON.stringify([eol, inner])).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    }
    // A multi-line field in the middle moves the rows after it; blank lines count too.
    const middle = readImportCsv('titel;inhoud\r\nA;"een\r\ntwee\r\ndrie"\r\n\r\nB;x\r\nC;"""x""\r\n"\r\nD;y\r\n');
    expect(middle.rows.map((r) => [r.line, r.values.title])).to.deep.equal([[2, 'A'], [6, 'B'], [7, 'C'], [9, 'D']]);
    // An error after a multi-line field names its own line too.
    const broken = readImportCsv('titel;inhoud\nA;"een\ntwee"\nB "x";y\n');
    expect(broken.issues.map((i) => [i.line, i.code])).to.deep.equal([[4, 'syntax']]);
    const unclosed = readImportCsv('titel;inhoud\nA;x\nB;"nooit\ndicht\n');
    expect(unclosed.issues.map((i) => [i.line, i.code, formatImportIssue(i, 'nl')])).to.deep.equal([
      [3, 'syntax', "Regel 3: de CSV is niet te lezen: een veld dat op deze regel met een aanhalingsteken begint, wordt nergens afgesloten. Controleer de aanhalingstekens op deze regel: een veld met een aanhalingsteken erin staat als geheel tussen aanhalingstekens en elk aanhalingsteken erin wordt verdubbeld (\"\")."],
    ]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows with a clear error, in Dutch and English, and the size before anything`, () => {
    const rows = (n: number) => ['titel', ...Array.from({ length: n }, (_, i) => `Rij ${i}`)].join('\n');
    expect(readImportCsv(rows(5000)).rows).to.have.length(5000);
    const tooMany = readImportCsv(rows(5001));
    expect(tooMany.rows).to.deep.equal([]);
    // The header is line 1, row 5001 (the first one too many) line 5002.
    expect(tooMany.issues.map((i) => [i.line, i.code])).to.deep.equal([[5002, 'too-many-rows']]);
    expect(formatImportIssue(tooMany.issues[0], 'nl')).to.equal('Regel 5002: het bestand heeft meer dan 5000 regels met afspraken (deze regel is de eerste te veel); verdeel het over meerdere imports van elk ten hoogste 5000 regels.');
    expect(formatImportIssue(tooMany.issues[0], 'en')).to.equal('Line 5002: the file has more than 5000 agreement rows (this line is the first one too many); split it into several imports of at most 5000 rows each.');
    // Blank lines after the last row are no rows.
    expect(readImportCsv(`${rows(5000)}\n\n\n`).issues).to.deep.equal([]);
    // Too large and not UTF-8: the size is what is reported.
    expect(readImportCsv(`titel\n${'\uFFFD'.repeat(5 * 1024 * 1024)}`).issues.map((i) => i.code)).to.deep.equal(['too-large']);
  });

  it('refuses an over-long cell or path before looking at it, quoting only the start of it', () => {
    const [row] = plan(`titel;pad;kolom;laag\nA;a${'/'.repeat(40000)}b;leren;normen\n`);
    expect(row.issues.map((i) => [i.line, i.field, i.code, i.detail])).to.deep.equal([[2, 'pad', 'invalid-path', 'too-long']]);
    expect(row.issues[0].value).to.equal(`a${'/'.repeat(99)}…`);
    const [owner] = plan(`titel;eigenaar;contact;kolom;laag\nA;${'x'.repeat(70000)};${'y'.repeat(4001)};leren;normen\n`);
    expect(owner.issues.map((i) => [i.field, i.code, i.detail])).to.deep.equal([
      ['eigenaar', 'too-long', String(64 * 1024)],
      ['contact', 'too-long', '4000'],
    ]);
  });

  it('keeps inhoud as written, trailing white space dropped, with 80,000 spaces inside it in linear time', function () {
    // Bounded generously: `/\s+$/` backtracked over every run of spaces not at the end (seconds).
    this.timeout(3000);
    const [row] = plan(`titel;kolom;laag;inhoud\nA;leren;normen;"Tekst${' '.repeat(80000)}einde  "\n`);
    expect(row.draft?.content).to.equal(`Tekst${' '.repeat(80000)}einde\n`);
  });

  it('exports links and canonical placement values only, and lists the values it leaves out', () => {
    const page = extractPageFacts({
      id: 9,
      path: 'kb-test/borgen/fout',
      locale: 'nl',
      title: 'x;=1+1;y',
      tags: ['stelsel:kb-test', 'kolom:foo', 'kolom:Onderhoud', 'laag:bar', 'laag:norms', 'hoofdstuk:kwaliteit', 'status:concept'],
      content: [
        '```afspraak',
        'status: agreed',
        'vastgesteld: 2024-13-01',
        'gebaseerd-op: [kb-ander/a, /en/kb-ander/b]',
        'volgt-uit: kb-test/normen/n',
        'gebruikt: /kb-test/techniek/t',
        '```',
      ].join('\n'),
      isPublished: true,
    });
    const { csv, omitted } = exportAgreements([page], 'kb-test', () => DEFAULT_FRAMEWORK);
    // Worked out by hand: `/kb-test/…` names no locale, so it is written as a plain path; `foo` and `bar` are unknown; chapter `kwaliteit` sits beside column
    // `borgen` of another chapter; the block's status wins over the tag's; the date is no date.
    expect(omitted.map((o) => [o.field, o.value])).to.deep.equal([
      ['kolom', 'foo'],
      ['hoofdstuk', 'kwaliteit'],
      ['laag', 'bar'],
      ['status', 'concept'],
      ['vastgesteld', '2024-13-01'],
    ]);
    const header = '"titel","pad","locale","stelsel","kolom","hoofdstuk","laag","status","thema","partijen","eigenaar","vastgesteld","herzien-voor","bronnen","contact","gebaseerd-op","volgt-uit","gebruikt","inhoud"';
    const row = '"x;=1+1;y","kb-test/borgen/fout","nl","kb-test","borgen","","normen","vastgesteld","","","","","","","","kb-ander/a | /en/kb-ander/b","kb-test/normen/n","kb-test/techniek/t",""';
    expect(csv).to.equal(`\uFEFF${header}\r\n${row}\r\n`);
    const [planned] = plan(csv);
    expect(planned.issues).to.deep.equal([]);
    expect(planned.draft?.title).to.equal('x;=1+1;y');
    const reread = extractPageFacts({ id: 10, path: 'kb-test/borgen/fout', locale: 'nl', title: planned.draft?.title ?? '', tags: planned.draft?.tags ?? [], content: planned.draft?.content ?? '', isPublished: true });
    expect(reread.agreement?.basedOn).to.deep.equal([{ path: 'kb-ander/a' }, { path: 'kb-ander/b', locale: 'en' }]);
    expect(reread.agreement?.derivesFrom).to.deep.equal([{ path: 'kb-test/normen/n' }]);
    expect(reread.agreement?.uses).to.deep.equal([{ path: 'kb-test/techniek/t' }]);
    expect(reread.tags).to.deep.equal(['stelsel:kb-test', 'kolom:borgen', 'laag:normen', 'status:vastgesteld']);
  });

  it('quotes and prefixes a title for Dutch Excel, and the importer gives the original back', () => {
    const titles = ['x;=1+1;y', '=1+1;x', "'=x", '-1,5'];
    const pages = titles.map((title, i) =>
      extractPageFacts({ id: i + 1, path: `kb-test/leren/t${i}`, locale: 'nl', title, tags: ['stelsel:kb-test', 'kolom:leren', 'laag:normen'], content: '', isPublished: true }),
    );
    const { csv } = exportAgreements(pages, 'kb-test', () => DEFAULT_FRAMEWORK);
    const lines = csv.split('\r\n');
    expect(lines.slice(1, 5).map((line) => line.slice(0, line.indexOf('","')) + '"')).to.deep.equal(['"x;=1+1;y"', `"'=1+1;x"`, `"''=x"`, `"'-1,5"`]);
    expect(plan(csv).map((row) => row.draft?.title)).to.deep.equal(titles);
  });
});
