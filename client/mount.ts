/** Mounting the extension's views into a Wiki.js page (app.ts) and its dialogs (authoring.ts). */
import Vue, { type Component } from 'vue';
import type { HostRoot } from './host';

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
