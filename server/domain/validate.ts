/** Validation of a system: every issue a reader can act on, page by page, in a stable order. */
import type { Issue, PageFacts } from './types';
import { placeAgreement, type Catalog } from './catalog';
import { normaliseValue } from './normalize';

/** Issues of one system: catalog-level ones about it, its system page's and every agreement's. */
export function validateSystem(catalog: Catalog, key: string, pages: readonly PageFacts[] = []): Issue[] {
  const system = normaliseValue(key);
  const entry = catalog.systems.get(system);
  if (!entry) return [];
  const issues: Issue[] = catalog.issues.filter((i) => i.system === system);
  const systemPage = pages.find((p) => p.pageId === entry.info.pageId);
  if (systemPage) issues.push(...systemPage.issues);
  for (const page of entry.agreements) {
    issues.push(...page.issues, ...placeAgreement(page, system, entry.framework, entry.declaration).issues);
  }
  return sortIssues(dedupe(issues));
}

/** Issues of every page and system the reader sees. */
export function validateAll(catalog: Catalog, pages: readonly PageFacts[]): Issue[] {
  const issues: Issue[] = [...catalog.issues];
  for (const page of pages) issues.push(...page.issues);
  for (const [key, entry] of catalog.systems) {
    for (const page of entry.agreements) issues.push(...placeAgreement(page, key, entry.framework, entry.declaration).issues);
  }
  return sortIssues(dedupe(issues));
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = JSON.stringify([issue.code, issue.pageId, issue.system, issue.field, issue.value, issue.line]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function sortIssues(issues: Issue[]): Issue[] {
  const severity = (i: Issue) => (i.severity === 'error' ? 0 : 1);
  return issues.sort(
    (a, b) =>
      severity(a) - severity(b) ||
      (a.pagePath ?? '').localeCompare(b.pagePath ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
