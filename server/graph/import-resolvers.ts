/**
 * The resolvers of contract §7.3 (import, export, import status) and `importAllowed`, merged into
 * the agreements resolvers (resolvers.ts) when the host provides an ImportService.
 */
import { isLang, normaliseValue, type Lang } from '../domain';
import { formatImportIssue, MAX_IMPORT_BYTES, type AgreementExport, type ImportIssue } from '../domain/import-csv';
import type { HostUser } from '../host/types';
import type { ImportResult, ImportService } from '../service/import-service';
import { AgreementArgumentError } from './resolvers';

export interface ImportResolverAdapter<Context> {
  importer(context: Context): ImportService | Promise<ImportService>;
  user(context: Context): HostUser | undefined;
}

type Resolver<Context> = (parent: unknown, args: Record<string, unknown>, context: Context) => unknown;

/** A little more than the CSV limit: the limit itself is reported as a row issue, in the reader's language. */
const MAX_CSV_ARGUMENT = MAX_IMPORT_BYTES * 2;

function textArg(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw new AgreementArgumentError(name);
  return value;
}

function optionalKey(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return normaliseValue(textArg(name, value, 100));
}

function issueShape(issue: ImportIssue, path: string | undefined, locale: string | undefined, lang: Lang) {
  return {
    code: issue.code,
    severity: 'ERROR',
    pageId: null,
    pagePath: path ?? null,
    locale: locale ?? null,
    system: null,
    field: issue.field ?? null,
    value: issue.value ?? null,
    validValues: issue.validValues ?? null,
    line: issue.line,
    message: formatImportIssue(issue, lang),
  };
}

export function importResultShape(result: ImportResult) {
  return {
    ok: result.ok,
    done: result.done,
    job: result.job ?? null,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    skipped: result.skipped,
    total: result.total,
    interrupted: result.interrupted !== undefined,
    rows: result.rows.map((row) => ({
      line: row.line,
      path: row.path ?? null,
      locale: row.locale ?? null,
      action: row.action,
      errors: row.issues.map((issue) => issueShape(issue, row.path, row.locale, result.lang)),
    })),
  };
}

export function importResolvers<Context>(adapter: ImportResolverAdapter<Context>) {
  const forRequest = async (context: Context) => {
    const user = adapter.user(context);
    if (!user) throw new Error('Unauthorized');
    return { importer: await adapter.importer(context), user };
  };
  // One export per request and system, shared by `exportAgreements` and `exportAgreementsOmitted`
  // asked together (keyed by the request's own context: never shared across requests or readers).
  const exports = new WeakMap<object, Map<string, Promise<AgreementExport>>>();
  const exportFor = async (args: Record<string, unknown>, context: Context): Promise<AgreementExport> => {
    const system = optionalKey('system', args.system);
    if (!system) throw new AgreementArgumentError('system');
    const { importer, user } = await forRequest(context);
    if (typeof context !== 'object' || context === null) return importer.exportCsv(user, system);
    let ofRequest = exports.get(context);
    if (!ofRequest) exports.set(context, (ofRequest = new Map()));
    let found = ofRequest.get(system);
    if (!found) ofRequest.set(system, (found = importer.exportCsv(user, system)));
    return found;
  };
  const query: Record<string, Resolver<Context>> = {
    async exportAgreements(_parent, args, context) {
      return (await exportFor(args, context)).csv;
    },
    async exportAgreementsOmitted(_parent, args, context) {
      return (await exportFor(args, context)).omitted.length;
    },
    async importStatus(_parent, args, context) {
      const job = textArg('job', args.job, 36);
      const { importer, user } = await forRequest(context);
      const result = await importer.status(user, job);
      return result ? importResultShape(result) : null;
    },
    async importAllowed(_parent, args, context) {
      const system = optionalKey('system', args.system);
      if (!system) throw new AgreementArgumentError('system');
      const { importer, user } = await forRequest(context);
      return importer.mayImport(user, system);
    },
  };
  const mutation: Record<string, Resolver<Context>> = {
    async importAgreements(_parent, args, context) {
      const csv = textArg('csv', args.csv, MAX_CSV_ARGUMENT);
      const system = optionalKey('system', args.system);
      const { importer, user } = await forRequest(context);
      const lang = isLang(args.lang) ? args.lang : importer.defaultLang;
      const result = await importer.start(user, { csv, system, update: args.update === true, dryRun: args.dryRun === true, lang });
      return importResultShape(result);
    },
  };
  return { query, mutation };
}
