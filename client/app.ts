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
import { isMatrixPlaceholder, placeholderData, placeholderFilter } from './placeholders';
import type { PageInfo, PagePlacement } from './types';

/**
 * Mounts a component as a child of Wiki.js's root instance, so `$vuetify` (dark mode included)
 * comes along. Vuetify components look up `theme` by injection from their nearest v-app, which a
 * separate instance lacks, hence the provided, reactive copy.
 */
function mount(root: HostRoot, target: Element | undefined, component: Component, props: Record<string, unknown>): Vue {
  const theme = Vue.observable({ isDark: root.$vuetify.theme.dark });
  return new Vue({
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
function slotIn(placeholder: HTMLElement, target: HTMLElement = document.createElement('div')): HTMLElement {
  placeholder.appendChild(target);
  placeholder.dataset.afwMounted = 'true';
  placeholder.removeAttribute('aria-live');
  return target;
}

const loadComparisonView = () => import('./components/ComparisonView.vue').then((m) => m.default);

/** A matrix view's props, read from its placeholder. */
function matrixProps(el: HTMLElement, info: PageInfo): Record<string, unknown> {
  return { system: el.dataset.system, chapter: placeholderData(el, 'chapter') || null, defaults: placeholderFilter(el), lang: info.lang };
}

/** Matrix views rendered before the page was mounted, by their props, in page order. */
export type PreparedMatrices = Map<string, Vue[]>;

/**
 * Renders the matrix views of placeholders found before Wiki.js mounted the page (in its page
 * template), off-screen: while Wiki.js still loads its page component the main thread is free,
 * and at page-ready `mountPlaceholders` only has to move them in.
 */
export function prepareMatrices(root: HostRoot, info: PageInfo, placeholders: HTMLElement[]): PreparedMatrices {
  const prepared: PreparedMatrices = new Map();
  for (const el of placeholders.filter(isMatrixPlaceholder)) {
    const props = matrixProps(el, info);
    const key = JSON.stringify(props);
    prepared.set(key, [...(prepared.get(key) ?? []), mount(root, undefined, MatrixView, props)]);
  }
  return prepared;
}

export function mountPlaceholders(root: HostRoot, info: PageInfo, placeholders: HTMLElement[], prepared: PreparedMatrices = new Map()): void {
  for (const el of placeholders) {
    if (el.dataset.afwMounted) continue;
    if (isMatrixPlaceholder(el)) {
      const props = matrixProps(el, info);
      const ready = prepared.get(JSON.stringify(props))?.shift();
      if (ready) slotIn(el, ready.$el as HTMLElement);
      else mount(root, slotIn(el), MatrixView, props);
    } else {
      const state = readViewState({ filter: placeholderFilter(el), compareWith: el.dataset.b || null, heatmap: false });
      const target = slotIn(el);
      void loadComparisonView().then((ComparisonView) => mount(root, target, ComparisonView, { a: el.dataset.a, b: state.compareWith, filter: state.filter, lang: info.lang }));
    }
  }
  // Prepared for a placeholder the mounted page turned out not to have (or with other props).
  for (const views of prepared.values()) for (const view of views.splice(0)) view.$destroy();
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
