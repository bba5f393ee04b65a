/** What the new-agreement and new-system dialogs do with a create mutation (contract §7.1). */
import { forgetAnswers } from './api';
import { editorHref } from './host';
import { translate } from './i18n';
import type { Lang, PageWriteResult } from './types';

/**
 * Runs the mutation; when the page was made, this page view's answers are stale and Wiki.js's
 * editor opens on the new page (the promise then resolves with ''). Otherwise it resolves with
 * the message to show in the dialog, in the reader's language.
 */
export async function createAndEdit(create: () => Promise<PageWriteResult>, lang: Lang): Promise<string> {
  try {
    const result = await create();
    if (result.succeeded && result.path && result.locale) {
      forgetAnswers();
      window.location.assign(editorHref(result.locale, result.path));
      return '';
    }
    return result.message ?? translate(lang, 'common.loadError');
  } catch (err) {
    return translate(lang, 'authoring.failed', { message: err instanceof Error ? err.message : String(err) });
  }
}
