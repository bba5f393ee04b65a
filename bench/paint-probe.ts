/** What the browser benchmarks run in the page: when the matrix is painted, what it shows, Wiki.js's boot marks. */

/**
 * Runs in the page before any of its scripts: the moment the matrix is painted. A mutation observer
 * sees the grid's cells arrive (Vue inserts a grid in one patch); the frame after that insertion
 * is the one that paints them, and a message posted from its animation-frame callback is delivered
 * once that frame's style, layout and paint are done.
 */
export const PAINT_PROBE = `(() => {
  let seen = false;
  window.__afwPainted = new Promise((resolve) => {
    const check = () => {
      if (seen) return;
      const matrix = document.querySelector('.afsprakenwiki-matrix .afw-matrix');
      if (!matrix || matrix.getAttribute('aria-busy') !== 'false' || !matrix.querySelector('td.afw-cell')) return;
      seen = true;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - performance.getEntriesByName('boot:page-ready')[0].startTime);
        channel.port2.postMessage(null);
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
})()`;

/** What the painted matrix shows: cells and the agreements they count (each bench agreement is in one cell). */
export const SHOWN = `(() => {
  const cells = Array.from(document.querySelectorAll('.afsprakenwiki-matrix td.afw-cell'));
  return { cells: cells.length, agreements: cells.reduce((n, td) => n + Number(td.dataset.count), 0) };
})()`;

/**
 * Runs in the page before any of its scripts, for a real Wiki.js: marks its boot events
 * (`boot:page-ready`…) as the dev app's shell does, by wrapping `notify` of the `window.boot` that
 * Wiki.js's client-app.js assigns. It also resolves `window.__afwFirstFrame` with the time from
 * page-ready to the first frame painted after it: the floor under any view mounted at page-ready.
 */
export const BOOT_MARKS = `(() => {
  let boot;
  let firstFrame;
  window.__afwFirstFrame = new Promise((resolve) => (firstFrame = resolve));
  Object.defineProperty(window, 'boot', { configurable: true, get: () => boot, set: (value) => {
    boot = value;
    const notify = value.notify;
    value.notify = function (event) {
      performance.mark('boot:' + event);
      if (event === 'page-ready') {
        const start = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => firstFrame(performance.now() - start);
          channel.port2.postMessage(null);
        });
      }
      return notify.apply(this, arguments);
    };
  } });
})()`;

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
