import { expect } from 'chai';
import {
  MAX_BLOCK_CHARS,
  MAX_LIST_ITEMS,
  extractPageFacts,
  findBlocks,
  parseAgreementBlock,
  parseEmbedBlock,
  parseSystemBlock,
  type BlockKind,
  type RawBlock,
} from '../../../server/domain';
import { fence, issuesWith, page } from './builders';

/** The one block of a kind in a piece of markdown. */
function only(markdown: string): RawBlock {
  const blocks = findBlocks(markdown);
  expect(blocks).to.have.length(1);
  return blocks[0];
}

describe('finding blocks in markdown (contract §3)', () => {
  const names: Array<[string, BlockKind]> = [
    ['afsprakenstelsel', 'system'],
    ['agreement-system', 'system'],
    ['afspraak', 'agreement'],
    ['agreement', 'agreement'],
    ['afsprakenkader', 'framework'],
    ['agreement-framework', 'framework'],
    ['afsprakenmatrix', 'matrix'],
    ['agreement-matrix', 'matrix'],
    ['afsprakenvergelijking', 'comparison'],
    ['agreement-comparison', 'comparison'],
  ];
  for (const [name, kind] of names) {
    it(`finds a ${name} fence as a ${kind} block`, () => {
      expect(only(fence(name, 'a: 1'))).to.include({ kind, name, body: 'a: 1', line: 1, closed: true });
    });
  }

  it('gives the 1-based line of the opening fence and the body between the fences', () => {
    const block = only(['# Kop', '', 'tekst', '~~~~ afspraak', 'status: concept', 'laag: normen', '~~~~', 'meer'].join('\n'));
    expect(block).to.include({ line: 4, body: 'status: concept\nlaag: normen', closed: true });
  });

  it('counts lines the same with CRLF and CR line ends', () => {
    for (const eol of ['\r\n', '\r']) expect(only(['x', '```afspraak', 'a: 1', '```'].join(eol)).line).to.equal(2);
  });

  it('skips fences of other languages whole, so an example inside a markdown fence is not read', () => {
    const md = ['````markdown', '```afspraak', 'status: concept', '```', '````', fence('afspraak', 'b: 2')].join('\n');
    expect(only(md)).to.include({ body: 'b: 2', line: 6 });
  });

  it('reads an unclosed fence to the end of the page', () => {
    expect(only('```afspraak\nstatus: concept\nlaag: normen')).to.include({ closed: false, body: 'status: concept\nlaag: normen' });
  });

  it('does not close a fence with a shorter fence or the other fence character', () => {
    const block = only(['````afspraak', 'a: 1', '```', '~~~~', 'b: 2', '````'].join('\n'));
    expect(block.body).to.equal('a: 1\n```\n~~~~\nb: 2');
  });

  it('does not take an indented code line of four spaces or a backtick info with a backtick as a fence', () => {
    expect(findBlocks('    ```afspraak\n    a: 1\n    ```')).to.deep.equal([]);
    expect(findBlocks('```afspraak `x`\na: 1\n```')).to.deep.equal([]);
  });

  it('accepts the block name in any case and with words after it', () => {
    expect(only('```Afspraak {.x}\na: 1\n```').kind).to.equal('agreement');
  });

  it('reads malformed front matter–like content as no block and no issue, and the block after it normally', () => {
    const md = ['---', 'title: [x', 'tags: "a', '---', fence('afspraak', 'status: concept')].join('\n');
    const facts = extractPageFacts(page({ id: 1, content: md }));
    expect(facts.agreement?.status).to.equal('concept');
    expect(facts.issues).to.deep.equal([]);
  });

  it('reads YAML front matter–like content at the top of a page as no block, and blocks after it normally', () => {
    const md = ['---', 'title: x', 'tags: [a]', '---', '', fence('afspraak', 'status: concept')].join('\n');
    expect(only(md).line).to.equal(6);
    const facts = extractPageFacts(page({ id: 1, content: md }));
    expect(facts.agreement?.status).to.equal('concept');
    expect(facts.issues).to.deep.equal([]);
  });
});

describe('reading blocks', () => {
  const block = (name: string, ...yaml: string[]) => only(fence(name, ...yaml));

  describe('malformed content', () => {
    it('reports invalid YAML as yaml-syntax with the line of the error in the page and the parser reason', () => {
      const md = ['# Kop', fence('afspraak', 'status: concept', 'kolom: [leren', 'laag: normen')].join('\n');
      const { declaration, issues } = parseAgreementBlock(only(md));
      expect(declaration).to.equal(undefined);
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ code: 'yaml-syntax', severity: 'error' });
      expect(issues[0].line).to.be.within(4, 6);
      expect(issues[0].detail).to.be.a('string').and.not.equal('');
    });

    it('reports YAML with tabs for indentation as yaml-syntax', () => {
      expect(parseAgreementBlock(block('afspraak', 'kolom:', '\t- leren')).issues[0]?.code).to.equal('yaml-syntax');
    });

    for (const [what, yaml] of [
      ['a list', '- a\n- b'],
      ['a plain text', 'gewoon tekst'],
      ['a number', '42'],
    ]) {
      it(`reports a block that is ${what} instead of a mapping as block-not-mapping`, () => {
        const { declaration, issues } = parseAgreementBlock(block('afspraak', yaml));
        expect(declaration).to.equal(undefined);
        expect(issues.map((i) => i.code)).to.deep.equal(['block-not-mapping']);
        expect(issues[0].line).to.equal(2);
      });
    }

    it('treats an empty block as a block with no fields', () => {
      const { declaration, issues } = parseAgreementBlock(only('```afspraak\n```'));
      expect(issues).to.deep.equal([]);
      expect(declaration).to.deep.include({ systems: [], columns: [], layers: [], line: 1 });
    });

    it('does not parse a block larger than the limit and reports it', () => {
      const { issues } = parseAgreementBlock(block('afspraak', `contact: "${'x'.repeat(MAX_BLOCK_CHARS)}"`));
      expect(issues.map((i) => i.code)).to.deep.equal(['block-too-large']);
    });

    it('reports a second afspraak block on a page and keeps the first', () => {
      const facts = extractPageFacts(page({ id: 1, content: [fence('afspraak', 'status: concept'), fence('agreement', 'status: agreed')].join('\n') }));
      expect(facts.agreement?.status).to.equal('concept');
      expect(issuesWith(facts.issues, 'invalid-field')[0]).to.include({ detail: 'duplicate', line: 4 });
    });

    it('reads no blocks from an html page', () => {
      const facts = extractPageFacts(page({ id: 1, contentType: 'html', content: fence('afspraak', 'status: [') }));
      expect(facts.issues).to.deep.equal([]);
      expect(facts.agreement).to.equal(undefined);
    });

    it('marks every page issue with the page id, path and locale', () => {
      const facts = extractPageFacts(page({ id: 3, path: 'x/y', locale: 'en', content: fence('afspraak', 'foo: 1') }));
      expect(facts.issues[0]).to.include({ pageId: 3, pagePath: 'x/y', locale: 'en' });
    });
  });

  describe('afspraak / agreement blocks', () => {
    const dutch = ['stelsel: kb', 'kolom: leren', 'hoofdstuk: duurzaamheid', 'laag: normen', 'thema: solk', 'status: vastgesteld', 'partijen: huisartsen', 'eigenaar: POH', 'vastgesteld: 2018-03-29', 'herzien-voor: 2020-03-29', 'bronnen: https://x/y.pdf', 'contact: Jan'];
    const english = ['system: kb', 'column: leren', 'chapter: duurzaamheid', 'layer: normen', 'theme: solk', 'status: vastgesteld', 'parties: huisartsen', 'owner: POH', 'agreed: 2018-03-29', 'review-by: 2020-03-29', 'sources: https://x/y.pdf', 'contact: Jan'];
    const expected = {
      systems: ['kb'],
      columns: ['leren'],
      chapters: ['duurzaamheid'],
      layers: ['normen'],
      themes: ['solk'],
      status: 'vastgesteld',
      parties: ['huisartsen'],
      owner: 'POH',
      agreed: '2018-03-29',
      reviewBy: '2020-03-29',
      sources: ['https://x/y.pdf'],
      contact: 'Jan',
    };
    for (const [lang, yaml] of [['Dutch', dutch], ['English', english]] as const) {
      it(`reads every field with ${lang} keys, a single value where several are allowed`, () => {
        const { declaration, issues } = parseAgreementBlock(block('afspraak', ...yaml));
        expect(issues).to.deep.equal([]);
        expect(declaration).to.deep.include(expected);
      });
    }

    it('reads lists, normalising placement values and keeping texts as written', () => {
      const { declaration } = parseAgreementBlock(block('afspraak', 'kolom: [Gezond werk, Leren]', 'bronnen: [A B, C]', 'partijen: [Buurt Team]'));
      expect(declaration).to.deep.include({ columns: ['gezond-werk', 'leren'], sources: ['A B', 'C'], parties: ['buurt-team'] });
    });

    it('records the line of each placement field', () => {
      const { declaration } = parseAgreementBlock(only(['x', fence('afspraak', 'stelsel: kb', 'laag: normen', 'kolom:', '  - leren')].join('\n')));
      expect(declaration?.lines).to.deep.include({ systems: 3, layers: 4, columns: 5 });
    });

    it('reports an unknown field as a warning naming the field, its line and the valid fields', () => {
      const { declaration, issues } = parseAgreementBlock(block('afspraak', 'status: concept', 'kleur: rood'));
      expect(declaration?.status).to.equal('concept');
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ code: 'unknown-field', severity: 'warning', field: 'kleur', line: 3 });
      expect(issues[0].validValues).to.include.members(['stelsel', 'system', 'kolom', 'column', 'status']);
    });

    it('reads owners and contacts as one value or a list, each trimmed, the text as shown joining them', () => {
      const list = parseAgreementBlock(block('afspraak', 'eigenaar: ["  POH GGZ ", Gemeente]', 'contact: "  Jan  de Vries "'));
      expect(list.issues).to.deep.equal([]);
      expect(list.declaration).to.deep.include({ owner: 'POH GGZ, Gemeente', owners: ['POH GGZ', 'Gemeente'], contact: 'Jan  de Vries', contacts: ['Jan  de Vries'] });
      const none = parseAgreementBlock(block('afspraak', 'eigenaar:', 'contact: []'));
      expect(none.declaration).to.deep.include({ owner: undefined, owners: [], contact: undefined, contacts: [] });
    });

    it('reports values of the wrong shape as invalid-field with the field and its line', () => {
      const { declaration, issues } = parseAgreementBlock(block('afspraak', 'eigenaar: { a: 1 }', 'kolom: { a: 1 }', 'laag: [normen, [x]]'));
      expect(declaration?.owner).to.equal(undefined);
      expect(declaration?.owners).to.deep.equal([]);
      expect(declaration?.layers).to.deep.equal(['normen']);
      expect(issues.map((i) => [i.code, i.field, i.line])).to.deep.equal([
        ['invalid-field', 'kolom[1]', 3],
        ['invalid-field', 'laag[2]', 4],
        ['invalid-field', 'eigenaar', 2],
      ]);
    });

    it('reports several statuses in one block as invalid', () => {
      const { issues } = parseAgreementBlock(block('afspraak', 'status: [concept, vastgesteld]'));
      expect(issuesWith(issues, 'invalid-field', 'status')).to.have.length(1);
    });

    it(`cuts a list longer than ${MAX_LIST_ITEMS} items with an issue`, () => {
      const items = Array.from({ length: MAX_LIST_ITEMS + 5 }, (_, i) => `b${i}`).join(', ');
      const { declaration, issues } = parseAgreementBlock(block('afspraak', `bronnen: [${items}]`));
      expect(declaration?.sources).to.have.length(MAX_LIST_ITEMS);
      expect(issuesWith(issues, 'invalid-field', 'bronnen')).to.have.length(1);
    });
  });

  describe('afsprakenstelsel / agreement-system blocks', () => {
    const dutch = [
      'key: KB Overvecht',
      'titel: Krachtige Basiszorg',
      'kader: werkende-afspraken',
      'regio: Utrecht',
      'versie: 2.1',
      'datum: 2019-02-01',
      'eigenaar: Stichting',
      'probleem: Toegang',
      'doelen: [Gezondheid, Efficiënt]',
      'partijen:',
      '  - { key: huisartsen, naam: Huisartsen }',
      '  - buurtteam',
      'themas:',
      '  - { key: meer-bewegen, titel: Meer bewegen, contact: Jan }',
      'resultaten:',
      '  - { indicator: CVG, van: 4.7, naar: 6.1 }',
      'vergelijk-met: kb-noordwest',
    ];
    const english = dutch.map((l) =>
      l
        .replace(/^titel:/, 'title:')
        .replace(/^kader:/, 'framework:')
        .replace(/^regio:/, 'region:')
        .replace(/^versie:/, 'version:')
        .replace(/^datum:/, 'date:')
        .replace(/^eigenaar:/, 'owner:')
        .replace(/^probleem:/, 'problem:')
        .replace(/^doelen:/, 'goals:')
        .replace(/^partijen:/, 'parties:')
        .replace('naam:', 'name:')
        .replace(/^themas:/, 'themes:')
        .replace('titel: Meer', 'title: Meer')
        .replace(/^resultaten:/, 'results:')
        .replace(/^vergelijk-met:/, 'compare-with:'),
    );
    for (const [lang, name, yaml] of [['Dutch', 'afsprakenstelsel', dutch], ['English', 'agreement-system', english]] as const) {
      it(`reads every field with ${lang} keys`, () => {
        const { declaration, issues } = parseSystemBlock(block(name, ...yaml));
        expect(issues).to.deep.equal([]);
        expect(declaration).to.deep.equal({
          key: 'kb-overvecht',
          title: 'Krachtige Basiszorg',
          framework: 'werkende-afspraken',
          region: 'Utrecht',
          version: '2.1',
          date: '2019-02-01',
          owner: 'Stichting',
          problem: 'Toegang',
          goals: ['Gezondheid', 'Efficiënt'],
          parties: [{ key: 'huisartsen', name: 'Huisartsen' }, { key: 'buurtteam', name: undefined }],
          themes: [{ key: 'meer-bewegen', title: 'Meer bewegen', contact: 'Jan' }],
          results: [{ indicator: 'CVG', van: '4.7', naar: '6.1' }],
          compareWith: 'kb-noordwest',
          line: 1,
        });
      });
    }

    it('accepts a single result mapping as a list of one', () => {
      const { declaration, issues } = parseSystemBlock(block('afsprakenstelsel', 'key: kb', 'resultaten: { indicator: CVG }'));
      expect(issues).to.deep.equal([]);
      expect(declaration?.results).to.deep.equal([{ indicator: 'CVG' }]);
    });

    it('reports a missing key and yields no declaration', () => {
      const { declaration, issues } = parseSystemBlock(block('afsprakenstelsel', 'titel: Zonder sleutel'));
      expect(declaration).to.equal(undefined);
      expect(issues.map((i) => [i.code, i.field])).to.deep.equal([['missing-field', 'key']]);
    });

    it('reports a key that is not a valid key after normalisation', () => {
      const { declaration, issues } = parseSystemBlock(block('afsprakenstelsel', 'key: "kb/overvecht!"'));
      expect(declaration).to.equal(undefined);
      expect(issues[0]).to.include({ code: 'invalid-field', field: 'key', value: 'kb/overvecht!', detail: 'key', line: 2 });
    });

    it('reports wrong shapes in parties, themes and results but keeps the valid entries', () => {
      const { declaration, issues } = parseSystemBlock(
        block('afsprakenstelsel', 'key: kb', 'partijen: [{ naam: Zonder key }, { key: ok }]', 'themas: [[nested]]', 'resultaten: tekst', 'doelen: { a: 1 }'),
      );
      expect(declaration?.parties).to.deep.equal([{ key: 'ok', name: undefined }]);
      expect(declaration?.themes).to.deep.equal([]);
      expect(issues.map((i) => i.field)).to.have.members(['partijen[1].key', 'themas[1]', 'resultaten', 'doelen[1]']);
      expect(issues.every((i) => i.code === 'invalid-field')).to.equal(true);
    });

    it('reports unknown fields of a system block even when its key is missing', () => {
      const { issues } = parseSystemBlock(block('afsprakenstelsel', 'titel: x', 'kleur: rood'));
      expect(issues.map((i) => [i.code, i.field])).to.have.deep.members([
        ['missing-field', 'key'],
        ['unknown-field', 'kleur'],
      ]);
    });
  });

  describe('afsprakenmatrix and afsprakenvergelijking embeds', () => {
    it('reads a matrix embed with Dutch keys and its filters', () => {
      const { embed, issues } = parseEmbedBlock(block('afsprakenmatrix', 'stelsel: kb', 'hoofdstuk: Kwaliteit', 'thema: [solk]', 'status: concept', 'partij: buurtteam', 'met-vervallen: ja'));
      expect(issues).to.deep.equal([]);
      expect(embed).to.deep.equal({
        kind: 'matrix',
        system: 'kb',
        chapter: 'kwaliteit',
        filter: { themes: ['solk'], statuses: ['concept'], parties: ['buurtteam'], includeRetired: true },
        line: 1,
      });
    });

    it('reads a matrix embed with English keys', () => {
      const { embed, issues } = parseEmbedBlock(block('agreement-matrix', 'system: kb', 'chapter: quality', 'themes: solk', 'statuses: [Agreed]', 'parties: [a]', 'include-retired: false'));
      expect(issues).to.deep.equal([]);
      expect(embed).to.deep.include({ system: 'kb', chapter: 'quality', filter: { themes: ['solk'], statuses: ['agreed'], parties: ['a'], includeRetired: false } });
    });

    it('reports a matrix embed without a system', () => {
      const { embed, issues } = parseEmbedBlock(block('afsprakenmatrix', 'thema: solk'));
      expect(embed).to.equal(undefined);
      expect(issues.map((i) => i.code)).to.deep.equal(['missing-field']);
    });

    it('reads a comparison embed with and without b', () => {
      expect(parseEmbedBlock(block('afsprakenvergelijking', 'a: kb-1', 'b: kb-2')).embed).to.deep.include({ kind: 'comparison', a: 'kb-1', b: 'kb-2' });
      expect(parseEmbedBlock(block('agreement-comparison', 'a: kb-1')).embed).to.deep.include({ a: 'kb-1', b: undefined });
    });

    it('reports a comparison embed without a and an unknown field in an embed', () => {
      expect(parseEmbedBlock(block('afsprakenvergelijking', 'b: x')).issues.map((i) => i.code)).to.deep.equal(['missing-field']);
      expect(parseEmbedBlock(block('afsprakenmatrix', 'stelsel: kb', 'kleur: rood')).issues.map((i) => [i.code, i.field])).to.deep.equal([['unknown-field', 'kleur']]);
    });
  });
});
