/**
 * GraphQL over a plain same-origin POST: Wiki.js's `jwt` cookie authenticates the reader, so
 * every answer is already filtered by the reader's page rules.
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
import { mark } from './marks';
import type { AgreementChanges, Comparison, Filter, Handover, Matrix, PageContext, PageLinks, PageWriteResult, PlacementEditor, SystemListItem, Trace } from './types';
import type {
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
 * Matrix answers by system, filter and first-view size (client/first-view.ts), for this page view: the entry starts the request at
 * `page-ready`, before the view's code is evaluated, and the matrix view and the framework sidebar
 * of one page then share it. A failed request is forgotten, so a retry asks again.
 */
const matrices = new Map<string, Promise<Matrix | null>>();

export function fetchMatrix(system: string, filter: Filter, first?: number): Promise<Matrix | null> {
  const variables: AfwMatrixQueryVariables = { system, filter: filterInput(filter), ...(first === undefined ? {} : { first }) };
  const key = JSON.stringify(variables);
  let answer = matrices.get(key);
  if (!answer) {
    answer = request<AfwMatrixQuery, AfwMatrixQueryVariables>(matrixQuery, variables).then((data) => {
      mark('matrix-answer');
      return deepFreeze(data.matrix);
    });
    answer.catch(() => matrices.delete(key));
    matrices.set(key, answer);
  }
  return answer;
}

/** Forgets the matrices of this page view (after an import wrote pages). */
export function forgetMatrices(): void {
  matrices.clear();
}

export async function fetchComparison(a: string, b: string, filter: Filter): Promise<Comparison | null> {
  return deepFreeze((await request<AfwCompareQuery, AfwCompareQueryVariables>(compareQuery, { a, b, filter: filterInput(filter) })).compare);
}

let systems: Promise<SystemListItem[]> | null = null;

/** The systems the reader may see (one request per page view, shared by the views). */
export function fetchSystems(): Promise<SystemListItem[]> {
  if (!systems) {
    systems = request<AfwSystemsQuery, AfwSystemsQueryVariables>(systemsQuery, {}).then((data) => deepFreeze(data.systems));
    systems.catch(() => (systems = null));
  }
  return systems;
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

/** After a write: this page view's cached answers are stale, so the next views ask again. */
export function forgetAnswers(): void {
  matrices.clear();
  systems = null;
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

let historyStart: Promise<string> | null = null;

/** When the history of the index begins (contract §9.1): the earliest date to ask about. */
export function fetchHistoryStart(): Promise<string> {
  if (!historyStart) {
    historyStart = request<AfwHistoryStartQuery, AfwHistoryStartQueryVariables>(historyStartQuery, {}).then((data) => data.history.startsAt);
    historyStart.catch(() => (historyStart = null));
  }
  return historyStart;
}

/** The system as it stood at `since` beside itself now, and the changes since (contract §9.2-9.3). */
export async function fetchEarlierState(system: string, since: string, filter: Filter): Promise<{ comparison: Comparison | null; changes: AgreementChanges | null }> {
  const data = await request<AfwEarlierStateQuery, AfwEarlierStateQueryVariables>(earlierStateQuery, { system, since, filter: filterInput(filter) });
  return deepFreeze({ comparison: data.compare, changes: data.changes });
}

export async function fetchChanges(system: string, since: string): Promise<AgreementChanges | null> {
  return deepFreeze((await request<AfwChangesQuery, AfwChangesQueryVariables>(changesQuery, { system, since })).changes);
}
