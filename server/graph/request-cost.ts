/**
 * The cost bound of one request (README, "GraphQL"): a request may ask for at most
 * MAX_SYSTEM_WIDE_ANSWERS answers that each walk one or more whole systems, every alias counted.
 * Checked on the operation's text before any field is computed, so a request of 2,000 aliases is
 * refused at once instead of holding the server.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export const MAX_SYSTEM_WIDE_ANSWERS = 20;

/** The `agreements` fields that answer over whole systems (or all of them). */
const SYSTEM_WIDE_FIELDS: ReadonlySet<string> = new Set([
  'systems',
  'matrix',
  'compare',
  'validate',
  'overview',
  'search',
  'handover',
  'trace',
  'maintenance',
  'changes',
  'exportAgreements',
  'parties',
]);

/**
 * The fields of a selection set by response key (alias or name), fragments spread in, as graphql
 * executes them: a key asked twice is one answer, and each fragment is visited once per set.
 */
function fieldsOf(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, into = new Map<string, FieldNode[]>(), visited = new Set<string>()): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsOf(selection.selectionSet, fragments, into, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) fieldsOf(fragment.selectionSet, fragments, into, visited);
    }
  }
  return into;
}

/** Counts by operation: a pure function of the request's text, so a parsed document Apollo reuses may keep its count. */
const counted = new WeakMap<object, number>();

/** How many system-wide answers the operation asks for, over every `agreements` root field. */
export function systemWideAnswers(info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>): number {
  let count = counted.get(info.operation);
  if (count === undefined) counted.set(info.operation, (count = countSystemWideAnswers(info)));
  return count;
}

function countSystemWideAnswers(info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>): number {
  let count = 0;
  for (const [, roots] of fieldsOf(info.operation.selectionSet, info.fragments)) {
    if (roots[0].name.value !== 'agreements') continue;
    const merged: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: roots.flatMap((root) => root.selectionSet?.selections ?? []) };
    for (const [, fields] of fieldsOf(merged, info.fragments)) if (SYSTEM_WIDE_FIELDS.has(fields[0].name.value)) count++;
  }
  return count;
}
