/**
 * Learning across systems on system and agreement pages (contract §8.3-8.4), mounted after the
 * navigation, so never ahead of the matrix: the trace view below a system page's matrix, and on an
 * agreement page its links with other agreements, below its metadata.
 */
import { fetchPageLinks } from './api';
import type { HostRoot } from './host';
import { mountLoadError, mountLoaded } from './mount';
import type { PageInfo, PageLinks, PagePlacement } from './types';


function insertAfter(anchor: Element): HTMLElement {
  const target = document.createElement('div');
  anchor.parentNode?.insertBefore(target, anchor.nextSibling);
  return target;
}

export async function mountPageLinks(root: HostRoot, info: PageInfo, placements: PagePlacement[], breadcrumb: Element | null): Promise<void> {
  for (const placement of placements.filter((p) => p.isSystemPage)) {
    const systemBlock = document.querySelector(`.afsprakenwiki-system[data-system="${CSS.escape(placement.system.key)}"]`);
    if (!systemBlock) continue;
    await mountLoaded(root, insertAfter(systemBlock), () => import('./components/TraceView.vue'), { system: placement.system.key, lang: info.lang });
  }
  if (!placements.some((p) => !p.isSystemPage)) return;
  const anchor = () => document.querySelector('.afsprakenwiki-agreement') ?? breadcrumb;
  let links: PageLinks;
  try {
    links = await fetchPageLinks(info.path, info.locale);
  } catch {
    const where = anchor();
    if (where) mountLoadError(root, insertAfter(where), info.lang);
    return;
  }
  const where = anchor();
  if (!where || !Object.values(links).some((list) => list.length > 0)) return;
  await mountLoaded(root, insertAfter(where), () => import('./components/PageLinks.vue'), { links, lang: info.lang });
}
