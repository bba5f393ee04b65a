/**
 * Vuetify 2.3's VSelect wraps its focusable input in an element with role="button" (axe:
 * nested-interactive, serious). With role="combobox" (the ARIA 1.1 pattern) the same wrapper,
 * `aria-haspopup="listbox"` and `aria-owns` are valid, and screen readers announce a choice list.
 */
import type { VNode } from 'vue';
import { VSelect } from 'vuetify/lib';

interface SelectMethods {
  options: { methods: { genInputSlot(this: unknown): VNode } };
}

export default VSelect.extend({
  name: 'AccessibleSelect',
  methods: {
    genInputSlot(): VNode {
      const node = (VSelect as unknown as SelectMethods).options.methods.genInputSlot.call(this);
      if (node.data?.attrs) node.data.attrs.role = 'combobox';
      return node;
    },
  },
});
