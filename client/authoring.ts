/**
 * Filling the wiki without handwork (contract §7): the dialogs that create an agreement or a
 * system page, and the placement panel on agreement pages. Their code is loaded when first
 * opened, so the matrix's first paint never waits for it. Any view may call these functions.
 */
import type { Component } from 'vue';
import { fetchPlacement } from './api';
import { hostRoot, type HostRoot } from './host';
import { mount, mountLoadError, mountLoaded } from './mount';
import type { CellKey, Lang, PageInfo, PlacementEditor, Theme } from './types';

export interface NewAgreementOptions {
  /** The system's key. */
  system: string;
  /** The cell the agreement goes into; none for "Niet ingedeeld". */
  cell?: CellKey | null;
  /** Path of a page the agreement is based on (`gebaseerd-op:`, contract §8.3). */
  basedOn?: string;
  /** Themes to offer besides the system's own, and to choose at once (the answered agreement's). */
  themes?: Theme[];
  lang: Lang;
}

/** A dialog as a child of Wiki.js's root, removed again when it emits `close`. */
function openDialog(component: Component, props: Record<string, unknown>): void {
  const root = hostRoot();
  if (!root) return;
  const target = document.createElement('div');
  document.body.appendChild(target);
  const dialog = mount(root, target, component, props, {
    close: () => {
      dialog.$destroy();
      dialog.$el.remove();
    },
  });
}

/** Contract §7.1: the "Nieuwe afspraak" dialog for a cell (or "Niet ingedeeld") of a system. */
export async function openNewAgreementDialog(options: NewAgreementOptions): Promise<void> {
  const { default: NewAgreementDialog } = await import('./components/NewAgreementDialog.vue');
  openDialog(NewAgreementDialog, { system: options.system, cell: options.cell ?? null, basedOn: options.basedOn ?? '', themes: options.themes ?? [], lang: options.lang });
}

/** Contract §7.1, last paragraph: the "Nieuw afsprakenstelsel" dialog. */
export async function openNewSystemDialog(options: { lang: Lang }): Promise<void> {
  const { default: NewSystemDialog } = await import('./components/NewSystemDialog.vue');
  openDialog(NewSystemDialog, { lang: options.lang });
}

/**
 * Contract §7.2: the placement panel above an agreement page's content, for readers who may
 * change the page (the server answers null for everybody else, and nothing is shown).
 * `saved` runs after a successful save, to refresh what shows the page's place.
 */
export async function mountPlacementPanel(root: HostRoot, info: PageInfo, before: Node, saved: () => Promise<void>): Promise<void> {
  const place = () => {
    const target = document.createElement('div');
    before.parentNode?.insertBefore(target, before);
    return target;
  };
  let editor: PlacementEditor | null;
  try {
    editor = await fetchPlacement(info.path, info.locale);
  } catch {
    // Where the panel would be: whether the reader may change the page is not known.
    if (before.parentNode) mountLoadError(root, place(), info.lang);
    return;
  }
  if (!editor || !before.parentNode) return;
  await mountLoaded(root, place(), () => import('./components/PlacementPanel.vue'), { editor, info, lang: info.lang }, { saved });
}
