/** Exports of what the reader sees: CSV for spreadsheets (formula-injection safe) and JSON. */
import type { AgreementRef, Comparison, Handover, Lang, Matrix, MatrixCell } from './types';
import { translate } from './i18n';
import { cellLabels } from './framework';
import { cellDifference } from '../server/domain/compare';
import { writeCsv } from '../server/domain/csv-formula';

/** Every field quoted and formulas made inert (the server's one CSV writer); the BOM makes Excel read UTF-8. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return writeCsv(rows, { bom: true });
}

function refFields(ref: AgreementRef | undefined, lang: Lang): string[] {
  if (!ref) return ['', '', '', '', ''];
  const t = (key: string) => translate(lang, key);
  return [ref.title, `${ref.locale}/${ref.path}`, t(`statuses.${ref.status}`), ref.theme ?? '', ref.overdue ? t('export.yes') : t('export.no')];
}

const REF_HEADERS = ['export.title', 'export.path', 'export.status', 'export.theme', 'export.overdue'];

function cellRows(matrix: Matrix, cell: MatrixCell, lang: Lang, refs: AgreementRef[]): Array<Array<string | number>> {
  const names = cellLabels(matrix.system.frameworkDetail, cell, lang);
  const base = [names.chapter, names.column, names.layer, translate(lang, `states.${cell.state}`), cell.count];
  return (refs.length ? refs : [undefined]).map((ref) => [...base, ...refFields(ref, lang)]);
}

/** The visible matrix: one row per agreement in a cell (an empty cell gets one row), then the unplaced. */
export function matrixCsv(matrix: Matrix, lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const rows: Array<Array<string | number>> = [
    ['export.chapter', 'export.column', 'export.layer', 'export.state', 'export.count', ...REF_HEADERS].map(t),
  ];
  for (const cell of matrix.cells) rows.push(...cellRows(matrix, cell, lang, cell.agreements));
  const unplaced = t('matrix.unplaced');
  for (const ref of matrix.unplaced) rows.push([unplaced, '', '', '', '', ...refFields(ref, lang)]);
  return toCsv(rows);
}

/** The comparison: per cell both sides' state and count, the difference, and the agreements by side. */
export function comparisonCsv(comparison: Comparison, lang: Lang): string {
  const t = (key: string, params = {}) => translate(lang, key, params);
  const rows: Array<Array<string | number>> = [
    [
      t('export.chapter'),
      t('export.column'),
      t('export.layer'),
      `${t('export.state')} ${comparison.a.key}`,
      `${t('export.count')} ${comparison.a.key}`,
      `${t('export.state')} ${comparison.b.key}`,
      `${t('export.count')} ${comparison.b.key}`,
      t('comparison.partner'),
      t('export.side'),
      ...REF_HEADERS.map((key) => t(key)),
    ],
  ];
  for (const cell of comparison.cells) {
    const names = cellLabels(comparison.a.frameworkDetail, cell, lang);
    const base = [
      names.chapter,
      names.column,
      names.layer,
      t(`states.${cell.a.state}`),
      cell.a.count,
      t(`states.${cell.b.state}`),
      cell.b.count,
      t(`comparison.diff.${cellDifference(cell)}`),
    ];
    const sides: Array<[string, AgreementRef[]]> = [
      [comparison.a.key, cell.onlyInA],
      [comparison.b.key, cell.onlyInB],
      [t('comparison.shared'), cell.shared],
    ];
    const refs = sides.flatMap(([side, list]) => list.map((ref): [string, AgreementRef] => [side, ref]));
    if (!refs.length) rows.push([...base, '', ...refFields(undefined, lang)]);
    for (const [side, ref] of refs) rows.push([...base, side, ...refFields(ref, lang)]);
  }
  return toCsv(rows);
}

/** The handover checklist: one row per reference agreement in a cell, then the receiver's own ones. */
export function handoverCsv(handover: Handover, lang: Lang): string {
  const t = (key: string, params = {}) => translate(lang, key, params);
  const rows: Array<Array<string | number>> = [
    [t('export.chapter'), t('export.column'), t('export.layer'), t('handover.csvStatus'), t('export.title'), t('export.path'), t('export.status'), t('handover.answeredBy')],
  ];
  for (const cell of handover.cells) {
    const names = cellLabels(handover.reference.frameworkDetail, cell, lang);
    const base = [names.chapter, names.column, names.layer];
    const ref = (r: AgreementRef) => [r.title, `${r.locale}/${r.path}`, t(`statuses.${r.status}`)];
    for (const item of cell.items) {
      rows.push([...base, t(`handover.status.${item.status}`), ...ref(item.agreement), item.answeredBy.map((a) => `${a.title} (${a.locale}/${a.path})`).join(' | ')]);
    }
    for (const own of cell.receiverOnly) rows.push([...base, t('handover.receiverOnlyStatus'), ...ref(own), '']);
  }
  return toCsv(rows);
}

/** Offers text as a file download. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The click starts the download synchronously; the URL is no longer needed afterwards.
  URL.revokeObjectURL(url);
}
