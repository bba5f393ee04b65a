import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { markdownAfsprakenwiki } from '../../server/render/markdown-plugin';
import { extractPageFacts } from '../../server/domain';

const render = (markdown: string): string => new MarkdownIt({ html: true }).use(markdownAfsprakenwiki).render(markdown);
const fence = (name: string, body: string) => `\`\`\`${name}\n${body}\n\`\`\`\n`;

describe('the afsprakenoverdracht embed (contract §8.3)', () => {
  it('renders a placeholder with the reference, the receiver and the filter, Dutch or English keys', () => {
    const nl = render(fence('afsprakenoverdracht', 'referentie: KB Overvecht\nontvanger: kb-noordwest\nthema: solk'));
    expect(nl).to.include('class="afsprakenwiki-handover"');
    expect(nl).to.include('data-reference="kb-overvecht"');
    expect(nl).to.include('data-receiver="kb-noordwest"');
    expect(nl).to.include('data-filter-themes="solk"');
    expect(nl).to.include('Overdracht van kb-overvecht naar kb-noordwest wordt geladen');
    const en = render(fence('agreement-handover', 'reference: a\nreceiver: b'));
    expect(en).to.include('data-reference="a"');
    expect(en).to.include('Loading the handover from a to b');
  });

  it('names a missing receiver in an error box and renders no placeholder', () => {
    const html = render(fence('afsprakenoverdracht', 'referentie: a'));
    expect(html).not.to.include('afsprakenwiki-handover"');
    expect(html).to.include('data-code="missing-field"');
    expect(html).to.include('data-field="ontvanger"');
  });

  it('is an embed of the page facts', () => {
    const facts = extractPageFacts({ id: 1, path: 'x', locale: 'nl', title: 'x', tags: [], isPublished: true, content: fence('afsprakenoverdracht', 'referentie: a\nontvanger: b') });
    expect(facts.embeds).to.deep.equal([{ kind: 'handover', reference: 'a', receiver: 'b', filter: {}, line: 1 }]);
  });
});
