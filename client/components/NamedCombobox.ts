/**
 * A combobox of keys (themes, parties) whose chips show the items' names. Vuetify 2.3's VCombobox
 * keeps the chosen values themselves as its selected items, so with `return-object` off its chips
 * showed keys (`volwassenen-ggz`) while its list showed names. A value no item names (a key typed
 * in) shows as itself. Chips are not edited in place here: that would turn a name into a new key.
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
  methods: {
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
