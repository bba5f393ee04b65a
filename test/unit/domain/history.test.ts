import { expect } from 'chai';
import { extractPageFacts, historyFactsOf, pageFactsFromHistory, parseMoment, type SourcePage } from '../../../server/domain';

const fence = '```';
const page = (block: string, extra: Partial<SourcePage> = {}): SourcePage => ({
  id: 7,
  path: 'kb/solk',
  locale: 'nl',
  title: 'SOLK',
  tags: ['kolom:leren', 'laag:normen'],
  content: `# SOLK\n\n${fence}afspraak\n${block}\n${fence}\n`,
  isPublished: true,
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('history facts (contract §9.1)', () => {
  it('keeps the facts the contract lists and nothing else of the page', () => {
    const facts = historyFactsOf(extractPageFacts(page('stelsel: kb\nstatus: vastgesteld\neigenaar: POH\nherzien-voor: 2026-01-01\nbronnen: [a]')));
    expect(facts).to.deep.equal({
      path: 'kb/solk',
      locale: 'nl',
      title: 'SOLK',
      isPublished: true,
      tags: ['kolom:leren', 'laag:normen'],
      agreement: { systems: ['kb'], columns: [], chapters: [], layers: [], themes: [], parties: [], status: 'vastgesteld', owner: 'POH', reviewBy: '2026-01-01' },
    });
  });

  it('is the same when only text, sources, contact, the block\'s line or the update time changed', () => {
    const before = historyFactsOf(extractPageFacts(page('stelsel: kb\nbronnen: [a]')));
    const after = historyFactsOf(extractPageFacts(page('stelsel: kb\nbronnen: [b, c]\ncontact: iemand', { updatedAt: '2026-01-01T00:00:00.000Z' })));
    const moved = historyFactsOf(extractPageFacts({ ...page(''), content: `# SOLK\n\nMeer tekst.\n\n${fence}afspraak\nstelsel: kb\n${fence}\n` }));
    // Compared as the stored JSON text, the record's identity.
    expect(JSON.stringify(after)).to.equal(JSON.stringify(before));
    expect(JSON.stringify(moved)).to.equal(JSON.stringify(before));
  });

  it('keeps a publishing window when there is one, so a moment of the past can judge it (§9.2), and the record of a page without one as it was', () => {
    const windowed = historyFactsOf(extractPageFacts(page('stelsel: kb', { publishStartDate: '2026-12-01', publishEndDate: '2027-01-01T00:00:00Z' })));
    expect(Object.keys(windowed ?? {})).to.deep.equal(['path', 'locale', 'title', 'isPublished', 'publishStartDate', 'publishEndDate', 'tags', 'agreement']);
    expect(windowed).to.include({ publishStartDate: '2026-12-01', publishEndDate: '2027-01-01T00:00:00Z' });
    const rebuilt = pageFactsFromHistory(7, windowed as NonNullable<typeof windowed>, '2026-12-02T00:00:00.000Z');
    expect(rebuilt).to.include({ isPublished: true, publishStartDate: '2026-12-01', publishEndDate: '2027-01-01T00:00:00Z' });
    // Empty dates (what Wiki.js writes for none) are no window: the same text as a record from before windows were kept.
    const none = JSON.stringify(historyFactsOf(extractPageFacts(page('stelsel: kb', { publishStartDate: '', publishEndDate: '' }))));
    expect(none).to.equal('{"path":"kb/solk","locale":"nl","title":"SOLK","isPublished":true,"tags":["kolom:leren","laag:normen"],"agreement":{"systems":["kb"],"columns":[],"chapters":[],"layers":[],"themes":[],"parties":[]}}');
  });

  it('records nothing of a page that is in no system', () => {
    expect(historyFactsOf(extractPageFacts(page('status: concept')))).to.equal(undefined);
  });
});

describe('moments (contract §9.2)', () => {
  it('reads a date as the end of that day, UTC, and a date-time as that moment', () => {
    expect(parseMoment('2026-01-01')).to.equal('2026-01-01T23:59:59.999Z');
    expect(parseMoment('2026-01-01T12:30:00Z')).to.equal('2026-01-01T12:30:00.000Z');
    expect(parseMoment('2026-01-01T12:30:00+02:00')).to.equal('2026-01-01T10:30:00.000Z');
    expect(parseMoment('2026-01-01T12:30')).to.equal('2026-01-01T12:30:00.000Z');
  });

  it('refuses what is no ISO moment', () => {
    for (const text of ['', 'gisteren', '2026-02-30', '01-01-2026', '2026-1-1', '2026-01-01 12:00', '2026-13-01T00:00:00Z']) {
      expect(parseMoment(text), text).to.equal(undefined);
    }
  });
});
