/**
 * A matrix's first view. Its agreement lists show the first few agreements, so the first request
 * asks the server for just those (`agreements(first:)`); the whole matrix follows once the first
 * view has painted. On a 1,000-agreement system that is some 20 KB instead of 150 KB to send,
 * parse and freeze while the reader waits.
 */

/** How many agreements a list shows before its "show all" button. */
export const AGREEMENT_LIMIT = 5;

/**
 * `first` for a matrix view's first request, or undefined for everything: a one-chapter view
 * counts its distinct agreements from the lists themselves, so it asks for all of them at once.
 */
export function firstViewSize(chapter: string | null | undefined): number | undefined {
  return chapter ? undefined : AGREEMENT_LIMIT;
}
