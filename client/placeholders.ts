/** Reading the renderer's placeholders: shared by the entry (to start requests) and the app (to mount). */
import { dataList, readViewState, type ViewState } from './url-state';
import type { Filter } from './types';

export const PLACEHOLDERS = [
  'div.afsprakenwiki-matrix[data-system]',
  'div.afsprakenwiki-comparison[data-a]',
  'div.afsprakenwiki-maintenance',
  'div.afsprakenwiki-handover[data-reference][data-receiver]',
  'div.afsprakenwiki-overview',
  'div.afsprakenwiki-search',
  'div.afsprakenwiki-parties',
].join(', ');

/** A placeholder's `data-filter-*` (renderer) or short `data-*` attribute. */
export function placeholderData(el: HTMLElement, name: 'chapter' | 'themes' | 'statuses' | 'parties'): string | undefined {
  return el.getAttribute(`data-filter-${name}`) ?? el.getAttribute(`data-${name}`) ?? undefined;
}

export function placeholderFilter(el: HTMLElement): Filter {
  return {
    themes: dataList(placeholderData(el, 'themes')),
    statuses: dataList(placeholderData(el, 'statuses')),
    parties: dataList(placeholderData(el, 'parties')),
    includeRetired: el.dataset.includeRetired === 'true',
  };
}

export function isMatrixPlaceholder(el: HTMLElement): boolean {
  return el.classList.contains('afsprakenwiki-matrix');
}

/** The view state a matrix placeholder starts with: the URL's, else the placeholder's own filter. */
export function matrixViewState(el: HTMLElement): ViewState {
  return readViewState({ filter: placeholderFilter(el), compareWith: null, heatmap: false });
}

export function isMaintenancePlaceholder(el: HTMLElement): boolean {
  return el.classList.contains('afsprakenwiki-maintenance');
}

export function isHandoverPlaceholder(el: HTMLElement): boolean {
  return el.classList.contains('afsprakenwiki-handover');
}
