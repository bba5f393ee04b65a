import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { JSDOM } from 'jsdom';
import { markdownAfsprakenwiki } from '../../server/render/markdown-plugin';
import { extractPageFacts } from '../../server/domain';

function dom(markdown: string): Document {
  const md = new MarkdownIt({ html: true });
  md.use(markdownAfsprakenwiki);
  return new JSDOM(md.render(markdown)).window.document;
}

const fence = (name: string, body: string) => `\`\`\`${name}\n${body}\n\`\`\`\n`;

describe('the overview and search embeds (contract §8.1-8.2)', () => {
  it('leaves an overview placeholder with its framework and filter, in Dutch or English names', () => {
    for (const [name, body] of [
      ['afsprakenoverzicht', 'kader: werkende-afspraken\nthema: [SOLK, meer bewegen]\nstatus: vastgesteld\npartij: buurtteam'],
      ['agreement-overview', 'framework: werkende-afspraken\ntheme: [solk, meer-bewegen]\nstatus: vastgesteld\nparty: buurtteam'],
    ]) {
      const placeholder = dom(fence(name, body)).querySelector('div.afsprakenwiki-overview') as HTMLElement;
      expect(placeholder, name).not.to.equal(null);
      expect({ ...placeholder.dataset }, name).to.deep.equal({
        framework: 'werkende-afspraken',
        filterThemes: 'solk,meer-bewegen',
        filterStatuses: 'vastgesteld',
        filterParties: 'buurtteam',
      });
      expect(placeholder.closest('[v-pre]'), 'inside a v-pre root').not.to.equal(null);
    }
  });

  it('leaves an overview placeholder without attributes for an empty block, and a search placeholder for either name', () => {
    const overview = dom(fence('afsprakenoverzicht', '')).querySelector('div.afsprakenwiki-overview') as HTMLElement;
    expect({ ...overview.dataset }).to.deep.equal({});
    for (const name of ['afsprakenzoeker', 'agreement-search']) {
      const doc = dom(fence(name, ''));
      expect(doc.querySelector('div.afsprakenwiki-search'), name).not.to.equal(null);
      expect(doc.querySelector('.afsprakenwiki-error'), name).to.equal(null);
    }
  });

  it('shows an error box for a field the block does not know or a framework key that is no key, and still mounts', () => {
    const doc = dom(fence('afsprakenoverzicht', 'stelsel: kb\nkader: "kein key!"'));
    const codes = [...doc.querySelectorAll('.afsprakenwiki-error li')].map((li) => `${li.getAttribute('data-code')}:${li.getAttribute('data-field')}`);
    expect(codes).to.have.members(['unknown-field:stelsel', 'invalid-field:kader']);
    expect((doc.querySelector('div.afsprakenwiki-overview') as HTMLElement).dataset.framework).to.equal(undefined);
    const search = dom(fence('afsprakenzoeker', 'thema: solk'));
    expect(search.querySelector('.afsprakenwiki-error li')?.getAttribute('data-code')).to.equal('unknown-field');
  });

  it('records both embeds in the page facts', () => {
    const facts = extractPageFacts({ id: 1, path: 'overzicht', locale: 'nl', title: 'Overzicht', tags: [], isPublished: true, content: `${fence('afsprakenoverzicht', 'status: concept')}\n${fence('afsprakenzoeker', '')}` });
    expect(facts.embeds.map((e) => [e.kind, e.framework, e.filter])).to.deep.equal([
      ['overview', undefined, { statuses: ['concept'] }],
      ['search', undefined, {}],
    ]);
  });
});
