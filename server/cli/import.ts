/**
 * `afsprakenwiki import <file.csv> --wiki <url> --token <API key> [--system KEY] [--update]
 * [--dry-run]`: sends the CSV to a running wiki's `importAgreements` (so Wiki.js's permissions
 * and page history apply), follows the job with `importStatus` (a progress bar on a terminal,
 * plain lines otherwise) and ends with a summary. `afsprakenwiki export <system> [dir]` writes
 * the same CSV from a folder of pages. Exit codes: 0 fine, 1 errors, 2 usage.
 */
import fs from 'fs';
import path from 'path';
import { DEFAULT_FRAMEWORK } from '../domain';
import { exportAgreements, formatImportIssue, type ImportIssue } from '../domain/import-csv';
import { UsageError } from './args';
import { loadWiki, requireSystem, type CommandContext } from './context';
import type { ImportAnswer as ImportResult } from '../graph/import-resolvers';

const RESULT = 'ok done job created updated unchanged skipped total interrupted rows { line path action errors { message } }';
const IMPORT = `mutation($csv: String!, $system: String, $update: Boolean, $dryRun: Boolean, $lang: String) { agreements {
  importAgreements(csv: $csv, system: $system, update: $update, dryRun: $dryRun, lang: $lang) { ${RESULT} } } }`;
const STATUS = `query($job: String!) { agreements { importStatus(job: $job) { ${RESULT} } } }`;
const POLL_MS = 1000;
const BAR_WIDTH = 30;

export async function exportCommand(args: string[], ctx: CommandContext): Promise<number> {
  const wiki = loadWiki(args[1] ?? '.', ctx);
  const system = requireSystem(wiki, args[0], ctx);
  const frameworkOf = (key: string) => wiki.catalog.systems.get(key)?.framework ?? DEFAULT_FRAMEWORK;
  const { csv, omitted } = exportAgreements(wiki.facts, system, frameworkOf);
  ctx.io.out(csv);
  // On stderr, so the CSV on stdout stays the file; the values themselves are validation issues.
  if (omitted.length > 0) ctx.io.err(`${ctx.t('importCsv.exportOmitted', { count: omitted.length, system, dir: wiki.dir })}\n`);
  return 0;
}

export async function importCommand(args: string[], ctx: CommandContext, fetchImpl: typeof fetch = fetch): Promise<number> {
  const { options, io, t } = ctx;
  if (!options.wiki) throw new UsageError('missingArgument', { name: '--wiki' });
  if (!options.token) throw new UsageError('missingArgument', { name: '--token' });
  const file = path.resolve(io.cwd ?? process.cwd(), args[0]);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    io.err(`afsprakenwiki: ${t('importCsv.cli.notAFile', { path: args[0] })}\n`);
    return 2;
  }
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Where the first undecodable byte is: the line is what the author needs to find it.
    const text = new TextDecoder('utf-8').decode(bytes);
    const line = text.slice(0, text.indexOf('\uFFFD')).split(/\r\n|\n|\r/).length;
    io.err(`${formatImportIssue({ code: 'encoding', line } satisfies ImportIssue, options.lang)}\n`);
    return 1;
  }
  const endpoint = new URL('/graphql', options.wiki).toString();
  const call = async (query: string, variables: Record<string, unknown>): Promise<ImportResult | null> => {
    const response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: { agreements?: Record<string, ImportResult | null> }; errors?: Array<{ message: string }> };
    if (body.errors?.length || !response.ok) throw new Error(body.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`);
    return Object.values(body.data?.agreements ?? {})[0] ?? null;
  };

  let result: ImportResult | null;
  try {
    result = await call(IMPORT, { csv, system: options.system, update: options.update, dryRun: options.dryRun, lang: options.lang });
    const progress = new Progress(ctx);
    let shown = 0;
    while (result && !result.done && result.job) {
      shown = progress.show(result, shown);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      result = await call(STATUS, { job: result.job });
    }
    if (result) progress.show(result, shown);
    progress.end();
  } catch (error) {
    io.err(`${t('importCsv.cli.failed', { wiki: options.wiki, message: (error as Error).message })}\n`);
    return 1;
  }
  if (!result) {
    io.err(`${t('importCsv.cli.lost')}\n`);
    return 1;
  }
  for (const row of result.rows) for (const error of row.errors) io.out(`${error.message}\n`);
  if (options.dryRun) for (const row of result.rows.filter((r) => r.errors.length === 0)) io.out(`${t('importCsv.cli.planned', { line: row.line, action: row.action, path: row.path ?? '' })}\n`);
  const counts = { created: result.created, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped };
  // Validation errors: nothing was written; errors of a running job: the rest was.
  if (!result.ok && result.job === null) io.out(`${t('importCsv.cli.nothingWritten')}\n`);
  else io.out(`${t(options.dryRun ? 'importCsv.cli.dryRunSummary' : 'importCsv.cli.summary', counts)}\n`);
  if (result.interrupted) io.out(`${t('importCsv.cli.interrupted')}\n`);
  return result.ok ? 0 : 1;
}

/** A bar redrawn in place on a terminal; elsewhere one line per row as it is written. */
class Progress {
  private drawn = false;

  constructor(private readonly ctx: CommandContext) {}

  /** Shows the rows after the first `shown`; returns how many rows are shown now. */
  show(result: ImportResult, shown: number): number {
    const { io, t } = this.ctx;
    if (io.isTTY) {
      const done = result.rows.length;
      const filled = result.total ? Math.round((done / result.total) * BAR_WIDTH) : BAR_WIDTH;
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${result.total}`);
      this.drawn = true;
    } else {
      for (const row of result.rows.slice(shown)) if (result.job) io.err(`${t('importCsv.cli.row', { line: row.line, action: row.action, path: row.path ?? '' })}\n`);
    }
    return result.rows.length;
  }

  end(): void {
    if (this.drawn) this.ctx.io.err('\n');
  }
}
