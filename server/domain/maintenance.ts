/**
 * Upkeep of agreement systems (contract §10): what an editorial board has to look after. Reviews
 * overdue or due soon, agreements without an owner, drafts left lying, unplaced agreements and
 * the number of errors, over the non-retired agreements one reader sees, of one system or all.
 */
import type { AgreementRef, Issue, PageFacts } from './types';
import type { Catalog } from './catalog';
import { compareRefs, isoDate, matrixFor } from './matrix';
import { validateAll, validateSystem } from './validate';
import { compareText, normaliseValue } from './normalize';

export const DEFAULT_DUE_WITHIN_DAYS = 60;
export const DEFAULT_STALE_AFTER_DAYS = 180;

export interface MaintenanceOptions {
  /** One system's key; all systems of the catalog when absent. */
  system?: string;
  /** `dueSoon` runs from today to today + this many days (default 60). */
  dueWithinDays?: number;
  /** Drafts not updated for more than this many days are stale (default 180; 0: every draft). */
  staleAfterDays?: number;
  /** Reference date, YYYY-MM-DD (UTC). */
  today: string;
}

export interface MaintenanceItem {
  agreement: AgreementRef;
  /** The systems in scope of which the page is a non-retired agreement, by key. */
  systems: string[];
  owner?: string;
  reviewBy?: string;
  /** The page's last update as the index has it; empty when unknown. */
  updatedAt: string;
}

export interface Maintenance {
  overdue: MaintenanceItem[];
  dueSoon: MaintenanceItem[];
  withoutOwner: MaintenanceItem[];
  stale: MaintenanceItem[];
  unplaced: MaintenanceItem[];
  /** Validation issues of severity `error` in scope (as `validate` gives them). */
  errors: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `date` (YYYY-MM-DD) moved by `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC calendar date of an ISO date or date-time, or undefined when it is none. */
function utcDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

function isDraft(ref: AgreementRef): boolean {
  return ref.status === 'concept' || ref.status === 'in-de-maak';
}

/**
 * A draft is stale when its last update lies more than `staleAfterDays` days before today; with 0,
 * every draft is. An unknown update time counts as stale: nobody can tell it is being worked on.
 */
function isStale(updatedAt: string | undefined, today: string, staleAfterDays: number): boolean {
  if (staleAfterDays === 0) return true;
  const updated = utcDate(updatedAt);
  return updated === undefined || updated < addDays(today, -staleAfterDays);
}

export function buildMaintenance(catalog: Catalog, pages: readonly PageFacts[], options: MaintenanceOptions): Maintenance {
  const { today } = options;
  const dueWithinDays = options.dueWithinDays ?? DEFAULT_DUE_WITHIN_DAYS;
  const staleAfterDays = options.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const system = options.system === undefined ? undefined : normaliseValue(options.system);
  const keys = system === undefined ? [...catalog.systems.keys()].sort(compareText) : catalog.systems.has(system) ? [system] : [];

  // Every non-retired agreement once, with the systems it is in and whether one of them leaves it
  // unplaced; its ref (theme order) from the first system by key. The matrix decides all of that.
  const found = new Map<number, { item: MaintenanceItem; unplaced: boolean }>();
  const facts = new Map<number, PageFacts>();
  for (const key of keys) {
    const matrix = matrixFor(catalog, key, undefined, today);
    if (!matrix) continue;
    for (const page of catalog.systems.get(key)?.agreements ?? []) facts.set(page.pageId, page);
    const unplaced = new Set(matrix.unplaced.map((r) => r.pageId));
    for (const ref of [...matrix.cells.flatMap((c) => c.agreements), ...matrix.unplaced]) {
      let entry = found.get(ref.pageId);
      if (!entry) {
        const page = facts.get(ref.pageId);
        entry = { item: { agreement: ref, systems: [], owner: ref.owner, reviewBy: ref.reviewBy, updatedAt: page?.updatedAt ?? '' }, unplaced: false };
        found.set(ref.pageId, entry);
      }
      if (!entry.item.systems.includes(key)) entry.item.systems.push(key);
      if (unplaced.has(ref.pageId)) entry.unplaced = true;
    }
  }

  const dueUntil = addDays(today, dueWithinDays);
  const result: Maintenance = { overdue: [], dueSoon: [], withoutOwner: [], stale: [], unplaced: [], errors: 0 };
  for (const { item, unplaced } of found.values()) {
    const review = isoDate(item.reviewBy);
    if (item.agreement.overdue) result.overdue.push(item);
    else if (review !== undefined && review >= today && review <= dueUntil) result.dueSoon.push(item);
    if (!item.owner || item.owner.trim() === '') result.withoutOwner.push(item);
    if (isDraft(item.agreement) && isStale(facts.get(item.agreement.pageId)?.updatedAt, today, staleAfterDays)) result.stale.push(item);
    if (unplaced) result.unplaced.push(item);
  }
  const byReview = (a: MaintenanceItem, b: MaintenanceItem) => compareText(isoDate(a.reviewBy) ?? '', isoDate(b.reviewBy) ?? '') || byTitle(a, b);
  result.overdue.sort(byReview);
  result.dueSoon.sort(byReview);
  result.withoutOwner.sort(byTitle);
  result.stale.sort(byTitle);
  result.unplaced.sort(byTitle);

  const issues: Issue[] = system === undefined ? validateAll(catalog, pages) : keys.length ? validateSystem(catalog, system, pages) : [];
  result.errors = issues.filter((i) => i.severity === 'error').length;
  return result;
}

function byTitle(a: MaintenanceItem, b: MaintenanceItem): number {
  return compareRefs(a.agreement, b.agreement);
}
