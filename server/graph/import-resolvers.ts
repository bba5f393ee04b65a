/** CSV import and export of agreement sets (contract §7.3), and whether the reader may import. */
import { isLang } from '../domain';
import { formatImportIssue, MAX_IMPORT_BYTES, type AgreementExport } from '../domain/import-csv';
import type { ImportResult } from '../service/import-service';
import { keyArg, optionalKeyArg, textArg, type RequestScope, type ResolverGroup } from './inputs';
import { issueShape } from './shapes';

/** A little more than the CSV limit: the limit itself is reported as a row issue, in the reader's language. */
const MAX_CSV_ARGUMENT = MAX_IMPORT_BYTES * 2;
/** A job id is a UUID. */
const MAX_JOB_LENGTH = 36;

/** `AgreementImportResult` as the API answers it: what the CLI and the tests read back. */
export type ImportAnswer = ReturnType<typeof importResultShape>;

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
      errors: row.issues.map((issue) => issueShape(issue.code, 'error', { ...issue, pagePath: row.path, locale: row.locale }, formatImportIssue(issue, result.lang))),
    })),
  };
}

export function importResolvers<Context>({ importerFor, once }: RequestScope<Context>): ResolverGroup<Context> {
  // One export per request and system, shared by `exportAgreements` and `exportAgreementsOmitted` asked together.
  const exportFor = async (args: Record<string, unknown>, context: Context): Promise<AgreementExport> => {
    const system = keyArg('system', args.system);
    const { importer, user } = await importerFor(context);
    return once(context, `export ${system}`, () => importer.exportCsv(user, system));
  };
  return {
    query: {
      async exportAgreements(_parent, args, context) {
        return (await exportFor(args, context)).csv;
      },
      async exportAgreementsOmitted(_parent, args, context) {
        return (await exportFor(args, context)).omitted.length;
      },
      async importStatus(_parent, args, context) {
        const job = textArg('job', args.job, MAX_JOB_LENGTH);
        const { importer, user } = await importerFor(context);
        const result = await importer.status(user, job);
        return result ? importResultShape(result) : null;
      },
      async importAllowed(_parent, args, context) {
        const system = keyArg('system', args.system);
        const { importer, user } = await importerFor(context);
        return importer.mayImport(user, system);
      },
    },
    mutation: {
      async importAgreements(_parent, args, context) {
        const csv = textArg('csv', args.csv, MAX_CSV_ARGUMENT);
        // An empty system is none: rows name their own (`stelsel`).
        const system = args.system === '' ? undefined : optionalKeyArg('system', args.system);
        const { importer, user } = await importerFor(context);
        const lang = isLang(args.lang) ? args.lang : importer.defaultLang;
        const result = await importer.start(user, { csv, system, update: args.update === true, dryRun: args.dryRun === true, lang });
        return importResultShape(result);
      },
    },
  };
}
