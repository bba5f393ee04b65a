/** What a benchmark reports, and the timing helper every bench module shares. */
import { performance } from 'perf_hooks';

export interface BenchResult {
  /** What was measured, e.g. `matrix, 1 system of 1,000 pages`. */
  name: string;
  unit: 'ms' | 'MB';
  /** Median over the runs (or the single value, for memory). */
  median: number;
  p95?: number;
  runs?: number;
  /** Upper bound for `median`, in `unit`; no target means informational. */
  target?: number;
  /** What an issue hopes for beyond the target, in `unit`: reported, met or not, never a failure. */
  goal?: number;
}

export type Report = (result: BenchResult) => void;

/** A bench module: `bench/<area>.bench.ts` exporting `name` and `run`. */
export interface BenchModule {
  name: string;
  run: (report: Report) => Promise<void> | void;
}

export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

/** Runs `fn` `warmup` times unmeasured (JIT, caches), then `runs` times; median and p95 in ms. */
export function time(fn: () => unknown, runs: number, warmup = Math.max(1, Math.floor(runs / 5))): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return timingOf(samples);
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}

/** `time` for async work: `warmup` unmeasured runs, then `runs` measured one after another. */
export async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return timingOf(samples);
}

/**
 * Two async workloads timed in turns (a b, b a, a b …), for a ratio of one to its baseline: a
 * busy spell of the machine then weighs on both alike, not on whichever ran in it.
 */
export async function timeAsyncPair(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number, warmup = 5): Promise<[Timing, Timing]> {
  const samples: [number[], number[]] = [[], []];
  const once = async (fn: () => Promise<unknown>, into?: number[]) => {
    const start = performance.now();
    await fn();
    into?.push(performance.now() - start);
  };
  for (let i = 0; i < warmup + runs; i++) {
    const [first, second] = i % 2 === 0 ? [0, 1] : [1, 0];
    const fns = [a, b];
    await once(fns[first], i < warmup ? undefined : samples[first]);
    await once(fns[second], i < warmup ? undefined : samples[second]);
  }
  return [timingOf(samples[0]), timingOf(samples[1])];
}

/** Median and p95 of samples in ms, taken anywhere (e.g. requests that alternate with others). */
export function timingOf(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}
