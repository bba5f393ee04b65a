/**
 * Deterministic generator of realistic wiki pages in Wiki.js's storage format (front matter with
 * unquoted values, tags, `afspraak` blocks, prose), for benchmarks. Same seed, same pages.
 * Writes only under os.tmpdir(); nothing generated belongs in the repository.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { StorageFile } from '../server/cli/read-folder';

/** mulberry32: a small, fast, seeded PRNG; good enough to vary test data reproducibly. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const CHAPTERS = ['kwaliteit', 'duurzaamheid'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const STATUSES = ['concept', 'in-de-maak', 'vastgesteld', 'vastgesteld', 'gevalideerd', 'vervallen'];
const THEMES = ['meer-bewegen', 'vitale-kinderen', 'solk', 'volwassenen-ggz', 'jeugd-en-gezin', 'ouderenzorg', 'wijkspecialist', 'wijkverpleging'];
const PARTIES = ['huisartsen', 'poh-ggz', 'buurtteam', 'fysiotherapie', 'jgz', 'ggz', 'wijkverpleging', 'apotheek', 'gemeente', 'zorgverzekeraar'];
const WORDS = (
  'huisarts buurtteam cliënt afspraak overleg verwijzing zorg wijk samenwerking signalering ' +
  'terugkoppeling casus scholing registratie financiering borging praktijk gezin jeugd ouderen'
).split(' ');

export interface WikiShape {
  systems: number;
  pagesPerSystem: number;
  seed?: number;
}

/** The pages of a wiki: per system one system page and `pagesPerSystem - 1` agreement pages. */
export function generateWiki({ systems, pagesPerSystem, seed = 42 }: WikiShape): StorageFile[] {
  return Array.from({ length: systems }, (_, i) => generateSystem(i + 1, { systems, pagesPerSystem, seed })).flat();
}

/** The pages of system number `s` (1-based) alone, the same as in the whole wiki, so a large wiki can be made in parts. */
export function generateSystem(s: number, { systems, pagesPerSystem, seed = 42 }: WikiShape): StorageFile[] {
  const random = prng(seed * 100003 + s);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const some = <T>(list: readonly T[], max: number) => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(list)))];
  const prose = (sentences: number) =>
    Array.from({ length: sentences }, () => {
      const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS)).join(' ');
      return `${words[0].toUpperCase()}${words.slice(1)}.`;
    }).join(' ');
  const header = (title: string, tags: string[]) =>
    `---\ntitle: ${title}\ndescription: ${prose(1)}\npublished: true\ndate: 2024-05-01T10:00:00.000Z\ntags: ${tags.join(', ')}\neditor: markdown\ndateCreated: 2023-01-01T10:00:00.000Z\n---\n\n`;

  const files: StorageFile[] = [];
  const key = `stelsel-${String(s).padStart(3, '0')}`;
  const themes = some(THEMES, 6);
  const parties = some(PARTIES, 8);
  files.push({
    file: `${key}.md`,
    text:
      header(`Afsprakenstelsel ${s}`, [`stelsel:${key}`]) +
      `# Afsprakenstelsel ${s}\n\n\`\`\`afsprakenstelsel\nkey: ${key}\ntitel: Afsprakenstelsel ${s}\nregio: Wijk ${s}\n` +
      `themas:\n${themes.map((t) => `  - { key: ${t}, titel: ${t} }`).join('\n')}\n` +
      `partijen:\n${parties.map((p) => `  - { key: ${p}, naam: ${p} }`).join('\n')}\n\`\`\`\n\n${prose(6)}\n`,
  });
  for (let p = 1; p < pagesPerSystem; p++) {
    const tags = [`stelsel:${key}`];
    // A few pages are shared with the next system, as city-wide documents are in the seeds.
    if (random() < 0.05) tags.push(`stelsel:stelsel-${String((s % systems) + 1).padStart(3, '0')}`);
    const placement = random();
    if (placement < 0.8) tags.push(...some(COLUMNS, 2).map((c) => `kolom:${c}`));
    else if (placement < 0.95) tags.push(`hoofdstuk:${pick(CHAPTERS)}`);
    if (random() < 0.97) tags.push(`laag:${pick(LAYERS)}`);
    if (random() < 0.02) tags.push('kolom:onbekend');
    tags.push(`thema:${pick(themes)}`, `status:${pick(STATUSES)}`, ...some(parties, 3).map((x) => `partij:${x}`));
    // Wiki.js writes titles unquoted: some contain `: ` and break YAML, as real ones do.
    const title = random() < 0.05 ? `Werkafspraak ${s}.${p}: ${pick(WORDS)}` : `Werkafspraak ${s}.${p} ${pick(WORDS)}`;
    const block =
      random() < 0.3
        ? `\`\`\`afspraak\neigenaar: ${pick(parties)}\nvastgesteld: 2023-0${1 + Math.floor(random() * 9)}-15\nherzien-voor: 2025-01-01\nbronnen: ["https://example.org/${key}/${p}.pdf"]\n\`\`\`\n\n`
        : '';
    files.push({
      file: `${key}/${pick(themes)}/afspraak-${p}.md`,
      text: `${header(title, tags)}# ${title}\n\n${block}${prose(8)}\n\n## Werkwijze\n\n${prose(10)}\n`,
    });
  }
  return files;
}

/** Writes generated files to a fresh folder under the system temp dir; returns its path. */
export function writeToTemp(files: readonly StorageFile[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afsprakenwiki-bench-'));
  for (const { file, text } of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
