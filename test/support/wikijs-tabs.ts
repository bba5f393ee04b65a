/**
 * Browser tabs on a real Wiki.js for the e2e browser suites: each tab a fresh context as the
 * administrator (Wiki.js's `jwt` cookie) or as a guest. Tests declared with `it` fail when a tab
 * they opened logged a console error or an uncaught exception: each test checks its own tabs.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from '../browser/support';
import { startedWiki } from './wikijs-suite';
import type { NewPage, PageRule, WikiHarness } from './wikijs-harness';

export type Reader = 'admin' | 'guest';

export class WikiTabs {
  /** Where the tabs opened now report their errors: the running test's list. */
  private errors: string[] = [];
  private contexts: BrowserContext[] = [];

  constructor(
    private readonly wiki: () => WikiHarness,
    private readonly browser: () => Browser,
  ) {}

  /** A new browser context as that reader, closed by `closeAll`. */
  async context(reader: Reader, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
    const context = await this.browser().newContext({ viewport: { width: options.width ?? 1400, height: 900 }, colorScheme: options.colorScheme });
    this.contexts.push(context);
    if (reader === 'admin') await context.addCookies([{ name: 'jwt', value: await this.wiki().login(), url: this.wiki().url }]);
    return context;
  }

  /** Opens `pagePath` in a new tab; the page must answer 200. */
  async open(pagePath: string, reader: Reader, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const page = await (await this.context(reader, options)).newPage();
    const where = `${reader} ${pagePath}`;
    const seen = this.errors;
    page.on('console', (message) => {
      if (message.type() === 'error') seen.push(`${where}: ${message.text().split('\n')[0].slice(0, 300)} (${message.location().url}:${message.location().lineNumber})`);
    });
    page.on('pageerror', (error) => seen.push(`${where}: uncaught: ${error.message.split('\n')[0].slice(0, 300)}`));
    const response = await page.goto(`${this.wiki().url}${pagePath}`);
    expect(response?.status(), where).to.equal(200);
    return page;
  }

  /** A mocha test that also fails when a tab it opened logged an error. */
  it(title: string, body: (this: Mocha.Context) => Promise<void>): Mocha.Test {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tabs = this;
    return it(title, async function () {
      const errors: string[] = [];
      tabs.errors = errors;
      await body.call(this);
      expect(errors, 'console errors and uncaught exceptions of the tabs this test opened').to.deep.equal([]);
    });
  }

  /** Closes every tab opened so far (after each test). */
  async closeAll(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    this.contexts = [];
  }
}

/** The guest reads everything but pages under `intern/` (a path rule) and pages tagged `vertrouwelijk` (a tag rule). */
export const GUEST_EXCEPT_INTERN_AND_VERTROUWELIJK: PageRule[] = [
  { id: 'alles', deny: false, match: 'START', roles: ['read:pages', 'read:assets', 'read:comments'], path: '', locales: [] },
  { id: 'intern', deny: true, match: 'START', roles: ['read:pages'], path: 'intern', locales: [] },
  { id: 'vertrouwelijk', deny: true, match: 'TAG', roles: ['read:pages'], path: 'vertrouwelijk', locales: [] },
];

/**
 * For a describe block: a fresh Dutch Wiki.js with these pages and guest rules and a browser,
 * started before its tests and disposed after them (kept with AFW_KEEP_WIKI), the tabs closed
 * after each test.
 */
export function wikiWithTabs(pages: readonly NewPage[], guestRules: PageRule[]): { tabs: WikiTabs; harness: () => WikiHarness } {
  let wiki: WikiHarness | undefined;
  let browser: Browser | undefined;
  const harness = () => wiki as WikiHarness;
  const tabs = new WikiTabs(harness, () => browser as Browser);
  before(async function () {
    wiki = await startedWiki(this, { browser: true });
    await wiki.prepareForBrowser('nl');
    for (const page of pages) await wiki.createPage(page);
    await wiki.setGuestPageRules(guestRules);
    browser = await launch();
  });
  afterEach(() => tabs.closeAll());
  after(async () => {
    await browser?.close().catch(() => undefined);
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
    else await wiki?.stop();
  });
  return { tabs, harness };
}
