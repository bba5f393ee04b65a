/**
 * What the extension's components share. Each component imports one of these constructors under
 * the name `Vue` (`import { Localized as Vue } from './base'`) and calls `Vue.extend`: its
 * TypeScript then knows `t`, `lang` and `dark`, and eslint-plugin-vue, which knows a component by
 * `Vue.extend`, checks it as one.
 */
import Vue, { PropType } from 'vue';
import { translate, type Params } from '../i18n';
import type { Lang } from '../types';

/** The reader's language (`lang`), the host's dark theme (`dark`, set by client/mount.ts) and `t`. */
export const Localized = Vue.extend({
  props: {
    lang: { type: String as PropType<Lang>, required: true },
    dark: { type: Boolean, default: false },
  },
  methods: {
    /** Translates `section.key` of locales/<lang>/ui.json, filling `{{name}}` placeholders. */
    t(key: string, params?: Params): string {
      return translate(this.lang, key, params);
    },
  },
});

/**
 * A component that asks the server: the state its LoadState shows (`loading`, `error`, `failed`)
 * and `latest`, which runs a request so that only the newest one's answer counts.
 */
export const RequestView = Localized.extend({
  data() {
    return {
      loading: false,
      error: '',
      /** The newest request failed (rather than found nothing): a retry may help. */
      failed: false,
      request: 0,
      /** A request besides the view's own failed (`alongside`); shown when the view has no error of its own. */
      sideError: '',
    };
  },
  methods: {
    /**
     * Runs `fetch` as the newest request. `apply` gets the answer, unless a newer request has
     * started meanwhile, and returns the error to show ('' for none); a failed request shows
     * `loadError`.
     */
    async latest<T>(fetch: () => Promise<T>, apply: (answer: T) => string, loadError: string): Promise<void> {
      const request = ++this.request;
      this.loading = true;
      try {
        const answer = await fetch();
        if (request !== this.request) return;
        this.error = apply(answer);
        this.failed = false;
      } catch {
        if (request === this.request) {
          this.error = loadError;
          this.failed = true;
        }
      } finally {
        if (request === this.request) this.loading = false;
      }
    },
    /**
     * A request besides the view's own (the systems' titles, a permission, the rest of a first
     * view): its answer, or undefined when it failed; the view then goes on without it and says
     * that something could not be loaded.
     */
    async alongside<T>(answer: Promise<T>): Promise<T | undefined> {
      try {
        return await answer;
      } catch {
        this.sideError = this.t('common.loadError');
        return undefined;
      }
    },
  },
});
