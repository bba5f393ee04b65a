/** Mounting the extension's views into a Wiki.js page (app.ts) and its dialogs (authoring.ts). */
import Vue, { type Component } from 'vue';
import LoadState from './components/LoadState.vue';
import type { HostRoot } from './host';
import { translate } from './i18n';
import type { Lang } from './types';

/**
 * Mounts a component as a child of Wiki.js's root instance, so `$vuetify` (dark mode included)
 * comes along. Vuetify components look up `theme` by injection from their nearest v-app, which a
 * separate instance lacks, hence the provided, reactive copy. `props` may be a `Vue.observable`:
 * the component then follows its changes.
 */
export function mount(root: HostRoot, target: Element, component: Component, props: Record<string, unknown>, listeners: Record<string, (...args: never[]) => unknown> = {}): Vue {
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
      return h(component, { props: { ...props, dark: this.dark }, on: listeners });
    },
  }).$mount(target);
}

/** Says in the target, in the reader's language, that a part of the page could not be loaded. */
export function mountLoadError(root: HostRoot, target: Element, lang: Lang): Vue {
  return mount(root, target, LoadState, { error: translate(lang, 'common.loadError'), lang });
}

/**
 * Mounts a component whose code is evaluated only now (`load`, a dynamic import); when that fails,
 * the target says so instead.
 */
export async function mountLoaded(
  root: HostRoot,
  target: Element,
  load: () => Promise<{ default: Component }>,
  props: Record<string, unknown> & { lang: Lang },
  listeners: Record<string, (...args: never[]) => unknown> = {},
): Promise<Vue> {
  let component: Component;
  try {
    component = (await load()).default;
  } catch {
    return mountLoadError(root, target, props.lang);
  }
  return mount(root, target, component, props, listeners);
}
