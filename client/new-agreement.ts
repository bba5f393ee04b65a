/**
 * "Nieuwe afspraak" from an open handover item (contract §8.3 → §7.1). For now the link opens
 * Wiki.js's editor on the suggested path; once the new-agreement dialog exists, this one function
 * opens it instead (cell, system and `gebaseerd-op` are all here).
 */
import { pageHref } from './host';
import type { AgreementRef, CellKey, SystemSummary } from './types';

export interface NewAgreementRequest {
  system: SystemSummary;
  cell: CellKey;
  basedOn: AgreementRef;
  /** The suggested path the server offered (present only when the reader may create it). */
  path: string;
}

/** Where "Nieuwe afspraak" leads: Wiki.js's editor on the new page, in the receiver's locale. */
export function newAgreementHref(request: NewAgreementRequest): string {
  return `/e${pageHref(request.system.locale ?? request.basedOn.locale, request.path)}`;
}
