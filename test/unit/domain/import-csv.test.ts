import { expect } from 'chai';
import { DEFAULT_FRAMEWORK, extractPageFacts, parseAgreementBlock, findBlocks } from '../../../server/domain';
import { inertCell, neutraliseFormula, restoreCell } from '../../../server/domain/csv-formula';
import {
  bodyWithoutAgreementBlocks,
  detectDelimiter,
  exportAgreementsCsv,
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
    const csv = exportAgreementsCsv([page, systemPage], 'kb-test');
    const [row] = plan(csv);
    expect(readImportCsv(csv).rows).to.have.length(1);
    expect(row.draft).to.deep.include({ path: 'kb-test/leren/samen', locale: 'nl', title: '=Samen' });
    expect(row.draft?.tags).to.deep.equal(['stelsel:kb-test', 'stelsel:kb-ander', 'kolom:leren', 'laag:normen', 'laag:techniek', 'status:vervallen']);
    expect(row.draft?.content).to.equal('# =Samen\n\n```afspraak\neigenaar: Team\nbronnen:\n  - https://a\n  - https://b\n```\n');
  });
});
