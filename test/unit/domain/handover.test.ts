import { expect } from 'chai';
import {
  buildHandover,
  buildTrace,
  extractPageFacts,
  linkIssues,
  parsePageLink,
  slugOf,
  withNewPaths,
  type AgreementRef,
  type Handover,
  type HandoverCell,
  type SourcePage,
} from '../../../server/domain';
import { agreement, catalogOf, factsOf, fence, matrixOf, page, pageIds, systemPage } from './builders';

/** An agreement page with an `afspraak` block of the given YAML lines. */
const linked = (id: number, system: string, tags: string[], ...yaml: string[]): SourcePage =>
  agreement(id, system, tags, { content: fence('afspraak', ...yaml) });

const handoverOf = (reference: string, receiver: string, pages: SourcePage[]): Handover => {
  const receiverPages = catalogOf(...pages).systems.get(receiver)?.agreements ?? [];
  return buildHandover(matrixOf(reference, pages), matrixOf(receiver, pages), receiverPages);
};

const cell = (handover: Handover, chapter: string, column: string | null, layer: string): HandoverCell => {
  const found = handover.cells.find((c) => c.chapter === chapter && c.column === column && c.layer === layer);
  if (!found) throw new Error(`no cell ${chapter}/${column}/${layer}`);
  return found;
};

/** Items as `pageId:STATUS<-answering ids>`, written out by hand below. */
const items = (c: HandoverCell) => c.items.map((i) => `${i.agreement.pageId}:${i.status}<-${pageIds(i.answeredBy).join(',')}`);

describe('page links in afspraak blocks (contract §8.3-8.4)', () => {
  it('reads path, /path and /<locale>/path', () => {
    expect(parsePageLink('kader/solk')).to.deep.equal({ path: 'kader/solk' });
    expect(parsePageLink('/kader/solk/')).to.deep.equal({ path: 'kader/solk' });
    expect(parsePageLink('/en/kader/solk')).to.deep.equal({ path: 'kader/solk', locale: 'en' });
    expect(parsePageLink('/EN/kader')).to.deep.equal({ path: 'kader', locale: 'en' });
    expect(parsePageLink('/pt-br/kb')).to.deep.equal({ path: 'kb', locale: 'pt-br' });
    // Without the leading slash `nl/…` is a path of its own; a lone `/nl` is a page called nl.
    expect(parsePageLink('nl/kb')).to.deep.equal({ path: 'nl/kb' });
    expect(parsePageLink('/nl')).to.deep.equal({ path: 'nl' });
    expect(parsePageLink('kb/solk#stappen')).to.deep.equal({ path: 'kb/solk' });
    expect(parsePageLink('kb/solk?x=1#y z')).to.deep.equal({ path: 'kb/solk' });
    // A line break never names a page, also after a '#' (as the former `/[#?].*$/` left it).
    expect(parsePageLink('kb/solk#a\nb')).to.equal(undefined);
    expect(parsePageLink('kb/solk\n#a')).to.equal(undefined);
  });

  it('takes a 64 KB link of # signs or slashes for no page, at once', function () {
    // Far longer than any page path with its locale: refused before any regular expression runs
    // (`/[#?].*$/` and `/\/+$/` backtracked quadratically on such text).
    this.timeout(2000);
    expect(parsePageLink(`a${'#'.repeat(64000)} x`)).to.equal(undefined);
    expect(parsePageLink(`${'#'.repeat(64000)}\nx`)).to.equal(undefined);
    expect(parsePageLink(`a${'/'.repeat(64000)}b`)).to.equal(undefined);
    // Just under the limit, the cut at '#' and the trimmed slashes still apply.
    expect(parsePageLink(`a${'#'.repeat(400)} x`)).to.deep.equal({ path: 'a' });
    expect(parsePageLink(`a${'/'.repeat(400)}`)).to.deep.equal({ path: 'a' });
  });

  it('rejects what names no page, with an issue on the field line', () => {
    expect(parsePageLink('')).to.equal(undefined);
    expect(parsePageLink('https://example.org/x')).to.equal(undefined);
    const facts = extractPageFacts(linked(1, 's', [], 'gebaseerd-op: ["https://example.org/x", /nl/a]', 'uses: b'));
    expect(facts.agreement?.basedOn).to.deep.equal([{ path: 'a', locale: 'nl' }]);
    expect(facts.agreement?.uses).to.deep.equal([{ path: 'b' }]);
    const issue = facts.issues.find((i) => i.code === 'invalid-field');
    expect(issue).to.include({ field: 'gebaseerd-op', value: 'https://example.org/x', detail: 'link', line: 2 });
  });

  it('accepts the Dutch and English keys, a single value or a list', () => {
    const facts = extractPageFacts(linked(1, 's', [], 'based-on: a', 'volgt-uit: [/b, /en/c]', 'gebruikt: [d, d]'));
    expect(facts.agreement?.basedOn).to.deep.equal([{ path: 'a' }]);
    expect(facts.agreement?.derivesFrom).to.deep.equal([{ path: 'b' }, { path: 'c', locale: 'en' }]);
    expect(facts.agreement?.uses).to.deep.equal([{ path: 'd' }]);
    expect(facts.issues).to.deep.equal([]);
  });

  it('warns about a link to no page, resolving a link without locale in the page locale', () => {
    const facts = factsOf(linked(1, 's', [], 'gebaseerd-op: [x, /en/x, /nl/y]'));
    const issues = linkIssues(facts, (key) => key === 'nl/x');
    expect(issues.map((i) => [i.code, i.severity, i.field, i.value, i.line])).to.deep.equal([
      ['link-not-found', 'warning', 'gebaseerd-op', '/en/x', 2],
      ['link-not-found', 'warning', 'gebaseerd-op', '/nl/y', 2],
    ]);
  });
});

describe('handover (contract §8.3)', () => {
  const tag = (column: string, layer: string, status = 'vastgesteld') => [`kolom:${column}`, `laag:${layer}`, `status:${status}`];
  const pages = [
    systemPage(1, 'oud'),
    systemPage(2, 'nieuw'),
    agreement(10, 'oud', tag('dienstverlening', 'werkafspraken'), { title: 'A' }),
    agreement(11, 'oud', ['kolom:dienstverlening', 'kolom:klantrelatie', 'laag:normen'], { title: 'B' }),
    page({ id: 12, title: 'C', tags: ['stelsel:oud', 'stelsel:nieuw', ...tag('leren', 'techniek')] }),
    agreement(13, 'oud', tag('borgen', 'normen'), { title: 'D' }),
    agreement(14, 'oud', tag('borgen', 'normen', 'vervallen'), { title: 'E' }),
    linked(20, 'nieuw', tag('dienstverlening', 'werkafspraken', 'concept'), 'gebaseerd-op: [p/10, /nl/p/12]'),
    linked(21, 'nieuw', tag('klantrelatie', 'normen'), 'based-on: /p/11'),
    agreement(22, 'nieuw', tag('dienstverlening', 'werkafspraken')),
    linked(23, 'nieuw', tag('borgen', 'normen'), 'gebaseerd-op: [/en/p/13, /nl/p/14]'),
  ];

  it('marks each reference agreement SHARED, else ADOPTED, else OPEN, per cell', () => {
    const h = handoverOf('oud', 'nieuw', pages);
    expect(h.cells).to.have.length(24);
    expect(items(cell(h, 'kwaliteit', 'dienstverlening', 'werkafspraken'))).to.deep.equal(['10:ADOPTED<-20']);
    expect(items(cell(h, 'kwaliteit', 'dienstverlening', 'normen'))).to.deep.equal(['11:ADOPTED<-21']);
    expect(items(cell(h, 'kwaliteit', 'klantrelatie', 'normen'))).to.deep.equal(['11:ADOPTED<-21']);
    // 20 is based on 12 too, but 12 is the receiver's own: SHARED goes first.
    expect(items(cell(h, 'duurzaamheid', 'leren', 'techniek'))).to.deep.equal(['12:SHARED<-20']);
    // 23 names 13 in another locale and the retired 14: neither answers 13.
    expect(items(cell(h, 'duurzaamheid', 'borgen', 'normen'))).to.deep.equal(['13:OPEN<-']);
  });

  it('lists the receiver-only agreements: neither reference agreements nor based on one', () => {
    const h = handoverOf('oud', 'nieuw', pages);
    expect(pageIds(cell(h, 'kwaliteit', 'dienstverlening', 'werkafspraken').receiverOnly)).to.deep.equal([22]);
    expect(pageIds(cell(h, 'kwaliteit', 'klantrelatie', 'normen').receiverOnly)).to.deep.equal([]);
    expect(pageIds(cell(h, 'duurzaamheid', 'leren', 'techniek').receiverOnly)).to.deep.equal([]);
    expect(pageIds(cell(h, 'duurzaamheid', 'borgen', 'normen').receiverOnly)).to.deep.equal([23]);
  });

  it('counts distinct reference pages (11 sits in two cells) and the progress', () => {
    const h = handoverOf('oud', 'nieuw', pages);
    expect([h.total, h.open, h.adopted, h.shared]).to.deep.equal([4, 1, 2, 1]);
    expect(h.progress).to.equal(0.75);
  });

  it('suggests the path of an answer as §7.1 does: system page path, column or chapter, slug of the title', () => {
    expect(slugOf('  Überweisung — SOLK & Co. ')).to.equal('uberweisung-solk-co');
    expect(slugOf('a'.repeat(59) + ' b')).to.equal('a'.repeat(59));
    const h = withNewPaths(handoverOf('oud', 'nieuw', pages), (path) => path !== 'stelsels/nieuw/borgen/d');
    expect(h.cells.flatMap((c) => c.items.map((i) => i.newPath ?? '-'))).to.deep.equal(['-', '-', '-', '-', '-']);
    const open = withNewPaths(handoverOf('oud', 'nieuw', pages), () => true).cells.flatMap((c) => c.items.filter((i) => i.newPath).map((i) => i.newPath));
    expect(open).to.deep.equal(['stelsels/nieuw/borgen/d']);
  });

  it('has progress 1 when the reference has nothing to hand over', () => {
    const h = handoverOf('leeg', 'nieuw', [...pages, systemPage(3, 'leeg')]);
    expect([h.total, h.open, h.adopted, h.shared, h.progress]).to.deep.equal([0, 0, 0, 0, 1]);
    expect(pageIds(cell(h, 'kwaliteit', 'dienstverlening', 'werkafspraken').receiverOnly)).to.deep.equal([20, 22]);
  });
});

describe('trace (contract §8.4)', () => {
  const tag = (layer: string) => ['kolom:dienstverlening', `laag:${layer}`];
  const pages = [
    systemPage(1, 's'),
    agreement(10, 's', tag('normen'), { title: 'N1' }),
    agreement(11, 's', tag('normen'), { title: 'N2' }),
    linked(20, 's', tag('werkafspraken'), 'volgt-uit: /nl/p/10', 'gebruikt: p/30'),
    agreement(21, 's', tag('werkafspraken'), { title: 'W2' }),
    linked(22, 's', tag('werkafspraken'), 'volgt-uit: p/999'),
    linked(23, 's', tag('werkafspraken'), 'volgt-uit: /nl/normen/x'),
    agreement(30, 's', tag('techniek'), { title: 'T1' }),
    agreement(31, 's', tag('techniek'), { title: 'T2' }),
    linked(32, 's', [...tag('techniek'), 'status:vervallen'], 'gebruikt: p/31'),
  ];
  const outsideRef: AgreementRef = { pageId: 50, path: 'normen/x', locale: 'nl', title: 'X', status: 'onbekend', theme: null, themes: [], parties: [], overdue: false };

  it('links working agreements to norms and techniques, pages outside the system included', () => {
    const catalog = catalogOf(...pages);
    const trace = buildTrace(matrixOf('s', pages), catalog.systems.get('s')?.agreements ?? [], new Map([['nl/normen/x', outsideRef]]));
    expect(trace.links.map((l) => `${l.from.pageId}-${l.kind}->${l.to.pageId}`).sort()).to.deep.equal([
      '20-DERIVES_FROM->10',
      '20-USES->30',
      '23-DERIVES_FROM->50',
    ]);
    expect(pageIds(trace.workingAgreementsWithoutNorm)).to.deep.equal([21, 22]);
    expect(pageIds(trace.normsWithoutWorkingAgreement)).to.deep.equal([11]);
    // The retired 32 uses 31, but a retired agreement takes no part.
    expect(pageIds(trace.techniquesUnused)).to.deep.equal([31]);
  });

  it('leaves out a link to a page not given as seen', () => {
    const catalog = catalogOf(...pages);
    const trace = buildTrace(matrixOf('s', pages), catalog.systems.get('s')?.agreements ?? [], new Map());
    expect(trace.links.map((l) => l.to.pageId)).to.not.include(50);
    expect(pageIds(trace.workingAgreementsWithoutNorm)).to.deep.equal([21, 22, 23]);
  });
});
