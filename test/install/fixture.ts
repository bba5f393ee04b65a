import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'fs';
import path from 'path';

export const REPO = path.resolve(__dirname, '../..');

export function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A built copy of this package: its real module files and SDL, stand-ins for the bundles. */
export function fakePackage(dir: string, version = '9.9.9'): void {
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'afsprakenwiki', version }));
  for (const file of [
    'module/extensions/afsprakenwiki/ext.js',
    'module/rendering/markdown-afsprakenwiki/definition.yml',
    'module/rendering/markdown-afsprakenwiki/renderer.js',
    'module/prism/block-grammar.js',
    'server/graph/agreements.graphql',
    'locales/nl/core.json',
    'locales/en/core.json',
  ]) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(REPO, file), path.join(dir, file));
  }
  write(path.join(dir, 'dist/wiki/server/modules/extensions/afsprakenwiki/afsprakenwiki.js'), '// boot bundle');
  write(path.join(dir, 'dist/wiki/server/graph/resolvers/agreements.js'), '// resolvers bundle');
  write(path.join(dir, 'dist/wiki/server/modules/rendering/markdown-afsprakenwiki/markdown-afsprakenwiki.js'), '// plugin bundle');
  write(path.join(dir, 'dist/client/afsprakenwiki.js'), '// client');
  write(path.join(dir, 'dist/client/fonts/icons.woff2'), 'font');
}

/**
 * A Wiki.js 2.5 tree as the official image has it, without config.yml: package.json, folders,
 * the `db` defaults of server/app/data.yml (as in Wiki.js 2.5.314), and the wiki's node_modules.
 */
export function fakeWikiTree(dir: string): void {
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'wiki', version: '2.5.314' }));
  write(path.join(dir, 'server/graph/schemas/common.graphql'), 'type Query');
  write(path.join(dir, 'server/graph/resolvers/page.js'), 'module.exports = {}');
  write(path.join(dir, 'server/modules/rendering/markdown-core/definition.yml'), 'key: markdownCore');
  write(path.join(dir, 'server/modules/extensions/sharp/ext.js'), 'module.exports = {}');
  write(path.join(dir, 'assets/js/app.js'), '// app');
  write(
    path.join(dir, 'server/app/data.yml'),
    'name: Wiki.js\ndefaults:\n  config:\n    port: 80\n    db:\n      type: postgres\n      host: localhost\n      port: 5432\n      user: wikijs\n      pass: wikijsrocks\n      db: wiki\n      ssl: false\n      storage: ./db.sqlite\n      sslOptions:\n        auto: true\n',
  );
  // The wiki's own knex and drivers (ours are the same versions).
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
}
