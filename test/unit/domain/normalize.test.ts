import { expect } from 'chai';
import {
  DEFAULT_FRAMEWORK,
  isValidKey,
  normaliseValue,
  parseTag,
  readTags,
  resolveChapter,
  resolveColumn,
  resolveLayer,
  resolveStatus,
} from '../../../server/domain';

describe('normalisation of tag and block values (exact rule 1)', () => {
  it('trims and lower-cases a value', () => {
    expect(normaliseValue('  Dienstverlening \t')).to.equal('dienstverlening');
  });

  it('removes diacritics, so continuïteit becomes continuiteit', () => {
    expect(normaliseValue('continuïteit')).to.equal('continuiteit');
    expect(normaliseValue('Financiën')).to.equal('financien');
    expect(normaliseValue('ÉÉN')).to.equal('een');
  });

  it('removes diacritics written as combining marks as well as precomposed ones', () => {
    expect(normaliseValue('continu\u0069\u0308teit')).to.equal('continuiteit');
  });

  it('turns spaces and underscores into a hyphen', () => {
    expect(normaliseValue('gezond werk')).to.equal('gezond-werk');
    expect(normaliseValue('gezond_werk')).to.equal('gezond-werk');
    expect(normaliseValue('in de maak')).to.equal('in-de-maak');
  });

  it('does not leave hyphens for leading or trailing white space', () => {
    expect(normaliseValue('  gezond werk  ')).to.equal('gezond-werk');
  });

  it('accepts a normalised key and rejects anything but a-z, 0-9 and single hyphens', () => {
    expect(isValidKey('kb-overvecht-2')).to.equal(true);
    for (const bad of ['', '-a', 'a-', 'a--b', 'A', 'a b', 'a/b', 'é']) expect(isValidKey(bad), bad).to.equal(false);
  });
});

describe('tags (contract §2)', () => {
  const prefixes: Array<[string, string]> = [
    ['stelsel', 'systems'],
    ['system', 'systems'],
    ['kolom', 'columns'],
    ['column', 'columns'],
    ['hoofdstuk', 'chapters'],
    ['chapter', 'chapters'],
    ['laag', 'layers'],
    ['layer', 'layers'],
    ['thema', 'themes'],
    ['theme', 'themes'],
    ['status', 'statuses'],
    ['partij', 'parties'],
    ['party', 'parties'],
  ];
  for (const [prefix, field] of prefixes) {
    it(`reads the ${prefix}: prefix into ${field}`, () => {
      expect(parseTag(`${prefix}:waarde`)).to.deep.equal({ field, prefix, value: 'waarde' });
    });
  }

  it('normalises the value of a tag, so kolom:gezond werk names gezond-werk', () => {
    expect(parseTag('kolom:gezond werk')?.value).to.equal('gezond-werk');
    expect(parseTag(' Kolom : Gezond_Werk ')?.value).to.equal('gezond-werk');
  });

  it('ignores tags without a known prefix or without a value', () => {
    for (const tag of ['solk', 'onbekend:x', ':x', 'kolom:', 'kolom:   ', '']) expect(parseTag(tag), tag).to.equal(undefined);
  });

  it('keeps every value of a prefix once, in the order written', () => {
    const values = readTags(['kolom:leren', 'laag:normen', 'column:borgen', 'kolom:Leren', 'stelsel:a', 'system:b']);
    expect(values.columns).to.deep.equal(['leren', 'borgen']);
    expect(values.systems).to.deep.equal(['a', 'b']);
    expect(values.layers).to.deep.equal(['normen']);
  });
});

describe('framework keys and aliases (exact rule 2)', () => {
  const chapterAliases: Record<string, string> = {
    kwaliteit: 'kwaliteit',
    quality: 'kwaliteit',
    duurzaamheid: 'duurzaamheid',
    sustainability: 'duurzaamheid',
    continuiteit: 'duurzaamheid',
    'Continuïteit': 'duurzaamheid',
  };
  for (const [alias, key] of Object.entries(chapterAliases)) {
    it(`resolves chapter ${alias} to ${key}`, () => {
      expect(resolveChapter(DEFAULT_FRAMEWORK, alias)?.key).to.equal(key);
    });
  }

  const columnAliases: Record<string, [string, string]> = {
    dienstverlening: ['dienstverlening', 'kwaliteit'],
    'service-delivery': ['dienstverlening', 'kwaliteit'],
    'service delivery': ['dienstverlening', 'kwaliteit'],
    klantrelatie: ['klantrelatie', 'kwaliteit'],
    'client-relationship': ['klantrelatie', 'kwaliteit'],
    'gezond-werk': ['gezond-werk', 'kwaliteit'],
    'healthy-work': ['gezond-werk', 'kwaliteit'],
    werkplezier: ['gezond-werk', 'kwaliteit'],
    financiering: ['financiering', 'duurzaamheid'],
    financing: ['financiering', 'duurzaamheid'],
    financien: ['financiering', 'duurzaamheid'],
    'financiën': ['financiering', 'duurzaamheid'],
    borgen: ['borgen', 'duurzaamheid'],
    safeguarding: ['borgen', 'duurzaamheid'],
    onderhoud: ['borgen', 'duurzaamheid'],
    maintenance: ['borgen', 'duurzaamheid'],
    leren: ['leren', 'duurzaamheid'],
    learning: ['leren', 'duurzaamheid'],
  };
  for (const [alias, [key, chapter]] of Object.entries(columnAliases)) {
    it(`resolves column ${alias} to ${key} in chapter ${chapter}`, () => {
      const found = resolveColumn(DEFAULT_FRAMEWORK, alias);
      expect(found?.column.key).to.equal(key);
      expect(found?.chapter.key).to.equal(chapter);
    });
  }

  const layerAliases: Record<string, string> = {
    normen: 'normen',
    norms: 'normen',
    werkafspraken: 'werkafspraken',
    'working-agreements': 'werkafspraken',
    'working agreements': 'werkafspraken',
    procedures: 'werkafspraken',
    techniek: 'techniek',
    technique: 'techniek',
  };
  for (const [alias, key] of Object.entries(layerAliases)) {
    it(`resolves layer ${alias} to ${key}`, () => {
      expect(resolveLayer(DEFAULT_FRAMEWORK, alias)?.key).to.equal(key);
    });
  }

  const statusAliases: Record<string, string> = {
    concept: 'concept',
    draft: 'concept',
    'in-de-maak': 'in-de-maak',
    'in de maak': 'in-de-maak',
    'in-progress': 'in-de-maak',
    vastgesteld: 'vastgesteld',
    agreed: 'vastgesteld',
    gevalideerd: 'gevalideerd',
    validated: 'gevalideerd',
    vervallen: 'vervallen',
    retired: 'vervallen',
    Retired: 'vervallen',
  };
  for (const [alias, key] of Object.entries(statusAliases)) {
    it(`resolves status ${alias} to ${key}`, () => {
      expect(resolveStatus(alias)).to.equal(key);
    });
  }

  it('does not accept onbekend or a made-up value as a status an author writes', () => {
    expect(resolveStatus('onbekend')).to.equal(undefined);
    expect(resolveStatus('klaar')).to.equal(undefined);
  });

  it('does not resolve a column as a chapter, a chapter as a column, or a layer as either', () => {
    expect(resolveChapter(DEFAULT_FRAMEWORK, 'dienstverlening')).to.equal(undefined);
    expect(resolveColumn(DEFAULT_FRAMEWORK, 'kwaliteit')).to.equal(undefined);
    expect(resolveColumn(DEFAULT_FRAMEWORK, 'normen')).to.equal(undefined);
    expect(resolveLayer(DEFAULT_FRAMEWORK, 'leren')).to.equal(undefined);
  });
});
