/**
 * No input crashes the core: random bytes, random unicode, random and hostile YAML, odd fences and
 * very large pages go through every public entry point, which must return well-formed results.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import {
  BLOCK_NAMES,
  buildCatalog,
  buildNavigation,
  compareMatrices,
  extractPageFacts,
  findBlocks,
  formatIssue,
  frameworkCells,
  matrixFor,
  parseAgreementBlock,
  parseEmbedBlock,
  parseFrameworkBlock,
  parseSystemBlock,
  validateAll,
  type BlockKind,
  type Issue,
  type PageFacts,
  type RawBlock,
  type SourcePage,
} from '../../../server/domain';
import { page } from './builders';

const CODES = new Set([
  'yaml-syntax', 'block-not-mapping', 'block-too-large', 'unknown-field', 'invalid-field', 'missing-field', 'unknown-value',
  'chapter-column-conflict', 'status-conflict', 'undeclared-theme', 'unplaced', 'system-not-declared', 'duplicate-system',
  'duplicate-framework', 'unknown-framework', 'unknown-system', 'review-overdue', 'invalid-framework',
]);
const KINDS = Object.keys(BLOCK_NAMES) as BlockKind[];

/** Cheap checks (no chai per item), since a hostile page can yield tens of thousands of issues. */
function expectWellFormedIssue(issue: Issue, index = 0): void {
  const problems: string[] = [];
  if (!CODES.has(issue.code)) problems.push(`code ${issue.code}`);
  if (issue.severity !== 'error' && issue.severity !== 'warning') problems.push(`severity ${issue.severity}`);
  if (issue.line !== undefined && !(Number.isInteger(issue.line) && issue.line >= 1)) problems.push(`line ${issue.line}`);
  for (const key of ['field', 'value', 'detail', 'pagePath', 'system'] as const) {
    if (issue[key] !== undefined && typeof issue[key] !== 'string') problems.push(`${key} ${String(issue[key])}`);
  }
  // Messages of the first issues of each list: formatting is the same code for all of them.
  if (index < 200 && (typeof formatIssue(issue, 'nl') !== 'string' || typeof formatIssue(issue, 'en') !== 'string')) problems.push('message');
  if (problems.length) expect.fail(`malformed issue ${JSON.stringify(issue)}: ${problems.join(', ')}`);
}

function parseAny(block: RawBlock): Issue[] {
  switch (block.kind) {
    case 'system':
      return parseSystemBlock(block).issues;
    case 'agreement':
      return parseAgreementBlock(block).issues;
    case 'framework':
      return parseFrameworkBlock(block).issues;
    default:
      return parseEmbedBlock(block).issues;
  }
}

/** Every entry point over one set of pages, with the checks that hold for any input. */
function runCore(pages: SourcePage[]): void {
  const facts: PageFacts[] = pages.map((p) => {
    if (typeof p.content === 'string') {
      const lines = p.content.split(/\r\n|\n|\r/).length;
      const blocks = findBlocks(p.content);
      for (const block of blocks) if (!(block.line >= 1 && block.line <= lines)) expect.fail(`block line ${block.line} of ${lines}`);
      // Every parser on every block found (the first ones of a huge page), whatever its fence said.
      for (const block of blocks.slice(0, 10)) for (const kind of KINDS) parseAny({ ...block, kind }).forEach((issue, i) => expectWellFormedIssue(issue, i));
    }
    const f = extractPageFacts(p);
    // Facts are stored as JSON: they must survive a round trip unchanged (no cycles, no undefined in lists).
    const json = JSON.stringify(f);
    expect(JSON.stringify(JSON.parse(json))).to.equal(json);
    f.issues.forEach((issue, i) => expectWellFormedIssue(issue, i));
    return f;
  });
  const catalog = buildCatalog(facts);
  const matrices = [...catalog.systems.keys()].map((key) => {
    const matrix = matrixFor(catalog, key, { includeRetired: true, statuses: [], themes: [] }, '2024-01-01');
    expect(matrix, key).to.not.equal(undefined);
    if (!matrix) throw new Error('unreachable');
    expect(matrix.cells).to.have.length(frameworkCells(matrix.framework).length);
    for (const cell of matrix.cells) {
      expect(cell.count).to.be.at.most(cell.agreements.length);
      expect(['EMPTY', 'IN_PROGRESS', 'PRESENT']).to.include(cell.state);
    }
    matrix.issues.forEach((issue, i) => expectWellFormedIssue(issue, i));
    expect(buildNavigation(matrix, 'nl', 'Hoofdstukbreed')).to.have.length(matrix.framework.chapters.length);
    return matrix;
  });
  for (let i = 0; i + 1 < matrices.length && i < 3; i++) {
    const cmp = compareMatrices(matrices[i], matrices[i + 1]);
    for (const cell of cmp.cells) expect(cell.onlyInA.length + cell.shared.length).to.equal(cell.a.agreements.length);
  }
  validateAll(catalog, facts).forEach((issue, i) => expectWellFormedIssue(issue, i));
}

const wrapIn = (name: string, body: string, close = true) => `\`\`\`${name}\n${body}${close ? '\n```' : ''}`;
const blockNames = Object.values(BLOCK_NAMES).flat();

describe('robustness of the core against any input', () => {
  it('survives random bytes and random unicode as page content and tags', () => {
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
      fc.fullUnicodeString({ maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
    );
    const content = fc.oneof(text, fc.tuple(fc.constantFrom(...blockNames), text, fc.boolean()).map(([name, body, close]) => wrapIn(name, body, close)));
    const tags = fc.array(fc.oneof(text, fc.tuple(fc.constantFrom('stelsel:', 'kolom:', 'laag:', 'hoofdstuk:', 'status:', 'thema:', 'partij:', 'system:'), text).map(([p, v]) => p + v)), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.record({ content, tags }), { maxLength: 5 }), (specs) => {
        runCore(specs.map((s, i) => page({ id: i + 1, content: s.content, tags: [...s.tags, 'stelsel:fuzz'] })));
      }),
      { numRuns: 40 },
    );
  });

  it('survives random YAML documents in every block kind', () => {
    const yamlDoc = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => dump(v)),
      fc.dictionary(
        fc.constantFrom('key', 'stelsel', 'kolom', 'laag', 'hoofdstuk', 'status', 'thema', 'themas', 'partijen', 'hoofdstukken', 'lagen', 'kader', 'a', 'b', 'resultaten', 'titel', 'labels', 'met-vervallen', '__proto__', 'constructor'),
        fc.jsonValue({ maxDepth: 3 }),
      ).map((v) => dump(v)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...blockNames), yamlDoc), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('stelsel:a', 'stelsel:b', 'kolom:leren', 'laag:normen'), { maxLength: 4 }), (blocks, tags) => {
        const content = blocks.map(([name, body]) => wrapIn(name, body)).join('\n\ntekst\n\n');
        runCore([page({ id: 1, content, tags }), page({ id: 2, content: wrapIn('afsprakenstelsel', 'key: a'), tags: ['stelsel:b'] })]);
      }),
      { numRuns: 40 },
    );
  });

  const nasty: Array<[string, string]> = [
    ['deep nesting of lists', 'kolom: ' + '['.repeat(3000) + ']'.repeat(3000)],
    ['deep nesting beyond the stack', 'a: ' + '['.repeat(30000)],
    ['deep nesting of mappings', Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + 'k:').join('\n')],
    ['a self-referencing anchor', 'kolom: &x [*x]\nthemas: &y { key: *y }\nresultaten: &z [*z]'],
    ['an anchor bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'kolom: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', 'partijen: *d', 'hoofdstukken: *d', 'lagen: *d'].join('\n')],
    ['an alias to an unknown anchor', 'kolom: *nergens'],
    ['a huge list', 'kolom: [' + Array.from({ length: 20000 }, (_, i) => `k${i}`).join(', ') + ']'],
    ['a huge list of records', 'partijen:\n' + Array.from({ length: 3000 }, (_, i) => `  - { key: p${i}, naam: P }`).join('\n')],
    ['tabs for indentation', 'kolom:\n\t- leren\n\tlaag: normen'],
    ['a byte order mark', '\uFEFFkey: kb\nkolom: leren'],
    ['CRLF line ends', 'key: kb\r\nkolom: [leren,\r\n  borgen]\r\nstatus: concept\r\n'],
    ['duplicate keys', 'key: a\nkey: b\nkolom: x\nkolom: y'],
    ['odd scalars', 'key: !!binary aGVsbG8=\nstatus: .inf\nkolom: ~\nlaag: 0x1F\nthema: 2019-02-01T10:00:00Z\nversie: 1e999'],
    ['custom tags', 'key: !ruby/object:Gem x\nkolom: !!js/function "function(){}"'],
    ['several documents', 'key: a\n---\nkey: b'],
    ['a null byte and control characters', 'key: "a\u0000b"\nkolom: "\u0007\u001b[31m"'],
    ['keys of the object prototype', '__proto__: { key: x }\nconstructor: 1\ntoString: 2\nhasOwnProperty: 3\nkey: kb'],
  ];
  for (const [what, yaml] of nasty) {
    it(`survives ${what} in every block kind`, () => {
      // One fence name per kind: runCore feeds every block to every kind's parser anyway.
      runCore(KINDS.map((kind, i) => page({ id: i + 1, content: wrapIn(BLOCK_NAMES[kind][i % 2], yaml), tags: ['stelsel:kb', 'kolom:leren', 'laag:normen'] })));
    });
  }

  it('survives unclosed, nested and odd fences', () => {
    const contents = [
      '```afspraak\nstatus: concept',
      '````markdown\n```afspraak\nkolom: leren\n```\n',
      '```afspraak\n````afspraak\nkolom: leren\n````\n```',
      '~~~afsprakenstelsel\nkey: kb\n```\n~~~~\n',
      '```\n```afspraak\n```\n```afspraak\nkolom: leren',
      '   ```afspraak\n   kolom: leren\n   ```',
      '```afspraak ```\n',
      '```' + 'x'.repeat(10000) + '\n' + '`'.repeat(5000),
      '\uFEFF```afspraak\nkolom: leren\n```',
      '```afspraak\r\nkolom: leren\r\n```\r\n```afspraak\rkolom: borgen\r```',
      Array.from({ length: 2000 }, () => '```afspraak\n```').join('\n'),
    ];
    runCore(contents.map((content, i) => page({ id: i + 1, content, tags: ['stelsel:kb'] })));
  });

  it('survives 1 MB pages quickly: one huge block, many blocks, and plain text', () => {
    const mb = 1024 * 1024;
    const line = 'kolom: leren # ' + 'x'.repeat(50) + '\n';
    const record = `  - { key: p, naam: ${'n'.repeat(40)} }\n`;
    const mediumBlock = wrapIn('afsprakenstelsel', 'key: kb\npartijen:\n' + record.repeat(10)) + '\n';
    const contents = [
      wrapIn('afspraak', line.repeat(Math.ceil(mb / line.length))),
      mediumBlock.repeat(Math.ceil(mb / mediumBlock.length)),
      ('Gewone tekst met ``` en ~~~ erin.\n').repeat(Math.ceil(mb / 35)),
      'x'.repeat(mb),
    ];
    const started = Date.now();
    runCore(contents.map((content, i) => page({ id: i + 1, content, tags: ['stelsel:kb', 'laag:normen'] })));
    // Generous on a shared machine; a quadratic step would take minutes.
    expect(Date.now() - started).to.be.below(3000);
  });

  it('survives pages without tags or content, html pages, and odd ids and paths', () => {
    runCore([
      page({ id: 0, content: '' }),
      page({ id: -1, content: wrapIn('afspraak', 'kolom: leren'), contentType: 'html', tags: ['stelsel:kb'] }),
      page({ id: Number.MAX_SAFE_INTEGER, path: '', title: '', tags: ['stelsel:kb', 'stelsel:kb', ''], content: wrapIn('afsprakenstelsel', 'key: kb') }),
      { ...page({ id: 5, tags: ['stelsel:kb'] }), content: undefined as unknown as string },
    ]);
  });
});
