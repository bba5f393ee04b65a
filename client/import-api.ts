/** The CSV import and export of contract §7.3 as the client uses them (loaded with the import dialog). */
import importMutation from './graph/agreements-import-mutation.graphql';
import importStatusQuery from './graph/agreements-import-status-query.graphql';
import importAllowedQuery from './graph/agreements-import-allowed-query.graphql';
import exportQuery from './graph/agreements-export-query.graphql';
import { request } from './api';
import type { Lang } from './types';
import type {
  AfwExportAgreementsQuery,
  AfwExportAgreementsQueryVariables,
  AfwImportAgreementsMutation,
  AfwImportAgreementsMutationVariables,
  AfwImportAllowedQuery,
  AfwImportAllowedQueryVariables,
  AfwImportResultFragment,
  AfwImportStatusQuery,
  AfwImportStatusQueryVariables,
  AgreementImportAction,
} from './generated/graphql';

export type ImportAction = AgreementImportAction;
export type ImportResult = AfwImportResultFragment;
export type ImportRow = ImportResult['rows'][number];

export async function importAgreements(variables: { csv: string; system: string; update: boolean; dryRun: boolean; lang: Lang }): Promise<ImportResult> {
  return (await request<AfwImportAgreementsMutation, AfwImportAgreementsMutationVariables>(importMutation, variables)).importAgreements;
}

export async function importStatus(job: string): Promise<ImportResult | null> {
  return (await request<AfwImportStatusQuery, AfwImportStatusQueryVariables>(importStatusQuery, { job })).importStatus;
}

/** Whether the reader may import into this system (the server decides; guests never may). */
export async function fetchImportAllowed(system: string): Promise<boolean> {
  return (await request<AfwImportAllowedQuery, AfwImportAllowedQueryVariables>(importAllowedQuery, { system })).importAllowed;
}

/** The CSV for import, and how many values it leaves out because they are validation issues. */
export async function exportAgreements(system: string): Promise<{ csv: string; omitted: number }> {
  const answer = await request<AfwExportAgreementsQuery, AfwExportAgreementsQueryVariables>(exportQuery, { system });
  return { csv: answer.exportAgreements, omitted: answer.exportAgreementsOmitted };
}

/** The file as UTF-8 text; undefined when it is not UTF-8 (the dialog says so, naming the line). */
export async function readUtf8(file: Blob): Promise<{ text?: string; badLine?: number }> {
  const bytes = await new Response(file).arrayBuffer();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    return { badLine: loose.slice(0, loose.indexOf('\uFFFD')).split(/\r\n|\n|\r/).length };
  }
}
