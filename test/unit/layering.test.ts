import { expect } from 'chai';
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

// The layering rule a module graph cannot see (.dependency-cruiser.js holds the others): Wiki.js's
// WIKI global is not imported but read off the global object. On the server only server/host may
// do that; in the browser (where WIKI is Wiki.js's root Vue instance) only client/host.ts.

const ROOT = join(__dirname, '..', '..');
const CHECKED = ['server', 'client', 'dev', 'migrations', 'bench'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The script of a .vue file, the whole text otherwise. */
function scriptOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.vue')) return text;
  return /<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '';
}

/** Whether the code names WIKI as an identifier or property (comments and strings do not count). */
function touchesWiki(code: string): boolean {
  const source = ts.createSourceFile('probe.ts', code, ts.ScriptTarget.ES2020, true);
  const visit = (node: ts.Node): boolean =>
    (ts.isIdentifier(node) && node.text === 'WIKI') ||
    (ts.isStringLiteral(node) && node.text === 'WIKI' && ts.isElementAccessExpression(node.parent)) ||
    ts.forEachChild(node, visit) === true;
  return visit(source);
}

describe('layering: the WIKI global', () => {
  it('is recognised as code, not in comments or text', () => {
    expect(touchesWiki('const wiki = (globalThis as { WIKI?: unknown }).WIKI;')).to.equal(true);
    expect(touchesWiki('WIKI.logger.info("x");')).to.equal(true);
    expect(touchesWiki("const w = (globalThis as Record<string, unknown>)['WIKI'];")).to.equal(true);
    expect(touchesWiki('/** Wiki.js: `WIKI.logger.info` */ const n = "WIKI.models";')).to.equal(false);
  });

  it('is touched by server/host and client/host.ts only (the two host adapters)', () => {
    const touching = CHECKED.flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((path) => touchesWiki(scriptOf(path)))
      .map((path) => relative(ROOT, path).split('\\').join('/'));
    const isHostAdapter = (path: string) => path.startsWith('server/host/') || path === 'client/host.ts';
    expect(touching.filter((path) => !isHostAdapter(path))).to.deep.equal([]);
    // The adapters themselves are found, so an empty list above means the rule holds, not a blind check.
    expect(touching).to.include.members(['server/host/wiki-host.ts', 'client/host.ts']);
  });
});
