/**
 * The dev app with one generated 1,000-agreement system, for the browser benchmark, as a process
 * of its own so it can have a CPU of its own (bench/browser.bench.ts). Prints `{"url": …}` on one
 * line once it serves; stops on SIGTERM.
 */
import type { WikiPageInput } from '../dev/wikijs-schema';
import { startDevServer } from '../dev/server';

export const BENCH_SYSTEM = 'bench-1000';
export const BENCH_SYSTEM_PATH = 'bench/stelsel';

const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const STATUSES = ['concept', 'in-de-maak', 'vastgesteld', 'gevalideerd'];

/** A page of the generated system, with everything Wiki.js's pages.create needs. */
export type BenchPage = WikiPageInput & { locale: string; content: string; tags: string[] };

/** A system page and `agreements` agreements spread evenly over the 18 column cells. */
export function largeSystem(agreements: number): BenchPage[] {
  const system = `\`\`\`afsprakenstelsel\nkey: ${BENCH_SYSTEM}\ntitel: Stelsel met ${agreements} afspraken\n\`\`\``;
  return [
    { path: BENCH_SYSTEM_PATH, locale: 'nl', title: `Stelsel met ${agreements} afspraken`, content: `# Stelsel\n\n${system}\n`, tags: [`stelsel:${BENCH_SYSTEM}`] },
    ...Array.from({ length: agreements }, (_, i): BenchPage => ({
      path: `bench/afspraak-${i}`,
      locale: 'nl',
      title: `Afspraak ${i}`,
      content: `# Afspraak ${i}\n`,
      tags: [`stelsel:${BENCH_SYSTEM}`, `kolom:${COLUMNS[i % 6]}`, `laag:${LAYERS[i % 3]}`, `status:${STATUSES[i % 4]}`, `thema:thema-${i % 9}`],
    })),
  ];
}

if (require.main === module) {
  const agreements = Number(process.argv[2] ?? 1000);
  startDevServer(0, { extraPages: largeSystem(agreements) }).then(
    (dev) => {
      process.stdout.write(`${JSON.stringify({ url: dev.url })}\n`);
      process.once('SIGTERM', () => void dev.close().then(() => process.exit(0)));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
