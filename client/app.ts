/**
 * Mounts the extension's views into a Wiki.js page with the host's Vue, Vuetify theme and root.
 * Only the matrix view is evaluated with this module: it paints without Vuetify's components.
 * The comparison and the matrix toolbar (which carry Vuetify's selects, menus and buttons) and the
 * navigation are evaluated when first needed, so they never stand between a reader and the matrix.
 */
import Vue, { type Component } from 'vue';
import './theme.css';
import MatrixView from './components/MatrixView.vue';
import type { HostRoot } from './host';
import { readViewState } from './url-state';
import { whenIdle } from './idle';
import { isMatrixPlaceholder, placeholderData, placeholderFilter } from './placeholders';
import type { PageInfo, PagePlacement } from './types';

/**
 * Mounts a component as a child of Wiki.js's root instance, so `$vuetify` (dark mode included)
 * comes along. Vuetify components look up `theme` by injection from their nearest v-app, which a
 * separate instance lacks, hence the provided, reactive copy.
 */
function mount(root: HostRoot, target: Element, component: Component, props: Record<string, unknown>): void {
  const theme = Vue.observable({ isDark: root.$vuetify.theme.dark });
  new Vue({
    parent: root,
    provide: { theme },
    computed: {
      dark(): boolean {
        return this.$vuetify.theme.dark;
      },
    },
    watch: {
      dark(value: boolean) {
        theme.isDark = value;
      },
    },
    render(h) {
      return h(component, { props: { ...props, dark: this.dark } });
    },
  }).$mount(target);
}

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
    if (el.dataset.afwMounted) continue;
    if (isMatrixPlaceholder(el)) {
      mount(root, slotIn(el), MatrixView, {
        system: el.dataset.system,
        chapter: placeholderData(el, 'chapter') || null,
        defaults: placeholderFilter(el),
        lang: info.lang,
      });
      mountRecentChanges(root, info, el);
    } else {
      const state = readViewState({ filter: placeholderFilter(el), compareWith: el.dataset.b || null, heatmap: false });
      const target = slotIn(el);
      void loadComparisonView().then((ComparisonView) => mount(root, target, ComparisonView, { a: el.dataset.a, b: state.compareWith, filter: state.filter, lang: info.lang }));
    }
  }
}

/** The framework sidebar in Wiki.js's drawer and, on agreement pages, the breadcrumb. */
export async function mountNavigation(root: HostRoot, info: PageInfo, placements: PagePlacement[]): Promise<void> {
  const [{ default: FrameworkSidebar }, { default: Breadcrumb }] = await Promise.all([import('./components/FrameworkSidebar.vue'), import('./components/Breadcrumb.vue')]);
  const drawer = document.querySelector('.v-navigation-drawer .v-navigation-drawer__content');
  if (drawer) {
    const target = document.createElement('div');
    drawer.insertBefore(target, drawer.firstChild);
    mount(root, target, FrameworkSidebar, { placements, current: `${info.locale}/${info.path}`, lang: info.lang });
  }

  const agreementPlacements = placements.filter((p) => !p.isSystemPage);
  const contents = document.querySelector('.v-main .contents');
  if (agreementPlacements.length && contents?.parentNode) {
    const target = document.createElement('div');
    contents.parentNode.insertBefore(target, contents);
    mount(root, target, Breadcrumb, { placements: agreementPlacements, lang: info.lang });
  }
}
