import { expect } from 'chai';
import { extractPageFacts } from '../../server/domain';
import { dataOf, errorCodes, fence, render } from './embed-html';

describe('the parties embed (contract §11)', () => {
  it('leaves a placeholder with its system, framework and filter, in Dutch or English names', () => {
    for (const [name, body] of [
      ['afsprakenpartijen', 'stelsel: KB Overvecht\nkader: werkende-afspraken\nthema: [SOLK, meer bewegen]\nstatus: vastgesteld'],
      ['agreement-parties', 'system: kb-overvecht\nframework: werkende-afspraken\ntheme: [solk, meer-bewegen]\nstatus: [agreed]'],
    ]) {
      const html = render(fence(name, body));
      expect(html, name).not.to.include('afsprakenwiki-error');
      expect(dataOf(html, 'afsprakenwiki-parties'), name).to.deep.equal({
        system: 'kb-overvecht',
        framework: 'werkende-afspraken',
        'filter-themes': 'solk,meer-bewegen',
        // Status keys are resolved by the service, as in every other embed.
        'filter-statuses': name === 'afsprakenpartijen' ? 'vastgesteld' : 'agreed',
      });
      expect(html, 'inside a v-pre root').to.match(/^<div class="afsprakenwiki-embed"[^>]* v-pre/);
    }
  });

  it('leaves a placeholder without attributes for an empty block: the parties across every system', () => {
    const html = render(fence('afsprakenpartijen', ''));
    expect(dataOf(html, 'afsprakenwiki-parties')).to.deep.equal({});
    expect(html).to.include('Partijen van de afsprakenstelsels worden geladen');
  });

  it('shows an error box for a field it does not know (a party filter included), and mounts nothing for a system key that is no key', () => {
    const unknown = render(fence('afsprakenpartijen', 'partij: buurtteam\nhoofdstuk: kwaliteit'));
    expect(errorCodes(unknown)).to.have.members(['unknown-field:partij', 'unknown-field:hoofdstuk']);
    expect(dataOf(unknown, 'afsprakenwiki-parties')).to.deep.equal({});
    const invalid = render(fence('afsprakenpartijen', 'stelsel: "kein key!"'));
    expect(errorCodes(invalid)).to.deep.equal(['invalid-field:stelsel']);
    expect(dataOf(invalid, 'afsprakenwiki-parties')).to.equal(undefined);
  });

  it('records the embed in the page facts', () => {
    const facts = extractPageFacts({ id: 1, path: 'partijen', locale: 'nl', title: 'Partijen', tags: [], isPublished: true, content: fence('afsprakenpartijen', 'thema: solk') });
    expect(facts.embeds.map((e) => [e.kind, e.system, e.framework, e.filter])).to.deep.equal([['parties', undefined, undefined, { themes: ['solk'] }]]);
  });
});
