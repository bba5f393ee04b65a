/**
 * Parties and contacts (contract §11), resolver time over GraphQL, as an administrator and as a
 * reader under page rules (every page checked):
 * - `parties` across the 200 systems of a 50,000-page wiki (target 50 ms; goal 25 ms), beside
 *   the other read of every system the reader sees, `overview`, in the same rounds;
 * - `parties` of one system of 1,000 agreements (target 20 ms), beside its `matrix`.
 * The wiki (systems declaring their parties; agreements with one to three parties, a third with an
 * owner, some with contacts written in other case and spacing; the rest pages outside any system)
 * is written straight into the index: indexing through Wiki.js's tables is the index benchmark's
 * subject. SQLite always; PostgreSQL when reachable.
 */
import { extractPageFacts, type SourcePage } from '../server/domain';
import { INDEX_VERSION, META_INDEX_VERSION } from '../server/indexer/indexer';
import { KnexAgreementStore } from '../server/store/knex-store';
import { devChain, devSchema } from '../dev/chain';
import { PageRulesPolicy, loadGroups, loadUser } from '../dev/page-rules';
import type { HostUser } from '../server/host/types';
import { parseStorageFiles } from '../server/cli/read-folder';
import { ADMIN_USER_ID, createWikiSchema } from '../dev/wikijs-schema';
import type { TestDatabase } from '../test/support/databases';
import { onEachEngine } from './engines';
import { answer, ruledReader } from './readers';
import { generateSystem, prng } from './generate';
import { timeAsyncPair, type Report } from './measure';

export const name = 'parties';

const PAGES = 50_000;
const SYSTEMS = 200;
/** System 1 has 1,000 agreements; the others 75 each, as the overview benchmark's wiki has about (30 % of 50,000 over 200). */
const LARGE_SYSTEM = 'stelsel-001';
const RUNS = 20;

const PARTY_FIELDS = 'cells { chapter column layer } parties { key name declared systems count cells { count systems } contacts { name agreements { pageId path title status } } }';
const PARTIES_ALL = `{ agreements { parties { ${PARTY_FIELDS} } } }`;
const PARTIES_ONE = `{ agreements { parties(system: "${LARGE_SYSTEM}") { ${PARTY_FIELDS} } } }`;
const OVERVIEW = '{ agreements { overview { cells { chapter column layer } totals { present inProgress empty } systems { coverage present system { key title pagePath } cells { state count } } } } }';
const MATRIX = `{ agreements { matrix(system: "${LARGE_SYSTEM}") { cells { chapter column layer state count agreements { pageId title status theme } } unplaced { pageId } } } }`;

export async function run(report: Report): Promise<void> {
  await onEachEngine((db) => benchEngine(db, report));
}

/** The wiki's pages: the systems' files in Wiki.js's storage format, then pages outside any system. */
function wikiPages(): SourcePage[] {
  const files = Array.from({ length: SYSTEMS }, (_, i) => generateSystem(i + 1, { systems: SYSTEMS, pagesPerSystem: i === 0 ? 1_001 : 76 })).flat();
  const random = prng(7);
  const people = ['POH GGZ {n}', 'poh ggz  {n}', 'Wijkteam Noord {n}', 'wijkteam noord {n}', 'Coördinator {n}', 'Coordinator {n}'];
  const pages = parseStorageFiles(files, 'nl').pages.map((page) => {
    // A contact on a third of the agreements without a block (not the system pages), written in several ways as people do.
    if (random() >= 0.3 || page.content.includes('```afspra')) return page;
    const contact = people[Math.floor(random() * people.length)].replace('{n}', String(1 + Math.floor(random() * 40)));
    return { ...page, content: `${page.content}\n\`\`\`afspraak\ncontact: "${contact}"\n\`\`\`\n` };
  });
  for (let id = pages.length + 1; pages.length < PAGES; id++) {
    pages.push({ id, path: `wiki/${id % 97}/pagina-${id}`, locale: 'nl', title: `Pagina ${id}`, tags: [`onderwerp-${id % 50}`, 'wijk'], content: `# Pagina ${id}\n\nTekst.`, isPublished: true });
  }
  return pages;
}

async function benchEngine(db: TestDatabase, report: Report): Promise<void> {
  const { knex } = db;
  await createWikiSchema(knex);
  const store = await KnexAgreementStore.create(knex);
  const pages = wikiPages();
  for (let start = 0; start < pages.length; start += 2_000) {
    await store.upsertPages(pages.slice(start, start + 2_000).map((page) => ({ facts: extractPageFacts(page), fingerprint: 'bench' })));
  }
  await store.setMeta(META_INDEX_VERSION, String(INDEX_VERSION));
  const reader = await ruledReader(knex, 'stelsel-002/');
  const admin = (await loadUser(knex, ADMIN_USER_ID)) as HostUser;
  const policy = new PageRulesPolicy(await loadGroups(knex));
  const chain = await devChain(knex, policy, { migrate: false });
  const service = chain.reading.learning;
  const schema = devSchema<{ user: HostUser }>(chain, (u) => policy.permissionsOf(u));

  type Answer = { parties: { parties: Array<{ key: string; count: number; contacts: unknown[] }> } };
  const across = await answer<Answer>(schema, PARTIES_ALL, reader);
  const one = await answer<Answer>(schema, PARTIES_ONE, reader);
  const largest = Math.max(...one.parties.parties.map((p) => p.count));
  if (across.parties.parties.length < 5 || largest < 200) throw new Error(`unexpected wiki: ${across.parties.parties.length} parties, largest ${largest}`);
  const contacts = across.parties.parties.reduce((n, p) => n + p.contacts.length, 0);
  const scale = `${SYSTEMS} systems, ${PAGES.toLocaleString('en')} pages (${across.parties.parties.length} parties, ${contacts} contacts)`;

  for (const [who, user] of [['administrator', admin], ['reader under page rules', reader]] as const) {
    const [parties, overview] = await timeAsyncPair(() => answer(schema, PARTIES_ALL, user), () => answer(schema, OVERVIEW, user), RUNS);
    report({ name: `${db.label}: parties across ${scale}, ${who}`, unit: 'ms', ...parties, target: 50, goal: 25 });
    report({ name: `${db.label}: baseline overview of the same systems, ${who}`, unit: 'ms', ...overview });
  }
  // The rest of the time above is GraphQL's execution of the answer: every contact with its agreements.
  const [alone, overviewAlone] = await timeAsyncPair(() => service.parties(reader, {}), () => service.overview(reader), RUNS);
  report({ name: `${db.label}: of which the service's answer (index, access, parties), reader under page rules`, unit: 'ms', ...alone });
  report({ name: `${db.label}: beside the overview's service answer, reader under page rules`, unit: 'ms', ...overviewAlone });
  for (const [who, user] of [['administrator', admin], ['reader under page rules', reader]] as const) {
    const [parties, matrix] = await timeAsyncPair(() => answer(schema, PARTIES_ONE, user), () => answer(schema, MATRIX, user), RUNS);
    report({ name: `${db.label}: parties of one system of 1,000 agreements, ${who}`, unit: 'ms', ...parties, target: 20 });
    report({ name: `${db.label}: baseline matrix of that system, ${who}`, unit: 'ms', ...matrix });
  }
}
