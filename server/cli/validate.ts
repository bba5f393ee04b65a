/** `afsprakenwiki validate [system] [dir]`: every issue, grouped by page; exit 1 when one is an error. */
import path from 'path';
import { formatIssue, linkIssues, pageKey, sortIssues, validateAll, validateSystem, type Issue } from '../domain';
import { isDirectory, issueSummary, loadWiki, requireSystem, type CommandContext, type Wiki } from './context';
import { renderTable, toCsv, toJson } from './format';

/** An issue as the command line reports it: with its message, file and line in that file. */
export interface ReportedIssue extends Issue {
  message: string;
  file?: string;
  fileLine?: number;
}

export async function validateCommand(args: string[], ctx: CommandContext): Promise<number> {
  // One argument is the folder when it is one, and a system otherwise.
  const cwd = ctx.io.cwd ?? process.cwd();
  const [system, dir] = args.length === 1 && isDirectory(path.resolve(cwd, args[0])) ? [undefined, args[0]] : [args[0], args[1]];
  const wiki = loadWiki(dir ?? '.', ctx);
  const key = system === undefined ? undefined : requireSystem(wiki, system, ctx);
  const issues = key === undefined ? validateAll(wiki.catalog, wiki.facts) : validateSystem(wiki.catalog, key, wiki.facts);
  // Links name any page of the folder (§8.3-8.4).
  const known = new Set(wiki.facts.map((page) => pageKey(page.locale, page.path)));
  const linking = key === undefined ? wiki.facts : wiki.catalog.systems.get(key)?.agreements ?? [];
  issues.push(...linkIssues(linking, (target) => known.has(target)));
  sortIssues(issues);
  const reported = report(issues, wiki, ctx);
  if (ctx.options.output === 'json') ctx.io.out(toJson(reported));
  else if (ctx.options.output === 'csv') ctx.io.out(issuesCsv(reported));
  else ctx.io.out(renderIssues(reported, ctx).join('\n') + '\n');
  return issues.some((i) => i.severity === 'error') ? 1 : 0;
}

function report(issues: Issue[], wiki: Wiki, ctx: CommandContext): ReportedIssue[] {
  return issues.map((issue) => {
    const source = issue.pageId === undefined ? undefined : wiki.read.files.get(issue.pageId);
    return {
      ...issue,
      message: formatIssue(issue, ctx.options.lang),
      ...(source ? { file: source.file } : {}),
      ...(source && issue.line !== undefined ? { fileLine: issue.line + source.lineOffset } : {}),
    };
  });
}

export function renderIssues(issues: ReportedIssue[], ctx: CommandContext): string[] {
  if (issues.length === 0) return [ctx.paint(ctx.t('cli.noIssues'), 'green')];
  const groups = new Map<string, ReportedIssue[]>();
  for (const issue of issues) {
    const heading = issue.file ?? `${ctx.t('term.system')} ${issue.system ?? ''}`.trim();
    groups.set(heading, [...(groups.get(heading) ?? []), issue]);
  }
  const header = ['line', 'severity', 'field', 'value', 'message'].map((k) => ctx.t(`term.${k}`));
  const lines: string[] = [];
  for (const [heading, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(ctx.paint(heading, 'bold'));
    const body = group.map((issue) => [
      issue.fileLine === undefined ? '' : String(issue.fileLine),
      ctx.paint(ctx.t(`severity.${issue.severity}`), issue.severity === 'error' ? 'red' : 'yellow'),
      issue.field ?? '',
      issue.value ?? '',
      issue.message,
    ]);
    lines.push(...renderTable(body, { header: [header], align: ['right'], maxWidth: [undefined, undefined, 20, 24, 60] }), '');
  }
  lines.push(issueSummary(issues, ctx));
  return lines;
}

export const ISSUES_CSV_HEADER = [
  'severity',
  'code',
  'system',
  'pageId',
  'path',
  'locale',
  'file',
  'line',
  'field',
  'value',
  'validValues',
  'message',
];

export function issuesCsv(issues: ReportedIssue[]): string {
  return toCsv(
    ISSUES_CSV_HEADER,
    issues.map((i) => [
      i.severity,
      i.code,
      i.system,
      i.pageId,
      i.pagePath,
      i.locale,
      i.file,
      i.fileLine,
      i.field,
      i.value,
      i.validValues?.join(';'),
      i.message,
    ]),
  );
}
