/**
 * What the browser suites share: Debian's Chromium through playwright-core (never a downloaded
 * browser), the dev app on a free port, the client bundle built when missing or stale, and the
 * GraphQL answers the views are checked against.
 */
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { executeGraphql } from '../../server/graph/standalone';
import { startDevServer, type DevServer } from '../../dev/server';
import type { BackendOptions, Role } from '../../dev/backend';
import { recordSkip } from '../support/skips';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');
export const BUNDLE = path.join(ROOT, 'dist/client/afsprakenwiki.js');
export const SCREENSHOTS = path.join(ROOT, 'test-output/screenshots');

/** False (and the reason recorded) when no Chromium is installed outside CI; CI must have one. */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing; CI installs it with apt-get install chromium`);
  recordSkip(`browser tests: ${CHROMIUM} not installed (apt-get install chromium)`);
  return false;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the client bundle unless dist/ already has one newer than client/ and locales/. */
export async function ensureBundle(): Promise<void> {
  const built = fs.existsSync(BUNDLE) ? fs.statSync(BUNDLE).mtimeMs : 0;
  if (built > Math.max(newestSource(path.join(ROOT, 'client')), newestSource(path.join(ROOT, 'locales')))) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildClient } = require('../../scripts/build-client.js') as { buildClient: () => Promise<void> };
  await buildClient();
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Session {
  dev: DevServer;
  browser: Browser;
  /**
   * Console errors and uncaught exceptions of the pages opened since this list was set: each page
   * reports into the list current when it was opened (see `itWithoutPageErrors`).
   */
  errors: string[];
  open(pathAndQuery: string, options?: { role?: Role; dark?: boolean; width?: number }): Promise<Page>;
  graphql<T>(query: string, variables?: Record<string, unknown>, role?: Role): Promise<T>;
  close(): Promise<void>;
}

export async function startSession(options: BackendOptions = {}): Promise<Session> {
  await ensureBundle();
  const dev = await startDevServer(0, options);
  const browser = await launch();
  const contexts: BrowserContext[] = [];
  const session: Session = {
    dev,
    browser,
    errors: [],
    async open(pathAndQuery, { role = 'guest', dark = false, width = 1400 } = {}) {
      const errors = session.errors;
      const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
      contexts.push(context);
      await context.addCookies([
        { name: 'afw_role', value: role, url: dev.url },
        { name: 'afw_theme', value: dark ? 'dark' : 'light', url: dev.url },
      ]);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${pathAndQuery}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`${pathAndQuery}: ${error.message}`));
      await page.goto(dev.url + pathAndQuery);
      return page;
    },
    async graphql<T>(query: string, variables: Record<string, unknown> = {}, role: Role = 'guest') {
      const result = await executeGraphql(dev.backend.schema, { query, variables }, { user: dev.backend.users[role] });
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
      return (result.data as { agreements: T }).agreements;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await dev.close();
    },
  };
  return session;
}

/**
 * `it` for a browser suite whose every test must log no console error or uncaught exception on
 * the pages it opens: the test fails on its own pages' errors, so it answers for them also when
 * it runs alone (`--grep`) and never for another test's.
 */
export function itWithoutPageErrors(session: () => Session): (title: string, body: (this: Mocha.Context) => Promise<void>) => Mocha.Test {
  return (title, body) =>
    it(title, async function () {
      const errors: string[] = [];
      session().errors = errors;
      await body.call(this);
      expect(errors, 'console errors and uncaught exceptions of the pages this test opened').to.deep.equal([]);
    });
}

/** Serious and critical axe-core violations inside the given selectors. */
export async function axeViolations(page: Page, selectors: string[]): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const include = JSON.stringify(selectors.map((s) => [s]));
  const found = (await page.evaluate(`axe.run({ include: ${include} }, { resultTypes: ['violations'] }).then((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  return found;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
