import { expect } from 'chai';
import { readFolder } from '../../../server/cli/read-folder';
import { removeWiki, run, writeWiki } from './fixture';

const header = (title: string, tags: string) => `---\ntitle: ${title}\npublished: true\ntags: ${tags}\neditor: markdown\n---\n\n`;

/**
 * A storage folder as Wiki.js's disk and Git storage write it for a wiki whose default locale is
 * English (Wiki.js's default) with namespacing on: English pages at the root, Dutch under nl/.
 */
const NAMESPACED: Record<string, string> = {
  'stelsel.md': `${header('System', 'stelsel:kb')}\`\`\`afsprakenstelsel\nkey: kb\ntitel: KB\n\`\`\`\n`,
  'kb/norm.md': header('Norm', 'stelsel:kb, kolom:leren, laag:normen, status:vastgesteld'),
  'nl/kb/afspraak.md': header('Afspraak', 'stelsel:kb, kolom:leren, laag:werkafspraken, status:vastgesteld'),
  'nl/stelsel.md': header('Stelsel', ''),
};

describe('storage folders with locale subfolders', () => {
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = writeWiki(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeWiki));

  it('reads an English root and an nl/ folder with the default options: locales right, no locale in a path', () => {
    const pages = readFolder(folder(NAMESPACED)).pages.map((p) => `${p.locale}:${p.path}`);
    // In sorted file order: kb/norm.md, nl/kb/afspraak.md, nl/stelsel.md, stelsel.md.
    expect(pages).to.deep.equal(['en:kb/norm', 'nl:kb/afspraak', 'nl:stelsel', 'en:stelsel']);
  });

  it('gives the same through the command line, with page paths and locales in its output', async () => {
    const result = await run(['systems', folder(NAMESPACED), '--json']);
    expect(result.code, result.err).to.equal(0);
    const systems = JSON.parse(result.out) as Array<{ key: string; pagePath: string; locale: string; agreementCount: number }>;
    expect(systems.map((s) => [s.key, s.pagePath, s.locale, s.agreementCount])).to.deep.equal([['kb', 'stelsel', 'en', 2]]);
  });

  it('keeps Dutch as the root locale when the only locale folder is another one (en/)', () => {
    const pages = readFolder(folder({ 'a.md': header('A', ''), 'en/b.md': header('B', '') })).pages.map((p) => `${p.locale}:${p.path}`);
    expect(pages).to.deep.equal(['nl:a', 'en:b']);
  });

  it('takes --locale as the root locale', () => {
    const pages = readFolder(folder({ 'a.md': header('A', ''), 'de/b.md': header('B', '') }), 'en').pages.map((p) => `${p.locale}:${p.path}`);
    expect(pages).to.deep.equal(['en:a', 'de:b']);
  });

  it('treats a top-level folder that is no language code (kb/) as part of the path', () => {
    const pages = readFolder(folder({ 'kb/a.md': header('A', ''), 'nl/kb/b.md': header('B', '') })).pages.map((p) => `${p.locale}:${p.path}`);
    expect(pages).to.deep.equal(['en:kb/a', 'nl:kb/b']);
  });

  it('refuses a --locale that is also a locale folder, with a clear message (exit 2)', async () => {
    const result = await run(['systems', folder(NAMESPACED), '--locale', 'nl', '--lang', 'en']);
    expect(result.code).to.equal(2);
    expect(result.err).to.include("The folder looks namespaced: nl/ holds pages, so 'nl' is not the locale of the root pages");
    expect(result.out).to.equal('');
  });

  it('asks for --locale when both nl/ and en/ are locale folders', async () => {
    const dir = folder({ 'a.md': header('A', ''), 'nl/b.md': header('B', ''), 'en/c.md': header('C', '') });
    const asked = await run(['systems', dir, '--lang', 'nl']);
    expect(asked.code).to.equal(2);
    expect(asked.err).to.include('De map bevat localemappen en/, nl/, dus de locale van de pagina');
    const given = await run(['systems', dir, '--locale', 'de', '--json']);
    expect(given.code, given.err).to.equal(0);
  });
});
