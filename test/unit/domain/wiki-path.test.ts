import { expect } from 'chai';
import { normaliseWikiPath, slugOf, suggestedAgreementPath, trimSlashes, wikiPathProblem } from '../../../server/domain/wiki-path';

describe('Wiki.js paths and the suggested agreement path (contract §7.1)', () => {
  it('makes slugs as the contract says: lower case, no diacritics, runs of other characters → one dash', () => {
    expect(slugOf('Samenwerkingsafspraken SOLK')).to.equal('samenwerkingsafspraken-solk');
    expect(slugOf('  Café & Zorg: één loket!  ')).to.equal('cafe-zorg-een-loket');
    expect(slugOf('---')).to.equal('');
    expect(slugOf('Ψ only')).to.equal('only');
  });

  it('cuts slugs at 60 characters without leaving a dash at the end', () => {
    const title = `${'a'.repeat(59)} bcd`;
    expect(slugOf(title)).to.equal('a'.repeat(59));
    expect(slugOf('b'.repeat(80))).to.have.length(60);
  });

  it("suggests <system page path or key>/<column or chapter>/<slug>", () => {
    expect(suggestedAgreementPath({ key: 'kb-overvecht', pagePath: 'kb-overvecht' }, { chapter: 'kwaliteit', column: 'dienstverlening' }, 'Warme overdracht')).to.equal(
      'kb-overvecht/dienstverlening/warme-overdracht',
    );
    expect(suggestedAgreementPath({ key: 'x', pagePath: '/stelsels/x/' }, { chapter: 'duurzaamheid', column: null }, 'Één budget')).to.equal('stelsels/x/duurzaamheid/een-budget');
    expect(suggestedAgreementPath({ key: 'zonder-pagina' }, { chapter: 'kwaliteit', column: 'leren' }, 'Intervisie')).to.equal('zonder-pagina/leren/intervisie');
  });

  it('finds the paths Wiki.js refuses or misreads', () => {
    expect(wikiPathProblem('kb/a')).to.equal('reserved', 'two letters read as a locale');
    expect(wikiPathProblem('kbo/a')).to.equal(undefined);
    expect(wikiPathProblem('/kbo/a/')).to.equal(undefined);
    expect(wikiPathProblem('  ')).to.equal('empty');
    expect(wikiPathProblem('kbo/a.b')).to.equal('illegal-character');
    expect(wikiPathProblem('kbo/a b')).to.equal('illegal-character');
    expect(wikiPathProblem('kbo//a')).to.equal('illegal-character');
    expect(wikiPathProblem('kbo\\a')).to.equal('illegal-character');
    expect(wikiPathProblem('kbo/a\u0007')).to.equal('illegal-character');
    expect(wikiPathProblem('nl/kb')).to.equal('reserved');
    expect(wikiPathProblem('en-gb/kb')).to.equal('reserved');
    expect(wikiPathProblem('login/x')).to.equal('reserved');
    expect(wikiPathProblem('e/kb')).to.equal('reserved');
    expect(wikiPathProblem(`kbo/${'a'.repeat(260)}`)).to.equal('too-long');
    expect(normaliseWikiPath('//kb/a//')).to.equal('kb/a');
    // The length before anything else: `//` inside would be an illegal character, but the trimming used to be quadratic first.
    expect(wikiPathProblem(`a${'/'.repeat(80000)}b`)).to.equal('too-long');
    expect(wikiPathProblem(`  /kbo/${'a'.repeat(250)}/  `)).to.equal(undefined);
  });

  it('trims slashes as /^\\/+|\\/+$/g does, in one pass', () => {
    for (const text of ['', '/', '//', 'a', '/a', 'a/', '//a//b//', 'a//b', '///a/b/c///']) {
      expect(trimSlashes(text), text).to.equal(text.replace(/^\/+|\/+$/g, ''));
    }
    expect(trimSlashes(`a${'/'.repeat(80000)}b`)).to.have.length(80002);
  });
});
