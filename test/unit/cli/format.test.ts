import { expect } from 'chai';
import { colourWanted, displayWidth, painter, renderTable, toCsv, wrap } from '../../../server/cli/format';
import { csvField } from '../../../server/domain/csv-formula';

describe('command-line formatting', () => {
  it('measures display width: wide characters take two columns, combining marks and colour codes none', () => {
    expect(displayWidth('Cliënt')).to.equal(6);
    expect(displayWidth('Clie\u0308nt')).to.equal(6);
    expect(displayWidth('合作')).to.equal(4);
    expect(displayWidth('\u001b[32m■\u001b[39m')).to.equal(1);
  });

  it('pads table cells by display width so borders line up', () => {
    const lines = renderTable([['合作', 'x'], ['Cliënt', '\u001b[32m■\u001b[39m']], { header: [['Naam', 'Staat']] });
    expect(new Set(lines.map(displayWidth)).size).to.equal(1);
    expect(lines[0].startsWith('┌')).to.equal(true);
    expect(lines[lines.length - 1].startsWith('└')).to.equal(true);
  });

  it('wraps long cell text at word boundaries within the maximum width', () => {
    expect(wrap('een twee drie vier', 9)).to.deep.equal(['een twee', 'drie vier']);
    expect(wrap('abcdefghij', 4)).to.deep.equal(['abcd', 'efgh', 'ij']);
  });

  it('quotes every CSV field (RFC 4180), so neither a comma nor a semicolon ever splits one', () => {
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('a;b')).to.equal('"a;b"');
    expect(csvField('zeg "ja"')).to.equal('"zeg ""ja"""');
    expect(csvField('twee\nregels')).to.equal('"twee\nregels"');
    expect(csvField(null)).to.equal('""');
    expect(toCsv(['a', 'b'], [[1, 'x']])).to.equal('"a","b"\r\n"1","x"\r\n');
  });

  it('guards CSV cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}SUM(A1)`)).to.equal(`"'${start}SUM(A1)"`);
    expect(csvField('=HYPERLINK("x"),y')).to.equal(`"'=HYPERLINK(""x""),y"`);
    // Dutch Excel splits on ';': quoted, `=1+1` stays inside the title instead of becoming a cell.
    expect(csvField('x;=1+1;y')).to.equal('"x;=1+1;y"');
    expect(csvField(-1)).to.equal('"-1"');
  });

  it('colours only on a terminal and never when NO_COLOR is set', () => {
    expect(colourWanted(true, {})).to.equal(true);
    expect(colourWanted(false, {})).to.equal(false);
    expect(colourWanted(true, { NO_COLOR: '1' })).to.equal(false);
    expect(painter(false)('x', 'red')).to.equal('x');
    expect(painter(true)('x', 'red')).to.equal('\u001b[31mx\u001b[39m');
  });
});
