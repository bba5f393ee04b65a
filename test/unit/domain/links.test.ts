import { expect } from 'chai';
import { pageLinkText, parsePageLinkInput, trimSlashes, normaliseWikiPath } from '../../../server/domain';

describe('page links as inputs take them (contract §8.3)', () => {
  it('reads the three forms, and URL-encoded segments as the client writes them', () => {
    expect(parsePageLinkInput('/nl/kb-overvecht/solk/samenwerking')).to.deep.equal({ link: { locale: 'nl', path: 'kb-overvecht/solk/samenwerking' } });
    expect(parsePageLinkInput('/kb-overvecht/solk/samenwerking/')).to.deep.equal({ link: { path: 'kb-overvecht/solk/samenwerking' } });
    expect(parsePageLinkInput('kb-overvecht/solk/samenwerking')).to.deep.equal({ link: { path: 'kb-overvecht/solk/samenwerking' } });
    expect(parsePageLinkInput('/pt-BR/kb-x/y')).to.deep.equal({ link: { locale: 'pt-br', path: 'kb-x/y' } });
    expect(parsePageLinkInput('/nl/kb-overvecht/co%C3%B6rdinatie')).to.deep.equal({ link: { locale: 'nl', path: 'kb-overvecht/coördinatie' } });
  });

  it('writes a link back in the form the index reads as the same page', () => {
    expect(pageLinkText({ locale: 'nl', path: 'kb-overvecht/solk' })).to.equal('/nl/kb-overvecht/solk');
    expect(pageLinkText({ path: 'kb-overvecht/solk' })).to.equal('kb-overvecht/solk');
  });

  it('says why a link names no page Wiki.js could hold', () => {
    expect(parsePageLinkInput('  ')).to.deep.equal({ problem: 'empty' });
    expect(parsePageLinkInput('https://example.org/x')).to.deep.equal({ problem: 'illegal-character' });
    expect(parsePageLinkInput('/kb overvecht/x')).to.deep.equal({ problem: 'illegal-character' });
    // Without a leading slash `nl/` is a path's first segment, and Wiki.js reserves locale-like ones.
    expect(parsePageLinkInput('nl/kb-overvecht/x')).to.deep.equal({ problem: 'reserved' });
    expect(parsePageLinkInput('/nl/')).to.deep.equal({ problem: 'reserved' });
    expect(parsePageLinkInput(`/nl/${'a'.repeat(256)}`)).to.deep.equal({ problem: 'too-long' });
    expect(parsePageLinkInput('/%E0%A4%A')).to.deep.equal({ problem: 'illegal-character' });
  });

  it('takes time linear in the input: 80,000 slashes between two letters', () => {
    const slashes = `a${'/'.repeat(80_000)}b`;
    // A quadratic trim takes seconds here (6.4 billion steps); a scan, microseconds.
    const started = process.hrtime.bigint();
    expect(trimSlashes(`//${slashes}//`)).to.equal(slashes);
    expect(normaliseWikiPath(` /${slashes}/ `)).to.equal(slashes);
    expect(parsePageLinkInput(slashes)).to.deep.equal({ problem: 'too-long' });
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(1000);
  });
});
