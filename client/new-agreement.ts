/**
 * "Nieuwe afspraak" from an open handover item (contract §8.3 → §7.1): the new-agreement dialog
 * in the receiver's cell with `gebaseerd-op` filled in. The link's own address, Wiki.js's editor
 * on the suggested path, stays for a new tab or a browser without the dialog.
 */
import { pageHref } from './host';
import type { AgreementRef, CellKey, Lang, SystemSummary, Theme } from './types';

export interface NewAgreementRequest {
  system: SystemSummary;
  cell: CellKey;
  basedOn: AgreementRef;
  /** The suggested path the server offered (present only when the reader may create it). */
  path: string;
  /** The reference agreement's theme, as its system declares it: offered, and chosen, for the answer. */
  theme: Theme | null;
}

/** Wiki.js's editor on the new page, in the receiver's locale. */
export function newAgreementHref(request: NewAgreementRequest): string {
  return `/e${pageHref(request.system.locale ?? request.basedOn.locale, request.path)}`;
}

/** The new-agreement dialog for this item; its code is loaded on first use. */
export async function openNewAnswer(request: NewAgreementRequest, lang: Lang): Promise<void> {
  const { openNewAgreementDialog } = await import('./authoring');
  const { chapter, column, layer } = request.cell;
  await openNewAgreementDialog({
    system: request.system.key,
    cell: { chapter, column, layer },
    basedOn: pageHref(request.basedOn.locale, request.basedOn.path),
    themes: request.theme ? [request.theme] : [],
    lang,
  });
}
