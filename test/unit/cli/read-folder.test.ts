import { expect } from 'chai';
import { readFolder, parseStorageFile } from '../../../server/cli/read-folder';
import { FIXTURE_FILES, removeWiki, writeWiki } from './fixture';

describe('reading a folder in Wiki.js storage format', () => {
  let dir: string;
  before(() => {
    dir = writeWiki();
  });
  after(() => removeWiki(dir));

  const page = (path: string, locale = 'nl') => {
    const found = readFolder(dir).pages.find((p) => p.path === path && p.locale === locale);
    if (!found) throw new Error(`no page ${locale}/${path}`);
    return found;
  };

  it('reads every .md and .html file and skips hidden folders and node_modules', () => {
    const paths = readFolder(dir).pages.map((p) => `${p.locale}:${p.path}`);
    expect(paths).to.have.length(Object.keys(FIXTURE_FILES).length - 2);
    expect(paths.some((p) => p.includes('skip'))).to.equal(false);
  });

  it('assigns page ids 1..n in sorted file order, the same on every read', () => {
    const first = readFolder(dir);
    expect(first.pages.map((p) => p.id)).to.deep.equal(first.pages.map((_, i) => i + 1));
    expect([...first.files.values()].map((f) => f.file)).to.deep.equal(
      [...first.files.values()].map((f) => f.file).sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(readFolder(dir).pages).to.deep.equal(first.pages);
  });

  it('reads title, description, published, date and comma-separated tags from valid front matter', () => {
    const norm = page('a/norm');
    expect(norm.title).to.equal('Gedeelde norm');
    expect(norm.isPublished).to.equal(true);
    expect(norm.updatedAt).to.equal('2024-03-01T10:00:00.000Z');
    expect(norm.tags).to.deep.equal(['stelsel:alpha', 'hoofdstuk:kwaliteit', 'laag:normen', 'status:vastgesteld', 'thema:t1']);
    expect(norm.contentType).to.equal('markdown');
    expect(norm.content).to.equal('Tekst.\n');
  });

  it('reads broken front matter line by line, keeps every value and reports a warning', () => {
    const result = readFolder(dir);
    const broken = page('a/broken');
    expect(broken.title).to.equal('Visie: samen werken');
    expect(broken.tags).to.include('kolom:leren');
    expect(result.warnings).to.deep.equal([{ file: 'a/broken.md', messageKey: 'frontMatter' }]);
  });

  it('keeps values YAML would drop, such as a title that starts with #', () => {
    const parsed = parseStorageFile('x.md', '---\ntitle: #1 afspraak\ntags: [a, b]\npublished: false\n---\nTekst', 1, 'nl');
    expect(parsed.page.title).to.equal('#1 afspraak');
    expect(parsed.page.tags).to.deep.equal(['a', 'b']);
    expect(parsed.page.isPublished).to.equal(false);
    expect(parsed.headerBroken).to.equal(false);
  });

  it('reads a page without front matter with its file name as title and no tags', () => {
    const notes = page('notes');
    expect(notes.title).to.equal('notes');
    expect(notes.tags).to.deep.equal([]);
    expect(notes.content).to.equal('Een pagina zonder kop.\n');
  });

  it('reads empty tags as no tags', () => {
    expect(page('empty-tags').tags).to.deep.equal([]);
  });

  it('reads html pages with their comment header as contentType html', () => {
    const html = page('a/page');
    expect(html.contentType).to.equal('html');
    expect(html.title).to.equal('Html-pagina');
    expect(html.tags).to.include('kolom:leren');
  });

  it('puts pages in a locale folder other than the default in that locale', () => {
    expect(page('a/english', 'en').title).to.equal('English agreement');
  });

  it('keeps a folder named after the default locale as part of the path', () => {
    const parsed = parseStorageFile('en/a/english.md', '# x', 1, 'en');
    expect(parsed.page.locale).to.equal('en');
    expect(parsed.page.path).to.equal('en/a/english');
  });

  it('counts the lines before the content so issues can name the line in the file', () => {
    const parsed = parseStorageFile('x.md', '---\ntitle: x\n---\n\n\nInhoud', 1, 'nl');
    expect(parsed.lineOffset).to.equal(5);
    expect(parsed.page.content).to.equal('Inhoud');
  });
});
