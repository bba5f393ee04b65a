/**
 * Entry of the bundle the theme's body injection loads on every Wiki.js page view. It waits for
 * Wiki.js's `page-ready`, then does nothing unless the page has a placeholder or takes part in an
 * agreement system (one pageContext query). Only then is the app module, with its components and
 * styles, evaluated, with `vue` resolved to the host's own constructor. A matrix placeholder's
 * first view is asked for before that, as soon as this bundle runs, while Wiki.js still boots;
 * the navigation follows once the matrix is painted.
 */
import type { VueConstructor } from 'vue';
// Cards and error boxes written by the rendering module: styled on load, before page-ready.
import './render.css';
import { fetchMatrix, fetchPageContext } from './api';
import { pageInfo, whenPageReady } from './host';
import { whenIdle } from './idle';
import { mark } from './marks';
import { firstViewSize } from './first-view';
import { isMatrixPlaceholder, matrixViewState, placeholderData, PLACEHOLDERS } from './placeholders';
import type { PagePlacement } from './types';

interface BundleWindow {
  /** What `vue` resolves to inside the bundle (webpack externals). */
  __afsprakenwikiVue?: VueConstructor;
  __afsprakenwikiStarted?: boolean;
  __afsprakenwikiRequested?: boolean;
}

const bundleWindow = window as unknown as BundleWindow;

/**
 * A matrix placeholder's first view: asked for, or the request already under way (api.ts shares
 * them). A failure is not handled here: api.ts forgets the failed request, the matrix view asks
 * again and shows the error with a retry.
 */
function requestFirstView(el: HTMLElement): Promise<unknown> {
  return fetchMatrix(el.dataset.system ?? '', matrixViewState(el).filter, firstViewSize(placeholderData(el, 'chapter'))).catch(() => undefined);
}

/**
 * The placeholders of the page as the server sent it, before Wiki.js mounts it: inside its page
 * template (`<template slot="contents">`), or in the document where the page has no template.
 */
function placeholdersBeforeMount(): HTMLElement[] {
  const found = Array.from(document.querySelectorAll<HTMLElement>(PLACEHOLDERS));
  for (const template of Array.from(document.querySelectorAll('template'))) found.push(...Array.from(template.content.querySelectorAll<HTMLElement>(PLACEHOLDERS)));
  return found;
}

// At once, while Wiki.js is still booting: the first view of every matrix on the page goes out
// now, so it is on its way, or here, when the page is ready.
// (From a microtask: not under the whole bundle's top-level frame, whose source positions a
// request's initiator stack would otherwise make V8 collect while DevTools watches the network.)
if (!bundleWindow.__afsprakenwikiRequested) {
  bundleWindow.__afsprakenwikiRequested = true;
  void Promise.resolve().then(() => placeholdersBeforeMount().filter(isMatrixPlaceholder).forEach(requestFirstView));
}

whenPageReady(async (root) => {
  if (bundleWindow.__afsprakenwikiStarted) return;
  bundleWindow.__afsprakenwikiStarted = true;
  mark('start');
  const placeholders = Array.from(document.querySelectorAll<HTMLElement>(PLACEHOLDERS));
  // The views get these same requests, the framework sidebar's included.
  await Promise.resolve();
  const matrices = placeholders.filter(isMatrixPlaceholder).map(requestFirstView);
  const info = pageInfo(root);
  const pageContext = () => fetchPageContext(info.path, info.locale);
  // With a matrix on the page, the navigation waits: its query would compete with the matrix's on
  // the server, and its sidebar and breadcrumb are built once the matrix has painted.
  const context = matrices.length ? Promise.all(matrices).then(pageContext) : pageContext();
  const loadApp = () => {
    bundleWindow.__afsprakenwikiVue = root.$options._base;
    return import('./app').then((app) => {
      mark('app');
      return app;
    });
  };
  const run = async () => {
    // Placeholders are mounted at once, ahead of the work Wiki.js queues after page-ready (some
    // 100 to 400 ms in Wiki.js 2.5): the page's first paint then holds the matrix, or its loading
    // bar, rather than an empty placeholder that later pushes the text below it down.
    // They do not wait for the page context; the sidebar and breadcrumb do.
    if (placeholders.length) (await loadApp()).mountPlaceholders(root, info, placeholders);
    let placements: PagePlacement[];
    try {
      placements = (await context).placements;
    } catch {
      // Whether the page takes part in a system is not known: the navigation says so.
      (await loadApp()).mountNavigationError(root, info);
      return;
    }
    if (placements.length && placeholders.length) await whenIdle();
    if (placements.length) await (await loadApp()).mountNavigation(root, info, placements);
  };
  void run();
});
