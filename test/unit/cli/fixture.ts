/** A small wiki in Wiki.js's storage format, written to a temp folder, and the CLI run in-process. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { main } from '../../../server/cli/main';

const header = (title: string, tags: string) =>
  `---\ntitle: ${title}\ndescription: \npublished: true\ndate: 2024-03-01T10:00:00.000Z\ntags: ${tags}\neditor: markdown\ndateCreated: 2024-01-01T10:00:00.000Z\n---\n\n`;

/** Files of the fixture wiki: two systems, `alpha` (declared themes) and `beta`. */
export const FIXTURE_FILES: Record<string, string> = {
  'alpha.md': `${header('Stelsel Alpha', 'stelsel:alpha')}# Alpha\n\n\`\`\`afsprakenstelsel\nkey: alpha\ntitel: Stelsel Alpha\nthemas:\n  - { key: t1, titel: Thema één }\n  - { key: t2, titel: Thema twee }\n\`\`\`\n`,
  'beta.md': `${header('Stelsel Beta', 'stelsel:beta')}\`\`\`afsprakenstelsel\nkey: beta\ntitel: Stelsel Beta\n\`\`\`\n`,
  'a/norm.md': `${header('Gedeelde norm', 'stelsel:alpha, hoofdstuk:kwaliteit, laag:normen, status:vastgesteld, thema:t1')}Tekst.\n`,
  'a/dienst.md': `${header('Dienst samen', 'stelsel:alpha, stelsel:beta, kolom:dienstverlening, laag:werkafspraken, status:concept, thema:t2')}Tekst.\n`,
  // Wiki.js writes titles unquoted: `: ` inside makes the header invalid YAML.
  'a/broken.md': `${header('Visie: samen werken', 'stelsel:alpha, kolom:leren, laag:techniek, status:vastgesteld')}Tekst.\n`,
  'a/unplaced.md': `${header('Zonder laag', 'stelsel:alpha, kolom:borgen, status:concept')}Tekst.\n`,
  'a/formula.md': `${header('=HYPERLINK("x")', 'stelsel:alpha, kolom:financiering, laag:normen, status:vastgesteld')}Tekst.\n`,
  'en/a/english.md': `${header('English agreement', 'stelsel:alpha, kolom:klantrelatie, laag:normen, status:agreed')}Text.\n`,
  'a/page.html': `<!--\ntitle: Html-pagina\ndescription: \npublished: true\ndate: 2024-03-01T10:00:00.000Z\ntags: stelsel:beta, kolom:leren, laag:normen, status:vastgesteld\neditor: ckeditor\ndateCreated: 2024-01-01T10:00:00.000Z\n-->\n\n<pre>\`\`\`afspraak\nstatus: vervallen\n\`\`\`</pre>\n`,
  'b/fout.md': `${header('Foute kolom', 'stelsel:beta, kolom:foo, laag:normen, status:vastgesteld')}\n\`\`\`afspraak\nstatus: vastgesteld\neigenaar: [x\n\`\`\`\n`,
  'notes.md': 'Een pagina zonder kop.\n',
  'empty-tags.md': header('Geen tags', ''),
  '.hidden/skip.md': header('Verborgen', 'stelsel:alpha, kolom:leren, laag:normen'),
  'node_modules/skip.md': header('Module', 'stelsel:alpha, kolom:leren, laag:normen'),
};

export function writeWiki(files: Record<string, string> = FIXTURE_FILES): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afsprakenwiki-cli-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export function removeWiki(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the command line in-process with captured output (no TTY, empty environment). */
export async function run(args: string[], io: { isTTY?: boolean; env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'afsprakenwiki', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    isTTY: io.isTTY ?? false,
    env: io.env ?? {},
    cwd: io.cwd ?? process.cwd(),
  });
  return { code, out, err };
}

/** Parses CSV produced by the command line (RFC 4180) back into rows, for assertions. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}
