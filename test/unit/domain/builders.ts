/** Small builders for the domain tests: pages, blocks, catalogs and matrices without repeated fixtures. */
import {
  buildCatalog,
  compareMatrices,
  extractPageFacts,
  matrixFor,
  type AgreementFilter,
  type Catalog,
  type Comparison,
  type Issue,
  type Matrix,
  type MatrixCell,
  type PageFacts,
  type SourcePage,
} from '../../../server/domain';

export interface PageSpec {
  id: number;
  tags?: string[];
  content?: string;
  path?: string;
  title?: string;
  locale?: string;
  isPublished?: boolean;
  contentType?: string;
}

/** A wiki page; path and title follow the id unless given. */
export function page(spec: PageSpec): SourcePage {
  return {
    id: spec.id,
    path: spec.path ?? `p/${spec.id}`,
    locale: spec.locale ?? 'nl',
    title: spec.title ?? `Pagina ${spec.id}`,
    tags: spec.tags ?? [],
    content: spec.content ?? '',
    contentType: spec.contentType,
    isPublished: spec.isPublished ?? true,
  };
}

/** A fenced block: ```name, the YAML lines, ```. */
export function fence(name: string, ...yaml: string[]): string {
  return ['```' + name, ...yaml, '```'].join('\n');
}

/** A system page declaring `key` with the extra YAML lines given. */
export function systemPage(id: number, key: string, ...yaml: string[]): SourcePage {
  return page({ id, path: `stelsels/${key}`, title: `Stelsel ${key}`, content: fence('afsprakenstelsel', `key: ${key}`, ...yaml) });
}

/** An agreement page of system `system` with the tags given. */
export function agreement(id: number, system: string, tags: string[], extra: Partial<PageSpec> = {}): SourcePage {
  return page({ id, ...extra, tags: [`stelsel:${system}`, ...tags] });
}

export function factsOf(...pages: SourcePage[]): PageFacts[] {
  return pages.map(extractPageFacts);
}

export function catalogOf(...pages: SourcePage[]): Catalog {
  return buildCatalog(factsOf(...pages));
}

/** The matrix of `system` over these pages; fails the test when the system does not exist. */
export function matrixOf(system: string, pages: SourcePage[], filter?: AgreementFilter, today = '2024-01-01'): Matrix {
  const matrix = matrixFor(catalogOf(...pages), system, filter, today);
  if (!matrix) throw new Error(`system ${system} not found`);
  return matrix;
}

export function comparisonOf(a: string, b: string, pages: SourcePage[], filter?: AgreementFilter): Comparison {
  return compareMatrices(matrixOf(a, pages, filter), matrixOf(b, pages, filter));
}

/** A cell by its key; `column: null` for the chapter-wide cell. */
export function cellOf(matrix: Matrix, chapter: string, column: string | null, layer: string): MatrixCell {
  const cell = matrix.cells.find((c) => c.chapter === chapter && c.column === column && c.layer === layer);
  if (!cell) throw new Error(`no cell ${chapter}/${column}/${layer}`);
  return cell;
}

/** `chapter/column/layer` of every cell listing the page (`*` for chapter-wide). */
export function cellsListing(matrix: Matrix, pageId: number): string[] {
  return matrix.cells.filter((c) => c.agreements.some((a) => a.pageId === pageId)).map((c) => `${c.chapter}/${c.column ?? '*'}/${c.layer}`);
}

export function pageIds(refs: ReadonlyArray<{ pageId: number }>): number[] {
  return refs.map((r) => r.pageId).sort((a, b) => a - b);
}

/** Issues with a code, optionally of one field. */
export function issuesWith(issues: readonly Issue[], code: Issue['code'], field?: string): Issue[] {
  return issues.filter((i) => i.code === code && (field === undefined || i.field === field));
}
