/** The framework navigation tree of a system (chapter → column → layer → agreements), from its matrix. */
import type { CellState, Lang, Matrix } from './types';
import { partLabel } from './framework';

export interface NavigationNode {
  /**
   * Stable id, unique in the tree (`kwaliteit/dienstverlening/normen`,
   * `kwaliteit/dienstverlening/normen/page:12`): a page in several cells has one node per cell.
   */
  id: string;
  kind: 'chapter' | 'column' | 'layer' | 'agreement';
  key: string;
  label: string;
  /** Non-retired agreements below this node (an agreement in several cells counts once per node). */
  count: number;
  state?: CellState;
  path?: string;
  locale?: string;
  pageId?: number;
  children: NavigationNode[];
}

/** The chapter-wide "column" of a chapter in the tree. */
export const CHAPTER_WIDE_KEY = '*';

export function buildNavigation(matrix: Matrix, lang: Lang, chapterWideLabel: string): NavigationNode[] {
  const { framework } = matrix;
  return framework.chapters.map((chapter) => {
    const columns = [...chapter.columns.map((c) => c.key), null].map((column) => {
      const layers = framework.layers.map((layer) => {
        const cell = matrix.cells.find((c) => c.chapter === chapter.key && c.column === column && c.layer === layer.key);
        const layerId = `${chapter.key}/${column ?? CHAPTER_WIDE_KEY}/${layer.key}`;
        const agreements = (cell?.agreements ?? []).map((ref) => ({
          id: `${layerId}/page:${ref.pageId}`,
          kind: 'agreement' as const,
          key: String(ref.pageId),
          label: ref.title,
          count: ref.status === 'vervallen' ? 0 : 1,
          path: ref.path,
          locale: ref.locale,
          pageId: ref.pageId,
          children: [],
        }));
        return {
          id: layerId,
          kind: 'layer' as const,
          key: layer.key,
          label: layer.labels[lang],
          count: cell?.count ?? 0,
          state: cell?.state,
          children: agreements,
        };
      });
      return {
        id: `${chapter.key}/${column ?? CHAPTER_WIDE_KEY}`,
        kind: 'column' as const,
        key: column ?? CHAPTER_WIDE_KEY,
        label: column === null ? chapterWideLabel : partLabel(framework, 'column', column, lang),
        count: distinctCount(layers),
        children: layers,
      };
    });
    return {
      id: chapter.key,
      kind: 'chapter' as const,
      key: chapter.key,
      label: chapter.labels[lang],
      count: distinctCount(columns),
      children: columns,
    };
  });
}

/** Distinct non-retired agreements below a set of nodes. */
function distinctCount(nodes: readonly NavigationNode[]): number {
  const ids = new Set<number | undefined>();
  const walk = (node: NavigationNode) => {
    if (node.kind === 'agreement') {
      if (node.count > 0) ids.add(node.pageId);
    } else node.children.forEach(walk);
  };
  nodes.forEach(walk);
  return ids.size;
}
