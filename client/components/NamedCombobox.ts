/**
 * A combobox of keys (themes, parties) whose chips show the items' names. Vuetify 2.3's VCombobox
 * keeps the chosen values themselves as its selected items, so with `return-object` off its chips
 * showed keys (`volwassenen-ggz`) while its list showed names. A value no item names (a key typed
 * in) shows as itself. Chips are not edited in place here: that would turn a name into a new key.
 * A chip's remove button (an icon Vuetify gives no name) is named `<removeLabel>: <name>`.
 */
import type { VNode } from 'vue';
import { VCombobox, VSelect } from 'vuetify/lib';

interface Item {
  value: string;
  text: string;
}

interface ComboboxMethods {
  options: { methods: { getText(this: unknown, item: unknown): string; genChipSelection(this: unknown, item: unknown, index: number): VNode } };
}

export default VCombobox.extend({
  name: 'NamedCombobox',
  props: {
    /** The chips' remove buttons' name, before the value's name ("Weghalen"). */
    removeLabel: { type: String, required: true },
  },
  mounted() {
    this.nameRemoveButtons();
  },
  updated() {
    this.nameRemoveButtons();
  },
  methods: {
    nameRemoveButtons(): void {
      for (const chip of Array.from((this.$el as HTMLElement).querySelectorAll('.v-chip'))) {
        const name = (chip.querySelector('.v-chip__content')?.firstChild?.textContent ?? '').trim();
        chip.querySelector('.v-chip__close')?.setAttribute('aria-label', `${this.removeLabel}: ${name}`);
      }
    },
    getText(item: unknown): string {
      if (typeof item === 'string') {
        const named = ((this as unknown as { items: Item[] }).items ?? []).find((candidate) => candidate.value === item);
        if (named) return named.text;
      }
      return (VCombobox as unknown as ComboboxMethods).options.methods.getText.call(this, item);
    },
    genChipSelection(item: unknown, index: number): VNode {
      return (VSelect as unknown as ComboboxMethods).options.methods.genChipSelection.call(this, item, index);
    },
  },
});
