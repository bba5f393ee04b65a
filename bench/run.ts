/**
 * `npm run bench`: imports every bench/*.bench.ts module (each exports `name` and `run(report)`),
 * runs them in file order and prints one table of target / goal / measured / pass.
 * Exits 1 when a target is missed, so CI can run it as a check; a goal missed is only reported.
 */
import fs from 'fs';
import path from 'path';
import { renderTable } from '../server/cli/format';
import type { BenchModule, BenchResult } from './measure';

async function main(): Promise<number> {
  const only = process.argv[2];
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
    .sort();
  const rows: Array<{ module: string; result: BenchResult }> = [];
  for (const file of files) {
    const bench = (await import(path.join(__dirname, file))) as BenchModule;
    console.error(`… ${bench.name}`);
    await bench.run((result) => {
      rows.push({ module: bench.name, result });
      console.error(`  ${result.name}: ${format(result.median, result.unit)}`);
    });
  }
  const passes = (r: BenchResult) => r.target === undefined || r.median <= r.target;
  const body = rows.map(({ module, result: r }) => [
    module,
    r.name,
    r.target === undefined ? '' : `< ${format(r.target, r.unit)}`,
    r.goal === undefined ? '' : `< ${format(r.goal, r.unit)}`,
    format(r.median, r.unit),
    r.p95 === undefined ? '' : format(r.p95, r.unit),
    r.runs === undefined ? '' : String(r.runs),
    [r.target === undefined ? '' : passes(r) ? 'pass' : 'FAIL', r.goal === undefined ? '' : r.median <= r.goal ? 'goal met' : 'goal missed'].filter(Boolean).join(', '),
  ]);
  const header = ['Module', 'Benchmark', 'Target', 'Goal', 'Median', 'p95', 'Runs', 'Pass'];
  console.log(renderTable(body, { header: [header], align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'] }).join('\n'));
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  return rows.every(({ result }) => passes(result)) ? 0 : 1;
}

function format(value: number, unit: string): string {
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
