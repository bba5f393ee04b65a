/**
 * Mounts the extension's views into a Wiki.js page with the host's Vue, Vuetify theme and root.
 * Only the matrix view is evaluated with this module: it paints without Vuetify's components.
 * The comparison and the matrix toolbar (which carry Vuetify's selects, menus and buttons) and the
 * navigation are evaluated when first needed, so they never stand between a reader and the matrix.
 */
import Vue from 'vue';
import './theme.css';
import { fetchCanWrite, fetchPageContext, forgetAnswers } from './api';
import { mountPlacementPanel } from './authoring';
import MatrixView from './components/MatrixView.vue';
import type { HostRoot } from './host';
import { mount, mountLoadError, mountLoaded } from './mount';
import { readViewState } from './url-state';
import { isHandoverPlaceholder, isMaintenancePlaceholder, isMatrixPlaceholder, placeholderData, placeholderFilter } from './placeholders';
import { whenIdle } from './idle';
import type { PageInfo, PagePlacement } from './types';

/**
 * A fresh element inside the placeholder, which otherwise stays as Wiki.js rendered it. Its
 * loading / no-script notes are hidden by CSS once mounted, and its `aria-live` is dropped: the
 * views announce their own short summaries instead of the whole matrix on every change.
 */
function slotIn(placeholder: HTMLElement): HTMLElement {
  const target = document.createElement('div');
  placeholder.appendChild(target);
  placeholder.dataset.afwMounted = 'true';
  placeholder.removeAttribute('aria-live');
  return target;
}


/**
 * On a system page, tabs beside the matrix: its parties for every reader, the upkeep for writers
 * (`write:pages` on it). Mounted once the browser is idle, and their code evaluated only then, so
 * the matrix paints first; the upkeep tab joins when the server says the reader may write.
 */
async function offerSystemTabs(root: HostRoot, placeholder: HTMLElement, matrixPanel: HTMLElement, system: string, info: PageInfo): Promise<void> {
  await whenIdle();
  const bar = document.createElement('div');
  placeholder.insertBefore(bar, matrixPanel);
  const props = Vue.observable({ system, matrixPanel, lang: info.lang, canWrite: false, loadError: false });
  await mountLoaded(root, bar, () => import('./components/SystemTabs.vue'), props);
  try {
    props.canWrite = await fetchCanWrite(system);
  } catch {
    // The tabs say so; the upkeep tab stays away, as for a reader who may not write.
    props.loadError = true;
  }
}

/** The overview, search and parties placeholders (contract §8.1-8.2, §11), their views evaluated on demand. */
function mountLearning(root: HostRoot, info: PageInfo, el: HTMLElement): boolean {
  if (el.classList.contains('afsprakenwiki-overview')) {
    const props = { framework: el.dataset.framework || null, filter: placeholderFilter(el), lang: info.lang };
    void mountLoaded(root, slotIn(el), () => import('./components/OverviewView.vue'), props);
    return true;
  }
  if (el.classList.contains('afsprakenwiki-parties')) {
    // Contract §11: one system's parties (`stelsel:`), or those across the systems of a framework.
    const props = { system: el.dataset.system || null, framework: el.dataset.framework || null, filter: placeholderFilter(el), lang: info.lang };
    void mountLoaded(root, slotIn(el), () => import('./components/PartiesView.vue'), props);
    return true;
  }
  if (el.classList.contains('afsprakenwiki-search')) {
    void mountLoaded(root, slotIn(el), () => import('./components/SearchView.vue'), { lang: info.lang });
    return true;
  }
  return false;
}

/** A system page's own matrix gets "Recently changed" below it (contract §9), once the page is idle. */
function mountRecentChanges(root: HostRoot, info: PageInfo, placeholder: HTMLElement): void {
  if (!placeholder.closest('.afsprakenwiki-system') || !placeholder.parentNode) return;
  const target = document.createElement('div');
  placeholder.parentNode.insertBefore(target, placeholder.nextSibling);
  void whenIdle(500).then(() => mountLoaded(root, target, () => import('./components/RecentChanges.vue'), { system: placeholder.dataset.system, lang: info.lang }));
}

export function mountPlaceholders(root: HostRoot, info: PageInfo, placeholders: HTMLElement[]): void {
  for (const el of placeholders) {
    if (el.dataset.afwMounted || mountLearning(root, info, el)) continue;
    if (isMatrixPlaceholder(el)) {
      const matrix = mount(root, slotIn(el), MatrixView, {
        system: el.dataset.system,
        chapter: placeholderData(el, 'chapter') || null,
        defaults: placeholderFilter(el),
        lang: info.lang,
      });
      mountRecentChanges(root, info, el);
      if (el.closest('.afsprakenwiki-system')) void offerSystemTabs(root, el, matrix.$el as HTMLElement, el.dataset.system ?? '', info);
    } else if (isMaintenancePlaceholder(el)) {
      void mountLoaded(root, slotIn(el), () => import('./components/MaintenanceView.vue'), { system: el.dataset.system || null, lang: info.lang });
    } else if (isHandoverPlaceholder(el)) {
      const props = { reference: el.dataset.reference, receiver: el.dataset.receiver, filter: placeholderFilter(el), lang: info.lang };
      void mountLoaded(root, slotIn(el), () => import('./components/HandoverView.vue'), props);
    } else {
      const state = readViewState({ filter: placeholderFilter(el), compareWith: el.dataset.b || null, heatmap: false });
      const props = { a: el.dataset.a, b: state.compareWith, filter: state.filter, lang: info.lang };
      void mountLoaded(root, slotIn(el), () => import('./components/ComparisonView.vue'), props);
    }
  }
}

/** Where the framework sidebar would be: the page context could not be loaded. */
export function mountNavigationError(root: HostRoot, info: PageInfo): void {
  const drawer = document.querySelector('.v-navigation-drawer .v-navigation-drawer__content');
  if (!drawer) return;
  const target = document.createElement('div');
  drawer.insertBefore(target, drawer.firstChild);
  mountLoadError(root, target, info.lang);
}

/**
 * The framework sidebar in Wiki.js's drawer and, on agreement pages, the breadcrumb and (for
 * readers who may change the page) the placement panel. Their props are observable: after a
 * placement is saved they show the page's new place at once.
 */
export async function mountNavigation(root: HostRoot, info: PageInfo, placements: PagePlacement[]): Promise<void> {
  const [{ default: FrameworkSidebar }, { default: Breadcrumb }] = await Promise.all([import('./components/FrameworkSidebar.vue'), import('./components/Breadcrumb.vue')]);
  const sidebar = Vue.observable({ placements, current: `${info.locale}/${info.path}`, lang: info.lang });
  const crumbs = Vue.observable({ placements: placements.filter((p) => !p.isSystemPage), lang: info.lang });
  const drawer = document.querySelector('.v-navigation-drawer .v-navigation-drawer__content');
  if (drawer) {
    const target = document.createElement('div');
    drawer.insertBefore(target, drawer.firstChild);
    mount(root, target, FrameworkSidebar, sidebar);
  }

  const contents = document.querySelector('.v-main .contents');
  let breadcrumb: Element | null = null;
  if (crumbs.placements.length && contents?.parentNode) {
    const target = document.createElement('div');
    contents.parentNode.insertBefore(target, contents);
    breadcrumb = mount(root, target, Breadcrumb, crumbs).$el;
    const refresh = async () => {
      forgetAnswers();
      const context = await fetchPageContext(info.path, info.locale);
      sidebar.placements = context.placements;
      crumbs.placements = context.placements.filter((p) => !p.isSystemPage);
    };
    await mountPlacementPanel(root, info, contents, refresh);
  }
  await (await import('./page-links')).mountPageLinks(root, info, placements, breadcrumb);
}
