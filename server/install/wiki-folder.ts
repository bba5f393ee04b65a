/**
 * The installer's only way into a wiki folder. Every path it hashes, writes or removes is one of
 * the extension's own target paths, resolved and checked to lie inside the folder, with no
 * symbolic link on the way (lstat of every component, and O_NOFOLLOW where a file is opened).
 * Whoever can write the wiki folder (its manifest, a link where a file of ours goes) must not be
 * able to turn the administrator who runs the installer against files elsewhere.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmdirSync, unlinkSync, writeFileSync } from 'fs';
import path from 'path';
import { BLOCK_NAMES } from '../domain/blocks';
import { sha256 } from './hash';

/** Folders the extension owns in a wiki: any file below them may be its own; emptied ones are removed. */
export const OWN_FOLDERS = ['server/modules/extensions/afsprakenwiki', 'server/modules/rendering/markdown-afsprakenwiki', 'assets/afsprakenwiki'];

/** The Prism grammar Wiki.js's editor preview loads for a fence name (assets/js/prism/prism-<name>.min.js). */
export function prismGrammarTarget(blockName: string): string {
  return `assets/js/prism/prism-${blockName}.min.js`;
}

/** Its files in Wiki.js's own folders, where it never removes a folder. */
const OWN_FILES = [
  'server/graph/schemas/agreements.graphql',
  'server/graph/resolvers/agreements.js',
  ...Object.values(BLOCK_NAMES).flat().map(prismGrammarTarget),
];

/** A path the installer will not touch, and why. */
export type Refusal = { target: string; reason: 'notOurs' } | { target: string; reason: 'symlink'; link: string };

/** A manifest or the marker is itself at a path that is refused (a link); the command stops. */
export class RefusedPathError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused path ${refusal.target}`);
    this.name = 'RefusedPathError';
  }
}

/**
 * Whether a path (as a manifest holds it) names one of the extension's own files: relative, with
 * forward slashes, without `.`, `..` or empty parts, below one of its folders or one of its files.
 */
export function isOwnTarget(target: unknown): target is string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 1000) return false;
  const parts = target.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0'))) return false;
  return OWN_FILES.includes(target) || OWN_FOLDERS.some((folder) => target.startsWith(`${folder}/`));
}

const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

export class WikiFolder {
  /** The folder as the file system resolves it; every path is checked to lie below it. */
  readonly root: string;

  constructor(dir: string) {
    this.root = realpathSync(dir);
  }

  /** The absolute path of one of our targets, or why it is refused. */
  locate(target: unknown): { file: string } | Refusal {
    if (!isOwnTarget(target)) return { target: String(target), reason: 'notOurs' };
    const file = path.resolve(this.root, ...target.split('/'));
    const inside = path.relative(this.root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return { target, reason: 'notOurs' };
    let at = this.root;
    for (const part of target.split('/')) {
      at = path.join(at, part);
      try {
        if (lstatSync(at).isSymbolicLink()) return { target, reason: 'symlink', link: path.relative(this.root, at).split(path.sep).join('/') };
      } catch (err) {
        if (isMissing(err)) break;
        throw err;
      }
    }
    return { file };
  }

  /** `locate`, throwing the refusal: for the installer's own bookkeeping files. */
  private located(target: string): string {
    const where = this.locate(target);
    if ('reason' in where) throw new RefusedPathError(where);
    return where.file;
  }

  /** The file's content, or undefined when there is none; never through a link. */
  read(target: string): Buffer | undefined {
    const file = this.located(target);
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  hash(target: string): string | undefined {
    const content = this.read(target);
    return content === undefined ? undefined : sha256(content);
  }

  /** Writes the file, making its folders one by one; never through a link. */
  write(target: string, content: Buffer | string): void {
    const file = this.located(target);
    let at = this.root;
    for (const part of target.split('/').slice(0, -1)) {
      at = path.join(at, part);
      try {
        mkdirSync(at);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      // A link made between the check and here is not followed either.
      if (lstatSync(at).isSymbolicLink()) throw new RefusedPathError({ target, reason: 'symlink', link: path.relative(this.root, at) });
    }
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the file (true when there was one), then the folders of ours it leaves empty. */
  remove(target: string): boolean {
    const file = this.located(target);
    let existed = true;
    try {
      unlinkSync(file);
    } catch (err) {
      if (!isMissing(err)) throw err;
      existed = false;
    }
    const own = OWN_FOLDERS.find((folder) => target.startsWith(`${folder}/`));
    if (own) {
      // Up to and including the extension's own folder, never a folder of Wiki.js.
      const stopAt = path.dirname(path.join(this.root, ...own.split('/')));
      for (let dir = path.dirname(file); dir.startsWith(stopAt + path.sep); dir = path.dirname(dir)) {
        try {
          if (lstatSync(dir).isSymbolicLink() || readdirSync(dir).length > 0) break;
          rmdirSync(dir);
        } catch (err) {
          if (isMissing(err)) continue;
          throw err;
        }
      }
    }
    return existed;
  }
}
