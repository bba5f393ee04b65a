/** The CSV import and export of contract §7.3 as the client uses them (loaded with the import dialog). */
import { request } from './api';
import type { Lang } from './types';

export type ImportAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'SKIP' | 'ERROR';

export interface ImportRow {
  line: number;
  path: string | null;
  locale: string | null;
  action: ImportAction;
  errors: Array<{ message: string; field: string | null }>;
}

export interface ImportResult {
  ok: boolean;
  done: boolean;
  job: string | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  total: number;
  interrupted: boolean;
  rows: ImportRow[];
}

const RESULT = 'ok done job created updated unchanged skipped total interrupted rows { line path locale action errors { message field } }';

export async function importAgreements(variables: { csv: string; system: string; update: boolean; dryRun: boolean; lang: Lang }): Promise<ImportResult> {
  const query = `mutation($csv: String!, $system: String, $update: Boolean, $dryRun: Boolean, $lang: String) { agreements {
    importAgreements(csv: $csv, system: $system, update: $update, dryRun: $dryRun, lang: $lang) { ${RESULT} } } }`;
  const data = await request<{ importAgreements: ImportResult }>(query, variables);
  return data.importAgreements;
}

export async function importStatus(job: string): Promise<ImportResult | null> {
  const data = await request<{ importStatus: ImportResult | null }>(`query($job: String!) { agreements { importStatus(job: $job) { ${RESULT} } } }`, { job });
  return data.importStatus;
}

/** Whether the reader may import into this system (the server decides; guests never may). */
export async function fetchImportAllowed(system: string): Promise<boolean> {
  const data = await request<{ importAllowed: boolean }>('query($s: String!) { agreements { importAllowed(system: $s) } }', { s: system });
  return data.importAllowed;
}

export async function exportAgreements(system: string): Promise<string> {
  const data = await request<{ exportAgreements: string }>('query($s: String!) { agreements { exportAgreements(system: $s) } }', { s: system });
  return data.exportAgreements;
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
