/** Records why a suite was skipped, so the run ends with a list of reasons (see reporter.js). */
export function recordSkip(reason: string): void {
  const registry = globalThis as unknown as { __afsprakenwikiSkips?: string[] };
  registry.__afsprakenwikiSkips = registry.__afsprakenwikiSkips ?? [];
  if (!registry.__afsprakenwikiSkips.includes(reason)) registry.__afsprakenwikiSkips.push(reason);
}
