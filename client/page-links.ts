/**
 * Learning across systems on system and agreement pages (contract §8.3-8.4), mounted after the
 * navigation, so never ahead of the matrix: the trace view below a system page's matrix, and on an
 * agreement page its links with other agreements, below its metadata.
 */
import type { Component } from 'vue';
import { fetchPageLinks } from './api';
import type { HostRoot } from './host';
import type { PageInfo, PagePlacement } from './types';

type Mount = (root: HostRoot, target: Element, component: Component, props: Record<string, unknown>) => void;

function insertAfter(anchor: Element): HTMLElement {
  const target = document.createElement('div');
  anchor.parentNode?.insertBefore(target, anchor.nextSibling);
  return target;
}

export async function mountPageLinks(mount: Mount, root: HostRoot, info: PageInfo, placements: PagePlacement[], breadcrumb: Element | null): Promise<void> {
  for (const placement of placements.filter((p) => p.isSystemPage)) {
    const systemBlock = document.querySelector(`.afsprakenwiki-system[data-system="${CSS.escape(placement.system.key)}"]`);
    if (!systemBlock) continue;
    const { default: TraceView } = await import('./components/TraceView.vue');
    mount(root, insertAfter(systemBlock), TraceView, { system: placement.system.key, lang: info.lang });
  }
  if (!placements.some((p) => !p.isSystemPage)) return;
  const links = await fetchPageLinks(info.path, info.locale).catch((error: unknown) => {
    console.warn('[afsprakenwiki] page links unavailable', error);
    return null;
  });
  if (!links || !Object.values(links).some((list) => list.length > 0)) return;
  const anchor = document.querySelector('.afsprakenwiki-agreement') ?? breadcrumb;
  if (!anchor) return;
  const { default: PageLinks } = await import('./components/PageLinks.vue');
  mount(root, insertAfter(anchor), PageLinks, { links, lang: info.lang });
}
