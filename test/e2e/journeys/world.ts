/**
 * The wiki the journeys (contract §7-10, issue 17) walk through, and how they walk: one real
 * Wiki.js 2.5 per database, its pages, users and page rules, a browser, and the checks every
 * journey shares (GraphQL as each role, console errors, screenshots).
 *
 * The pages, in the site language (nl). Basiszorg Zuid (`zuid`) is the working system;
 * Basiszorg Kanaleneiland (`kanaal`) the neighbourhood that starts and takes it over; a mapping
 * session later makes Basiszorg Noord (`noord`) from a file.
 *
 *   page (title)                                             system  cell (chapter|column|layer)          status       afspraak block
 *   zuid/normen/toegankelijk (Toegankelijke zorg)            zuid    kwaliteit|dienstverlening|normen     vastgesteld
 *   zuid/dienstverlening/warme-overdracht (Warme overdracht) zuid    kwaliteit|dienstverlening|werkafspr. vastgesteld  eigenaar POH GGZ Zuid, volgt-uit Toegankelijke zorg, gebruikt Verwijsformulier
 *   zuid/techniek/verwijsformulier (Verwijsformulier)        zuid    kwaliteit|dienstverlening|techniek   vastgesteld
 *   zuid/klantrelatie/spreekuur (Spreekuur in de wijk)       zuid    kwaliteit|klantrelatie|werkafspraken in-de-maak   eigenaar Huisartsen Zuid, herzien-voor 2025-02-28
 *   zuid/borgen/kwaliteitskring (Kwaliteitskring)            zuid    duurzaamheid|borgen|werkafspraken    vastgesteld  eigenaar Kwaliteitsteam
 *   zuid/leren/intervisie (Intervisie huisartsen) [tag]      zuid    duurzaamheid|leren|werkafspraken     vastgesteld
 *   intern/zuid/financiering (Financiering per wijk) [path]  zuid    duurzaamheid|*|normen (chapter-wide) vastgesteld
 *   gedeeld/visie (Gedeelde visie)                           both    kwaliteit|klantrelatie|normen        vastgesteld
 *   kanaal/dienstverlening/warme-overdracht (Warme overdracht Kanaleneiland)
 *                                                            kanaal  kwaliteit|dienstverlening|werkafspr. vastgesteld  eigenaar Buurtteam, herzien-voor 2030-09-30, gebaseerd-op Warme overdracht
 *   kanaal/klantrelatie/inloop (Inloopspreekuur)             kanaal  kwaliteit|klantrelatie|normen        in-de-maak   eigenaar Huisartsen Kanaleneiland, herzien-voor 2025-03-31 (overdue)
 *   kanaal/leren/oud-overleg (Oud overleg)                   kanaal  duurzaamheid|leren|techniek          concept      (deleted when the history has run for a while)
 *
 * [tag]: tagged `vertrouwelijk`; [path]: under `intern/`: the guest may read neither (page rules
 * of the Guests group). The writer (group Kanaleneiland) reads everything and writes only under
 * `kanaal` (a START page rule for write:pages). The history of the index is made to have begun
 * 40 days ago with these pages as they are (see `backdateHistory`), so what the journeys change
 * shows as a change, not as a page added since.
 */
import fs from 'fs';
import path from 'path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS } from '../../browser/support';
import type { NewPage, PageRule, WikiEngine, WikiHarness } from '../../support/wikijs-harness';

export type Role = 'admin' | 'writer' | 'guest';

export const WRITER = {
  email: 'schrijver@example.com',
  name: 'Schrijver Kanaleneiland',
  password: 'schrijver-wachtwoord-123',
};
/** Where the writer may write (a START rule): the receiver's system page and every page below it. */
export const WRITER_PATH = 'kanaal';
export const HISTORY_DAYS = 40;
export const OVERDUE_REVIEW = '2025-03-31';

const systemPage = (pagePath: string, key: string, title: string): NewPage => ({
  path: pagePath,
  locale: 'nl',
  title,
  content: ['```afsprakenstelsel', `key: ${key}`, `titel: ${title}`, 'themas:', '  - { key: overdracht, titel: Overdracht }', 'partijen:', '  - { key: huisartsen, naam: Huisartsen }', '```', ''].join(
    '\n',
  ),
  tags: [],
});

const agreement = (pagePath: string, title: string, tags: string[], ...block: string[]): NewPage => ({
  path: pagePath,
  locale: 'nl',
  title,
  content: [`# ${title}`, '', 'Wat we met elkaar afspreken.', ...(block.length ? ['', '```afspraak', ...block, '```'] : []), ''].join('\n'),
  tags,
});

const embed = (pagePath: string, title: string, ...block: string[]): NewPage => ({
  path: pagePath,
  locale: 'nl',
  title,
  content: `# ${title}\n\n${block.join('\n')}\n`,
  tags: [],
});

const zuid = (column: string, layer: string, status: string, ...more: string[]) => ['stelsel:zuid', column, `laag:${layer}`, `status:${status}`, ...more];

export const PAGES: NewPage[] = [
  systemPage('zuid', 'zuid', 'Basiszorg Zuid'),
  systemPage('kanaal', 'kanaal', 'Basiszorg Kanaleneiland'),
  agreement('zuid/normen/toegankelijk', 'Toegankelijke zorg', zuid('kolom:dienstverlening', 'normen', 'vastgesteld')),
  agreement(
    'zuid/dienstverlening/warme-overdracht',
    'Warme overdracht',
    zuid('kolom:dienstverlening', 'werkafspraken', 'vastgesteld', 'thema:overdracht', 'partij:huisartsen'),
    'eigenaar: POH GGZ Zuid',
    'volgt-uit: zuid/normen/toegankelijk',
    'gebruikt: [/zuid/techniek/verwijsformulier]',
  ),
  agreement('zuid/techniek/verwijsformulier', 'Verwijsformulier', zuid('kolom:dienstverlening', 'techniek', 'vastgesteld')),
  agreement('zuid/klantrelatie/spreekuur', 'Spreekuur in de wijk', zuid('kolom:klantrelatie', 'werkafspraken', 'in-de-maak'), 'eigenaar: Huisartsen Zuid', 'herzien-voor: 2025-02-28'),
  agreement('zuid/borgen/kwaliteitskring', 'Kwaliteitskring', zuid('kolom:borgen', 'werkafspraken', 'vastgesteld'), 'eigenaar: Kwaliteitsteam'),
  agreement('zuid/leren/intervisie', 'Intervisie huisartsen', zuid('kolom:leren', 'werkafspraken', 'vastgesteld', 'vertrouwelijk')),
  agreement('intern/zuid/financiering', 'Financiering per wijk', zuid('hoofdstuk:duurzaamheid', 'normen', 'vastgesteld')),
  agreement('gedeeld/visie', 'Gedeelde visie', ['stelsel:zuid', 'stelsel:kanaal', 'kolom:klantrelatie', 'laag:normen', 'status:vastgesteld']),
  agreement(
    'kanaal/dienstverlening/warme-overdracht',
    'Warme overdracht Kanaleneiland',
    ['stelsel:kanaal', 'kolom:dienstverlening', 'laag:werkafspraken', 'status:vastgesteld', 'thema:overdracht'],
    'eigenaar: Buurtteam',
    'herzien-voor: 2030-09-30',
    'gebaseerd-op: /nl/zuid/dienstverlening/warme-overdracht',
  ),
  agreement(
    'kanaal/klantrelatie/inloop',
    'Inloopspreekuur',
    ['stelsel:kanaal', 'kolom:klantrelatie', 'laag:normen', 'status:in-de-maak'],
    'eigenaar: Huisartsen Kanaleneiland',
    `herzien-voor: ${OVERDUE_REVIEW}`,
  ),
  agreement('kanaal/leren/oud-overleg', 'Oud overleg', ['stelsel:kanaal', 'kolom:leren', 'laag:techniek', 'status:concept']),
  embed('kanaal/overdracht', 'Overdracht van Zuid naar Kanaleneiland', '```afsprakenoverdracht', 'referentie: zuid', 'ontvanger: kanaal', '```'),
  embed('overzicht', 'Alle stelsels', '```afsprakenoverzicht', '```'),
  embed('zoeken', 'Afspraken zoeken', '```afsprakenzoeker', '```'),
];

export const GUEST_RULES: PageRule[] = [
  {
    id: 'alles',
    deny: false,
    match: 'START',
    roles: ['read:pages', 'read:assets', 'read:comments'],
    path: '',
    locales: [],
  },
  {
    id: 'intern',
    deny: true,
    match: 'START',
    roles: ['read:pages'],
    path: 'intern',
    locales: [],
  },
  {
    id: 'vertrouwelijk',
    deny: true,
    match: 'TAG',
    roles: ['read:pages'],
    path: 'vertrouwelijk',
    locales: [],
  },
];

const WRITER_RULES: PageRule[] = [
  {
    id: 'lezen',
    deny: false,
    match: 'START',
    roles: ['read:pages', 'read:assets', 'read:comments', 'read:source', 'read:history'],
    path: '',
    locales: [],
  },
  {
    id: 'schrijven',
    deny: false,
    match: 'START',
    roles: ['write:pages'],
    path: WRITER_PATH,
    locales: [],
  },
];

/** What the guest must find nowhere: the titles and paths of the pages the two rules hide. */
export const HIDDEN_FROM_GUEST = ['Intervisie huisartsen', 'Financiering per wijk', 'intern/', 'zuid/leren/intervisie', 'financiering-per-wijk'];

/** Node ids of a page path, for the checks through Wiki.js's own API. */
export interface WikiPage {
  id: number;
  path: string;
  locale: string;
  title: string;
  content: string;
  tags: Array<{ tag: string }>;
}

const SINGLE = 'query($id: Int!) { pages { single(id: $id) { id path locale title content tags { tag } } } }';

/**
 * One database's wiki for all journeys, with the state a journey hands to the next (the journeys
 * run in order: the guest walks the pages the others changed).
 */
export class JourneyWorld {
  browser!: Browser;
  writerToken = '';
  readonly pageIds = new Map<string, number>();
  /** Files a journey made that a later step shows again (the screenshots). */
  readonly files = new Map<string, string>();
  private contexts: BrowserContext[] = [];
  /** Console errors and uncaught exceptions, per role and page opened. */
  readonly errors = new Map<string, string[]>();

  constructor(readonly wiki: WikiHarness, readonly engine: WikiEngine) {}

  /** Pages, the writer and the page rules; the history moved back; the obsolete draft deleted. */
  async setUp(launch: () => Promise<Browser>): Promise<void> {
    await this.wiki.prepareForBrowser('nl');
    for (const page of PAGES) this.pageIds.set(page.path, await this.wiki.createPage(page));
    const group = await this.wiki.createGroup('Kanaleneiland', ['read:pages', 'read:assets', 'read:comments', 'write:pages', 'read:source', 'read:history'], WRITER_RULES);
    await this.wiki.createUser(WRITER.email, WRITER.name, WRITER.password, [group]);
    await this.wiki.setGuestPageRules(GUEST_RULES);
    await this.backdateHistory();
    this.writerToken = await this.wiki.loginAs(WRITER.email, WRITER.password);
    // A colleague removed an obsolete draft since: "Recent gewijzigd" shows it removed.
    const deleted = await this.wiki.graphql<{
      pages: {
        delete: { responseResult: { succeeded: boolean; message: string } };
      };
    }>('mutation($id: Int!) { pages { delete(id: $id) { responseResult { succeeded message } } } }', { id: this.pageIds.get('kanaal/leren/oud-overleg') });
    expect(deleted.data?.pages.delete.responseResult.succeeded, JSON.stringify(deleted)).to.equal(true);
    this.browser = await launch();
  }

  /**
   * As if the extension had been installed on this wiki 40 days ago: its history begins then,
   * every page recorded as it is now. Done with Wiki.js stopped (a running node keeps what it
   * read of the history), then Wiki.js starts again.
   */
  private async backdateHistory(): Promise<void> {
    const indexed = await this.api<{
      matrix: { cells: Array<{ count: number }> };
    }>('{ agreements { matrix(system: "kanaal") { cells { count } } } }', {}, 'admin');
    expect(
      indexed.matrix.cells.reduce((n, c) => n + c.count, 0),
      'kanaal indexed before the history is moved',
    ).to.equal(4);
    await this.wiki.stop();
    const at = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
    const db = this.wiki.openDatabase();
    try {
      await db('agr_history').update({ at });
      await db('agr_meta').where({ key: 'history.startsAt' }).update({ value: at });
    } finally {
      await db.destroy();
    }
    await this.wiki.start();
  }

  token(role: Role): boolean | string {
    return role === 'admin' ? true : role === 'writer' ? this.writerToken : false;
  }

  /** The extension's GraphQL answer (`agreements { … }`) as that role; fails on errors. */
  async api<T>(query: string, variables: Record<string, unknown>, role: Role): Promise<T> {
    const result = await this.wiki.graphql<{ agreements: T }>(query, variables, this.token(role));
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { agreements: T }).agreements;
  }

  /** The matrix as `agreements.matrix` answers it, in `matrixShown`'s form: per cell that is not empty, `<count> <state>`. */
  async matrixAnswered(system: string, role: Role): Promise<Record<string, string>> {
    type Cell = { chapter: string; column: string | null; layer: string; count: number; state: string };
    const { matrix } = await this.api<{ matrix: { cells: Cell[] } }>('query($s: String!) { agreements { matrix(system: $s) { cells { chapter column layer count state } } } }', { s: system }, role);
    return Object.fromEntries(matrix.cells.filter((c) => c.count > 0 || c.state !== 'EMPTY').map((c) => [`${c.chapter}|${c.column ?? '*'}|${c.layer}`, `${c.count} ${c.state}`]));
  }

  /** Wiki.js's own answer (`pages { … }`) as the administrator. */
  async pages<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.wiki.graphql<{ pages: T }>(query, variables);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return (result.data as { pages: T }).pages;
  }

  /** pages.single of a page found by path (pages.singleByPath), or null when there is none. */
  async wikiPage(pagePath: string): Promise<WikiPage | null> {
    const found = await this.wiki.graphql<{ pages: { singleByPath: { id: number } | null } }>('query($p: String!) { pages { singleByPath(path: $p, locale: "nl") { id } } }', { p: pagePath });
    const id = found.data?.pages.singleByPath?.id;
    if (!id) return null;
    return (await this.pages<{ single: WikiPage }>(SINGLE, { id })).single;
  }

  /** The paths of every page, from pages.list. */
  async allPaths(): Promise<string[]> {
    return (await this.pages<{ list: Array<{ path: string }> }>('{ pages { list(limit: 1000) { path } } }')).list.map((p) => p.path).sort();
  }

  /** A fresh browser context as that role (Wiki.js's `jwt` cookie), its console watched. */
  async context(role: Role, width = 1400): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      viewport: { width, height: 900 },
      acceptDownloads: true,
    });
    this.contexts.push(context);
    const token = this.token(role);
    if (token !== false)
      await context.addCookies([
        {
          name: 'jwt',
          value: token === true ? await this.wiki.login() : token,
          url: this.wiki.url,
        },
      ]);
    context.on('page', (page) => this.watch(page, role));
    return context;
  }

  private watch(page: Page, role: Role): void {
    const seen = (where: string) => {
      const key = `${role} ${where}`;
      const list = this.errors.get(key) ?? [];
      this.errors.set(key, list);
      return list;
    };
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) seen(new URL(frame.url()).pathname);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') seen(new URL(page.url()).pathname).push(`${message.text().split('\n')[0].slice(0, 300)} (${message.location().url}:${message.location().lineNumber})`);
    });
    page.on('pageerror', (error) => seen(new URL(page.url()).pathname).push(`uncaught: ${error.message.split('\n')[0].slice(0, 300)}`));
  }

  /** A new tab as that role on a page of the wiki, which must answer 200. */
  async open(pathAndQuery: string, role: Role, width = 1400): Promise<Page> {
    const page = await (await this.context(role, width)).newPage();
    const response = await page.goto(`${this.wiki.url}${pathAndQuery}`);
    expect(response?.status(), `${role} ${pathAndQuery}`).to.equal(200);
    return page;
  }

  url(pathAndQuery: string): string {
    return `${this.wiki.url}${pathAndQuery}`;
  }

  async closeContexts(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    this.contexts = [];
  }

  /** test-output/screenshots/wikijs-journey-<name>-<engine>.png */
  screenshotPath(name: string): string {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    return path.join(SCREENSHOTS, `wikijs-journey-${name}-${this.engine}.png`);
  }

  /** The whole page, once Vuetify's transitions are over. */
  async screenshot(page: Page, name: string): Promise<void> {
    await page.waitForTimeout(400);
    await page.screenshot({ path: this.screenshotPath(name), fullPage: true });
  }

  /** For the guest: no title or path of a hidden page anywhere in the page, attributes included. */
  async expectNothingHidden(page: Page): Promise<void> {
    const html = await page.content();
    for (const hidden of HIDDEN_FROM_GUEST) expect(html, `${page.url()} shows ${hidden}`).not.to.include(hidden);
  }
}

/** A system page with its matrix painted. */
export async function waitForMatrix(page: Page): Promise<void> {
  await page.waitForSelector('.afsprakenwiki-matrix .afw-matrix[data-complete="true"]', { timeout: 30000 });
}

/** The matrix as shown: per cell id that is not empty, `<count> <state>`. */
export async function matrixShown(page: Page): Promise<Record<string, string>> {
  const cells = (await page.evaluate(`Array.from(document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell')).map((td) => [td.dataset.cell, td.dataset.count + ' ' + td.dataset.state])`)) as Array<
    [string, string]
  >;
  return Object.fromEntries(cells.filter(([, shown]) => shown !== '0 EMPTY'));
}

/** The titles linked from the matrix (every cell's list and "Niet ingedeeld"), sorted. */
export async function matrixTitles(page: Page): Promise<string[]> {
  return (await page.locator('.afsprakenwiki-matrix td.afw-cell a, .afsprakenwiki-matrix .afw-unplaced a').allTextContents()).map((t) => t.trim()).sort();
}

/** The sidebar (Wiki.js's left drawer, "Kader"): the system link and the page marked current, with the cell of its tree node. */
export async function sidebarShown(page: Page): Promise<{
  system: string;
  current: Array<{ title: string; cell: string }>;
}> {
  const nav = page.getByRole('navigation', { name: 'Kader' });
  await nav.getByRole('tree').waitFor({ timeout: 30000 });
  const system = ((await nav.locator('a.afw-sidebar__system').textContent()) ?? '').trim();
  const current = (await nav.locator('[role="treeitem"][aria-current="page"]').evaluateAll((items) =>
    items.map((a) => ({
      title: (a.firstChild?.textContent ?? '').trim(),
      cell: (a.getAttribute('data-node') ?? '').split('|').slice(0, 3).join('|'),
    })),
  )) as Array<{ title: string; cell: string }>;
  return { system, current };
}

/**
 * The line of an `afspraak` block naming one link: `<field>: <link>`, the link in any form of
 * contract §8.3 (`path`, `/path`, `/nl/path`), bare, quoted or as a one-item list.
 */
export function blockLink(field: string, pagePath: string): RegExp {
  // Inline (`field: path`, `field: [path]`) as the editor writes it, or a YAML list item as the import writes it.
  return new RegExp(`\\n${field}:(?: |\\n {2}- )\\[?["']?(/nl)?/?${pagePath}["']?\\]?\\n`);
}

/** RFC 4180 rows of a CSV text (quoted fields may hold separators, quotes and line breaks). */
export function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * A CSV text of these rows as a Dutch spreadsheet on Windows saves it: every field quoted, `;`
 * between them, CRLF after each row and inside a multi-line cell.
 */
export function writeCsv(rows: string[][]): string {
  return rows.map((row) => row.map((value) => `"${value.replace(/"/g, '""').replace(/\r?\n/g, '\r\n')}"`).join(';')).join('\r\n') + '\r\n';
}
