import { expect } from 'chai';
import { extractPageFacts } from '../../server/domain';
import { dataOf, errorCodes, fence, render } from './embed-html';

describe('the overview and search embeds (contract §8.1-8.2)', () => {
  it('leaves an overview placeholder with its framework and filter, in Dutch or English names', () => {
    for (const [name, body] of [
      ['afsprakenoverzicht', 'kader: werkende-afspraken\nthema: [SOLK, meer bewegen]\nstatus: vastgesteld\npartij: buurtteam'],
      ['agreement-overview', 'framework: werkende-afspraken\ntheme: [solk, meer-bewegen]\nstatus: vastgesteld\nparty: buurtteam'],
    ]) {
      const html = render(fence(name, body));
      expect(dataOf(html, 'afsprakenwiki-overview'), name).to.deep.equal({
        framework: 'werkende-afspraken',
        'filter-themes': 'solk,meer-bewegen',
        'filter-statuses': 'vastgesteld',
        'filter-parties': 'buurtteam',
      });
      expect(html, 'inside a v-pre root').to.match(/^<div class="afsprakenwiki-embed"[^>]* v-pre/);
    }
  });

  it('leaves an overview placeholder without attributes for an empty block, and a search placeholder for either name', () => {
    expect(dataOf(render(fence('afsprakenoverzicht', '')), 'afsprakenwiki-overview')).to.deep.equal({});
    for (const name of ['afsprakenzoeker', 'agreement-search']) {
      const html = render(fence(name, ''));
      expect(dataOf(html, 'afsprakenwiki-search'), name).to.deep.equal({});
      expect(html, name).not.to.include('afsprakenwiki-error');
    }
  });

  it('shows an error box for a field the block does not know or a framework key that is no key, and still mounts', () => {
    const html = render(fence('afsprakenoverzicht', 'stelsel: kb\nkader: "kein key!"'));
    expect(errorCodes(html)).to.have.members(['unknown-field:stelsel', 'invalid-field:kader']);
    expect(dataOf(html, 'afsprakenwiki-overview')).to.deep.equal({});
    expect(errorCodes(render(fence('afsprakenzoeker', 'thema: solk')))).to.deep.equal(['unknown-field:thema']);
  });

  it('records both embeds in the page facts', () => {
    const facts = extractPageFacts({ id: 1, path: 'overzicht', locale: 'nl', title: 'Overzicht', tags: [], isPublished: true, content: `${fence('afsprakenoverzicht', 'status: concept')}\n${fence('afsprakenzoeker', '')}` });
    expect(facts.embeds.map((e) => [e.kind, e.framework, e.filter])).to.deep.equal([
      ['overview', undefined, { statuses: ['concept'] }],
      ['search', undefined, {}],
    ]);
  });
});
