/** `afsprakenwiki matrix <system> [dir]`: a system's matrix as the seeds' overview tables show it. */
import { formatIssue, matrixFor, validateSystem, type AgreementRef, type Issue, type Matrix, type SystemDeclaration } from '../domain';
import {
  cellLabel,
  chapterGrids,
  columnName,
  issueSummary,
  loadWiki,
  paintMark,
  partName,
  requireSystem,
  stateMark,
  statusLabel,
  themeLabel,
  type CommandContext,
} from './context';
import { pad, renderTable, toCsv, toJson } from './format';

export async function matrixCommand(args: string[], ctx: CommandContext): Promise<number> {
  const wiki = loadWiki(args[1] ?? '.', ctx);
  const key = requireSystem(wiki, args[0], ctx);
  const matrix = matrixFor(wiki.catalog, key, ctx.options.filter) as Matrix;
  const { out } = ctx.io;
  if (ctx.options.output === 'json') out(toJson({ ...matrix, issues: withMessages(matrix.issues, ctx) }));
  else if (ctx.options.output === 'csv') out(matrixCsv(matrix));
  else out(renderMatrix(matrix, ctx).join('\n') + '\n');
  reportIssues(key, validateSystem(wiki.catalog, key, wiki.facts), wiki.dir, ctx);
  return 0;
}

export function withMessages(issues: readonly Issue[], ctx: CommandContext): Array<Issue & { message: string }> {
  return issues.map((issue) => ({ ...issue, message: formatIssue(issue, ctx.options.lang) }));
}

/** One line on stderr, so a matrix never hides that its pages have problems. */
export function reportIssues(system: string, issues: readonly Issue[], dir: string, ctx: CommandContext): void {
  if (issues.length === 0) return;
  ctx.io.err(`${ctx.t('cli.issuesHint', { system, summary: issueSummary(issues, ctx), dir })}\n`);
}

export function filterLine(ctx: CommandContext): string | undefined {
  const { filter } = ctx.options;
  const parts = [
    ...(filter.themes ?? []).map((v) => `${ctx.t('term.theme').toLowerCase()} ${v}`),
    ...(filter.statuses ?? []).map((v) => `${ctx.t('term.status').toLowerCase()} ${v}`),
    ...(filter.parties ?? []).map((v) => `${ctx.t('term.party').toLowerCase()} ${v}`),
    ...(filter.includeRetired ? [ctx.t('cli.includeRetired')] : []),
  ];
  return parts.length ? ctx.t('cli.filter', { filter: parts.join('; ') }) : undefined;
}

/** `Titel — Vastgesteld · SOLK`, with the locale when it is not the folder's default. */
export function agreementLine(ref: AgreementRef, declaration: SystemDeclaration | undefined, ctx: CommandContext): string {
  const details = [statusLabel(ref.status, ctx.options.lang)];
  if (ref.theme) details.push(themeLabel(ref.theme, declaration));
  if (ref.overdue) details.push(ctx.paint(ctx.t('cli.overdue'), 'red'));
  const locale = ref.locale === ctx.options.locale ? '' : ` [${ref.locale}]`;
  return `• ${ref.title}${locale} ${ctx.paint(`— ${details.join(' · ')}`, 'dim')}`;
}

export function renderMatrix(matrix: Matrix, ctx: CommandContext): string[] {
  const { lang } = ctx.options;
  const frameworks = [matrix.framework];
  const declaration = matrix.system.declaration;
  const lines = [
    ctx.paint(
      ctx.t('cli.matrixTitle', { title: matrix.system.title, key: matrix.system.key, framework: matrix.framework.labels[lang] }),
      'bold',
    ),
  ];
  const filter = filterLine(ctx);
  if (filter) lines.push(filter);

  for (const grid of chapterGrids(matrix.cells)) {
    lines.push('', ctx.paint(partName('chapter', grid.chapter, frameworks, lang), 'bold'));
    const header = ['', ...grid.columns.map((column) => columnName(column, frameworks, ctx))];
    const body = grid.layers.map((layer) => [
      partName('layer', layer, frameworks, lang),
      ...grid.columns.map((column) => {
        const cell = grid.cell(layer, column);
        return cell ? `${pad(String(cell.count), 2, 'right')} ${paintMark(stateMark(cell), ctx.paint)}` : '';
      }),
    ]);
    lines.push(...renderTable(body, { header: [header], align: ['left', ...grid.columns.map(() => 'center' as const)] }));
    for (const layer of grid.layers) {
      for (const column of grid.columns) {
        const cell = grid.cell(layer, column);
        if (!cell || cell.agreements.length === 0) continue;
        lines.push('', `  ${cellLabel(cell, frameworks, ctx)} (${cell.count})`);
        for (const ref of cell.agreements) lines.push(`    ${agreementLine(ref, declaration, ctx)}`);
      }
    }
  }

  if (matrix.unplaced.length) {
    lines.push('', ctx.paint(`${ctx.t('term.unplaced')} (${matrix.unplaced.length})`, 'bold'));
    for (const ref of matrix.unplaced) lines.push(`    ${agreementLine(ref, declaration, ctx)}`);
  }
  lines.push('', ctx.t('cli.legend'));
  return lines;
}

export const MATRIX_CSV_HEADER = [
  'system',
  'chapter',
  'column',
  'layer',
  'state',
  'count',
  'coveredByChapter',
  'pageId',
  'path',
  'locale',
  'title',
  'status',
  'theme',
  'parties',
];

/** One row per cell and agreement; empty cells keep one row, unplaced agreements have no cell. */
export function matrixCsv(matrix: Matrix): string {
  const agreement = (ref?: AgreementRef) =>
    ref ? [ref.pageId, ref.path, ref.locale, ref.title, ref.status, ref.theme, ref.parties.join(';')] : ['', '', '', '', '', '', ''];
  const rows = matrix.cells.flatMap((cell) => {
    const base = [matrix.system.key, cell.chapter, cell.column, cell.layer, cell.state, cell.count, cell.coveredByChapter];
    return cell.agreements.length ? cell.agreements.map((ref) => [...base, ...agreement(ref)]) : [[...base, ...agreement()]];
  });
  for (const ref of matrix.unplaced) rows.push([matrix.system.key, '', '', '', '', '', '', ...agreement(ref)]);
  return toCsv(MATRIX_CSV_HEADER, rows);
}
