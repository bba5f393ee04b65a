/**
 * Vuetify 2.3's VDialog marks its content `role="document"` and puts `role="dialog"` on an empty
 * placeholder left where the dialog was declared, so screen readers never announce a dialog. Here
 * the content itself is the dialog: `role="dialog"`, `aria-modal="true"` and the dialog's title
 * (`label`) as its accessible name; the placeholder has no role.
 */
import type { VNode } from 'vue';
import { VDialog } from 'vuetify/lib';

interface DialogMethods {
  options: { methods: { genContent(this: unknown): VNode[] | undefined }; render(this: unknown, h: unknown): VNode };
}

const base = VDialog as unknown as DialogMethods;

export default VDialog.extend({
  name: 'AccessibleDialog',
  props: {
    /** The dialog's accessible name: its title. */
    label: { type: String, required: true },
  },
  methods: {
    genContent(): VNode[] | undefined {
      const nodes = base.options.methods.genContent.call(this);
      // [VThemeProvider [content div]] once the dialog has been opened (lazy content).
      const content = nodes?.[0]?.componentOptions?.children?.[0];
      if (content?.data?.attrs) Object.assign(content.data.attrs, { role: 'dialog', 'aria-modal': 'true', 'aria-label': this.label });
      return nodes;
    },
  },
  render(h): VNode {
    const node = base.options.render.call(this, h);
    if (node.data?.attrs) delete node.data.attrs.role;
    return node;
  },
});
