/** Exports of what the reader sees: CSV for spreadsheets (formula-injection safe) and JSON. */
import { MAINTENANCE_LISTS, type AgreementRef, type Comparison, type Handover, type Lang, type Maintenance, type Matrix, type MatrixCell, type Overview, type OverviewRow, type Parties } from './types';
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

/** The overview as shown (contract §8.1): one row per system and cell, with the system's coverage. */
export function overviewCsv(overview: Overview, rows: readonly OverviewRow[], lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const lines: Array<Array<string | number>> = [
    [t('learning.key'), t('learning.system'), t('learning.coverage'), t('learning.present'), t('export.chapter'), t('export.column'), t('export.layer'), t('export.state'), t('export.count')],
  ];
  for (const row of rows) {
    overview.cells.forEach((cell, index) => {
      const names = cellLabels(overview.frameworkDetail, cell, lang);
      const value = row.cells[index];
      lines.push([row.system.key, row.system.title, row.coverage, row.present, names.chapter, names.column, names.layer, t(`states.${value.state}`), value.count]);
    });
  }
  return toCsv(lines);
}

/**
 * The parties as shown (contract §11): per party its cells (one row each, the heat map's figure)
 * and then each contact with each of its agreements, a column `kind` telling the two apart.
 */
export function partiesCsv(parties: Parties, lang: Lang, systemTitle: (key: string) => string): string {
  const t = (key: string) => translate(lang, key);
  const acrossSystems = !parties.system;
  const rows: Array<Array<string | number>> = [
    [
      t('parties.party'),
      t('parties.name'),
      t('parties.declared'),
      t('parties.agreements'),
      t('parties.systems'),
      t('parties.kind'),
      t('export.chapter'),
      t('export.column'),
      t('export.layer'),
      t(acrossSystems ? 'parties.cellSystems' : 'export.count'),
      t('parties.contact'),
      t('export.title'),
      t('export.path'),
    ],
  ];
  for (const party of parties.parties) {
    const base = [party.key, party.name ?? '', t(party.declared ? 'export.yes' : 'export.no'), party.count, party.systems.map(systemTitle).join(', ')];
    parties.cells.forEach((cell, index) => {
      const names = cellLabels(parties.frameworkDetail, cell, lang);
      const value = party.cells[index];
      rows.push([...base, t('parties.kindCell'), names.chapter, names.column, names.layer, acrossSystems ? value.systems : value.count, '', '', '']);
    });
    for (const contact of party.contacts) {
      for (const ref of contact.agreements) rows.push([...base, t('parties.kindContact'), '', '', '', '', contact.name, ref.title, `${ref.locale}/${ref.path}`]);
    }
  }
  return toCsv(rows);
}

/** The upkeep (contract §10): one row per item and list it is on (an agreement can be overdue and without owner too). */
export function maintenanceCsv(maintenance: Maintenance, lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const rows: Array<Array<string | number>> = [
    [t('maintenance.list'), t('export.title'), t('export.path'), t('export.status'), t('maintenance.systems'), t('maintenance.owner'), t('maintenance.reviewBy'), t('maintenance.updatedAt')],
  ];
  for (const list of MAINTENANCE_LISTS) {
    for (const item of maintenance[list]) {
      const { agreement } = item;
      rows.push([
        t(`maintenance.${list}`),
        agreement.title,
        `${agreement.locale}/${agreement.path}`,
        t(`statuses.${agreement.status}`),
        item.systems.join(', '),
        item.owner ?? '',
        item.reviewBy ?? '',
        item.updatedAt.slice(0, 10),
      ]);
    }
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
