/** `afsprakenwiki compare <a> <b> [dir]`: two systems side by side, cell by cell. */
import {
  cellDifference,
  compareMatrices,
  matrixFor,
  validateSystem,
  type AgreementRef,
  type CellDifference,
  type Comparison,
  type ComparisonCell,
  type Matrix,
  type MatrixCell,
} from '../domain';
import {
  cellLabel,
  chapterGrids,
  columnName,
  loadWiki,
  paintMark,
  partName,
  requireSystem,
  stateMark,
  themeLabel,
  type CommandContext,
} from './context';
import { pad, renderTable, toCsv, toJson, type Painter } from './format';
import { agreementLine, filterLine, reportIssues } from './matrix';

export async function compareCommand(args: string[], ctx: CommandContext): Promise<number> {
  const wiki = loadWiki(args[2] ?? '.', ctx);
  const keyA = requireSystem(wiki, args[0], ctx);
  const keyB = requireSystem(wiki, args[1], ctx);
  const a = matrixFor(wiki.catalog, keyA, ctx.options.filter) as Matrix;
  const b = matrixFor(wiki.catalog, keyB, ctx.options.filter) as Matrix;
  const comparison = compareMatrices(a, b);
  if (ctx.options.output === 'json') ctx.io.out(toJson(comparison));
  else if (ctx.options.output === 'csv') ctx.io.out(comparisonCsv(comparison));
  else ctx.io.out(renderComparison(comparison, a, b, ctx).join('\n') + '\n');
  for (const key of keyA === keyB ? [keyA] : [keyA, keyB]) reportIssues(key, validateSystem(wiki.catalog, key, wiki.facts), wiki.dir, ctx);
  return 0;
}

const DIFFERENCE_MARKS: Record<CellDifference, string> = {
  same: '=',
  'only-a': '◀',
  'only-b': '▶',
  state: '≠',
  count: '≠',
  agreements: '≠',
};

function differenceMark(cell: ComparisonCell, paint: Painter): string {
  const difference = cellDifference(cell);
  const mark = DIFFERENCE_MARKS[difference];
  return difference === 'same' ? paint(mark, 'dim') : paint(mark, 'bold');
}

function side(cell: MatrixCell, paint: Painter): string {
  return `${pad(String(cell.count), 2, 'right')} ${paintMark(stateMark(cell), paint)}`;
}

export function renderComparison(comparison: Comparison, a: Matrix, b: Matrix, ctx: CommandContext): string[] {
  const { lang } = ctx.options;
  const frameworks = [a.framework, b.framework];
  const name = (m: Matrix) => `${m.system.title} (${m.system.key})`;
  const lines = [ctx.paint(ctx.t('cli.compareTitle', { a: name(a), b: name(b) }), 'bold'), ctx.t('cli.sides', { a: a.system.key, b: b.system.key })];
  const filter = filterLine(ctx);
  if (filter) lines.push(filter);

  for (const grid of chapterGrids(comparison.cells)) {
    lines.push('', ctx.paint(partName('chapter', grid.chapter, frameworks, lang), 'bold'));
    const header = [
      ['', ...grid.columns.map((column) => columnName(column, frameworks, ctx))],
      ['', ...grid.columns.map(() => ' A |  B')],
    ];
    const body = grid.layers.map((layer) => [
      partName('layer', layer, frameworks, lang),
      ...grid.columns.map((column) => {
        const cell = grid.cell(layer, column);
        return cell ? `${side(cell.a, ctx.paint)} | ${side(cell.b, ctx.paint)} ${differenceMark(cell, ctx.paint)}` : '';
      }),
    ]);
    lines.push(...renderTable(body, { header, align: ['left', ...grid.columns.map(() => 'center' as const)] }));

    for (const layer of grid.layers) {
      for (const column of grid.columns) {
        const cell = grid.cell(layer, column);
        // Only cells that differ and have agreements to name; a state change alone shows in the grid.
        if (!cell || cellDifference(cell) === 'same' || cell.onlyInA.length + cell.onlyInB.length + cell.shared.length === 0) continue;
        lines.push('', `  ${cellLabel(cell, frameworks, ctx)}: ${side(cell.a, ctx.paint)} | ${side(cell.b, ctx.paint)} ${differenceMark(cell, ctx.paint)}`);
        const list = (title: string, refs: AgreementRef[], matrix: Matrix) => {
          if (refs.length === 0) return;
          lines.push(`    ${title}:`);
          for (const ref of refs) lines.push(`      ${agreementLine(ref, matrix.system.declaration, ctx)}`);
        };
        list(ctx.t('term.onlyIn', { system: a.system.key }), cell.onlyInA, a);
        list(ctx.t('term.onlyIn', { system: b.system.key }), cell.onlyInB, b);
        list(ctx.t('term.shared'), cell.shared, a);
      }
    }
  }

  lines.push('');
  const themes = (only: string[], matrix: Matrix) =>
    only.length ? only.map((t) => themeLabel(t, matrix.system.declaration)).join(', ') : ctx.t('term.none');
  lines.push(`${ctx.t('term.themesOnlyIn', { system: a.system.key })}: ${themes(comparison.themesOnlyInA, a)}`);
  lines.push(`${ctx.t('term.themesOnlyIn', { system: b.system.key })}: ${themes(comparison.themesOnlyInB, b)}`);
  lines.push('', ctx.t('cli.legend'), ctx.t('cli.compareLegend'));
  return lines;
}

export const COMPARISON_CSV_HEADER = [
  'a',
  'b',
  'chapter',
  'column',
  'layer',
  'aState',
  'aCount',
  'bState',
  'bCount',
  'difference',
  'onlyInA',
  'onlyInB',
  'shared',
];

/** One row per comparison cell; agreement lists as page paths separated by `;`. */
export function comparisonCsv(comparison: Comparison): string {
  const paths = (refs: AgreementRef[]) => refs.map((r) => r.path).join(';');
  return toCsv(
    COMPARISON_CSV_HEADER,
    comparison.cells.map((cell) => [
      comparison.a.key,
      comparison.b.key,
      cell.chapter,
      cell.column,
      cell.layer,
      cell.a.state,
      cell.a.count,
      cell.b.state,
      cell.b.count,
      cellDifference(cell),
      paths(cell.onlyInA),
      paths(cell.onlyInB),
      paths(cell.shared),
    ]),
  );
}
