/**
 * Whether the page is being printed: capped agreement lists then show every agreement, so a
 * printed matrix is complete. Set around the print button's `window.print()` and by the
 * browser's own beforeprint / afterprint (Ctrl+P), which re-render before the print layout.
 */
import Vue from 'vue';

export const printState = Vue.observable({ printing: false });

let listening = false;

export function listenForPrint(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('beforeprint', () => (printState.printing = true));
  window.addEventListener('afterprint', () => (printState.printing = false));
}

/** Shows everything, then prints once the views have re-rendered. */
export function printAll(vm: Vue): void {
  printState.printing = true;
  vm.$nextTick(() => {
    window.print();
    printState.printing = false;
  });
}
