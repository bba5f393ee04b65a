/**
 * `agreements.matrix` as a user gets it: over HTTP from a real Wiki.js 2.5 (WIKIJS_DIR, skipped
 * without it) with 50,000 pages, the 1,000-agreement system of bench/browser-system.ts among 14
 * other systems and some 34,000 ordinary pages, written into Wiki.js's database behind its back
 * and indexed by `agreements.reindex`. The query is the client's full matrix request
 * (client/graph, every agreement of every cell) and its first view (`first: 5` a cell), asked
 * by the administrator (JWT) and by a guest under page rules (a path rule, and a tag rule that
 * hides `status:concept`). Its floor is Wiki.js's own round trip, `{ __typename }` with the same
 * authentication; the six requests alternate within each round, so load from elsewhere on the
 * machine falls on them alike. Informational, with the issue's goal for the full matrix (15 ms).
 * SQLite, and PostgreSQL when reachable (AFW_TEST_DATABASES limits the engines).
 *
 * `AFW_WIKIJS_CPU_PROF=<dir>` profiles Wiki.js's CPU into that folder (cpu-profile-preload.js) and
 * prints the rounds' window on the monotonic clock the profile's timestamps use.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import { AGREEMENT_LIMIT } from '../client/first-view';
import { generatePages } from '../dev/wikijs-schema';
import { createWikiDatabase, WikiHarness, type WikiDatabase } from '../test/support/wikijs-harness';
import { BENCH_SYSTEM, largeSystem } from './browser-system';
import { enginesToRun } from './engines';
import { timingOf, type Report, type Timing } from './measure';
import { writePagesBehindWikisBack, type RawPage } from './wikijs-pages';

export const name = 'real Wiki.js over HTTP';

const PAGES = 50_000;
const AGREEMENTS = 1000;
const OTHER_SYSTEMS = 14;
const WARMUP = 10;
const RUNS = Number(process.env.AFW_HTTP_RUNS) || 40;
/** Guests never see `status:concept` pages: a quarter of the system's agreements. */
const GUEST_AGREEMENTS = AGREEMENTS - AGREEMENTS / 4;

const FLOOR = '{ __typename }';
/** The goal for the whole matrix over HTTP. */
const GOAL_MS = 15;
/** What the client's first view asks of each cell before the whole matrix. */
const FIRST_VIEW = AGREEMENT_LIMIT;

/** The client's matrix request, with the fragments it spreads, as client/api.ts sends it. */
function clientMatrixQuery(): string {
  const graphDir = path.join(__dirname, '..', 'client', 'graph');
  // The bundle loads a .graphql file as its text (webpack asset/source); here too, for api.ts.
  const extensions = require.extensions as Record<string, (module: NodeModule, filename: string) => void>;
  extensions['.graphql'] = (module, filename) => {
    module.exports = readFileSync(filename, 'utf8');
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { withFragments } = require('../client/api') as { withFragments: (query: string) => string };
    return withFragments(readFileSync(path.join(graphDir, 'agreements-matrix-query.graphql'), 'utf8'));
  } finally {
    delete extensions['.graphql'];
  }
}

/** The wiki's pages besides the system: 14 other systems and ordinary pages, from the dev app's generator. */
function otherPages(count: number): RawPage[] {
  return generatePages(count, { systems: OTHER_SYSTEMS, prefix: 'wijk' }).map((page) => ({
    path: page.path,
    locale: page.locale ?? 'en',
    title: page.title,
    content: page.content ?? '',
    tags: page.tags ?? [],
  }));
}

interface Probe {
  label: string;
  body: string;
  token?: string;
  /** Checks an answer (after the clock stopped). */
  check(json: string): void;
  samples: number[];
}

async function post(wiki: WikiHarness, probe: Probe): Promise<number> {
  // As Chromium asks (client/api.ts posts with XHR): Wiki.js's compression answers with Brotli.
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip, deflate, br, zstd' };
  if (probe.token) headers.authorization = `Bearer ${probe.token}`;
  const start = performance.now();
  const response = await fetch(`${wiki.url}/graphql`, { method: 'POST', headers, body: probe.body });
  const text = await response.text();
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`${probe.label}: HTTP ${response.status} ${text.slice(0, 200)}`);
  // A renewed token would mean Wiki.js re-reads the user on every request, which a signed-in reader does not pay.
  if (response.headers.has('new-jwt')) throw new Error(`${probe.label}: Wiki.js renewed the token`);
  probe.check(text);
  return ms;
}

function matrixCheck(agreements: number): (json: string) => void {
  return (json) => {
    const body = JSON.parse(json) as { data?: { agreements: { matrix: { agreementCount: number } | null } }; errors?: unknown };
    const count = body.data?.agreements.matrix?.agreementCount;
    if (count !== agreements) throw new Error(`matrix: ${count} agreements instead of ${agreements} (${JSON.stringify(body.errors)})`);
  };
}

function floorCheck(json: string): void {
  if ((JSON.parse(json) as { data?: { __typename?: string } }).data?.__typename !== 'Query') throw new Error(`floor: ${json}`);
}

async function prepareWiki(database: WikiDatabase): Promise<WikiHarness> {
  const wiki = await WikiHarness.prepare(undefined, { database });
  const profileDir = process.env.AFW_WIKIJS_CPU_PROF;
  const options = process.env.NODE_OPTIONS;
  // Only the Wiki.js process is profiled: it takes this process's environment at `start`.
  if (profileDir) {
    process.env.NODE_OPTIONS = `${options ?? ''} --require ${path.join(__dirname, 'cpu-profile-preload.js')}`.trim();
    process.env.AFW_CPU_PROFILE_DIR = profileDir;
  }
  try {
    await wiki.start();
  } finally {
    if (options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = options;
    delete process.env.AFW_CPU_PROFILE_DIR;
  }
  await wiki.finalize();
  const [system, ...agreements] = largeSystem(AGREEMENTS);
  const systemPageId = await wiki.createPage(system);
  await writePagesBehindWikisBack(wiki, systemPageId, [...agreements, ...otherPages(PAGES - 1 - AGREEMENTS)]);
  // Guests read every page (a path rule) but no concept (a tag rule).
  const guestRoles = ['read:pages', 'read:assets', 'read:comments'];
  await wiki.setGuestAccess(guestRoles, [
    { id: 'all', deny: false, match: 'START', roles: guestRoles, path: '', locales: [] },
    { id: 'concept', deny: true, match: 'TAG', roles: ['read:pages'], path: 'status:concept', locales: [] },
  ]);
  const reindexed = await wiki.graphql<{ agreements: { reindex: { succeeded: boolean; pages: number; message: string | null } } }>(
    'mutation { agreements { reindex { succeeded pages message } } }',
  );
  if (!reindexed.data?.agreements.reindex.succeeded || reindexed.data.agreements.reindex.pages !== PAGES) {
    throw new Error(`reindex: ${JSON.stringify(reindexed.errors ?? reindexed.data)}`);
  }
  return wiki;
}

type Who = 'admin' | 'guest';
type Asked = 'matrix' | 'first view' | 'floor';

async function benchEngine(label: string, database: WikiDatabase, report: Report): Promise<void> {
  const wiki = await prepareWiki(database);
  try {
    const token = await wiki.login();
    const query = clientMatrixQuery();
    const bodies: Record<Asked, string> = {
      matrix: JSON.stringify({ query, variables: { system: BENCH_SYSTEM, filter: {} } }),
      'first view': JSON.stringify({ query, variables: { system: BENCH_SYSTEM, filter: {}, first: FIRST_VIEW } }),
      floor: JSON.stringify({ query: FLOOR, variables: {} }),
    };
    const probes: Array<Probe & { who: Who; asked: Asked }> = [];
    for (const who of ['admin', 'guest'] as Who[]) {
      for (const asked of ['matrix', 'first view', 'floor'] as Asked[]) {
        const check = asked === 'floor' ? floorCheck : matrixCheck(who === 'admin' ? AGREEMENTS : GUEST_AGREEMENTS);
        probes.push({ who, asked, label: `${asked}, ${who}`, body: bodies[asked], token: who === 'admin' ? token : undefined, check, samples: [] });
      }
    }
    for (let round = 0; round < WARMUP; round++) for (const probe of probes) await post(wiki, probe);
    const window = process.hrtime.bigint();
    for (let round = 0; round < RUNS; round++) {
      // Each round starts with another probe, so none always follows the same one.
      for (let i = 0; i < probes.length; i++) {
        const probe = probes[(round + i) % probes.length];
        probe.samples.push(await post(wiki, probe));
      }
    }
    if (process.env.AFW_WIKIJS_CPU_PROF) console.error(`  ${label} profile window (µs, monotonic): ${window / 1000n}-${process.hrtime.bigint() / 1000n}`);
    for (const who of ['admin', 'guest'] as Who[]) {
      const timed = (asked: Asked) => timingOf((probes.find((p) => p.who === who && p.asked === asked) as Probe).samples);
      const floor = timed('floor');
      const times = (t: Timing) => `${(t.median / floor.median).toFixed(1)}× the floor`;
      const matrix = timed('matrix');
      report({ name: `${label}, ${who}: agreements.matrix, ${AGREEMENTS.toLocaleString('en')} agreements of ${PAGES.toLocaleString('en')} pages (${times(matrix)})`, unit: 'ms', ...matrix, goal: GOAL_MS });
      const first = timed('first view');
      report({ name: `${label}, ${who}:   the same, first view (first: ${FIRST_VIEW}) (${times(first)})`, unit: 'ms', ...first });
      report({ name: `${label}, ${who}:   floor: { __typename }, same rounds`, unit: 'ms', ...floor });
    }
  } finally {
    await wiki.dispose();
  }
}

export async function run(report: Report): Promise<void> {
  const unavailable = WikiHarness.unavailable();
  if (unavailable) {
    console.error(`  (skipped: ${unavailable})`);
    return;
  }
  for (const engine of enginesToRun()) {
    if (engine === 'sqlite') {
      await benchEngine('SQLite', { type: 'sqlite' }, report);
      continue;
    }
    const created = await createWikiDatabase(engine).catch((error: Error) => error);
    if (created instanceof Error) {
      console.error(`  skipped: ${created.message}`);
      continue;
    }
    try {
      await benchEngine('PostgreSQL', created.database, report);
    } finally {
      await created.close();
    }
  }
}
