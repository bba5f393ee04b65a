/**
 * The few things the client takes from the Wiki.js page it runs in: the boot event bus, the root
 * Vue instance and where the page is. Only this file reads those globals.
 */
import type { VueConstructor } from 'vue';
import type Vue from 'vue';
import { langOfLocale } from './i18n';
import type { PageInfo } from './types';

interface Boot {
  register(event: string, callback: () => void): void;
}

/** Wiki.js's root instance: `new Vue({ el: '#root', store, vuetify… })`. */
export interface HostRoot extends Vue {
  $options: Vue['$options'] & { _base: VueConstructor };
  $store?: { state?: { page?: { locale?: string; path?: string } } };
}

interface HostWindow {
  boot?: Boot;
  WIKI?: HostRoot;
  siteConfig?: { lang?: string };
}

const hostWindow = window as unknown as HostWindow;

/**
 * Calls back once Wiki.js has mounted the page (`page-ready`). Wiki.js's boot bus calls a late
 * registration at once, so loading order does not matter; without the bus, nothing happens.
 */
export function whenPageReady(callback: (root: HostRoot) => void): void {
  hostWindow.boot?.register('page-ready', () => {
    if (hostWindow.WIKI) callback(hostWindow.WIKI);
  });
}

/** Wiki.js's root instance once it is mounted (for views opened later, such as dialogs). */
export function hostRoot(): HostRoot | undefined {
  return hostWindow.WIKI;
}

/** Wiki.js's editor on a page (`/e/<locale>/<path>`). */
export function editorHref(locale: string, path: string): string {
  return `/e${pageHref(locale, path)}`;
}

const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2,4})?$/i;

/** The page's locale and path: from Wiki.js's page store, else from the URL (`/<locale>/<path>`). */
export function pageInfo(root: HostRoot): PageInfo {
  const stored = root.$store?.state?.page;
  const fallbackLocale = hostWindow.siteConfig?.lang || document.documentElement.lang || 'en';
  let locale = stored?.locale;
  let path = stored?.path;
  if (!locale || !path) {
    const segments = decodeURIComponent(window.location.pathname).split('/').filter(Boolean);
    const hasLocale = segments.length > 1 && LOCALE_SEGMENT.test(segments[0]);
    locale = hasLocale ? segments[0] : fallbackLocale;
    path = (hasLocale ? segments.slice(1) : segments).join('/') || 'home';
  }
  return { locale, path, lang: langOfLocale(locale) };
}

/** The href of a wiki page. */
export function pageHref(locale: string, path: string): string {
  return `/${encodeURIComponent(locale)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
