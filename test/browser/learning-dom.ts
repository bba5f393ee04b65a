/**
 * What the learning views (contract §8) show, read from the page: the overview's heat map, the
 * search's hits and chips, the handover checklist, the trace view and an agreement page's links.
 * Shared by the dev-app suites (test/browser) and the real Wiki.js suite (test/e2e).
 */
import type { Page } from 'playwright-core';

export interface ShownOverviewRow {
  system: string;
  coverage: number;
  present: number;
  /** The coverage as written in the row, e.g. `11/24`. */
  coverageText: string;
  cells: Record<string, { state: string; count: number; text: string; href: string | null }>;
}

export async function waitForOverview(page: Page): Promise<void> {
  await page.waitForSelector('.afw-overview td.afw-overview__cell');
  await page.waitForFunction(`document.querySelector('.afw-overview')?.getAttribute('aria-busy') === 'false'`);
}

export async function waitForSearch(page: Page): Promise<void> {
  await page.waitForSelector('.afw-search [data-total]');
  await page.waitForFunction(`document.querySelector('.afw-search')?.getAttribute('aria-busy') === 'false'`);
}

/** The heat map as shown: per system row, its coverage and its cells by id. */
export function shownOverview(page: Page): Promise<ShownOverviewRow[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('.afw-overview tbody tr')).map((tr) => ({
    system: tr.dataset.system,
    coverage: Number(tr.querySelector('[data-coverage]').dataset.coverage),
    present: Number(tr.querySelector('[data-coverage]').dataset.present),
    coverageText: tr.querySelector('[data-coverage]').textContent.trim(),
    cells: Object.fromEntries(Array.from(tr.querySelectorAll('td[data-cell]')).map((td) => [td.dataset.cell,
      { state: td.dataset.state, count: Number(td.dataset.count), text: td.textContent.trim(),
        href: td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null }])),
  }))`) as Promise<ShownOverviewRow[]>;
}

/** The search as shown: the total line, the hit titles in order, and per facet its chips as `value:count`. */
export function shownSearch(page: Page): Promise<{ total: string; titles: string[]; chips: Record<string, string[]> }> {
  return page.evaluate(`({
    total: document.querySelector('.afw-search [data-total]').textContent.trim(),
    titles: Array.from(document.querySelectorAll('.afw-search__link')).map((a) => a.textContent.trim()),
    chips: Object.fromEntries(Array.from(document.querySelectorAll('.afw-search__facet')).map((g) => [g.dataset.field,
      Array.from(g.querySelectorAll('.afw-search__chip')).map((c) => c.dataset.value + ':' + c.dataset.count)])),
  })`) as Promise<{ total: string; titles: string[]; chips: Record<string, string[]> }>;
}

/** The handover checklist in order, each entry `<title> <status>` (RECEIVER_ONLY for the receiver's own). */
export async function checklist(page: Page): Promise<string[]> {
  await page.waitForSelector('.afw-handover [data-summary]');
  return page.evaluate(`Array.from(document.querySelectorAll('.afw-handover li[data-status]')).map((li) =>
    li.querySelector('.afw-handover__link').textContent.trim() + ' ' + li.dataset.status)`) as Promise<string[]>;
}

/** The handover's summary line, whitespace collapsed. */
export async function handoverSummary(page: Page): Promise<string> {
  return ((await page.locator('.afw-handover [data-summary]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The trace view: each norm as `norm <- agreement uses technique; …` (the agreements without a norm
 * that use techniques under the view's own heading, e.g. `Zonder norm <- …`), and the gap lists by key.
 */
export async function traceShown(page: Page): Promise<{ chains: string[]; gaps: Record<string, string[]> }> {
  await page.waitForSelector('.afw-trace [data-summary]');
  return page.evaluate(`({
    chains: Array.from(document.querySelectorAll('.afw-trace li.afw-trace__norm')).map((li) =>
      li.querySelector('.afw-trace__head').textContent.trim() + ' <- ' + Array.from(li.querySelectorAll('[data-working-agreement]')).map((w) =>
        w.querySelector('a').textContent.trim() + Array.from(w.querySelectorAll('[data-technique]')).map((t) => ' uses ' + t.textContent.trim()).join('')).join('; ')),
    gaps: Object.fromEntries(Array.from(document.querySelectorAll('.afw-trace [data-gap]')).map((s) =>
      [s.dataset.gap, Array.from(s.querySelectorAll('li a')).map((a) => a.textContent.trim())])),
  })`) as Promise<{ chains: string[]; gaps: Record<string, string[]> }>;
}

/** An agreement page's link lists by key (`derivesFrom`, `adoptedBy`…), each the linked titles in order. */
export async function linksShown(page: Page): Promise<Record<string, string[]>> {
  await page.waitForSelector('.afw-page-links');
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('.afw-page-links [data-links]')).map((e) =>
    [e.dataset.links, Array.from(e.querySelectorAll('a')).map((a) => a.textContent.trim())]))`) as Promise<Record<string, string[]>>;
}
