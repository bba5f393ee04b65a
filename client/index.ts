/**
 * Entry of the bundle the theme's body injection loads on every Wiki.js page view. It waits for
 * Wiki.js's `page-ready`, then does nothing unless the page has a placeholder or takes part in an
 * agreement system (one pageContext query). Only then is the app module, with its components and
 * styles, evaluated, with `vue` resolved to the host's own constructor.
 */
import type { VueConstructor } from 'vue';
import { fetchMatrix, fetchPageContext } from './api';
import { pageInfo, whenPageReady } from './host';
import { isMatrixPlaceholder, matrixViewState, PLACEHOLDERS } from './placeholders';

interface BundleWindow {
  /** What `vue` resolves to inside the bundle (webpack externals). */
  __afsprakenwikiVue?: VueConstructor;
  __afsprakenwikiStarted?: boolean;
}

const bundleWindow = window as unknown as BundleWindow;

whenPageReady((root) => {
  if (bundleWindow.__afsprakenwikiStarted) return;
  bundleWindow.__afsprakenwikiStarted = true;
  const info = pageInfo(root);
  const placeholders = Array.from(document.querySelectorAll<HTMLElement>(PLACEHOLDERS));
  // The matrices go out first, while the app module is still to be evaluated; the views then get
  // these same requests (api.ts shares them), the framework sidebar's included.
  for (const el of placeholders) {
    if (isMatrixPlaceholder(el)) fetchMatrix(el.dataset.system ?? '', matrixViewState(el).filter).catch(() => undefined);
  }
  const context = fetchPageContext(info.path, info.locale).catch((error: unknown) => {
    console.warn('[afsprakenwiki] page context unavailable', error);
    return null;
  });
  const loadApp = () => {
    bundleWindow.__afsprakenwikiVue = root.$options._base;
    return import('./app');
  };
  const run = async () => {
    // Placeholders do not wait for the page context; the sidebar and breadcrumb do.
    if (placeholders.length) (await loadApp()).mountPlaceholders(root, info, placeholders);
    const placements = (await context)?.placements ?? [];
    if (placements.length) (await loadApp()).mountNavigation(root, info, placements);
  };
  void run();
});
