import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { markdownAfsprakenwiki } from '../../server/render/markdown-plugin';
import { extractPageFacts } from '../../server/domain';

function render(markdown: string): string {
  const md = new MarkdownIt({ html: true });
  md.use(markdownAfsprakenwiki);
  return md.render(markdown);
}

/** The data-* attributes of the first element with this class, or undefined when there is none. */
function dataOf(html: string, className: string): Record<string, string> | undefined {
  const tag = new RegExp(`<div class="${className}"([^>]*)>`).exec(html);
  if (!tag) return undefined;
  return Object.fromEntries([...tag[1].matchAll(/data-([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** `code:field` of every issue in the error box. */
function errorCodes(html: string): string[] {
  return [...html.matchAll(/<li[^>]*data-field="([^"]*)"[^>]*data-code="([^"]*)"/g)].map((m) => `${m[2]}:${m[1]}`);
}

const fence = (name: string, body: string) => `\`\`\`${name}\n${body}\n\`\`\`\n`;

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
