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
import { mount } from './mount';
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

const loadComparisonView = () => import('./components/ComparisonView.vue').then((m) => m.default);
const loadHandoverView = () => import('./components/HandoverView.vue').then((m) => m.default);

const loadMaintenanceView = () => import('./components/MaintenanceView.vue').then((m) => m.default);

/**
 * On a system page, tabs beside the matrix: its parties for every reader, the upkeep for writers
 * (`write:pages` on it). Mounted once the browser is idle, and their code evaluated only then, so
 * the matrix paints first; the upkeep tab joins when the server says the reader may write.
 */
async function offerSystemTabs(root: HostRoot, placeholder: HTMLElement, matrixPanel: HTMLElement, system: string, info: PageInfo): Promise<void> {
  await whenIdle();
  const { default: SystemTabs } = await import('./components/SystemTabs.vue');
  const bar = document.createElement('div');
  placeholder.insertBefore(bar, matrixPanel);
  const props = Vue.observable({ system, matrixPanel, lang: info.lang, canWrite: false });
  mount(root, bar, SystemTabs, props);
  props.canWrite = await fetchCanWrite(system).catch(() => false);
}

/** The overview, search and parties placeholders (contract §8.1-8.2, §11), their views evaluated on demand. */
function mountLearning(root: HostRoot, info: PageInfo, el: HTMLElement): boolean {
  if (el.classList.contains('afsprakenwiki-overview')) {
    const slot = slotIn(el);
    void import('./components/OverviewView.vue').then((m) => mount(root, slot, m.default, { framework: el.dataset.framework || null, filter: placeholderFilter(el), lang: info.lang }));
    return true;
  }
  if (el.classList.contains('afsprakenwiki-parties')) {
    // Contract §11: one system's parties (`stelsel:`), or those across the systems of a framework.
    const slot = slotIn(el);
    const props = { system: el.dataset.system || null, framework: el.dataset.framework || null, filter: placeholderFilter(el), lang: info.lang };
    void import('./components/PartiesView.vue').then((m) => mount(root, slot, m.default, props));
    return true;
  }
  if (el.classList.contains('afsprakenwiki-search')) {
    const slot = slotIn(el);
    void import('./components/SearchView.vue').then((m) => mount(root, slot, m.default, { lang: info.lang }));
    return true;
  }
  return false;
}

const loadRecentChanges = () => import('./components/RecentChanges.vue').then((m) => m.default);

/** A system page's own matrix gets "Recently changed" below it (contract §9), once the page is idle. */
function mountRecentChanges(root: HostRoot, info: PageInfo, placeholder: HTMLElement): void {
  if (!placeholder.closest('.afsprakenwiki-system') || !placeholder.parentNode) return;
  const target = document.createElement('div');
  placeholder.parentNode.insertBefore(target, placeholder.nextSibling);
  void whenIdle(500)
    .then(loadRecentChanges)
    .then((RecentChanges) => mount(root, target, RecentChanges, { system: placeholder.dataset.system, lang: info.lang }));
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
      const target = slotIn(el);
      void loadMaintenanceView().then((MaintenanceView) => mount(root, target, MaintenanceView, { system: el.dataset.system || null, lang: info.lang }));
    } else if (isHandoverPlaceholder(el)) {
      const target = slotIn(el);
      const props = { reference: el.dataset.reference, receiver: el.dataset.receiver, filter: placeholderFilter(el), lang: info.lang };
      void loadHandoverView().then((HandoverView) => mount(root, target, HandoverView, props));
    } else {
      const state = readViewState({ filter: placeholderFilter(el), compareWith: el.dataset.b || null, heatmap: false });
      const target = slotIn(el);
      void loadComparisonView().then((ComparisonView) => mount(root, target, ComparisonView, { a: el.dataset.a, b: state.compareWith, filter: state.filter, lang: info.lang }));
    }
  }
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
  await (await import('./page-links')).mountPageLinks(mount, root, info, placements, breadcrumb);
}
