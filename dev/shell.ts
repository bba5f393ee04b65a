/**
 * The page shell: the DOM Wiki.js 2.5's page view gives an injected script. Vue 2.6.14 and
 * Vuetify 2.3.15 (UMD), a root `new Vue({ el: '#root', vuetify })` compiling the page DOM as its
 * template, a v-app with a left v-navigation-drawer (a stand-in for Wiki.js's navigation), the
 * page HTML in `.v-main .contents`, `window.boot` with `page-ready` after mount, `window.WIKI` =
 * the root; then the client bundle, as the theme's body injection loads it. As in Wiki.js, the root
 * is created on DOMContentLoaded, so the deferred bundle has run and registered by `page-ready`.
 */
import type { Role } from './backend';

export interface ShellOptions {
  locale: string;
  path: string;
  title: string;
  html: string;
  role: Role;
  dark: boolean;
  /** Links of the stand-in navigation. */
  nav: Array<{ href: string; label: string }>;
  status?: number;
}

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Wiki.js's boot bus, as far as extensions see it: a late `register` runs at once. */
const BOOT = `window.boot = {
  ready: [], callbacks: [],
  register: function (event, callback) {
    if (this.ready.indexOf(event) >= 0) callback(); else this.callbacks.push({ event: event, callback: callback });
  },
  notify: function (event) {
    performance.mark('boot:' + event);
    this.ready.push(event);
    this.callbacks.forEach(function (c) { if (c.event === event) c.callback(); });
  }
};`;

export function pageShell(options: ShellOptions): string {
  const back = encodeURIComponent(`/${options.locale}/${options.path}`);
  const other = options.role === 'guest' ? 'author' : 'guest';
  const roleLabel = { guest: 'Gast', author: 'Auteur' };
  const nav = options.nav
    .map((item) => `<v-list-item href="${escape(item.href)}"><v-list-item-title>${escape(item.label)}</v-list-item-title></v-list-item>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escape(options.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(options.title)} | Afsprakenwiki dev</title>
<link rel="stylesheet" href="/_dev/vendor/vuetify.min.css">
<link rel="stylesheet" href="/_dev/shell.css">
<script>window.siteConfig = { lang: ${JSON.stringify(options.locale)}, darkMode: ${options.dark} };
${BOOT}</script>
</head>
<body>
<div id="root">
  <v-app>
    <v-app-bar app clipped-left dense dark color="${options.dark ? 'grey darken-4' : 'black'}">
      <v-app-bar-nav-icon aria-label="Navigatie" @click="navShown = !navShown"></v-app-bar-nav-icon>
      <a class="dev-title" href="/">Afsprakenwiki <span>dev</span></a>
      <v-spacer></v-spacer>
      <v-btn text small href="/_dev/as/${other}?back=${back}" data-dev-role="${options.role}">${roleLabel[options.role]} → ${roleLabel[other]}</v-btn>
      <v-btn text small href="/_dev/theme/${options.dark ? 'light' : 'dark'}?back=${back}" data-dev-theme="${options.dark ? 'dark' : 'light'}">${options.dark ? 'Licht' : 'Donker'}</v-btn>
    </v-app-bar>
    <v-navigation-drawer app clipped dark mobile-breakpoint="600" :temporary="$vuetify.breakpoint.smAndDown" v-model="navShown"
      :class="$vuetify.theme.dark ? 'grey darken-4' : 'primary'">
      <div class="dev-nav">
        <v-list dense dark nav>
          <v-subheader>Wiki</v-subheader>
          ${nav}
        </v-list>
      </div>
    </v-navigation-drawer>
    <v-main>
      <div class="dev-page">
        <h1 class="dev-page__title">${escape(options.title)}</h1>
        <div class="contents">
          <div>${options.html}</div>
        </div>
      </div>
    </v-main>
  </v-app>
</div>
<script src="/_dev/vendor/vue.min.js"></script>
<script src="/_dev/vendor/vuetify.min.js"></script>
<script>
// As Wiki.js's client-app.js: the root is created on DOMContentLoaded, after deferred scripts.
document.addEventListener('DOMContentLoaded', function () {
  window.WIKI = new Vue({
    el: '#root',
    vuetify: new Vuetify({ icons: { iconfont: 'mdiSvg' }, theme: { dark: ${options.dark} } }),
    data: { navShown: window.innerWidth >= 960 },
    mounted: function () { this.$nextTick(function () { window.boot.notify('page-ready'); }); }
  });
  window.boot.notify('vue');
});
</script>
<script src="/_assets/afsprakenwiki/afsprakenwiki.js" defer></script>
</body>
</html>`;
}
