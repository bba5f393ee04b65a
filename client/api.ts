/**
 * Every request of the client: GraphQL over a plain same-origin POST. Wiki.js's `jwt` cookie
 * authenticates the reader, so every answer is already filtered by the reader's page rules.
 */
import fragmentsSource from './graph/agreements-fragments.graphql';
import matrixQuery from './graph/agreements-matrix-query.graphql';
import compareQuery from './graph/agreements-compare-query.graphql';
import systemsQuery from './graph/agreements-systems-query.graphql';
import systemQuery from './graph/agreements-system-query.graphql';
import pageContextQuery from './graph/agreements-page-context-query.graphql';
import handoverQuery from './graph/agreements-handover-query.graphql';
import traceQuery from './graph/agreements-trace-query.graphql';
import pageLinksQuery from './graph/agreements-page-links-query.graphql';
import createMutation from './graph/agreements-create-mutation.graphql';
import createSystemMutation from './graph/agreements-create-system-mutation.graphql';
import placementQuery from './graph/agreements-placement-query.graphql';
import updatePlacementMutation from './graph/agreements-update-placement-mutation.graphql';
import earlierStateQuery from './graph/agreements-history-query.graphql';
import changesQuery from './graph/agreements-changes-query.graphql';
import historyStartQuery from './graph/agreements-history-start-query.graphql';
import overviewQuery from './graph/agreements-overview-query.graphql';
import searchQuery from './graph/agreements-search-query.graphql';
import frameworksQuery from './graph/agreements-frameworks-query.graphql';
import partiesQuery from './graph/agreements-parties-query.graphql';
import maintenanceQuery from './graph/agreements-maintenance-query.graphql';
import canWriteQuery from './graph/agreements-can-write-query.graphql';
import importMutation from './graph/agreements-import-mutation.graphql';
import importStatusQuery from './graph/agreements-import-status-query.graphql';
import importAllowedQuery from './graph/agreements-import-allowed-query.graphql';
import exportQuery from './graph/agreements-export-query.graphql';
import { mark } from './marks';
import { SEARCH_FIELDS } from './types';
import type {
  AgreementChanges,
  Comparison,
  Filter,
  FrameworkDetail,
  Handover,
  ImportResult,
  Lang,
  Maintenance,
  Matrix,
  Overview,
  PageContext,
  PageLinks,
  PageWriteResult,
  Parties,
  PlacementEditor,
  SearchAnswer,
  SearchField,
  SearchSelection,
  SystemListItem,
  Trace,
} from './types';
import type {
  AfwCanWriteQuery,
  AfwCanWriteQueryVariables,
  AfwExportAgreementsQuery,
  AfwExportAgreementsQueryVariables,
  AfwFrameworksQuery,
  AfwFrameworksQueryVariables,
  AfwImportAgreementsMutation,
  AfwImportAgreementsMutationVariables,
  AfwImportAllowedQuery,
  AfwImportAllowedQueryVariables,
  AfwImportStatusQuery,
  AfwImportStatusQueryVariables,
  AfwMaintenanceQuery,
  AfwMaintenanceQueryVariables,
  AfwOverviewQuery,
  AfwOverviewQueryVariables,
  AfwPartiesQuery,
  AfwPartiesQueryVariables,
  AfwSearchQuery,
  AfwSearchQueryVariables,
  AgreementSearchFilter,
  AfwChangesQuery,
  AfwChangesQueryVariables,
  AfwCompareQuery,
  AfwCompareQueryVariables,
  AfwCreateAgreementMutation,
  AfwCreateAgreementMutationVariables,
  AfwCreateAgreementSystemMutation,
  AfwCreateAgreementSystemMutationVariables,
  AfwEarlierStateQuery,
  AfwEarlierStateQueryVariables,
  AfwHandoverQuery,
  AfwHistoryStartQuery,
  AfwHistoryStartQueryVariables,
  AfwHandoverQueryVariables,
  AfwMatrixQuery,
  AfwMatrixQueryVariables,
  AfwPageContextQuery,
  AfwPageContextQueryVariables,
  AfwPageLinksQuery,
  AfwPageLinksQueryVariables,
  AfwPlacementQuery,
  AfwPlacementQueryVariables,
  AfwSystemQuery,
  AfwSystemQueryVariables,
  AfwSystemsQuery,
  AfwSystemsQueryVariables,
  AfwTraceQuery,
  AfwTraceQueryVariables,
  AfwUpdatePlacementMutation,
  AfwUpdatePlacementMutationVariables,
  AgreementFilter,
  AgreementPlacementInput,
  NewAgreementInput,
  NewAgreementSystemInput,
} from './generated/graphql';

const FRAGMENTS = new Map(
  fragmentsSource
    .split(/\n(?=fragment )/)
    .map((text): [string, string] => [/^fragment (\w+)/.exec(text.trim())?.[1] ?? '', text.trim()]),
);

/** The query with exactly the fragments it spreads (GraphQL rejects unused fragments). */
export function withFragments(query: string): string {
  const used = new Set<string>();
  let text = query;
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, fragment] of FRAGMENTS) {
      if (!used.has(name) && new RegExp(`\\.\\.\\.${name}\\b`).test(text)) {
        used.add(name);
        text += `\n${fragment}`;
        grew = true;
      }
    }
  }
  return text;
}

export class GraphQLRequestError extends Error {}

/**
 * POSTs a query. XMLHttpRequest rather than fetch: Chromium hands an XHR's string body to the
 * network at once, while a fetch body is read in later tasks, which the app module's evaluation
 * right after the matrix request would hold up.
 */
function post(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new GraphQLRequestError('network error'));
    xhr.send(body);
  });
}

/**
 * Runs one operation of client/graph. `Operation` and `Variables` are its types generated from
 * the SDL (client/generated/graphql.ts), e.g. `request<AfwMatrixQuery, AfwMatrixQueryVariables>`;
 * the answer is what it asks `agreements` for.
 */
export async function request<Operation extends { agreements: unknown }, Variables>(query: string, variables: Variables): Promise<NonNullable<Operation['agreements']>> {
  const response = await post(JSON.stringify({ query: withFragments(query), variables }));
  if (response.status < 200 || response.status >= 300) throw new GraphQLRequestError(`HTTP ${response.status}`);
  let body: { data?: Partial<Operation>; errors?: Array<{ message: string }> };
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new GraphQLRequestError('invalid JSON');
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors.map((e) => e.message).join('; '));
  const answer = body.data?.agreements;
  if (!answer) throw new GraphQLRequestError('no data');
  return answer;
}

/**
 * Freezes an answer all the way down before it reaches a component: Vue 2 then neither walks nor
 * wraps it in getters (a 1,000-agreement matrix is some 9,000 objects), and nothing mutates it.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** The GraphQL filter: empty lists mean "no filter" and are left out. */
export function filterInput(filter: Filter): AgreementFilter {
  const input: AgreementFilter = {};
  if (filter.includeRetired) input.includeRetired = true;
  if (filter.themes.length) input.themes = filter.themes;
  if (filter.statuses.length) input.statuses = filter.statuses;
  if (filter.parties.length) input.parties = filter.parties;
  return input;
}

/**
 * Answers kept for this page view by key. A failed request is forgotten, so a retry asks again;
 * a write forgets them all (`forgetAnswers`).
 */
const answers = new Map<string, Promise<unknown>>();

/** The answer under `key`, asked for once per page view (and again after a failure or a write). */
function cached<T>(key: string, ask: () => Promise<T>): Promise<T> {
  let answer = answers.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = ask();
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answer;
}

/**
 * Matrix answers by system, filter and first-view size (client/first-view.ts), for this page view: the entry starts the request at
 * `page-ready`, before the view's code is evaluated, and the matrix view and the framework sidebar
 * of one page then share it.
 */
export function fetchMatrix(system: string, filter: Filter, first?: number): Promise<Matrix | null> {
  const variables: AfwMatrixQueryVariables = { system, filter: filterInput(filter), ...(first === undefined ? {} : { first }) };
  return cached(`matrix ${JSON.stringify(variables)}`, () =>
    request<AfwMatrixQuery, AfwMatrixQueryVariables>(matrixQuery, variables).then((data) => {
      mark('matrix-answer');
      return deepFreeze(data.matrix);
    }),
  );
}

/** After a write: this page view's cached answers are stale, so the next views ask again. */
export function forgetAnswers(): void {
  answers.clear();
}

export async function fetchComparison(a: string, b: string, filter: Filter): Promise<Comparison | null> {
  return deepFreeze((await request<AfwCompareQuery, AfwCompareQueryVariables>(compareQuery, { a, b, filter: filterInput(filter) })).compare);
}

/** The systems the reader may see (one request per page view, shared by the views). */
export function fetchSystems(): Promise<SystemListItem[]> {
  return cached('systems', () => request<AfwSystemsQuery, AfwSystemsQueryVariables>(systemsQuery, {}).then((data) => deepFreeze(data.systems)));
}

/** A system's default comparison partner (`vergelijk-met`), when it names one. */
export async function fetchCompareWith(key: string): Promise<string | null> {
  return (await request<AfwSystemQuery, AfwSystemQueryVariables>(systemQuery, { key })).system?.compareWith ?? null;
}

export async function fetchPageContext(path: string, locale: string): Promise<PageContext> {
  return (await request<AfwPageContextQuery, AfwPageContextQueryVariables>(pageContextQuery, { path, locale })).pageContext;
}

export async function fetchHandover(reference: string, receiver: string, filter: Filter): Promise<Handover | null> {
  return deepFreeze((await request<AfwHandoverQuery, AfwHandoverQueryVariables>(handoverQuery, { reference, receiver, filter: filterInput(filter) })).handover);
}

export async function fetchTrace(system: string): Promise<Trace | null> {
  return deepFreeze((await request<AfwTraceQuery, AfwTraceQueryVariables>(traceQuery, { system })).trace);
}

export async function fetchPageLinks(path: string, locale: string): Promise<PageLinks> {
  return deepFreeze((await request<AfwPageLinksQuery, AfwPageLinksQueryVariables>(pageLinksQuery, { path, locale })).pageLinks);
}

export async function createAgreement(input: NewAgreementInput): Promise<PageWriteResult> {
  return (await request<AfwCreateAgreementMutation, AfwCreateAgreementMutationVariables>(createMutation, { input })).createAgreement;
}

export async function createAgreementSystem(input: NewAgreementSystemInput): Promise<PageWriteResult> {
  return (await request<AfwCreateAgreementSystemMutation, AfwCreateAgreementSystemMutationVariables>(createSystemMutation, { input })).createAgreementSystem;
}

/** The placement panel's data; null unless the reader may change this agreement page. */
export async function fetchPlacement(path: string, locale: string): Promise<PlacementEditor | null> {
  return (await request<AfwPlacementQuery, AfwPlacementQueryVariables>(placementQuery, { path, locale })).placement;
}

export async function updatePlacement(pageId: number, placement: AgreementPlacementInput): Promise<PageWriteResult> {
  return (await request<AfwUpdatePlacementMutation, AfwUpdatePlacementMutationVariables>(updatePlacementMutation, { pageId, placement })).updatePlacement;
}

/** When the history of the index begins (contract §9.1): the earliest date to ask about (one request per page view). */
export function fetchHistoryStart(): Promise<string> {
  return cached('historyStart', () => request<AfwHistoryStartQuery, AfwHistoryStartQueryVariables>(historyStartQuery, {}).then((data) => data.history.startsAt));
}

/** The system as it stood at `since` beside itself now, and the changes since (contract §9.2-9.3). */
export async function fetchEarlierState(system: string, since: string, filter: Filter): Promise<{ comparison: Comparison | null; changes: AgreementChanges | null }> {
  const data = await request<AfwEarlierStateQuery, AfwEarlierStateQueryVariables>(earlierStateQuery, { system, since, filter: filterInput(filter) });
  return deepFreeze({ comparison: data.compare, changes: data.changes });
}

export async function fetchChanges(system: string, since: string): Promise<AgreementChanges | null> {
  return deepFreeze((await request<AfwChangesQuery, AfwChangesQueryVariables>(changesQuery, { system, since })).changes);
}

/** Rows of the overview asked for at a time (contract §12): a heat map of a few hundred rows at most. */
export const OVERVIEW_PAGE_SIZE = 200;

/** One page of the overview (contract §8.1): `first` rows after the cursor `after`, of one region or of all. */
export async function fetchOverview(framework: string | null, filter: Filter, page: { after: string | null; region: string | null; first?: number }): Promise<Overview> {
  const variables = { framework, filter: filterInput(filter), first: page.first ?? OVERVIEW_PAGE_SIZE, after: page.after, region: page.region };
  return deepFreeze((await request<AfwOverviewQuery, AfwOverviewQueryVariables>(overviewQuery, variables)).overview);
}

/** Every framework, for the labels of the search's keys. */
export async function fetchFrameworks(): Promise<FrameworkDetail[]> {
  return deepFreeze((await request<AfwFrameworksQuery, AfwFrameworksQueryVariables>(frameworksQuery, {})).frameworks);
}

/** The GraphQL filter field of each facet field. */
const FILTER_FIELD: Record<SearchField, Exclude<keyof AgreementSearchFilter, 'includeRetired'>> = {
  system: 'systems',
  chapter: 'chapters',
  column: 'columns',
  layer: 'layers',
  theme: 'themes',
  status: 'statuses',
  party: 'parties',
};

/** The search across systems (contract §8.2). */
export async function fetchSearch(text: string, selection: SearchSelection, after: string | null, first = 20): Promise<SearchAnswer> {
  const filter: AgreementSearchFilter = {};
  for (const field of SEARCH_FIELDS) if (selection[field].length) filter[FILTER_FIELD[field]] = selection[field];
  const variables = { text: text.trim() || null, filter, first, after };
  return deepFreeze((await request<AfwSearchQuery, AfwSearchQueryVariables>(searchQuery, variables)).search);
}

/** One system's parties (`system`), or those of every system of the framework (contract §11); null when the reader sees no page of the system. */
export async function fetchParties(system: string | null, framework: string | null, filter: Filter): Promise<Parties | null> {
  const variables = { system, framework, filter: filterInput(filter) };
  return deepFreeze((await request<AfwPartiesQuery, AfwPartiesQueryVariables>(partiesQuery, variables)).parties);
}

/** The upkeep (contract §10) of one system, or of every system the reader sees (`null`). */
export async function fetchMaintenance(system: string | null): Promise<Maintenance> {
  return deepFreeze((await request<AfwMaintenanceQuery, AfwMaintenanceQueryVariables>(maintenanceQuery, { system })).maintenance);
}

/** Whether the reader may edit the system's page: only writers get the upkeep tab. */
export async function fetchCanWrite(key: string): Promise<boolean> {
  return (await request<AfwCanWriteQuery, AfwCanWriteQueryVariables>(canWriteQuery, { key })).system?.canWrite === true;
}

/** The CSV import of contract §7.3: a dry run, or the import as a job on the server. */
export async function importAgreements(variables: { csv: string; system: string; update: boolean; dryRun: boolean; lang: Lang }): Promise<ImportResult> {
  return (await request<AfwImportAgreementsMutation, AfwImportAgreementsMutationVariables>(importMutation, variables)).importAgreements;
}

export async function importStatus(job: string): Promise<ImportResult | null> {
  return (await request<AfwImportStatusQuery, AfwImportStatusQueryVariables>(importStatusQuery, { job })).importStatus;
}

/** Whether the reader may import into this system (the server decides; guests never may). */
export async function fetchImportAllowed(system: string): Promise<boolean> {
  return (await request<AfwImportAllowedQuery, AfwImportAllowedQueryVariables>(importAllowedQuery, { system })).importAllowed;
}

/** The CSV for import, and how many values it leaves out because they are validation issues. */
export async function exportAgreements(system: string): Promise<{ csv: string; omitted: number }> {
  const answer = await request<AfwExportAgreementsQuery, AfwExportAgreementsQueryVariables>(exportQuery, { system });
  return { csv: answer.exportAgreements, omitted: answer.exportAgreementsOmitted };
}
