import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { extractPageFacts } from '../../server/domain';
import { markdownAfsprakenwiki } from '../../server/render/markdown-plugin';

const fence = (name: string, body = '') => `\`\`\`${name}\n${body}${body ? '\n' : ''}\`\`\`\n`;

function render(markdown: string): string {
  const md = new MarkdownIt({ html: true });
  md.use(markdownAfsprakenwiki);
  return md.render(markdown);
}

function factsOf(content: string) {
  return extractPageFacts({ id: 1, path: 'p', locale: 'nl', title: 'P', tags: [], content, isPublished: true });
}

describe('the afsprakenonderhoud embed (contract §10)', () => {
  it('without stelsel: the upkeep of every system, a placeholder without data-system', () => {
    const html = render(fence('afsprakenonderhoud'));
    expect(html).to.contain('<div class="afsprakenwiki-maintenance" aria-live="polite"><p class="afsprakenwiki-loading">Onderhoud wordt geladen…</p>');
    expect(html).not.to.contain('data-system');
    expect(factsOf(fence('afsprakenonderhoud')).embeds).to.deep.equal([{ kind: 'maintenance', system: undefined, filter: {}, line: 1 }]);
  });

  it('with stelsel (or system: under the English alias): one system, key normalised', () => {
    expect(render(fence('afsprakenonderhoud', 'stelsel: kb-overvecht'))).to.contain('<div class="afsprakenwiki-maintenance" data-system="kb-overvecht" aria-live="polite">');
    const facts = factsOf(fence('agreement-maintenance', 'system: KB Noordwest'));
    expect(facts.embeds.map((e) => [e.kind, e.system])).to.deep.equal([['maintenance', 'kb-noordwest']]);
    expect(facts.issues).to.deep.equal([]);
  });

  it('an invalid key or an unknown field gives an error box; an invalid key no placeholder', () => {
    const html = render(fence('afsprakenonderhoud', 'stelsel: "<b>x</b>!"\nfilter: ja'));
    expect(html).to.contain('data-code="invalid-field"');
    expect(html).to.contain('data-code="unknown-field"');
    expect(html).not.to.contain('afsprakenwiki-maintenance');
    expect(html).not.to.contain('<b>');
  });
});
