/**
 * User-timing marks along the way from `page-ready` to a painted matrix (`afw:start`,
 * `afw:app`, `afw:matrix-answer`, `afw:matrix-rendered`), visible in a browser's performance panel
 * and read by bench/browser.bench.ts. The first of each name only.
 */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && performance.mark && !performance.getEntriesByName(`afw:${name}`).length) performance.mark(`afw:${name}`);
}
