/** The GraphQL shapes of the domain's answers that more than one resolver group returns. */
import type { Framework, SystemInfo } from '../domain';

/** A system in the GraphQL shape; `frameworkDetail` resolves lazily from `frameworkObject`. */
export interface SystemShape {
  key: string;
  title: string;
  framework: string;
  frameworkObject?: Framework;
  declared: boolean;
  pageId?: number;
  pagePath?: string;
  locale?: string;
  region?: string;
  version?: string;
  date?: string;
  owner?: string;
  problem?: string;
  goals: string[];
  parties: Array<{ key: string; name?: string }>;
  themes: Array<{ key: string; title?: string; contact?: string }>;
  compareWith?: string;
  agreementCount: number;
}

export function systemShape(info: SystemInfo, framework?: Framework): SystemShape {
  const d = info.declaration;
  return {
    key: info.key,
    title: info.title,
    framework: info.framework,
    frameworkObject: framework,
    declared: info.declared,
    pageId: info.pageId,
    pagePath: info.pagePath,
    locale: info.locale,
    region: d?.region,
    version: d?.version,
    date: d?.date,
    owner: d?.owner,
    problem: d?.problem,
    goals: d?.goals ?? [],
    parties: d?.parties ?? [],
    themes: d?.themes ?? [],
    compareWith: d?.compareWith,
    agreementCount: info.agreementCount,
  };
}

export function frameworkShape(framework: Framework) {
  return {
    key: framework.key,
    labels: framework.labels,
    chapters: framework.chapters.map((c) => ({ key: c.key, labels: c.labels, columns: c.columns.map((col) => ({ key: col.key, labels: col.labels })) })),
    layers: framework.layers.map((l) => ({ key: l.key, labels: l.labels })),
    pagePath: framework.source?.path ?? null,
    locale: framework.source?.locale ?? null,
  };
}

/** The fields of an `AgreementIssue` besides its code, severity and message. */
export interface IssueFields {
  pageId?: number;
  pagePath?: string;
  locale?: string;
  system?: string;
  field?: string;
  value?: string;
  validValues?: readonly string[];
  line?: number;
}

/** An `AgreementIssue` as the SDL has it (validation issues and import rows alike). */
export function issueShape(code: string, severity: 'error' | 'warning', fields: IssueFields, message: string) {
  return {
    code,
    severity: severity === 'error' ? 'ERROR' : 'WARNING',
    pageId: fields.pageId ?? null,
    pagePath: fields.pagePath ?? null,
    locale: fields.locale ?? null,
    system: fields.system ?? null,
    field: fields.field ?? null,
    value: fields.value ?? null,
    validValues: fields.validValues ?? null,
    line: fields.line ?? null,
    message,
  };
}
