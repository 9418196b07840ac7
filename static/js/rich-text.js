// The rich-text editor of news and mailings (portal/editor.py): django-prose-editor's own
// modules, started like its "configurable" preset, but without Tiptap's injected <style>
// element, which the site's CSP (style-src 'self') refuses; the few rules it carried are in
// css/portal.css (.ProseMirror). The textarea stays the posted field and the fallback without JS.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-portal";
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = Object.entries(config.extensions || {})
    .map(([name, options]) => {
      const extension = prose[name];
      if (!extension) return null;
      return typeof options === "object" ? extension.configure(options) : extension;
    })
    .filter(Boolean);
  const disabled = textarea.hasAttribute("disabled");
  // The editable area is a textbox of its own: it carries the field's label.
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  const attributes = label ? { "aria-label": label.textContent.trim() } : {};
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
