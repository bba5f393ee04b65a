/** What the new-agreement and new-system dialogs share (contract §7.1): open until closed, and a create mutation. */
import { forgetAnswers } from './api';
import { RequestView } from './components/base';
import { editorHref } from './host';
import type { PageWriteResult } from './types';

/**
 * A create dialog. `create` runs the mutation; when the page was made, this page view's answers
 * are stale and Wiki.js's editor opens on the new page (the dialog stays busy until the page
 * changes). Otherwise `saveError` says why, in the reader's language.
 */
export const CreateDialog = RequestView.extend({
  data() {
    return { open: true, saving: false, saveError: '' };
  },
  methods: {
    close(): void {
      this.open = false;
      // After Vuetify's closing transition.
      window.setTimeout(() => this.$emit('close'), 300);
    },
    async create(write: () => Promise<PageWriteResult>): Promise<void> {
      this.saving = true;
      this.saveError = '';
      try {
        const result = await write();
        if (result.succeeded && result.path && result.locale) {
          forgetAnswers();
          window.location.assign(editorHref(result.locale, result.path));
          return;
        }
        this.saveError = result.message ?? this.t('common.loadError');
      } catch (err) {
        this.saveError = this.t('authoring.failed', { message: err instanceof Error ? err.message : String(err) });
      }
      this.saving = false;
    },
  },
});
