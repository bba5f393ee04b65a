/**
 * The overlay: which files of this package go where in a Wiki.js tree, and the manifest that
 * records what an install wrote (with sha256), so uninstall removes exactly that.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import { BLOCK_NAMES } from '../domain/blocks';
import { sha256 } from './hash';
import { prismGrammarTarget, type WikiFolder } from './wiki-folder';

/** Where the manifest lives in the wiki (inside the extension's own folder). */
export const MANIFEST_PATH = 'server/modules/extensions/afsprakenwiki/manifest.json';

export interface OverlayFile {
  /** Absolute path in this package. */
  source: string;
  /** Path relative to the wiki root, with forward slashes. */
  target: string;
}

export interface ManifestEntry {
  path: string;
  sha256: string;
}

export interface Manifest {
  name: 'afsprakenwiki';
  version: string;
  installedAt: string;
  files: ManifestEntry[];
}

/** The package root: the nearest folder up from here with this package's package.json. */
export function packageRoot(start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'afsprakenwiki') return dir;
    if (path.dirname(dir) === dir) throw new Error('afsprakenwiki package root not found');
  }
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

const EXTENSION_DIR = 'server/modules/extensions/afsprakenwiki';
const RENDERER_DIR = 'server/modules/rendering/markdown-afsprakenwiki';

/**
 * Every file the overlay holds. Required build outputs are listed even when missing, so the
 * caller can say what to build; the client bundle is copied as far as it exists.
 */
export function overlayFiles(root: string): OverlayFile[] {
  const at = (source: string, target: string): OverlayFile => ({ source: path.join(root, source), target });
  const files: OverlayFile[] = [
    at('module/extensions/afsprakenwiki/ext.js', `${EXTENSION_DIR}/ext.js`),
    at('dist/wiki/server/modules/extensions/afsprakenwiki/afsprakenwiki.js', `${EXTENSION_DIR}/afsprakenwiki.js`),
    at('module/rendering/markdown-afsprakenwiki/definition.yml', `${RENDERER_DIR}/definition.yml`),
    at('module/rendering/markdown-afsprakenwiki/renderer.js', `${RENDERER_DIR}/renderer.js`),
    at('dist/wiki/server/modules/rendering/markdown-afsprakenwiki/markdown-afsprakenwiki.js', `${RENDERER_DIR}/markdown-afsprakenwiki.js`),
    at('server/graph/agreements.graphql', 'server/graph/schemas/agreements.graphql'),
    at('dist/wiki/server/graph/resolvers/agreements.js', 'server/graph/resolvers/agreements.js'),
  ];
  for (const lang of ['nl', 'en']) {
    for (const file of ['core.json', 'ui.json']) {
      const source = `locales/${lang}/${file}`;
      if (file === 'core.json' || existsSync(path.join(root, source))) files.push(at(source, `${EXTENSION_DIR}/locales/${lang}/${file}`));
    }
  }
  // Wiki.js's editor preview loads a Prism grammar per fence name.
  for (const name of Object.values(BLOCK_NAMES).flat()) files.push(at('module/prism/block-grammar.js', prismGrammarTarget(name)));
  const client = path.join(root, 'dist', 'client');
  for (const full of filesUnder(client)) {
    files.push({ source: full, target: `assets/afsprakenwiki/${path.relative(client, full).split(path.sep).join('/')}` });
  }
  return files;
}

/** The hash of one of this package's own files (never a wiki's: see wiki-folder.ts). */
export function sourceHash(file: string): string | undefined {
  return existsSync(file) ? sha256(readFileSync(file)) : undefined;
}

/** The manifest of what an install wrote, or undefined when there is none. */
export function readManifest(folder: WikiFolder): Manifest | undefined {
  const content = folder.read(MANIFEST_PATH);
  return content === undefined ? undefined : (JSON.parse(content.toString('utf8')) as Manifest);
}

export function writeManifest(folder: WikiFolder, manifest: Manifest): void {
  folder.write(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Copies one file unless the target already has the same content; true when written. */
export function copyIfChanged(folder: WikiFolder, source: string, target: string): { written: boolean; sha256: string } {
  const content = readFileSync(source);
  const hash = sha256(content);
  if (folder.hash(target) === hash) return { written: false, sha256: hash };
  folder.write(target, content);
  return { written: true, sha256: hash };
}
