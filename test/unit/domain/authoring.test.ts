import { expect } from 'chai';
import { cleanTitle, emptyTagValues, hasPlacementPrefix, markdownText, replacePlacementTags } from '../../../server/domain';

describe('authoring helpers (contract §7.2 tag replacement)', () => {
  it('recognises every contract prefix, Dutch and English, whatever the value', () => {
    const contract = ['stelsel:a', 'system:a', 'kolom:b', 'column:b', 'hoofdstuk:c', 'chapter:c', 'laag:d', 'layer:d', 'thema:e', 'theme:e', 'status:f', 'partij:g', 'party:g', 'kolom:', ' Laag : x'];
    expect(contract.filter(hasPlacementPrefix)).to.deep.equal(contract);
    expect(['wijk', 'afdeling:noord', ':kolom', 'kolommen:x', 'stelsels:x'].filter(hasPlacementPrefix)).to.deep.equal([]);
  });

  it('keeps other tags in their order and appends the chosen placement in Dutch form', () => {
    const values = { ...emptyTagValues(), systems: ['kb'], columns: ['leren'], layers: ['normen', 'techniek'], statuses: ['concept'], parties: ['buurtteam'] };
    expect(replacePlacementTags(['wijk', 'system:oud', 'column:x', 'afdeling:noord', 'status:vastgesteld'], values)).to.deep.equal([
      'wijk',
      'afdeling:noord',
      'stelsel:kb',
      'kolom:leren',
      'laag:normen',
      'laag:techniek',
      'status:concept',
      'partij:buurtteam',
    ]);
    expect(replacePlacementTags(['wijk', 'thema:x'], emptyTagValues())).to.deep.equal(['wijk']);
  });

  it('makes titles one clean line and markdown headings plain text', () => {
    expect(cleanTitle(' a\n\tb\u0000c  ')).to.equal('a bc');
    expect(markdownText('<b>*x*</b> & [y](z) #1')).to.equal('\\<b\\>\\*x\\*\\</b\\> \\& \\[y\\](z) \\#1');
  });
});
