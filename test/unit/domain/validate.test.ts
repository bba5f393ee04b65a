import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { formatIssue, langOf, translate, validateAll, validateSystem, type Issue, type IssueCode, type Lang } from '../../../server/domain';
import { agreement, catalogOf, factsOf, fence, issuesWith, page, systemPage } from './builders';

describe('validation', () => {
  const pages = [
    systemPage(1, 'a', 'themas: [solk]', 'kleur: rood'),
    systemPage(2, 'b'),
    page({ id: 3, tags: ['stelsel:a', 'stelsel:b', 'kolom:foo', 'laag:normen', 'status:klaar', 'status:concept'] }),
    agreement(4, 'c', ['kolom:leren']),
  ];
  const facts = factsOf(...pages);
  const catalog = catalogOf(...pages);

  it('lists a status issue of a page in two systems once, since it does not depend on the system', () => {
    const all = validateAll(catalog, facts);
    expect(issuesWith(all, 'unknown-value', 'status')).to.have.length(1);
  });

  it('lists a placement issue once per system, each naming its system', () => {
    const all = validateAll(catalog, facts);
    const kolom = issuesWith(all, 'unknown-value', 'kolom');
    expect(kolom.map((i) => i.system)).to.have.members(['a', 'b']);
    expect(issuesWith(all, 'unplaced').map((i) => [i.pageId, i.system])).to.have.deep.members([
      [3, 'a'],
      [3, 'b'],
      [4, 'c'],
    ]);
  });

  it('includes block issues of every page and catalog issues such as an undeclared system', () => {
    const all = validateAll(catalog, facts);
    expect(issuesWith(all, 'unknown-field')[0]).to.include({ pageId: 1, field: 'kleur' });
    expect(issuesWith(all, 'system-not-declared').map((i) => i.system)).to.deep.equal(['c']);
  });

  it('validates one system: its system page, its agreements and catalog issues about it, nothing of other systems', () => {
    const issues = validateSystem(catalog, 'a', facts);
    expect(issuesWith(issues, 'unknown-field')).to.have.length(1);
    expect(issues.every((i) => i.system === undefined || i.system === 'a')).to.equal(true);
    expect(issuesWith(issues, 'unplaced').map((i) => i.pageId)).to.deep.equal([3]);
    expect(validateSystem(catalog, 'c', facts).map((i) => i.code)).to.have.members(['system-not-declared', 'unplaced']);
    expect(validateSystem(catalog, 'bestaat-niet', facts)).to.deep.equal([]);
  });

  it('keeps a system named by a tag with a key no system block could declare, and warns about that key', () => {
    const odd = factsOf(page({ id: 9, tags: ['stelsel:a/b', 'stelsel:kb-west', 'kolom:leren', 'laag:normen'] }))[0];
    expect(odd.tagValues.systems).to.deep.equal(['a/b', 'kb-west']);
    const warned = issuesWith(odd.issues, 'invalid-field', 'stelsel');
    expect(warned.map((i) => [i.value, i.detail, i.severity])).to.deep.equal([['a/b', 'key', 'warning']]);
    expect(formatIssue(warned[0], 'nl')).to.include("'a/b'").and.include(translate('nl', 'expected.key'));
    expect(catalogOf(page({ id: 9, tags: ['stelsel:a/b', 'kolom:leren', 'laag:normen'] })).systems.has('a/b')).to.equal(true);
  });

  it('sorts errors before warnings', () => {
    const severities = validateAll(catalog, facts).map((i) => i.severity);
    expect(severities.indexOf('warning')).to.be.greaterThan(severities.lastIndexOf('error'));
  });
});

describe('messages', () => {
  // Every IssueCode of types.ts; the compiler fails on a code that does not exist.
  const codes: IssueCode[] = [
    'yaml-syntax',
    'block-not-mapping',
    'block-too-large',
    'unknown-field',
    'invalid-field',
    'missing-field',
    'unknown-value',
    'chapter-column-conflict',
    'status-conflict',
    'undeclared-theme',
    'unplaced',
    'system-not-declared',
    'duplicate-system',
    'duplicate-framework',
    'unknown-framework',
    'unknown-system',
    'review-overdue',
    'invalid-framework',
    'index-failed',
    'link-not-found',
  ];

  it('knows every code of the IssueCode type in types.ts', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../../server/domain/types.ts'), 'utf8');
    const union = /export type IssueCode =([^;]*);/.exec(source)?.[1] ?? '';
    const declared = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
    expect(declared).to.have.members(codes);
  });

  for (const lang of ['nl', 'en'] as Lang[]) {
    for (const code of codes) {
      it(`has a ${lang} message for ${code} that fills in field, value and valid values`, () => {
        const issue: Issue = { code, severity: 'error', field: 'kolom', value: 'foo', validValues: ['leren', 'borgen'], detail: 'text', line: 3 };
        const message = formatIssue(issue, lang);
        expect(message).to.not.equal(`issue.${code}`);
        expect(message).to.not.match(/\{\{|\}\}/);
        expect(message.length).to.be.greaterThan(10);
      });
    }
  }

  it('writes the Dutch and English messages differently', () => {
    for (const code of codes) {
      const issue: Issue = { code, severity: 'error', value: 'x' };
      expect(formatIssue(issue, 'nl'), code).to.not.equal(formatIssue(issue, 'en'));
    }
  });

  it('names the value and the valid values of an unknown value', () => {
    const issue: Issue = { code: 'unknown-value', severity: 'error', field: 'kolom', value: 'foo', validValues: ['leren', 'borgen'] };
    for (const lang of ['nl', 'en'] as Lang[]) expect(formatIssue(issue, lang)).to.include('foo').and.include('leren, borgen').and.include('kolom');
  });

  it('says which system a placement issue is about, and names a system only once where the message already does', () => {
    const unplaced: Issue = { code: 'unplaced', severity: 'warning', pagePath: 'gedeeld/x', system: 'kb-noordwest' };
    expect(formatIssue(unplaced, 'nl')).to.equal(`${translate('nl', 'issue.unplaced')} (stelsel 'kb-noordwest')`);
    expect(formatIssue(unplaced, 'en')).to.equal(`${translate('en', 'issue.unplaced')} (system 'kb-noordwest')`);
    expect(formatIssue({ ...unplaced, system: 'kb-overvecht' }, 'nl')).to.not.equal(formatIssue(unplaced, 'nl'));
    expect(formatIssue({ code: 'unplaced', severity: 'warning' }, 'nl')).to.equal(translate('nl', 'issue.unplaced'));
    const undeclared: Issue = { code: 'system-not-declared', severity: 'warning', system: 'kb-west', value: 'kb-west' };
    expect(formatIssue(undeclared, 'nl').match(/kb-west/g)).to.have.length(1);
  });

  it('explains what was expected for an invalid field, falling back to a general phrase for an unknown detail', () => {
    const issue = (detail: string): Issue => ({ code: 'invalid-field', severity: 'error', field: 'x', detail });
    expect(formatIssue(issue('list'), 'nl')).to.include(translate('nl', 'expected.list'));
    expect(formatIssue(issue('constructor'), 'en')).to.include(translate('en', 'expected.other'));
    expect(formatIssue(issue('toString'), 'nl')).to.include(translate('nl', 'expected.other'));
  });

  it('maps Wiki.js locale codes to the product language, English for others', () => {
    expect(['nl', 'NL-be', 'en', 'de', undefined].map(langOf)).to.deep.equal(['nl', 'nl', 'en', 'en', 'en']);
  });

  it('formats every issue the core produces for a page full of mistakes without a placeholder left', () => {
    const pages = [
      systemPage(1, 'a', 'kader: x', 'kleur: rood', 'themas: [t]'),
      systemPage(2, 'a'),
      page({ id: 3, tags: ['stelsel:a', 'stelsel:los', 'kolom:foo', 'hoofdstuk:kwaliteit', 'kolom:leren', 'laag:normen', 'thema:u', 'status:x', 'status:concept'], content: [fence('afspraak', 'status: [a, b]', 'kolom: {x: 1}'), fence('afspraak'), fence('afsprakenkader', 'key: k'), fence('afsprakenmatrix', 'thema: [')].join('\n') }),
    ];
    const issues = validateAll(catalogOf(...pages), factsOf(...pages));
    expect(issues.length).to.be.greaterThan(10);
    for (const issue of issues) for (const lang of ['nl', 'en'] as Lang[]) expect(formatIssue(issue, lang)).to.not.match(/\{\{|issue\./);
  });
});

describe('locale parity', () => {
  const root = path.join(__dirname, '../../../locales');
  const keysOf = (value: unknown, prefix = ''): string[] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
          const key = prefix ? `${prefix}.${k}` : k;
          return v && typeof v === 'object' && !Array.isArray(v) ? keysOf(v, key) : [key];
        })
      : [];
  const jsonFiles = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? jsonFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : e.name.endsWith('.json') ? [e.name] : [],
        )
      : [];

  const nlFiles = jsonFiles(path.join(root, 'nl')).sort();
  const enFiles = jsonFiles(path.join(root, 'en')).sort();

  it('has the same JSON files in locales/nl and locales/en, core.json among them', () => {
    expect(nlFiles).to.include('core.json');
    expect(enFiles).to.deep.equal(nlFiles);
  });

  for (const file of nlFiles) {
    it(`has exactly the same nested keys in nl/${file} and en/${file}`, () => {
      const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(root, lang, file), 'utf8')) as unknown;
      const nl = keysOf(read('nl')).sort();
      const en = fs.existsSync(path.join(root, 'en', file)) ? keysOf(read('en')).sort() : [];
      expect(en.filter((k) => !nl.includes(k)), 'only in en').to.deep.equal([]);
      expect(nl.filter((k) => !en.includes(k)), 'only in nl').to.deep.equal([]);
      expect(nl.length).to.be.greaterThan(0);
    });
  }
});
