/**
 * Mounts the extension's views into a Wiki.js page with the host's Vue, Vuetify theme and root.
 * Only the matrix view is evaluated with this module: it paints without Vuetify's components.
 * The comparison and the matrix toolbar (which carry Vuetify's selects, menus and buttons) and the
 * navigation are evaluated when first needed, so they never stand between a reader and the matrix.
 */
import Vue from 'vue';
import './theme.css';
import { fetchPageContext, forgetAnswers } from './api';
import { mountPlacementPanel } from './authoring';
import MatrixView from './components/MatrixView.vue';
import type { HostRoot } from './host';
import { mount } from './mount';
import { readViewState } from './url-state';
import { isMatrixPlaceholder, placeholderData, placeholderFilter } from './placeholders';
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

export function mountPlaceholders(root: HostRoot, info: PageInfo, placeholders: HTMLElement[]): void {
  for (const el of placeholders) {
    if (el.dataset.afwMounted) continue;
    if (isMatrixPlaceholder(el)) {
      mount(root, slotIn(el), MatrixView, {
        system: el.dataset.system,
        chapter: placeholderData(el, 'chapter') || null,
        defaults: placeholderFilter(el),
        lang: info.lang,
      });
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
  if (crumbs.placements.length && contents?.parentNode) {
    const target = document.createElement('div');
    contents.parentNode.insertBefore(target, contents);
    mount(root, target, Breadcrumb, crumbs);
    const refresh = async () => {
      forgetAnswers();
      const context = await fetchPageContext(info.path, info.locale);
      sidebar.placements = context.placements;
      crumbs.placements = context.placements.filter((p) => !p.isSystemPage);
    };
    await mountPlacementPanel(root, info, contents, refresh);
  }
}
