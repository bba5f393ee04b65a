/**
 * CSV import (contract §7.3): validating a 1,000-row agreement set (issue target ≤ 200 ms), in the
 * domain core alone and as the dry run of `importAgreements` in the dev app on SQLite (the page
 * look-ups and permission checks of every row included).
 */
import { DEFAULT_FRAMEWORK } from '../server/domain';
import { planImportRows, readImportCsv } from '../server/domain/import-csv';
import { createBackend } from '../dev/backend';
import { performance } from 'perf_hooks';
import { time, type Report } from './measure';

export const name = 'csv import';

const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];

/** A 1,000-row set in the shape of a mapping session: every field used, a few multi-values. */
function csvOf(rows: number): string {
  const lines = ['titel;stelsel;kolom;laag;status;thema;partijen;eigenaar;herzien-voor;bronnen;inhoud'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `Afspraak ${i} over samenwerking in de wijk`,
        'kb-bench',
        COLUMNS[i % COLUMNS.length],
        LAYERS[i % LAYERS.length],
        i % 2 ? 'vastgesteld' : 'concept',
        `thema-${i % 7}`,
        'huisartsen | buurtteam',
        `Werkgroep ${i % 13}`,
        '2027-06-30',
        `https://example.org/${i}.pdf`,
        `"# Afspraak ${i}\n\nWie doet wat, wanneer en met wie."`,
      ].join(';'),
    );
  }
  return lines.join('\r\n');
}

export async function run(report: Report): Promise<void> {
  const csv = csvOf(1000);
  const context = { siteLocale: 'nl', systemOf: () => ({ framework: DEFAULT_FRAMEWORK }) };
  report({
    name: 'validate 1,000-row CSV (domain: parse + plan)',
    unit: 'ms',
    target: 200,
    ...time(() => planImportRows(readImportCsv(csv).rows, context), 20),
  });

  const backend = await createBackend();
  try {
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      const result = await backend.importer.start(backend.users.author, { csv, dryRun: true, lang: 'nl' });
      if (!result.ok || result.created !== 1000) throw new Error('the benchmark CSV must validate');
      if (i > 0) samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    report({ name: 'dry run of importAgreements, 1,000 rows (dev app, SQLite)', unit: 'ms', median: samples[2], p95: samples[4], runs: 5 });
  } finally {
    await backend.close();
  }
}
